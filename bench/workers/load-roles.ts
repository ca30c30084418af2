// One role of the load test, in a process of its own, forked with IPC. Runs for `--seconds`,
// then sends its figures to the parent and exits.
//   pingers      N connections, each sending {"ping":1} once a second (staggered)
//   subscribers  N connections, each streaming ticks of one symbol
//   churners     N connections that connect, ping, close and connect again, over and over
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { percentile, sortedCopy } from '../lib/stats.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    url: { type: 'string' },
    count: { type: 'string' },
    seconds: { type: 'string' },
  },
});
const url = values.url!;
const count = Number(values.count);
const seconds = Number(values.seconds);
const SYMBOLS = ['R_10', 'R_25', 'R_50', 'R_75', 'R_100', '1HZ10V', '1HZ25V', '1HZ50V', '1HZ75V', '1HZ100V'];

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function openMany(n: number): Promise<{ sockets: WebSocket[]; failed: number }> {
  const sockets: WebSocket[] = [];
  let failed = 0;
  for (let i = 0; i < n; i += 500) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(500, n - i) }, open));
    for (const result of batch) result.status === 'fulfilled' ? sockets.push(result.value) : failed++;
  }
  return { sockets, failed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pingers() {
  const { sockets, failed } = await openMany(count);
  let sent = 0;
  let received = 0;
  let unexpectedCloses = 0;
  let errors = 0;
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  let running = true;
  for (const [index, socket] of sockets.entries()) {
    let next = 1;
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      const reqId = /"req_id":(\d+)/.exec(text)?.[1];
      const key = `${index}:${reqId}`;
      const at = sentAt.get(key);
      if (at === undefined) return;
      sentAt.delete(key);
      if (text.includes('"error"')) errors++;
      received++;
      latencies.push(performance.now() - at);
    });
    socket.on('close', () => running && unexpectedCloses++);
    // Stagger the connections over the second, so the load is steady rather than bursty.
    setTimeout(
      () => {
        const tick = () => {
          if (!running || socket.readyState !== WebSocket.OPEN) return;
          const reqId = next++;
          sentAt.set(`${index}:${reqId}`, performance.now());
          sent++;
          socket.send(`{"ping":1,"req_id":${reqId}}`);
          setTimeout(tick, 1_000);
        };
        tick();
      },
      (index / sockets.length) * 1_000,
    );
  }
  await sleep(seconds * 1_000);
  running = false;
  await sleep(2_000); // the last replies
  const held = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
  for (const socket of sockets) socket.terminate();
  const sorted = sortedCopy(latencies);
  return {
    connections: count,
    opened: sockets.length,
    failedToOpen: failed,
    held,
    unexpectedCloses,
    sent,
    received,
    lost: sent - received,
    errors,
    p50_ms: percentile(sorted, 50),
    p99_ms: percentile(sorted, 99),
    max_ms: sorted[sorted.length - 1] ?? 0,
  };
}

async function subscribers() {
  const { sockets, failed } = await openMany(count);
  let ticks = 0;
  let errors = 0;
  let unexpectedCloses = 0;
  let running = true;
  const perSocket = new Array<number>(sockets.length).fill(0);
  for (const [index, socket] of sockets.entries()) {
    socket.on('message', (data: Buffer) => {
      if (data.includes('"error"')) errors++;
      else {
        ticks++;
        perSocket[index]!++;
      }
    });
    socket.on('close', () => running && unexpectedCloses++);
    socket.send(JSON.stringify({ ticks: SYMBOLS[index % SYMBOLS.length] }));
  }
  await sleep(seconds * 1_000);
  running = false;
  const held = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
  for (const socket of sockets) socket.terminate();
  // A 2 s symbol ticks seconds/2 times; allow for the first and last tick.
  const starved = perSocket.filter(
    (n, i) => n < Math.floor(seconds / (SYMBOLS[i % SYMBOLS.length]!.startsWith('R_') ? 2 : 1)) - 2,
  ).length;
  return {
    connections: count,
    opened: sockets.length,
    failedToOpen: failed,
    held,
    unexpectedCloses,
    ticks,
    errors,
    starved,
  };
}

async function churners() {
  let cycles = 0;
  let failures = 0;
  let running = true;
  const churn = async () => {
    while (running) {
      try {
        const socket = await open();
        await new Promise<void>((resolve, reject) => {
          socket.once('message', (data: Buffer) =>
            data.includes('"pong"') ? resolve() : reject(new Error('no pong')),
          );
          socket.send('{"ping":1}');
        });
        socket.close();
        await new Promise((resolve) => socket.once('close', resolve));
        cycles++;
      } catch {
        failures++;
      }
      await sleep(100 + Math.random() * 400);
    }
  };
  const loops = Array.from({ length: count }, churn);
  await sleep(seconds * 1_000);
  running = false;
  await Promise.all(loops);
  return { connections: count, cycles, failures };
}

const roles: Record<string, () => Promise<Record<string, number>>> = { pingers, subscribers, churners };
// The parent is gone: nobody will read the figures, and the connections would load the server for nothing.
process.on('disconnect', () => process.exit(1));
try {
  const role = roles[values.role ?? ''];
  if (!role) throw new Error(`unknown role ${values.role}; one of ${Object.keys(roles)}`);
  process.send!({ result: await role() }, () => process.exit(0));
} catch (error) {
  process.send!({ error: (error as Error).stack ?? String(error) }, () => process.exit(1));
}
