/** deriv-ws/server: a local server that behaves like Deriv's v3 WebSocket API. Node only. */
export { createServer } from './server.js';
export type { LocalServer, ServerOptions } from './server.js';
export { ApiError } from './api-error.js';
export { streamLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
