/**
 * A node of the fleet as far as its limits go, for tests that kill one: opens a RedisLimitStore,
 * takes places for an IP and prints `held <n>`, then waits to be killed (it never releases).
 * Run with `node --import tsx test/support/limit-node.ts <url> <prefix> <heartbeatMs> <nodeTtlMs> <ip> <places>`.
 */
import { RedisLimitStore } from '../../src/server/limits/redis-limit-store.js';

const [url, prefix, heartbeatMs, nodeTtlMs, ip, places] = process.argv.slice(2);
const store = await RedisLimitStore.open({
  url: url!,
  prefix: prefix!,
  heartbeatMs: Number(heartbeatMs),
  nodeTtlMs: Number(nodeTtlMs),
});
let held = 0;
for (let i = 0; i < Number(places); i++) if (await store.takeConnection(ip!, Number(places))) held++;
process.stdout.write(`held ${held}\n`);
// The heartbeat timer is unref'd: keep the process alive until it is killed.
setInterval(() => {}, 60_000);
