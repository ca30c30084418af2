import { defineScript } from 'redis';

/** Redis's own clock in milliseconds: every node reads one clock, so a node's skew moves no deadline. */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** `keys` undefined: as many keys as the call passes (their number is sent first). */
function script<Reply>(keys: number | undefined, body: string) {
  return defineScript({
    SCRIPT: body,
    ...(keys === undefined ? {} : { NUMBER_OF_KEYS: keys }),
    parseCommand(parser, keyNames: string[], args: readonly (string | number)[]) {
      if (keys === undefined) parser.pushKeysLength(keyNames);
      else for (const key of keyNames) parser.pushKey(key);
      for (const arg of args) parser.push(String(arg));
    },
    transformReply: (reply: unknown) => reply as Reply,
  });
}

/**
 * The limit store's scripts: one round trip each, atomic against every other node's calls.
 * Each names its KEYS and ARGV; the keys of one script always share a hash tag (one slot).
 */
export const LIMIT_SCRIPTS = {
  /**
   * Adds a weight to a key's two fixed windows, as `FixedWindows.add` does in memory: a key
   * without an expiry is a new window (or one whose expiry was lost, repaired the way the real
   * server repairs it) and gets its window's length, so a window starts with its first call and
   * ends on Redis's clock; a give-back never leaves a count below zero (nor moves the expiry).
   * KEYS: minute, hour. ARGV: weight, minute ms, hour ms. Reply: [minute, hour].
   */
  count: script<[number, number]>(
    2,
    `
local function add(key, weight, ms)
  local n = redis.call('INCRBY', key, weight)
  if n < 0 then
    redis.call('SET', key, 0, 'KEEPTTL')
    n = 0
  end
  if redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, ms) end
  return n
end
local weight = tonumber(ARGV[1])
return {add(KEYS[1], weight, ARGV[2]), add(KEYS[2], weight, ARGV[3])}
`,
  ),

  /**
   * Takes a place if the live nodes hold fewer than max for this IP. The calling node's own
   * field always counts; another node's counts only while its deadline in the nodes set is
   * ahead, and a dead node's field is dropped on the way.
   * KEYS: the IP's hash (node id → places), nodes (sorted set: node id → deadline ms).
   * ARGV: node id, max. Reply: 1 taken, 0 refused.
   */
  takeConnection: script<number>(
    2,
    `
${NOW_MS}
local fields = redis.call('HGETALL', KEYS[1])
local taken = 0
for i = 1, #fields, 2 do
  local node = fields[i]
  local deadline = redis.call('ZSCORE', KEYS[2], node)
  if node == ARGV[1] or (deadline and tonumber(deadline) > now) then
    taken = taken + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], node)
  end
end
if taken >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return 1
`,
  ),

  /** KEYS: the IP's hash. ARGV: node id. Gives one of the node's places back; its field goes at zero. */
  releaseConnection: script<number>(
    1,
    `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`,
  ),

  /**
   * Moves the node's deadline to now + ttl, and drops nodes whose deadline has passed.
   * KEYS: nodes. ARGV: node id, ttl ms. Reply: 1 if the node was live until now, 0 if it was
   * dead or unknown (its fields may have been dropped: the node writes them again).
   */
  heartbeat: script<number>(
    1,
    `
${NOW_MS}
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
local live = deadline and tonumber(deadline) > now
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if live then return 1 end
return 0
`,
  ),

  /**
   * Writes the node's places as it knows them, absolutely: a count for each key, 0 dropping
   * the field. KEYS: IP hashes. ARGV: node id, then one count per key.
   */
  restorePlaces: script<number>(
    undefined,
    `
for i, key in ipairs(KEYS) do
  local n = tonumber(ARGV[i + 1])
  if n > 0 then redis.call('HSET', key, ARGV[1], n) else redis.call('HDEL', key, ARGV[1]) end
end
return #KEYS
`,
  ),
};
