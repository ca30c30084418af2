import WebSocket from 'ws';

/** What an upgrade was answered: the socket opened, or the HTTP status and body it was refused with. */
export type UpgradeOutcome = { opened: true; socket: WebSocket } | { opened: false; status: number; body: any };

/** Tries the upgrade with a real `ws` client and tells what came back (an opened socket is the caller's to close). */
export function tryUpgrade(url: string): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: kept as text.
        }
        resolve({ opened: false, status: response.statusCode ?? 0, body });
      });
    });
    socket.once('error', reject);
  });
}
