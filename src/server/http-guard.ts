import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuseUpgrade } from './gateway.js';
import type { Logger } from './logger.js';
import { errorSummary } from './error-summary.js';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;
type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Node calls the `request` and `upgrade` listeners from the socket's data handler, where
 * anything they throw is uncaught and ends the process: one bad request would take every
 * connection down. These wrappers answer such a request 500 instead (or drop its socket, if
 * an answer has begun), and log the failure.
 */
export function guardRequests(listener: RequestListener, logger: Logger): RequestListener {
  return (request, response) => {
    try {
      listener(request, response);
    } catch (error) {
      reportFailure(logger, 'an HTTP request', error);
      if (response.headersSent) response.destroy();
      else
        response.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Internal server error\n');
    }
  };
}

export function guardUpgrades(listener: UpgradeListener, logger: Logger): UpgradeListener {
  return (request, socket, head) => {
    // Node takes its own error listener off a socket it hands over for an upgrade, and an
    // 'error' nobody hears (a client that resets mid-handshake) would end the process.
    socket.on('error', () => socket.destroy());
    try {
      listener(request, socket, head);
    } catch (error) {
      reportFailure(logger, 'a WebSocket handshake', error);
      // Once the 101 (or any refusal) has gone out, a 500 after it would be garbage on the wire.
      if ((socket as Duplex & { bytesWritten?: number }).bytesWritten) socket.destroy();
      else refuseUpgrade(socket, 500, '{"error":"InternalServerError"}');
    }
  };
}

/**
 * One line: the error's kind and where it was thrown, never its message or the request,
 * which may carry a one-time password in the URL or a token in a header.
 */
function reportFailure(logger: Logger, what: string, error: unknown): void {
  try {
    logger.error(`failed answering ${what} (answered 500): ${errorSummary(error)}`);
  } catch {
    // A logger that throws must not undo the guard.
  }
}
