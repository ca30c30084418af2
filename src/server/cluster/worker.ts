// A cluster worker: a complete server node. It computes the market from the shared seed,
// holds its own connections and streams, and reaches the accounts and the limits through
// the primary.

import { fromStandIns, fromWire } from '../serve-options.js';
import { createServer, type LocalServer } from '../server.js';
import { IpcStore } from './ipc-store.js';
import { IpcLimitStore } from './ipc-limit-store.js';
import { WORKER_SETTINGS_ENV, type PrimaryMessage, type WorkerMessage, type WorkerSettings } from './messages.js';

const settings = JSON.parse(process.env[WORKER_SETTINGS_ENV] ?? '{}') as WorkerSettings;
const send = (message: WorkerMessage) => process.send?.(message);
const store = new IpcStore(send);
const limits = new IpcLimitStore(send);

let server: LocalServer | undefined;

// Heard from the start: the store's replies reach it while the server starts, too.
process.on('message', (message: PrimaryMessage) => {
  store.receive(message);
  limits.receive(message);
  if (message.kind === 'stats-request' && server) {
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
    void server.close().then(() => process.disconnect());
  }
});
// The primary is gone (killed, say): nothing waits for an answer that cannot come.
process.on('disconnect', () => {
  store.disconnected();
  limits.disconnected();
});
// The primary is the one to stop us; a signal from the terminal reaches it too.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
const { options } = settings;
server = await createServer({
  ...fromWire(options),
  ...fromStandIns(settings, (line) => process.stderr.write(`[worker ${process.pid}] ${line}`)),
  store,
  limitStore: limits,
  market: { ...options.market, ...(settings.reportTicks ? { onTick: (event) => send({ kind: 'tick', event }) } : {}) },
});
send({ kind: 'listening', port: server.port, host: server.host });
