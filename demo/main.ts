// The demo page: Deriv's "WebSocket connection" guide page, built on the browser client.
// It imports the client from the package's browser entry, as a library user would.
import 'uplot/dist/uPlot.min.css';
import { DerivClient } from '../src/client/index.js';
import { type ApiDialect, OPTIONS_DIALECT, V3_DIALECT } from './api-dialect.js';
import { type ConnectTarget, ConnectionForm } from './connection-form.js';
import { describeError } from './describe-error.js';
import { byTestId } from './dom.js';
import { retryDelaysFrom } from './endpoint.js';
import { EventLog } from './event-log.js';
import { formatDuration } from './format-duration.js';
import { bindJsonConsole } from './json-console.js';
import { KeepAliveView } from './keep-alive-view.js';
import { summarise } from './message-summary.js';
import { optionsClient } from './options-session.js';
import { bindPingButton } from './ping-control.js';
import { StateBadge } from './state-badge.js';
import { SymbolPicker } from './symbol-picker.js';
import { TickChart } from './tick-chart.js';
import { TickFeed } from './tick-feed.js';
import { TradingDesk } from './trading-desk.js';

/** Deriv's advice and the client's default, given explicitly so the keep-alive bar knows its length. */
const KEEP_ALIVE_MS = 30_000;

/** One client, from Connect to the next Connect or Disconnect. */
interface Session {
  readonly client: DerivClient;
  /** How this API's messages differ from v3's, where the page meets them. */
  readonly dialect: ApiDialect;
  readonly feed: TickFeed;
  symbolsLoaded: boolean;
  /** The desk trades on this session's client (authorized, or a new-API account's socket). */
  trading: boolean;
}

let session: Session | undefined;
const currentClient = () => session?.client;

// Connecting and disconnecting run one at a time, in order: a double click never leaves two
// clients, and the old client's `close` is logged before the new one's `connecting`.
let turns = Promise.resolve();
function inTurn(task: () => Promise<void>): void {
  turns = turns.then(task).catch((error: unknown) => log.add('error', 'page', describeError(error)));
}

const log = new EventLog(byTestId('event-log', HTMLOListElement));
const badge = new StateBadge(byTestId('state-badge', HTMLElement));
const chart = new TickChart(
  byTestId('tick-chart', HTMLDivElement),
  byTestId('tick-count', HTMLElement),
  byTestId('last-quote', HTMLElement),
);
const keepAlive = new KeepAliveView(
  byTestId('next-ping', HTMLOutputElement),
  byTestId('next-ping-bar', HTMLProgressElement),
  KEEP_ALIVE_MS,
);
const desk = new TradingDesk(
  {
    panel: {
      form: byTestId('trade-form', HTMLFormElement),
      fields: byTestId('trade-fields', HTMLFieldSetElement),
      hint: byTestId('trade-hint', HTMLElement),
      symbol: byTestId('trade-symbol', HTMLElement),
      contractType: byTestId('contract-type-select', HTMLSelectElement),
      digitField: byTestId('digit-field', HTMLElement),
      digit: byTestId('digit-select', HTMLSelectElement),
      price: byTestId('price', HTMLElement),
      askPrice: byTestId('ask-price', HTMLElement),
      longcode: byTestId('proposal-longcode', HTMLElement),
      buy: byTestId('buy-button', HTMLButtonElement),
      status: byTestId('trade-status', HTMLElement),
    },
    contracts: {
      body: byTestId('contracts-body', HTMLTableSectionElement),
      empty: byTestId('contracts-empty', HTMLElement),
      problem: byTestId('contracts-problem', HTMLElement),
    },
    balance: byTestId('balance', HTMLElement),
  },
  chart,
  (kind, subject, detail) => log.add(kind, subject, detail),
);
const picker = new SymbolPicker(byTestId('symbol-select', HTMLSelectElement), (symbol) => void showSymbol(symbol));
bindPingButton(byTestId('ping-button', HTMLButtonElement), byTestId('ping-rtt', HTMLOutputElement), currentClient);
bindJsonConsole(
  {
    input: byTestId('json-input', HTMLTextAreaElement),
    send: byTestId('json-send', HTMLButtonElement),
    reply: byTestId('json-reply', HTMLElement),
  },
  currentClient,
);
const form = new ConnectionForm(
  {
    form: byTestId('connection-form', HTMLFormElement),
    endpoint: byTestId('endpoint-input', HTMLInputElement),
    appId: byTestId('app-id-input', HTMLInputElement),
    restUrl: byTestId('rest-url-input', HTMLInputElement),
    optionsAppId: byTestId('options-app-id-input', HTMLInputElement),
    token: byTestId('token-input', HTMLInputElement),
    accounts: {
      select: byTestId('account-select', HTMLSelectElement),
      status: byTestId('accounts-status', HTMLOutputElement),
    },
    disconnect: byTestId('disconnect-button', HTMLButtonElement),
    problem: byTestId('connection-problem', HTMLElement),
  },
  { connect: (target) => inTurn(() => connect(target)), disconnect: () => inTurn(disconnect) },
);

