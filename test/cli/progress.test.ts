import { describe, expect, it } from 'vitest';
import { reportProgress } from '../../src/cli/progress.js';
import { makeClient } from '../support/clients.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (line: string) => lines.push(line) } as unknown as NodeJS.WriteStream };
}

describe('CLI progress', () => {
  it('reports connecting, reconnecting and connected on a terminal', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url, minRetryDelayMs: 20, maxRetryDelayMs: 40 });
    const { lines, stream } = fakeStream(true);
    reportProgress(client, 'ws://127.0.0.1/websockets/v3', stream);
    await client.connect();
    server.dropAll();
    const status = () => client.state.status;
    await until(() => status() === 'reconnecting');
    await until(() => status() === 'open');
    expect(lines[0]).toBe('connecting to ws://127.0.0.1/websockets/v3…\n');
    expect(lines[1]).toBe('connected\n');
    expect(lines[2]).toMatch(/^connection lost \(1006\); retry 1 in 0\.0 s\n$/);
    expect(lines[3]).toBe('reconnecting (attempt 1)…\n');
    expect(lines[4]).toBe('connected\n');
  });

  it('says nothing when stderr is not a terminal', async () => {
    const server = await startServer();
    const client = makeClient({ url: server.url });
    const { lines, stream } = fakeStream(false);
    reportProgress(client, 'x', stream);
    await client.connect();
    expect(lines).toEqual([]);
  });
});
