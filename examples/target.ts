import { DerivClient } from 'deriv-ws';
import { createServer } from 'deriv-ws/server';

/** What an example talks to, and how to let go of it. */
export interface Target {
  readonly client: DerivClient;
  /** A token to authorize with: `DERIV_TOKEN`, or the embedded server's demo account's. */
  readonly token: string | undefined;
  /** Closes the client, and the embedded server if there is one, so the process can exit. */
  close(): Promise<void>;
}

/**
 * The server named by `DERIV_URL`, such as `npm start`'s `ws://127.0.0.1:8080/websockets/v3?app_id=1089`
 * or Deriv's `wss://ws.derivws.com/websockets/v3?app_id=YOUR_APP_ID` (with `DERIV_TOKEN` for one of
 * your tokens). Without it, a local server in this process on a free port, as the CLI's `--local`
 * does, so every example runs offline with nothing else started.
 */
export async function openTarget(env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const url = env.DERIV_URL;
  if (url) {
    const client = new DerivClient({ url });
    return { client, token: env.DERIV_TOKEN, close: () => client.close() };
  }
  const server = await createServer({ port: 0 });
  const client = new DerivClient({ url: server.url });
  return {
    client,
    token: env.DERIV_TOKEN ?? server.demoToken,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
