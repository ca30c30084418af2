/**
 * The table of every v3 call: what it needs, whether it streams, and how safe it is to
 * send again. Client and server both read it; neither keeps a copy of its own.
 *
 * Written from the facts in the protocol notes (docs/PROTOCOL-NOTES.md, "The call table" and
 * "Money-moving streams"), not copied from Deriv's schema files, which carry no licence.
 */

import { TOKEN_PATTERN } from './envelope.js';
import type { RateBucket } from './rate-limits.js';

export type Scope = 'read' | 'trade' | 'trading_information' | 'payments' | 'admin';

/**
 * How a call may be repeated when its outcome is unknown (the connection dropped after it was sent).
 * - `read`: no side effects; the client may send it again by itself.
 * - `write`: changes state but moves no money; never re-sent automatically.
 * - `money`: moves money or opens/closes positions; never re-sent, whatever the options say.
 */
export type RetryClass = 'read' | 'write' | 'money';

/** What the call key's value must look like (the key is the call name itself). */
export type CallKeyRule =
  | { kind: 'one' }
  | { kind: 'integer' }
  | { kind: 'string'; pattern: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'stream_types' }
  | { kind: 'symbols' };

/** One kind of stream a call opens. */
export interface StreamSpec {
  /** The `forget_all` type it answers to; undefined where no type names it. */
  readonly type: string | undefined;
  /**
   * The `msg_type` of its messages, which is also the field that carries each one's payload.
   * Given for the streams the server simulates; undefined for the others.
   */
  readonly msgType: string | undefined;
}

export interface CallInfo {
  readonly name: string;
  readonly authRequired: boolean;
  /** Any one of these scopes is enough (the reference reads `read,trading_information` as "any of"). */
  readonly scopes: readonly Scope[];
  /** `optional`: the request may carry `subscribe`. `always`: it streams whatever it says (`ticks`). */
  readonly subscribe: 'none' | 'optional' | 'always';
  readonly retry: RetryClass;
  readonly key: CallKeyRule;
  /** Top-level fields a server must never echo: `echo_req` shows them as `<not shown>`. */
  readonly sensitive: readonly string[];
  /** The rate budget it draws on; undefined for the calls no budget limits. */
  readonly budget: RateBucket | undefined;
  /** The kinds of stream it opens: none, one, or (`ticks_history`) two the request chooses between; see `streamOf`. */
  readonly streams: readonly StreamSpec[];
  /** Answered by the WebSocket front end, not the back end: it works for an unregistered app id. */
  readonly inProcess: boolean;
  /** Its stream messages are events: none may be dropped silently, so a stream that overflows stops. */
  readonly eventStream: boolean;
  /** Its stream belongs to the authorized account and stops when that authorization ends. */
  readonly accountStream: boolean;
}

const SYMBOL = String.raw`^\w{2,30}$`;
const CONTRACT_ID = String.raw`^(?:[\w-]{32,128}|1)$`;
const COUNTRY = String.raw`^\w\w$`;
const TRADER_TOKEN = String.raw`^[\w\s-]{15,32}$`;

/** Values of the `forget_all` call and the stream types it understands. */
export const STREAM_TYPES = [
  'balance',
  'candles',
  'cashier_payments',
  'p2p_advert',
  'p2p_advertiser',
  'p2p_order',
  'proposal',
  'proposal_open_contract',
  'ticks',
  'transaction',
  'trading_platform_asset_listing',
  'website_status',
  'p2p_settings',
  'crypto_estimations',
] as const;

// biome-ignore format: a short list, kept in rows
export const LANDING_COMPANIES = [
  'iom',
  'malta',
  'maltainvest',
  'svg',
  'virtual',
  'vanuatu',
  'samoa',
  'samoa-virtual',
  'dsl',
  'bvi',
  'labuan',
  'dml',
] as const;