/** A client for what Connect asked for: v3's, or the new API's (an account's socket, or the public one). */
function clientFor(target: ConnectTarget): DerivClient {
  const common = { pingIntervalMs: KEEP_ALIVE_MS, ...retryDelaysFrom(location.search) };
  if (target.api === 'v3') return new DerivClient({ url: target.url, ...common });
  return optionsClient(target, common, {
    requested: (accountId) => log.add('info', 'otp', `OTP requested for ${accountId}`),
    received: (maskedUrl) => log.add('info', 'otp', `OTP received: ${maskedUrl}`),
  });
}

async function connect(target: ConnectTarget): Promise<void> {
  await disconnect();
  const { host } = target;
  let client: DerivClient;
  try {
    client = clientFor(target);
  } catch (error) {
    form.showProblem(describeError(error));
    return;
  }
  const current: Session = {
    client,
    dialect: target.api === 'v3' ? V3_DIALECT : OPTIONS_DIALECT,
    symbolsLoaded: false,
    trading: false,
    feed: new TickFeed(client, {
      tick: (epoch, quote, decimals) => chart.add(epoch, quote, decimals),
      gap: (symbol, { downMs }) =>
        log.add('info', 'gap', `${symbol}: ${formatDuration(downMs)} without ticks; the chart carries on`),
      failed: (symbol, error) => log.add('error', 'ticks', `${symbol}: ${describeError(error)}`),
    }),
  };
  session = current;
  keepAlive.track(client);
  client.on('state', (state) => badge.show(state));
  client.on('open', () => {
    log.add('open', host);
    if (!current.symbolsLoaded) void loadSymbols(current);
    // The new API's account is its OTP's, learned from `balance` before `open`: no authorize.
    if (target.api === 'options' && !current.trading) startTrading(current, client.account?.loginid);
  });
  client.on('message', (message) => log.add('message', String(message.msg_type), summarise(message)));
  client.on('close', ({ code, reason, wasClean }) =>
    log.add('close', String(code), [reason, wasClean ? '' : '(not clean)'].filter(Boolean).join(' ')),
  );
  client.on('error', (error) => log.add('error', error.name, error.message));
  // The badge and the log already say why a connection fails, and the client keeps trying.
  client.connect().catch(() => {});
  // On the new API a refused token (REST's 401 to an OTP request) stops the client for good, on
  // the first connect or any later one: the form says why, as it does for v3's authorize.
  if (target.api === 'options')
    client.on('state', (state) => {
      if (state.status === 'closed' && state.error && session === current) form.showProblem(describeError(state.error));
    });
  if (target.api === 'v3' && target.token !== undefined) void authorize(current, target.token);
}

/** The desk trades on this session's account from now on. */
function startTrading(current: Session, account: string | undefined): void {
  current.trading = true;
  log.add('info', 'account', `trading as ${account ?? '?'}`);
  desk.trade(current.client, current.dialect);
}

/** Authorizes once; the client itself authorizes again after every reconnect, with the token it keeps in memory. */
async function authorize(current: Session, token: string): Promise<void> {
  try {
    const { authorize } = await current.client.authorize(token);
    if (session !== current) return;
    log.add('info', 'authorize', `trading as ${authorize?.loginid ?? '?'}`);
    desk.trade(current.client);
  } catch (error) {
    if (session === current) form.showProblem(describeError(error));
  }
}

async function disconnect(): Promise<void> {
  const current = session;
  if (!current) return;
  session = undefined;
  keepAlive.track(undefined);
  desk.trade(undefined);
  await current.client.close();
}

async function loadSymbols(current: Session): Promise<void> {
  current.symbolsLoaded = true;
  try {
    const { active_symbols } = await current.client.send({ active_symbols: 'brief' });
    if (session !== current) return;
    const symbol = picker.fill(current.dialect.symbols(active_symbols ?? []));
    if (symbol !== undefined) await showSymbol(symbol);
  } catch (error) {
    // Try again on the next `open`.
    current.symbolsLoaded = false;
    log.add('error', 'active_symbols', describeError(error));
  }
}

async function showSymbol(symbol: string): Promise<void> {
  chart.reset();
  desk.showSymbol(symbol);
  log.add('info', 'ticks', `subscribing to ${symbol}`);
  await session?.feed.show(symbol);
}

form.submit();
