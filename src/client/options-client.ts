import { AUTHENTICATED_STREAMS } from '../protocol/calls.js';
import { DerivClient as V3Client, type SendOptions, type SubscribeOptions } from './client.js';
import type { Contract } from './contract.js';
import { ConnectionLostError, InvalidArgumentError, StreamEndedError } from './errors.js';
import { checkAccountId, resolveOptionsApi, type OptionsClientOptions } from './options.js';
import { OptionsRest } from './options-rest.js';
import type {
  OptionsBalance,
  OptionsProposalRequest,
  OptionsRequest,
  OptionsResponseFor,
  OptionsStreamMessageFor,
  OptionsStreamRequest,
} from './options-types.js';
import type { ProposalStream } from './proposal-stream.js';
import type { Subscription } from './subscription.js';
import type { ProposalIdBuyRequest } from './trading.js';

/**
 * One-time socket URLs for one account: a fresh OTP from REST on every call, so on every
 * connect and reconnect (an OTP is good for one upgrade). Nothing is cached or logged. Calls
 * made while one request is out share it.
 * @internal
 */
export class OtpUrls {
  readonly #pending = new Map<string, Promise<string>>();

  constructor(
    readonly rest: OptionsRest,
    public accountId: string,
  ) {}

  async next(): Promise<string> {
    const accountId = this.accountId;
    let url = this.#pending.get(accountId);
    if (!url) {
      url = this.rest.otp(accountId).finally(() => this.#pending.delete(accountId));
      this.#pending.set(accountId, url);
    }
    const ready = await url;
    // Switched while it was out: this attempt fails, and the next asks for the new account.
    if (this.accountId !== accountId) throw new ConnectionLostError(false, 'the account was switched');
    return ready;
  }
}

/** A proposal to price and buy on the new API (`underlying_symbol`), with the most to pay. */
export type OptionsProposalBuyRequest = Omit<OptionsProposalRequest, 'subscribe' | 'req_id' | 'passthrough'> & {
  maxPrice?: number;
};

/** The implementation; `OptionsClient` below is its type, with the new API's requests and replies. */
class OptionsClientImpl extends V3Client {
  /** The REST calls, as this client's token; undefined on a public client. */
  readonly rest: OptionsRest | undefined;
  readonly #otp: OtpUrls | undefined;

  constructor(options: OptionsClientOptions) {
    const checked = resolveOptionsApi(options);
    const otp = checked.kind === 'account' ? new OtpUrls(new OptionsRest(checked.rest), checked.accountId) : undefined;
    const publicUrl = checked.kind === 'public' ? checked.url : '';
    super({}, { ...checked.resolved, url: otp ? () => otp.next() : () => publicUrl });
    this.#otp = otp;
    this.rest = otp?.rest;
  }

  /** The account the socket is (or will be) for; undefined on a public client. */
  get accountId(): string | undefined {
    return this.#otp?.accountId;
  }

  /**
   * Moves to another account of the same token: a new OTP and a new socket. Market streams
   * (ticks, proposals) carry on, with a `gap`; the old account's streams (balance,
   * transaction, open contracts) end with `StreamEndedError`. Resolves once the new socket is
   * open and its account learned. Calls still in flight go on the new socket, except
   * money-moving ones, which reject with `ConnectionLostError { sent: true }` as after any drop.
   */
  async switchAccount(accountId: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const otp = this.#otp;
    if (!otp) throw new InvalidArgumentError('a public client has no account to switch');
    checkAccountId(accountId);
    if (accountId !== otp.accountId) {
      const previous = otp.accountId;
      otp.accountId = accountId;
      this._endAccount(
        [...AUTHENTICATED_STREAMS],
        new StreamEndedError(`the client switched from account ${previous} to ${accountId}`),
      );
    }
    await this.connect(options);
  }
}

/** What v3 types its way, and the new API types its own. */
type RetypedMembers = 'send' | 'subscribe' | 'proposal' | 'buy' | 'account';

/**
 * The client for Deriv's new API (`deriv-ws/options`): the v3 client's machinery (reconnects,
 * pacing, streams and their `gap`s, `Contract`, never-twice buys) on the new sockets.
 *
 * - `{ api: 'options', appId, token, accountId }`: an account's socket. Every connect and
 *   reconnect asks REST for a fresh OTP URL; a refused upgrade is retried with a new one, and
 *   a refused token (REST 401/403) stops the client with a `RestError`. `client.account` is
 *   learned from `balance` on every open; `switchAccount()` moves to another account.
 * - `{ api: 'options', public: true }`: market data on the public socket, no token.
 */
export interface OptionsClient extends Omit<OptionsClientImpl, RetypedMembers> {
  /** The socket's account as `balance` named it on the last open (`loginid` is the account id). */
  readonly account: OptionsBalance | undefined;
  /** As v3's `send`, typed with the new API's requests: `symbol` in a proposal is a type error. */
  send<R extends OptionsRequest>(
    request: R & { req_id?: never },
    options?: SendOptions,
  ): Promise<OptionsResponseFor<R>>;
  subscribe<R extends OptionsStreamRequest>(
    request: R & { req_id?: never },
    options?: SubscribeOptions,
  ): Subscription<OptionsStreamMessageFor<R>>;
  proposal(request: Omit<OptionsProposalRequest, 'subscribe'>, options?: SubscribeOptions): ProposalStream;
  buy(request: OptionsProposalBuyRequest | ProposalIdBuyRequest, options?: SubscribeOptions): Promise<Contract>;
}

// Only the types differ from the implementation's: every call still goes through v3's code.
export const OptionsClient = OptionsClientImpl as unknown as new (options: OptionsClientOptions) => OptionsClient;