/*
 * One row per call; every per-call fact is a column here, so nothing else keeps a list of calls.
 * Columns, in order (the `#` line names them):
 * - name.
 * - a: auth, `1` if the call needs an authorized connection.
 * - scopes: any one of them is enough (comma list, `-` for none).
 * - sub: whether it streams: `-` never, `opt` with `subscribe: 1`, `always` (`ticks`).
 * - r: retry class: `r` read, `w` write, `$` money-moving (see `RetryClass`).
 * - b: the rate budget it draws on (docs/PROTOCOL-NOTES.md, "Request pipeline"): `g` general,
 *   `o` outcome, `p` pricing, `-` none (`ping`, `time`).
 * - stream: what its stream is, for calls that stream: `type` or `type:msg_type`. `type` is
 *   the `forget_all` type it answers to (`-` where none names it). `msg_type` is that of its
 *   messages, which also names the field carrying their payload; it is given for the streams
 *   the server simulates, the facts it needs to open them. Two kinds joined by `|` (only
 *   `ticks_history`: ticks or candles) are chosen by the request, see `streamOf`.
 * - flags: comma list, `-` for none:
 *   - `in-process`: answered by the real server's WebSocket front end, not its back end; these
 *     still work for an app id that is not registered.
 *   - `events`: each stream message is an event (a transaction, an order's change); a client
 *     that cannot keep up must stop the stream rather than drop some (overflow `error`).
 *   - `account`: the stream belongs to the authorized account and stops when its
 *     authorization ends (logout, or authorize as another account).
 * - key: the rule for the call key's value: `1` = must be 1, `int`, `/pattern/`, `enum:a|b`,
 *   `types` (forget_all), `symbols` (ticks).
 */
