import type { TypedCalls } from '../protocol/call-types.js';
import type { RequestEnvelope, ResponseEnvelope } from '../protocol/envelope.js';
import type { FOLLOWED_BY } from '../protocol/money-streams.js';

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
export type UntypedRequest = {
  [K in UntypedCallName]: { [P in K]: unknown } & RequestEnvelope & Record<string, unknown>;
}[UntypedCallName];

/** A reply to a call without published types. */
export type UntypedResponse = ResponseEnvelope & Record<string, unknown>;

/**
 * Request types, with what @deriv/api-types gets wrong put right: it types
 * `ticks_history.count` as `number & string` (the schema's default is the string "1000"),
 * which no value satisfies. The server takes a number or a numeric string.
 */
type TypedRequests = {
  [K in TypedCallName]: K extends 'ticks_history'
    ? Omit<TypedCalls[K]['request'], 'count'> & { count?: number | `${number}` }
    : TypedCalls[K]['request'];
};

/** Any request the client can send. */
export type DerivRequest = TypedRequests[TypedCallName] | UntypedRequest;

/** The request type of one call. */
export type RequestOf<K extends CallName> = K extends TypedCallName ? TypedRequests[K] : UntypedRequest;

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
type WithPayload<Res, K extends PropertyKey> = [K] extends [keyof Res]
  ? Res & { [P in K & keyof Res]-?: NonNullable<Res[P]> }
  : Res;

/** The successful reply type of one call. */
export type ResponseOf<K extends CallName> = K extends TypedCallName
  ? WithPayload<TypedCalls[K]['response'], K>
  : UntypedResponse;

/** The reply type of a request, inferred from its call key: `send({ ping: 1 })` → `PingResponse`. */
export type ResponseFor<R> = [CallOf<R>] extends [never] ? UntypedResponse : ResponseOf<CallOf<R>>;

/** A request as `send` takes it: the client owns `req_id`, so it cannot be given. */
export type SendableRequest<R> = R & { req_id?: never };

/**
 * Calls that stream (they accept `subscribe`, or always stream like `ticks`): the call table's
 * `sub` column, which a type cannot read; test/protocol/calls.test.ts holds the two together.
 */
export type StreamCallName = Extract<
  CallName,
  | 'balance'
  | 'buy'
  | 'crypto_estimations'
  | 'exchange_rates'
  | 'p2p_advert_info'
  | 'p2p_advertiser_create'
  | 'p2p_advertiser_info'
  | 'p2p_order_create'
  | 'p2p_order_info'
  | 'p2p_order_list'
  | 'p2p_settings'
  | 'proposal'
  | 'proposal_open_contract'
  | 'ticks'
  | 'ticks_batch'
  | 'ticks_history'
  | 'transaction'
  | 'website_status'
>;

/** Any request `subscribe` takes. `subscribe: 1` is added for you where the call needs it. */
export type StreamRequest = TypedRequests[StreamCallName];

/** The field that carries a stream message's payload, where it is not the call's own name. */
type StreamPayloadKey<K extends StreamCallName> = K extends 'ticks'
  ? 'tick'
  : K extends 'ticks_history' | 'buy'
    ? never
    : K;

type OwnStreamMessage<K extends StreamCallName> = K extends 'buy'
  ? TypedCalls['buy']['response']
  : WithPayload<TypedCalls[K]['response'], StreamPayloadKey<K>>;

/** A money-moving stream is followed by another, read-only call after a drop (src/protocol/money-streams.ts). */
type FollowedBy = typeof FOLLOWED_BY;

/**
 * One message of a stream: `tick` messages for `ticks`; `history`/`candles` and then
 * `tick`/`ohlc` for `ticks_history`; the `buy` reply and then `proposal_open_contract`
 * updates for `buy`. A money-moving stream also carries the messages of the call that
 * follows it after a drop (`p2p_order_info` for `p2p_order_create`). Every one carries
 * `subscription.id`.
 */
export type StreamMessageOf<K extends StreamCallName> = (K extends keyof FollowedBy
  ? OwnStreamMessage<K> | OwnStreamMessage<FollowedBy[K]>
  : OwnStreamMessage<K>) & { subscription?: { id: string } };

export type StreamMessageFor<R> =
  Extract<CallOf<R>, StreamCallName> extends infer K extends StreamCallName
    ? [K] extends [never]
      ? never
      : StreamMessageOf<K>
    : never;
