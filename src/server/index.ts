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
export type { Account, AccountStore, BalanceListener, TokenGrant } from './accounts/account-store.js';
export type { AccountConfig, AccountsConfig } from './accounts/accounts-config.js';
export { MemoryAccountStore, newApiToken } from './accounts/memory-store.js';