export const TABLE = String.raw`
# name                                    a scopes                      sub    r b stream                        flags          key
account_list                              1 read                        -      r g -                             -              1
active_symbols                            0 -                           -      r g -                             -              enum:brief|full
api_token                                 1 admin                       -      w g -                             -              1
app_delete                                1 admin                       -      w g -                             -              int
app_get                                   1 read                        -      r g -                             -              int
app_list                                  1 read                        -      r g -                             -              1
app_markup_details                        1 read                        -      r g -                             -              1
app_markup_statistics                     1 read                        -      r g -                             -              1
app_register                              1 admin                       -      w g -                             -              1
app_update                                1 admin                       -      w g -                             -              int
asset_index                               0 -                           -      r g -                             -              1
authorize                                 0 -                           -      r g -                             -              /${TOKEN_PATTERN}/
balance                                   1 read,trading_information    opt    r g balance:balance               account        1
buy                                       1 trade                       opt    $ g proposal_open_contract:proposal_open_contract account        /${CONTRACT_ID}/
buy_contract_for_multiple_accounts        1 trade                       -      $ g -                             -              /${CONTRACT_ID}/
cancel                                    1 trade                       -      $ g -                             -              int
cashier                                   1 payments                    -      $ g -                             -              enum:deposit|withdraw
confirm_email                             0 -                           -      w g -                             -              1
connect_copy                              1 read                        -      w g -                             -              1
connect_status                            1 read                        -      r g -                             -              1
contract_update                           1 trade                       -      $ g -                             -              1
contract_update_history                   1 read                        -      r g -                             -              1
contracts_for                             0 -                           -      r g -                             -              /^\w{2,30}$/
contracts_for_company                     0 -                           -      r g -                             -              1
copy_start                                1 trade                       -      w g -                             -              /${TRADER_TOKEN}/
copy_stop                                 1 trade                       -      w g -                             -              /${TRADER_TOKEN}/
copytrading_list                          1 admin                       -      r g -                             -              1
copytrading_statistics                    0 -                           -      r g -                             -              1
crypto_config                             0 -                           -      r g -                             -              1
crypto_estimations                        0 -                           opt    r g crypto_estimations            -              1
document_upload                           1 admin                       -      w g -                             -              1
economic_calendar                         0 -                           -      r g -                             -              1
exchange_rates                            0 -                           opt    r g -                             -              1
exchange_verification_code                0 -                           -      w g -                             -              1
financial_assessment_questions            1 read                        -      r g -                             -              1
forget                                    0 -                           -      w g -                             in-process     /^[\w-]{32,128}$/
forget_all                                0 -                           -      w g -                             in-process     types
get_account_status                        1 read                        -      r g -                             -              1
get_financial_assessment                  1 read                        -      r g -                             -              1
get_limits                                1 read                        -      r g -                             -              1
get_self_exclusion                        1 read                        -      r g -                             -              1
get_settings                              1 read                        -      r g -                             -              1
get_third_party_redirect                  1 read                        -      r g -                             -              1
kyc_auth_status                           1 read                        -      r g -                             -              1
landing_company                           0 -                           -      r g -                             -              /${COUNTRY}/
landing_company_details                   0 -                           -      r g -                             -              enum:${LANDING_COMPANIES.join('|')}
login_history                             1 read                        -      r g -                             -              1
logout                                    0 -                           -      w g -                             -              1
mt5_deposit                               1 payments                    -      $ g -                             -              1
mt5_get_settings                          1 read                        -      r g -                             -              1
mt5_login_list                            1 read                        -      r g -                             -              1
mt5_new_account                           1 admin                       -      w g -                             -              1
mt5_password_change                       1 admin                       -      w g -                             -              1
mt5_password_check                        1 admin                       -      r g -                             -              1
mt5_password_reset                        1 admin                       -      w g -                             -              1
mt5_withdrawal                            1 payments                    -      $ g -                             -              1
new_account_check_duplicate               1 admin                       -      r g -                             -              1
new_account_maltainvest                   1 admin                       -      w g -                             -              1
new_account_real                          1 admin                       -      w g -                             -              1
new_account_virtual                       0 -                           -      w g -                             -              1
new_account_wallet                        1 admin                       -      w g -                             -              1
new_account_wallet_and_trading            1 admin                       -      w g -                             -              1
new_partner_account                       1 admin                       -      w g -                             -              1
oauth_apps                                1 read                        -      r g -                             -              1
p2p_advert_create                         1 payments                    -      $ g -                             -              1
p2p_advert_info                           1 payments                    opt    r g p2p_advert                    -              1
p2p_advert_list                           1 payments                    -      r g -                             -              1
p2p_advert_update                         1 payments                    -      $ g -                             -              1
p2p_advertiser_adverts                    1 payments                    -      r g -                             -              1
p2p_advertiser_create                     1 payments                    opt    $ g p2p_advertiser                -              1
p2p_advertiser_info                       1 payments                    opt    r g p2p_advertiser                -              1
p2p_advertiser_list                       1 payments                    -      r g -                             -              1
p2p_advertiser_payment_methods            1 payments                    -      w g -                             -              1
p2p_advertiser_relations                  1 payments                    -      w g -                             -              1
p2p_advertiser_update                     1 payments                    -      w g -                             -              1
p2p_chat_create                           1 payments                    -      $ g -                             -              1
p2p_country_list                          1 payments                    -      r g -                             -              1
p2p_order_cancel                          1 payments                    -      $ g -                             -              1
p2p_order_confirm                         1 payments                    -      $ g -                             -              1
p2p_order_create                          1 payments                    opt    $ g p2p_order                     events         1
p2p_order_dispute                         1 payments                    -      $ g -                             -              1
p2p_order_info                            1 payments                    opt    r g p2p_order                     events         1
p2p_order_list                            1 payments                    opt    r g p2p_order                     events         1
p2p_order_review                          1 payments                    -      w g -                             -              1
p2p_payment_methods                       1 payments                    -      r g -                             -              1
p2p_ping                                  1 payments                    -      r g -                             -              1
p2p_settings                              1 payments                    opt    r g p2p_settings                  -              1
partner_account_creation                  1 admin                       -      w g -                             -              1
partner_account_creation_status           1 admin                       -      r g -                             -              1
partner_accounts                          1 read                        -      r g -                             -              1
partner_settings                          1 read                        -      r g -                             -              1
partner_settings_update                   1 admin                       -      w g -                             -              1
partner_toolkit                           1 read                        -      r g -                             -              1
payment_methods                           0 -                           -      r g -                             -              1
paymentagent_create                       1 admin                       -      w g -                             -              1
paymentagent_details                      1 admin                       -      r g -                             -              1
paymentagent_list                         0 -                           -      r g -                             -              /${COUNTRY}/
paymentagent_transfer                     1 payments                    -      $ g -                             -              1
paymentagent_withdraw                     1 payments                    -      $ g -                             -              1
paymentagent_withdraw_justification       1 payments                    -      w g -                             -              1
payout_currencies                         0 -                           -      r g -                             -              1
ping                                      0 -                           -      r - -                             in-process     1
portfolio                                 1 read,trading_information    -      r o -                             -              1
profit_table                              1 read,trading_information    -      r o -                             -              1
proposal                                  0 -                           opt    r p proposal:proposal             -              1
proposal_open_contract                    1 read,trading_information    opt    r p proposal_open_contract:proposal_open_contract account        1
reality_check                             1 read,trading_information    -      r o -                             -              1
residence_list                            0 -                           -      r g -                             -              1
revoke_oauth_app                          1 admin                       -      w g -                             -              int
sell                                      1 trade                       -      $ g -                             -              int
sell_contract_for_multiple_accounts       1 trade                       -      $ g -                             -              1
sell_expired                              1 trade                       -      $ g -                             -              1
set_account_currency                      1 admin                       -      w g -                             -              /^[a-zA-Z0-9]{2,20}$/
set_financial_assessment                  1 admin                       -      w g -                             -              1
set_self_exclusion                        1 admin                       -      w g -                             -              1
set_settings                              1 admin                       -      w g -                             -              1
statement                                 1 read,trading_information    -      r o -                             -              1
states_list                               0 -                           -      r g -                             -              /${COUNTRY}/
ticks                                     0 -                           always r g ticks:tick                    -              symbols
ticks_batch                               0 -                           opt    r g -                             -              1
ticks_history                             0 -                           opt    r g ticks:tick|candles:ohlc       -              /${SYMBOL}/
time                                      0 -                           -      r - -                             in-process     1
tin_validations                           0 -                           -      r g -                             -              1
tnc_approval                              1 admin                       -      w g -                             -              1
topup_virtual                             1 trade                       -      $ g -                             -              1
trading_durations                         0 -                           -      r g -                             -              1
trading_platform_investor_password_reset  1 admin                       -      w g -                             -              1
trading_platform_password_reset           1 admin                       -      w g -                             -              1
trading_platform_status                   0 -                           -      r g -                             -              1
trading_servers                           1 read                        -      r g -                             -              1
trading_times                             0 -                           -      r g -                             -              /^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|today)$/
transaction                               1 read,trading_information    opt    r g transaction:transaction       account,events 1
transfer_between_accounts                 1 payments                    -      $ g -                             -              1
unsubscribe_email                         0 -                           -      w g -                             -              1
verify_email                              0 -                           -      w g -                             -              /^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}$/
website_config                            0 -                           -      r g -                             -              1
website_status                            0 -                           opt    r g website_status:website_status -              1
`;

