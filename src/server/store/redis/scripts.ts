import { defineScript } from 'redis';
import { LEDGER_LUA } from './lua-ledger.js';

/**
 * A script's reply: a flat array of strings whose first element says what happened (`ok`,
 * `exists`, or a refusal's name), so one parser reads them all. Everything a script returns is
 * a string: a Lua number in a reply would be truncated to an integer reply.
 */
export type ScriptReply = string[];

function script(keys: number, body: string) {
  return defineScript({
    SCRIPT: `${LEDGER_LUA}\n${body}`,
    NUMBER_OF_KEYS: keys,
    parseCommand(parser, keyNames: readonly string[], args: readonly (string | number)[]) {
      for (const key of keyNames) parser.pushKey(key);
      for (const arg of args) parser.push(String(arg));
    },
    transformReply: (reply: unknown) => reply as ScriptReply,
  });
}

/**
 * Every write of the Redis store: one script each, so each is atomic (Redis runs a script to
 * its end before any other command) and the check and the write cannot be split by another
 * node's call. Each names its KEYS and ARGV in order.
 */
export const STORE_SCRIPTS = {
  /**
   * KEYS: account, ledger, user's accounts, ids. ARGV: loginid, currency, isVirtual (1/0),
   * email, fullname, country, landingCompanyName, userId, opening cents, time, description, channel, origin.
   * Reply: `exists`|`created`, the opening row ('' if none), then the account hash's fields and values.
   */
  ensureAccount: script(
    4,
    `
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists', '', unpack(redis.call('HGETALL', KEYS[1]))} end
redis.call('HSET', KEYS[1], 'loginid', ARGV[1], 'currency', ARGV[2], 'isVirtual', ARGV[3], 'email', ARGV[4],
  'fullname', ARGV[5], 'country', ARGV[6], 'landingCompanyName', ARGV[7], 'userId', ARGV[8], 'balance', '0')
redis.call('RPUSH', KEYS[3], ARGV[1])
local row = ''
if tonumber(ARGV[9]) > 0 then
  row = move(KEYS[1], KEYS[2], KEYS[4], { loginid = ARGV[1], action = 'deposit', signed = tonumber(ARGV[9]),
    time = tonumber(ARGV[10]), description = ARGV[11] })
  announce(ARGV[12], ARGV[13], row)
end
return {'created', row, unpack(redis.call('HGETALL', KEYS[1]))}
`,
  ),

  /** KEYS: tokens, account. ARGV: token, loginid, grant JSON. Reply: `created`|`exists`|`DuplicateToken`|`UnknownAccount`. */
  addToken: script(
    2,
    `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then
  if cjson.decode(existing).loginid ~= ARGV[2] then return {'DuplicateToken'} end
  return {'exists'}
end
if redis.call('EXISTS', KEYS[2]) == 0 then return {'UnknownAccount'} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return {'created'}
`,
  ),

  /**
   * Takes the amount if the balance covers it, and writes the row.
   * KEYS: account, ledger, ids. ARGV: loginid, action, amount, time, contractId, referenceId, description, channel, origin.
   */
  debit: script(
    3,
    `
local row, refused = move(KEYS[1], KEYS[2], KEYS[3], { loginid = ARGV[1], action = ARGV[2], signed = -tonumber(ARGV[3]),
  time = tonumber(ARGV[4]), contract_id = ARGV[5], reference_id = ARGV[6], description = ARGV[7] })
if not row then return refused end
announce(ARGV[8], ARGV[9], row)
return {'ok', row}
`,
  ),

  /**
   * Credits once per (account, key): a repeat answers the first row and writes nothing.
   * KEYS: account, ledger, credits, ids. ARGV: loginid, key, action, amount, time, contractId, referenceId,
   * description, channel, origin.
   */
  creditOnce: script(
    4,
    `
local earlier = redis.call('HGET', KEYS[3], ARGV[2])
if earlier then return {'exists', redis.call('ZRANGE', KEYS[2], earlier, earlier, 'BYSCORE')[1]} end
local row, id = move(KEYS[1], KEYS[2], KEYS[4], { loginid = ARGV[1], action = ARGV[3], signed = tonumber(ARGV[4]),
  time = tonumber(ARGV[5]), contract_id = ARGV[6], reference_id = ARGV[7], description = ARGV[8], credit_key = ARGV[2] })
if not row then return id end
redis.call('HSET', KEYS[3], ARGV[2], int(id))
announce(ARGV[9], ARGV[10], row)
return {'ok', row}
`,
  ),

  /**
   * Raises the balance to a level, crediting the difference as one row; `none` when it is there already.
   * KEYS: account, ledger, ids. ARGV: loginid, level, action, time, description, channel, origin.
   */
  topUp: script(
    3,
    `
local balance = redis.call('HGET', KEYS[1], 'balance')
if not balance then return {'UnknownAccount'} end
local missing = tonumber(ARGV[2]) - tonumber(balance)
if missing <= 0 then return {'none'} end
local row, refused = move(KEYS[1], KEYS[2], KEYS[3], { loginid = ARGV[1], action = ARGV[3], signed = missing,
  time = tonumber(ARGV[4]), description = ARGV[5] })
if not row then return refused end
announce(ARGV[6], ARGV[7], row)
return {'ok', row}
`,
  ),

  /**
   * The test hooks: an \`adjustment\` row of a delta, or of the difference to a level.
   * KEYS: account, ledger, ids. ARGV: loginid, \`delta\`|\`level\`, cents, time, channel, origin.
   */
  adjust: script(
    3,
    `
local balance = redis.call('HGET', KEYS[1], 'balance')
if not balance then return {'UnknownAccount'} end
local signed = tonumber(ARGV[3])
if ARGV[2] == 'level' then signed = signed - tonumber(balance) end
local row, refused = move(KEYS[1], KEYS[2], KEYS[3], { loginid = ARGV[1], action = 'adjustment', signed = signed,
  time = tonumber(ARGV[4]), description = '' })
if not row then return refused end
announce(ARGV[5], ARGV[6], row)
return {'ok', row}
`,
  ),

  /**
   * Takes the price if covered, and writes the buy row and the contract, indexed as open.
   * KEYS: account, ledger, contracts, open, ids, contract owners, open by expiry.
   * ARGV: loginid, price, purchase time, expiry time, longcode, the order's JSON, channel, origin.
   * Reply: `ok`, the row, the contract's JSON (`{"contractId","buyTransactionId","order"}`).
   */
  buyContract: script(
    7,
    `
local m = { loginid = ARGV[1], action = 'buy', signed = -tonumber(ARGV[2]), time = tonumber(ARGV[3]),
  description = ARGV[5], new_contract = true }
local row, id = move(KEYS[1], KEYS[2], KEYS[5], m)
if not row then return id end
local cid = int(m.contract_id)
local contract = '{"contractId":' .. cid .. ',"buyTransactionId":' .. int(id) .. ',"order":' .. ARGV[6] .. '}'
redis.call('HSET', KEYS[3], 'c:' .. cid, contract)
redis.call('ZADD', KEYS[4], cid, cid)
redis.call('HSET', KEYS[6], cid, ARGV[1])
redis.call('ZADD', KEYS[7], int(tonumber(ARGV[4])), cid)
announce(ARGV[7], ARGV[8], row, contract)
return {'ok', row, contract}
`,
  ),

  /**
   * Sells an open contract once: a \`sell\` row naming the buy, and the sale recorded; a contract
   * sold already answers its first sale (\`sold\`). The account is found from the contract, inside
   * the script, so nothing can sell it between the lookup and the sale. With an expected update
   * count, a contract with another number of updates is not sold (\`ContractChanged\`, and the count).
   * KEYS: contract owners, ids, open by expiry. ARGV: the account keys' head (\`<prefix>{\`),
   * contract id, price, sell time, the outcome as a JSON string, then the names of the account's
   * keys: account, ledger, credits, contracts, open, sold, and of its channel; then the origin,
   * then the expected update count ('' for none).
   * Reply: \`applied\`|\`sold\`, the contract's JSON, the sale's JSON, the sell row, its updates' JSON.
   */
  sellContract: script(
    3,
    `
local cid = ARGV[2]
local loginid = redis.call('HGET', KEYS[1], cid)
if not loginid then return {'UnknownContract'} end
local function key(n) return ARGV[1] .. loginid .. '}:' .. ARGV[5 + n] end
local account, ledger, credits, contracts, open, sold, channel = key(1), key(2), key(3), key(4), key(5), key(6), key(7)
local bought = redis.call('HGET', contracts, 'c:' .. cid)
local sale = redis.call('HGET', contracts, 's:' .. cid)
local updates = redis.call('HGET', contracts, 'u:' .. cid) or '[]'
if sale then
  local tid = int(cjson.decode(sale).sellTransactionId)
  return {'sold', bought, sale, redis.call('ZRANGE', ledger, tid, tid, 'BYSCORE')[1], updates}
end
local count = #cjson.decode(updates)
if ARGV[14] ~= '' and tonumber(ARGV[14]) ~= count then return {'ContractChanged', int(count)} end
local c = cjson.decode(bought)
local price, time = tonumber(ARGV[3]), tonumber(ARGV[4])
local row, id = move(account, ledger, KEYS[2], { loginid = loginid, action = 'sell', signed = price, time = time,
  contract_id = cid, reference_id = int(c.buyTransactionId), description = c.order.longcode, credit_key = 'sell:' .. cid })
if not row then return id end
redis.call('HSET', credits, 'sell:' .. cid, int(id))
sale = '{"sellPriceCents":' .. int(price) .. ',"sellTimeMs":' .. int(time) .. ',"sellTransactionId":' .. int(id)
  .. ',"outcome":' .. ARGV[5] .. '}'
redis.call('HSET', contracts, 's:' .. cid, sale)
redis.call('ZREM', open, cid)
redis.call('ZADD', sold, cid, cid)
redis.call('ZREM', KEYS[3], cid)
announce(channel, ARGV[13], row, bought, sale, updates)
return {'applied', bought, sale, row, updates}
`,
  ),

  /**
   * Writes a change of an open contract's terms after its others: appended to its \`u:<id>\` array,
   * numbered from 1. The account is found from the contract, as in the sale.
   * KEYS: contract owners. ARGV: the account keys' head, contract id, time, the change as a JSON
   * string, the names of the account's contracts key and channel, the origin.
   * Reply: \`ok\`, the contract's JSON, its updates' JSON; or \`UnknownContract\` | \`ContractSold\`.
   */
  updateContract: script(
    1,
    `
local cid = ARGV[2]
local loginid = redis.call('HGET', KEYS[1], cid)
if not loginid then return {'UnknownContract'} end
local contracts = ARGV[1] .. loginid .. '}:' .. ARGV[5]
local channel = ARGV[1] .. loginid .. '}:' .. ARGV[6]
if redis.call('HEXISTS', contracts, 's:' .. cid) == 1 then return {'ContractSold'} end
local bought = redis.call('HGET', contracts, 'c:' .. cid)
local updates = redis.call('HGET', contracts, 'u:' .. cid)
local count = updates and #cjson.decode(updates) or 0
local entry = '{"sequence":' .. int(count + 1) .. ',"timeMs":' .. int(tonumber(ARGV[3])) .. ',"change":' .. ARGV[4] .. '}'
if updates then updates = string.sub(updates, 1, -2) .. ',' .. entry .. ']' else updates = '[' .. entry .. ']' end
redis.call('HSET', contracts, 'u:' .. cid, updates)
redis.call('PUBLISH', channel, '{"origin":' .. cjson.encode(ARGV[7]) .. ',"bought":' .. bought .. ',"updates":' .. updates .. '}')
return {'ok', bought, updates}
`,
  ),

  /** KEYS: meta. ARGV: key, value. Reply: the stored value (the first writer's). */
  setOnce: script(
    1,
    `
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return {redis.call('HGET', KEYS[1], ARGV[1])}
`,
  ),

  /** KEYS: meta. ARGV: key, expected, value. Reply: the stored value, or nothing if the key is unset. */
  replaceMeta: script(
    1,
    `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored then return {} end
if stored == ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  return {ARGV[3]}
end
return {stored}
`,
  ),
};

export type StoreScripts = typeof STORE_SCRIPTS;
