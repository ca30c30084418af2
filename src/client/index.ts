/**
 * deriv-ws: the client. Runs in browsers and Node ≥ 20 with no `node:` imports; in Node,
 * import it as `deriv-ws` and the `node` export condition brings `ws` along.
 */
export { DerivClient } from './client.js';
export type {
  ClientEvents,
  CloseInfo,
  ConnectionState,
  SendOptions,
  ServerMessage,
  SubscribeOptions,
} from './client.js';
export { Subscription } from './subscription.js';
export { Contract } from './contract.js';
export type { ContractEvents, ContractSettlement, LimitOrderUpdate } from './contract.js';
export { ProposalStream } from './proposal-stream.js';
export type { ProposalStreamEvents } from './proposal-stream.js';
export type { BuyRequest, ContractQuery, ProposalBuyRequest, ProposalIdBuyRequest } from './trading.js';
export type { SubscriptionEvents } from './subscription.js';
export type { OverflowPolicy } from './message-buffer.js';
export type { DerivClientOptions, UrlProvider } from './options.js';
export type { WebSocketConstructor, WebSocketLike } from './socket.js';
export {
  AbortError,
  BufferOverflowError,
  ConnectionLostError,
  DerivError,
  DerivWsError,
  InvalidArgumentError,
  InvalidOptionError,
  QueueFullError,
  StreamEndedError,
  TimeoutError,
} from './errors.js';
export { fullJitterBackoff } from './backoff.js';
export type { BackoffOptions, RetryDelay } from './backoff.js';
export type { StreamGap } from './subscription.js';
export type { ClientError, DerivErrorInit } from './errors.js';
export type {
  CallName,
  CallOf,
  DerivRequest,
  RequestOf,
  ResponseFor,
  ResponseOf,
  StreamCallName,
  StreamMessageFor,
  StreamMessageOf,
  StreamRequest,
  TypedCallName,
  UntypedCallName,
  UntypedRequest,
  UntypedResponse,
} from './types.js';
export { CloseCode } from '../protocol/close-codes.js';
export type { ErrorCode, KnownErrorCode } from '../protocol/errors.js';
export { KNOWN_ERROR_CODES, isKnownErrorCode } from '../protocol/errors.js';
export { CALLS, callInfo, isMoneyMoving } from '../protocol/calls.js';
export type { CallInfo, RetryClass, Scope } from '../protocol/calls.js';
export { buildEndpointUrl } from '../protocol/url.js';
