/** deriv-ws/server: a local server that behaves like Deriv's v3 WebSocket API. Node only. */
export { createServer } from './server.js';
export type { HandleOptions, LocalServer, RequestEvent, ServerOptions } from './server.js';
export { NO_REPLY, Reply } from './calls/types.js';
export type { CallContext, ConnectionHandle } from './calls/types.js';
export type { Fault } from './faults.js';
export type { RateLimitOptions } from './limits/rate-limiter.js';
export { ApiError } from './api-error.js';
export { streamLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { acceleratedClock, systemClock } from './clock.js';
export type { Clock } from './clock.js';
export type { MarketOptions } from './market/market.js';
export type { TickPublished } from './market/tick.js';
export type { AccountConfig, AccountsConfig } from './accounts/accounts-config.js';
export type { BalanceControls } from './accounts/balance-controls.js';
export { newApiToken } from './accounts/api-token.js';
export { SqliteStore } from './store/sqlite-store.js';
export type { SqliteStoreOptions } from './store/sqlite-store.js';
export { ensureDemoAccount, seedAccounts } from './store/seed.js';
export { amountFromCents, centsFromAmount } from './store/money.js';
export * from './store/errors.js';
export type {
  Account,
  AccountEvent,
  AccountListener,
  AccountProfile,
  Cents,
  CreditOnceRequest,
  CreditOnceResult,
  LedgerAction,
  LedgerQuery,
  LedgerRow,
  Movement,
  NewAccount,
  Store,
  TokenGrant,
} from './store/store.js';
export { startCluster } from './cluster/primary.js';
export type { ClusterOptions, ClusterServer } from './cluster/primary.js';
export type { ServeOptions, StandIns } from './serve-options.js';
export type { WorkerStats } from './cluster/messages.js';