/**
 * The fields of each call that Deriv's schemas mark `"sensitive": 1` (read, as facts, from
 * deriv-api-docs `config/v3/<call>/send.json`; not copied). All are top-level fields; a call's
 * own key can be one (`copy_start`'s value is a trader's token).
 *
 * Ours, beyond the schemas: `api_token`'s `delete_token` is a token, though its schema leaves
 * it unmarked.
 */
export const SENSITIVE_BY_CALL: Readonly<Record<string, readonly string[]>> = {
  api_token: ['delete_token'],
  authorize: ['authorize', 'tokens'],
  buy_contract_for_multiple_accounts: ['tokens'],
  confirm_email: ['verification_code'],
  copy_start: ['copy_start'],
  copy_stop: ['copy_stop'],
  exchange_verification_code: ['verification_code'],
  mt5_new_account: ['mt5_new_account', 'investPassword', 'mainPassword', 'phone', 'phonePassword'],
  mt5_password_change: ['new_password', 'old_password'],
  mt5_password_check: ['password'],
  mt5_password_reset: ['new_password'],
  new_account_check_duplicate: ['first_name', 'last_name', 'phone_number'],
  new_account_maltainvest: ['calling_country_code', 'first_name', 'last_name', 'phone', 'secret_answer'],
  new_account_real: ['calling_country_code', 'first_name', 'last_name', 'phone', 'secret_answer'],
  new_account_virtual: ['client_password'],
  new_account_wallet: ['calling_country_code', 'first_name', 'last_name', 'phone'],
  new_account_wallet_and_trading: ['calling_country_code', 'first_name', 'last_name', 'phone'],
  new_partner_account: ['calling_country_code', 'company_name', 'first_name', 'last_name', 'phone', 'secret_answer'],
  p2p_advert_create: ['contact_info', 'description', 'payment_info'],
  p2p_advert_update: ['contact_info', 'description', 'payment_info'],
  p2p_advertiser_create: ['contact_info', 'default_advert_description', 'name', 'payment_info'],
  p2p_advertiser_payment_methods: ['create', 'update'],
  p2p_advertiser_update: ['contact_info', 'default_advert_description', 'payment_info'],
  p2p_order_create: ['contact_info', 'payment_info'],
  partner_account_creation: ['calling_country_code', 'company_name', 'first_name', 'last_name', 'phone'],
  partner_settings_update: ['company_name'],
  sell_contract_for_multiple_accounts: ['tokens'],
  set_settings: ['calling_country_code', 'first_name', 'last_name', 'phone', 'secret_answer'],
  trading_platform_investor_password_reset: ['new_password'],
  trading_platform_password_reset: ['new_password'],
};

function parseKeyRule(text: string): CallKeyRule {
  if (text === '1') return { kind: 'one' };
  if (text === 'int') return { kind: 'integer' };
  if (text === 'types') return { kind: 'stream_types' };
  if (text === 'symbols') return { kind: 'symbols' };
  if (text.startsWith('enum:')) return { kind: 'enum', values: text.slice(5).split('|') };
  return { kind: 'string', pattern: text.slice(1, -1) };
}

