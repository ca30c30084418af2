import { expect } from 'vitest';
import { startCli } from './cli.js';

export const LISTENING = /^listening on (ws:\/\/\S+)$/;
const DEMO_TOKEN = /^demo token ([A-Za-z0-9]{15}) /;
export const DEMO_LOGINID = 'VRTC1000001';

/**
 * Starts `deriv-ws serve` with these arguments and waits until it listens; returns its URL, its
 * demo token (if any), the running CLI, and a stop that expects a clean exit on Ctrl-C.
 */
export async function serveOn(args: string[], cwd?: string) {
  const cli = startCli(['serve', '--port', '0', '--quiet', ...args], {}, cwd);
  const url = LISTENING.exec(await cli.line(LISTENING, 15_000))![1]!;
  // With an accounts file there is no demo account, and no token is printed (checked at stop).
  const token = args.includes('--accounts') ? undefined : DEMO_TOKEN.exec(await cli.line(DEMO_TOKEN))![1];
  return {
    url,
    token,
    cli,
    stop: async () => {
      cli.child.kill('SIGINT');
      expect((await cli.exited).code).toBe(0);
      if (!token) expect(cli.stdout()).not.toMatch(/token/);
    },
  };
}
