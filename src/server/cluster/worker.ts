// A cluster worker: a complete server node. It computes the market from the shared seed, holds
// its own connections and streams, and opens the store itself. On the cluster's SQLite file it
// tells the primary what it commits and hears what the others commit from it, and counts its
// limits in the primary; on Redis it is a node of the fleet, as `serve --redis` is.

import type { ServerOptions } from '../server-options.js';
import { fromStandIns, fromWire } from '../serve-options.js';
import { createServer, type LocalServer } from '../server.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { IpcLimitStore } from './ipc-limit-store.js';
import { WORKER_SETTINGS_ENV, type PrimaryMessage, type WorkerMessage, type WorkerSettings } from './messages.js';

const settings = JSON.parse(process.env[WORKER_SETTINGS_ENV] ?? '{}') as WorkerSettings;
// After the primary is gone there is nobody to tell; a send then would throw.
const send = (message: WorkerMessage) => process.connected && process.send?.(message);
const standIns = fromStandIns(settings, (line) => process.stderr.write(`[worker ${process.pid}] ${line}`));

const where = settings.store;
/** On SQLite: this worker's connection to the shared file, and its limits, counted in the primary. */
let onFile: { store: SqliteStore; limits: IpcLimitStore } | undefined;
let storeOptions: Pick<ServerOptions, 'store' | 'limitStore' | 'redis' | 'accounts'>;
if ('db' in where) {
  onFile = {
    store: new SqliteStore(where.db, {
      // The server's own clock: the rows' times are on the timeline it resumes.
      clock: standIns.clock,
      onCommit: (events) => send({ kind: 'account-events', events }),
    }),
    limits: new IpcLimitStore(send),
  };
  storeOptions = { store: onFile.store, limitStore: onFile.limits };
} else storeOptions = where;

let server: LocalServer | undefined;

// Heard from the start: the limits' replies and the others' commits reach it while the server starts, too.
process.on('message', (message: PrimaryMessage) => {
  onFile?.limits.receive(message);
  if (message.kind === 'account-events') onFile?.store.committedElsewhere(message.events);
  else if (message.kind === 'stats-request' && server) {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    send({
      kind: 'stats',
      id: message.id,
      stats: {
        pid: process.pid,
        connections: server.connectionCount,
        subscriptions: server.subscriptionCount,
        cpuUser: cpu.user,
        cpuSystem: cpu.system,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
      },
    });
  } else if (message.kind === 'shutdown' && server) {
    void server
      .close()
      .then(() => onFile?.store.close())
      .then(() => process.disconnect());
  }
});
// The primary is gone (killed, say): nothing waits for a count that cannot come.
process.on('disconnect', () => onFile?.limits.disconnected());
// The primary is the one to stop us; a signal from the terminal reaches it too.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
const { options } = settings;
server = await createServer({
  ...fromWire(options),
  ...standIns,
  ...storeOptions,
  market: { ...options.market, ...(settings.reportTicks ? { onTick: (event) => send({ kind: 'tick', event }) } : {}) },
});
send({ kind: 'listening', port: server.port, host: server.host });
