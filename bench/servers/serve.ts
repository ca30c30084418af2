// A server process for the benchmarks: `--kind ours` (deriv-ws's local server, built) or
// `--kind floor-json` (a bare ws JSON responder). Prints `url <URL>` and runs until SIGTERM.
import { parseArgs } from 'node:util';
import { createServer } from '../../dist/server/index.js';
import { startFloorJsonServer } from './floor-json.js';

const { values } = parseArgs({ options: { kind: { type: 'string', default: 'ours' } } });

const server =
  values.kind === 'floor-json'
    ? await startFloorJsonServer()
    : values.kind === 'ours'
      ? await createServer({ port: 0, idleTimeoutMs: 0 })
      : undefined;
if (!server) throw new Error(`unknown server kind ${values.kind}`);

process.stdout.write(`url ${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
