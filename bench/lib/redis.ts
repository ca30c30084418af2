// The redis section's Redis: a redis-server of its own, started as the tests start theirs (free
// port, no persistence), and what Redis counts of the commands it ran.
import { createClient } from 'redis';

export { REDIS_SERVER_PATH, type RedisServer, startRedisServer } from '../../test/support/redis-server.js';

/** Calls and time inside Redis of one command, as `INFO commandstats` counts them. */
export interface CommandCount {
  calls: number;
  usec: number;
}

/**
 * Redis's own count of the commands it ran, from `CONFIG RESETSTAT` on: `reset()` starts a
 * count, `read()` gives it by command (lower case, `config|resetstat` as Redis names it). The
 * counts include the commands a script runs with `redis.call`, besides the `EVALSHA` that ran
 * the script: Redis counts both.
 */
export async function commandCounter(url: string) {
  const client = createClient({ url });
  await client.connect();
  return {
    reset: async () => void (await client.sendCommand(['CONFIG', 'RESETSTAT'])),
    read: async (): Promise<Record<string, CommandCount>> =>
      parseCommandStats(String(await client.sendCommand(['INFO', 'commandstats']))),
    close: () => client.destroy(),
  };
}

/** `cmdstat_evalsha:calls=3,usec=41,…` lines into `{evalsha: {calls: 3, usec: 41}}`. */
export function parseCommandStats(info: string): Record<string, CommandCount> {
  const counts: Record<string, CommandCount> = {};
  for (const line of info.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (match) counts[match[1]!] = { calls: Number(match[2]), usec: Number(match[3]) };
  }
  return counts;
}
