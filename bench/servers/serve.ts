// A server process for the benchmarks. Prints `url <URL>` and runs until SIGTERM.
//   --kind ours          deriv-ws's local server, as built
//   --kind floor-json    a bare ws server doing the same JSON work per reply, nothing else
//   --kind echo-streams  a bare ws server that confirms a ticks subscription on any symbol
import { parseArgs } from 'node:util';
import { createServer } from '../../dist/server/index.js';
import { startEchoStreamsServer } from './echo-streams.js';
import { startFloorJsonServer } from './floor-json.js';

const kinds: Record<string, () => Promise<{ url: string; close(): Promise<void> }>> = {
  ours: () => createServer({ port: 0, idleTimeoutMs: 0 }),
  'floor-json': startFloorJsonServer,
  'echo-streams': startEchoStreamsServer,
};

const { values } = parseArgs({ options: { kind: { type: 'string', default: 'ours' } } });
const start = kinds[values.kind ?? ''];
if (!start) throw new Error(`unknown server kind ${values.kind}; one of ${Object.keys(kinds).join(', ')}`);
const server = await start();

process.stdout.write(`url ${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
