/**
 * The Lua every money-moving script starts with: how a row's JSON is written and how a balance
 * changes. One copy, prepended to each script, so every script moves money the same way.
 *
 * Numbers are written with `%d`, never `tostring` or `cjson.encode`: those print 14 significant
 * digits, and cents (and epoch milliseconds) go up to 2^53. Strings go through `cjson.encode`.
 * A refusal is a reply whose first element names it (`{'InsufficientBalance', currency, balance}`),
 * never a Lua error, so nothing half-done is left: a refusing script has written nothing.
 * A script that writes rows takes its account's event channel (the sell script, which finds its
 * account inside, builds it) and then the writing node's id, as its last two ARGV.
 */
export const LEDGER_LUA = `
local MAX_CENTS = 9007199254740991
local function int(n) return string.format('%d', n) end
local function optional_int(name, value)
  if value == nil or value == '' then return '' end
  return ',"' .. name .. '":' .. int(tonumber(value))
end

-- m: loginid, action, signed, time, contract_id, reference_id, description, credit_key (optional).
local function row_json(id, after, m)
  local json = '{"transactionId":' .. int(id) .. ',"loginid":' .. cjson.encode(m.loginid)
    .. ',"action":' .. cjson.encode(m.action) .. ',"amountCents":' .. int(m.signed)
    .. ',"balanceAfterCents":' .. int(after) .. ',"timeMs":' .. int(m.time)
    .. optional_int('contractId', m.contract_id) .. optional_int('referenceId', m.reference_id)
    .. ',"description":' .. cjson.encode(m.description)
  if m.credit_key then json = json .. ',"creditKey":' .. cjson.encode(m.credit_key) end
  return json .. '}'
end

-- Why the account cannot take m.signed cents, as the reply to give; nil when it can.
local function refusal(account, signed)
  local balance = redis.call('HGET', account, 'balance')
  if not balance then return {'UnknownAccount'} end
  local after = tonumber(balance) + signed
  if after < 0 then return {'InsufficientBalance', redis.call('HGET', account, 'currency'), balance} end
  if after > MAX_CENTS then return {'BalanceTooLarge', balance} end
  return nil
end

-- Changes the balance by m.signed and writes the row, ids from the one counter. With
-- m.new_contract, a contract id is taken first (the row names it). Returns the row's JSON and
-- its id (and the contract id), or nil and the refusal.
local function move(account, ledger, ids, m)
  local refused = refusal(account, m.signed)
  if refused then return nil, refused end
  if m.new_contract then m.contract_id = redis.call('INCR', ids) end
  local after = redis.call('HINCRBY', account, 'balance', int(m.signed))
  local id = redis.call('INCR', ids)
  local row = row_json(id, after, m)
  redis.call('ZADD', ledger, int(id), row)
  return row, id
end

-- Publishes what a write committed on the account's channel, inside the script: a message is
-- sent if and only if the write happened (rows, and for a buy or sale the contract as stored, with its updates).
-- The shape is account-messages.ts's; origin is the writing node's id, so it can skip its own.
local function announce(channel, origin, row, bought, sale, updates)
  local message = '{"origin":' .. cjson.encode(origin) .. ',"row":' .. row
  if bought then message = message .. ',"bought":' .. bought end
  if sale then message = message .. ',"sale":' .. sale end
  if updates then message = message .. ',"updates":' .. updates end
  redis.call('PUBLISH', channel, message .. '}')
end
`;
