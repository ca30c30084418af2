import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ServerOptions } from '../server-options.js';
import type { CallDefinition } from './types.js';

/**
 * State a family keeps for each connection (a trading family's open proposals, say): made the
 * first time a handler asks for it on a connection (`connection.state(slot)`), and torn down
 * once, when that connection closes. A connection that never uses a family pays nothing for it.
 */
export interface ConnectionSlot<T> {
  /** For error messages and debugging. */
  readonly name: string;
  create(): T;
  /** Releases what the state holds (timers, listeners) when its connection closes. */
  teardown?(state: T): void;
}

/** What a family is given when the server starts. */
export interface FamilyStart {
  readonly options: ServerOptions;
  readonly clock: Clock;
  /** Where the server reports; never throws. */
  readonly logger: Logger;
  /**
   * What the families before this one in the list started (the trading family trades on the
   * market's and the accounts' services). A family says what it needs in its own type and
   * reads it from here; the list's order is what makes it there.
   */
  readonly earlier: Readonly<Record<string, unknown>>;
}

/** A started family: what its handlers reach in `services`, and how it stops. */
export interface StartedFamily<S> {
  readonly services: S;
  /** Called once the server's connections have closed, in the reverse order of the family list. */
  stop?(): void | Promise<void>;
}

/**
 * One group of calls that belong together (system, market, accounts; trading next), in one
 * folder under `src/server/calls/`. It declares everything the server must know of it, so
 * adding a family touches its folder and the family list (`families.ts`), nothing else:
 * - its handlers;
 * - the services it starts, from its own options (the market from `market`, the store from
 *   `db`, `store` and `accounts`), and how they stop;
 * - the state it keeps per connection, with its teardown;
 * - what it adds to `website_status`.
 */
export interface CallFamily<S extends object = object> {
  readonly name: string;
  readonly calls: readonly CallDefinition[];
  /** Starts the services the family's handlers need, in list order; a family that fails to start stops those before it. */
  start?(start: FamilyStart): StartedFamily<S> | Promise<StartedFamily<S>>;
  /** Its per-connection state, if it keeps any. */
  readonly connectionState?: ConnectionSlot<unknown>;
  /** Fields it adds to `website_status`, from its services. */
  websiteStatus?(services: S): Record<string, unknown>;
}

/**
 * A family, whatever services it starts. `CallFamily<S>` both takes and gives `S`, so no
 * `CallFamily<T>` holds families with different services; the family list needs this one.
 */
// biome-ignore lint/suspicious/noExplicitAny: an existential type for families with different services
export type AnyCallFamily = CallFamily<any>;

/** The services a family starts. */
export type ServicesOf<F> = F extends CallFamily<infer S> ? S : never;
