import type { SchemaObject } from 'ajv';
import type { Scope } from '../../protocol/calls.js';
import type { ApiKind, OptionsChannel } from '../../protocol/options-api.js';
import type { Clock } from '../clock.js';
import type { Echo } from '../envelope.js';
import type { AuthorizationThrottle } from '../limits/rate-limiter.js';
import type { RequestStreams } from '../streams/request-streams.js';
import type { StreamTable } from '../streams/stream-table.js';
import type { FairScheduler } from '../work/fair-scheduler.js';
import type { FamilyServices } from './families.js';
import type { ConnectionSlot } from './family.js';

/** Who a connection is authorized as, after `authorize`. The token itself is not kept. */
export interface AuthState {
  readonly loginid: string;
  readonly scopes: ReadonlySet<Scope>;
}

/** What a handler may do with the connection the request came on. */
export interface ConnectionHandle {
  readonly id: number;
  /** Which API the connection speaks: v3, or the new one (on `channel`'s socket). */
  readonly api: ApiKind;
  readonly channel: OptionsChannel | undefined;
  readonly appId: string;
  readonly lang: string;
  readonly brand: string;
  readonly remoteAddress: string;
  /** Sends an already serialised message, unless the connection has closed. */
  sendText(text: string): void;
  /** Sends a complete text frame (see `textFrame`), unless the connection has closed. */
  sendFrame(frame: Buffer): void;
  /** The connection's live streams. */
  readonly streams: StreamTable;
  /** Undefined until `authorize` succeeds, and again after `logout`. */
  auth: AuthState | undefined;
  /** A family's state on this connection, made on first use and torn down when the connection closes. */
  state<T>(slot: ConnectionSlot<T>): T;
}

/** What the server itself gives every handler, whatever the families. */
export interface CoreServices {
  readonly clock: Clock;
  /** What `website_status` publishes as `api_call_limits`: the limits the server enforces. */
  readonly apiCallLimits: unknown;
  /** Where CPU-heavy work runs, in turns between connections, so it never stalls the event loop. */
  readonly heavyWork: FairScheduler;
  /** The budget of failed `authorize` calls per IP; undefined with rate limits off. */
  readonly authorizationThrottle?: AuthorizationThrottle | undefined;
  /** The `website_status` payload: the rate limits and every family's fields. */
  websiteStatus(): Record<string, unknown>;
}

/** Services every handler can reach: the core's and every family's (calls/families.ts). Injected, so tests can drive time themselves. */
export type ServerServices = CoreServices & FamilyServices;

export interface CallContext {
  readonly call: string;
  /** The validated (and, where it was needed, coerced) request. */
  readonly args: Record<string, unknown>;
  /** What every reply to this request repeats: masked echo, `req_id`, `passthrough`. */
  readonly echo: Echo;
  /** The streams this request opens (through `openStream`): they stop if it is answered with an error. */
  readonly requestStreams: RequestStreams;
  readonly connection: ConnectionHandle;
  readonly services: ServerServices;
  /**
   * Aborted once nobody waits for the reply: the request was answered `Timeout`, or its
   * connection closed. Work still under way should stop, and change nothing.
   */
  readonly signal: AbortSignal;
  /** `signal.aborted`, without making the signal: for a handler that only checks it. */
  readonly abandoned: boolean;
}

/** A reply whose fields are not simply `{ [call]: payload }` (history, candles, ...). */
export class Reply {
  constructor(
    readonly msgType: string,
    readonly fields: Record<string, unknown>,
    /** More messages of the same `msg_type` and envelope, sent right after it (`proposal_open_contract` sends one per contract). */
    readonly more: readonly Record<string, unknown>[] = [],
  ) {}
}

/** Returned by handlers that answer later or never (a `ticks` subscription's first tick is its reply). */
export const NO_REPLY: unique symbol = Symbol('no reply');

export type CallResult = unknown;

export interface CallDefinition {
  readonly name: string;
  readonly schema: SchemaObject;
  /**
   * Changes who the connection is authorized as (`authorize`, `logout`). Such a call starts
   * once every earlier request on its connection has been answered, and later ones wait for
   * its answer, so authorization changes take effect in the order they were sent.
   */
  readonly changesAuthorization?: boolean;
  /** `options`: a call of the new API only (`contracts_list`), unknown on v3 connections. */
  readonly api?: 'options';
  /** The payload (sent as `{ [name]: payload }`), a `Reply`, or `NO_REPLY`. Throws `ApiError`. */
  handle(context: CallContext): CallResult | Promise<CallResult>;
}
