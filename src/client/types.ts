import type { TypedCalls } from '../protocol/call-types.js';
import type { RequestEnvelope, ResponseEnvelope } from '../protocol/envelope.js';

/** Calls that @deriv/api-types describes. */
export type TypedCallName = keyof TypedCalls;

/** Documented calls that @deriv/api-types does not describe yet: sent and answered untyped. */
export type UntypedCallName =
  | 'connect_copy'
  | 'connect_status'
  | 'new_account_check_duplicate'
  | 'new_account_wallet'
  | 'new_account_wallet_and_trading'
  | 'partner_toolkit';

export type CallName = TypedCallName | UntypedCallName;

/** A request for a call without published types. */
export type UntypedRequest = { [K in UntypedCallName]: { [P in K]: unknown } & RequestEnvelope & Record<string, unknown> }[UntypedCallName];

/** A reply to a call without published types. */
export type UntypedResponse = ResponseEnvelope & Record<string, unknown>;

/** Any request the client can send. */
export type DerivRequest = TypedCalls[TypedCallName]['request'] | UntypedRequest;

/** The request type of one call. */
export type RequestOf<K extends CallName> = K extends TypedCallName ? TypedCalls[K]['request'] : UntypedRequest;

/**
 * The calls a request names. A field that is also a call name (`landing_company` inside
 * `active_symbols`) does not count when another call key is present, as on the server.
 */
type NamedCalls<R> = Extract<keyof R, CallName>;
export type CallOf<R> = [Exclude<NamedCalls<R>, 'landing_company'>] extends [never]
  ? NamedCalls<R>
  : Exclude<NamedCalls<R>, 'landing_company'>;

/**
 * A successful reply: the api-types response with its payload field made present, because
 * errors never resolve (they reject with `DerivError`).
 */
type WithPayload<Res, K extends PropertyKey> = K extends keyof Res ? Res & { [P in K]-?: NonNullable<Res[P]> } : Res;

/** The successful reply type of one call. */
export type ResponseOf<K extends CallName> = K extends TypedCallName
  ? WithPayload<TypedCalls[K]['response'], K>
  : UntypedResponse;

/** The reply type of a request, inferred from its call key: `send({ ping: 1 })` → `PingResponse`. */
export type ResponseFor<R> = [CallOf<R>] extends [never] ? UntypedResponse : ResponseOf<CallOf<R>>;

/** A request as `send` takes it: the client owns `req_id`, so it cannot be given. */
export type SendableRequest<R> = R & { req_id?: never };