/** The key column's forms (call-table-checks.ts holds every row to one of them). */
export const KEY_RULE_FORM = /^(?:1|int|types|symbols|enum:[\w|-]+|\/.+\/)$/;

export const RETRY: Record<string, RetryClass> = { r: 'read', w: 'write', $: 'money' };
export const SUBSCRIBE: Record<string, CallInfo['subscribe']> = { '-': 'none', opt: 'optional', always: 'always' };
export const BUDGET: Record<string, RateBucket | undefined> = {
  g: 'general',
  o: 'outcome',
  p: 'pricing',
  '-': undefined,
};
/** The flags column's words. */
export const FLAGS = ['in-process', 'events', 'account'] as const;

function parseStreams(text: string): StreamSpec[] {
  if (text === '-') return [];
  return text.split('|').map((kind) => {
    const [type, msgType] = kind.split(':');
    return { type: type === '-' ? undefined : type, msgType: msgType || undefined };
  });
}

// The parser trusts the table's contents (kinds, flags, how columns agree): the table is fixed at
// build time, and test/protocol/calls.test.ts runs checkCallTable (call-table-checks.ts) on it,
// so those checks cost a browser nothing.
function parseRow(line: string): CallInfo {
  const [name, auth, scopes, subscribe, retry, budget, streams, flagText, key] = line.trim().split(/\s+/) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const flags = new Set(flagText.split(','));
  return {
    name,
    authRequired: auth === '1',
    scopes: scopes === '-' ? [] : (scopes.split(',') as Scope[]),
    subscribe: SUBSCRIBE[subscribe]!,
    retry: RETRY[retry]!,
    key: parseKeyRule(key),
    sensitive: SENSITIVE_BY_CALL[name] ?? [],
    budget: BUDGET[budget],
    streams: parseStreams(streams),
    inProcess: flags.has('in-process'),
    eventStream: flags.has('events'),
    accountStream: flags.has('account'),
  };
}

function parseTable(text: string): ReadonlyMap<string, CallInfo> {
  const calls = new Map<string, CallInfo>();
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const info = parseRow(line);
    calls.set(info.name, info);
  }
  return calls;
}

/** Every documented v3 call, by name. */
export const CALLS: ReadonlyMap<string, CallInfo> = parseTable(TABLE);

/**
 * The call a request names: its alphabetically first key that is a call (in `calls`: the
 * documented ones, or a server's own table), as the real server decides (docs/PROTOCOL-NOTES.md,
 * "Request pipeline"). A field that is also a call's name competes with the call key.
 */
export function callNameOf(
  request: Record<string, unknown>,
  calls: { has(name: string): boolean } = CALLS,
): string | undefined {
  let found: string | undefined;
  for (const key in request) if (calls.has(key) && (found === undefined || key < found)) found = key;
  return found;
}

/**
 * Every field some call marks sensitive. A server masks these in every request, whatever its
 * call: a token sent under the wrong call, or under no known call, is a token still.
 */
export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set([...CALLS.values()].flatMap((call) => call.sensitive));

export function callInfo(name: string): CallInfo | undefined {
  return CALLS.get(name);
}

/**
 * Whether a call moves money or opens or closes positions (retry class `money`): the client
 * never sends one twice on its own, nor shares its stream.
 */
export function isMoneyMoving(name: string): boolean {
  return CALLS.get(name)?.retry === 'money';
}

/**
 * The kind of stream a request opens, from the table: for `ticks_history` candles when it asks
 * for them (`style: candles`, or a `granularity` without a `style`), ticks otherwise. Undefined
 * for a call that does not stream, or whose stream the table does not describe.
 */
export function streamOf(call: string, request: Record<string, unknown>): StreamSpec | undefined {
  const kinds = CALLS.get(call)?.streams;
  if (!kinds || kinds.length < 2) return kinds?.[0];
  const candles = request.style === 'candles' || (request.style === undefined && request.granularity !== undefined);
  return kinds[candles ? 1 : 0];
}

/**
 * The `forget_all` types of the streams that belong to the authorized account, the table's
 * `account` flag: they stop when its authorization ends (logout, or a switch to another
 * account), so a connection never mixes two accounts' data.
 */
export const AUTHENTICATED_STREAMS: ReadonlySet<string> = new Set(
  [...CALLS.values()]
    .filter((call) => call.accountStream)
    .flatMap((call) => call.streams.flatMap((kind) => (kind.type ? [kind.type] : []))),
);
