import type { PriceProposalRequest } from '@deriv/api-types';
import type { DerivClient, SendOptions, ServerMessage, SubscribeOptions } from './client.js';
import { Contract, type ContractReplies, type ContractRequest } from './contract.js';
import { InvalidArgumentError } from './errors.js';
import { ProposalStream } from './proposal-stream.js';
import type { Subscription } from './subscription.js';

/** A proposal to price and buy at once, with the most to pay (default: the ask it is given). */
export type ProposalBuyRequest = Omit<PriceProposalRequest, 'subscribe' | 'req_id' | 'passthrough'> & {
  maxPrice?: number;
};
/** A proposal id this connection was given, and the most to pay for it. */
export interface ProposalIdBuyRequest {
  proposalId: string;
  price: number;
}
export type BuyRequest = ProposalBuyRequest | ProposalIdBuyRequest;

/** What to look for after a buy whose reply was lost with the connection. */
export interface ContractQuery {
  /** Bought at or after this moment: epoch seconds on the server's clock, or a Date. */
  since: number | Date;
  contractType?: string;
  symbol?: string;
}

type AnySubscribe = (request: Record<string, unknown>, options?: SubscribeOptions) => Subscription<ServerMessage>;
type AnySend = (request: Record<string, unknown>, options?: SendOptions) => Promise<ServerMessage>;

/**
 * The trading helpers of `DerivClient`, kept apart from the connection's machinery. Every one
 * goes through `send` and `subscribe`, so the never-twice rule holds here as everywhere: a
 * `buy` stream is followed again by `contract_id` after a drop, and never sent again.
 */
export class Trading {
  readonly #send: AnySend;
  readonly #subscribe: AnySubscribe;
  readonly #client: DerivClient;

  readonly #requestTimeoutMs: number;

  constructor(client: DerivClient, requestTimeoutMs: number) {
    this.#client = client;
    this.#send = client.send.bind(client) as unknown as AnySend;
    this.#subscribe = client.subscribe.bind(client) as unknown as AnySubscribe;
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  async buy(request: BuyRequest, options: SubscribeOptions = {}): Promise<Contract> {
    let proposalId: string;
    let price: number;
    if ('proposalId' in request) {
      if (typeof request.proposalId !== 'string' || typeof request.price !== 'number')
        throw new InvalidArgumentError('buy({ proposalId, price }) needs a proposal id and a price');
      ({ proposalId, price } = request);
    } else {
      if ((request as { proposal?: unknown }).proposal !== 1)
        throw new InvalidArgumentError('buy() takes a proposal request ({ proposal: 1, … }) or { proposalId, price }');
      const { maxPrice, ...proposal } = request;
      // Without subscribe: the server keeps the id for the buy all the same.
      const reply = await this.#send(proposal, options);
      const priced = reply.proposal as { id: string; ask_price: number };
      proposalId = priced.id;
      price = maxPrice ?? priced.ask_price;
    }
    const contract = new Contract(this.#seller(), this.#subscribe({ buy: proposalId, price, subscribe: 1 }, options));
    return contract.opened();
  }

  /** Follows a contract of the account by id, bought here or anywhere. */
  contract(contractId: number, options: SubscribeOptions = {}): Promise<Contract> {
    if (!Number.isSafeInteger(contractId) || contractId <= 0)
      throw new InvalidArgumentError(`contract(id) needs a contract id, not ${String(contractId)}`);
    const subscription = this.#subscribe({ proposal_open_contract: 1, contract_id: contractId, subscribe: 1 }, options);
    return new Contract(this.#seller(), subscription).opened();
  }

  proposal(request: Omit<PriceProposalRequest, 'subscribe'>, options: SubscribeOptions = {}): ProposalStream {
    const subscription = this.#subscribe({ ...request, subscribe: 1 }, options);
    const timeoutMs = options.timeoutMs ?? this.#requestTimeoutMs;
    return new ProposalStream({ buy: (order) => this.buy(order, options), requestTimeoutMs: timeoutMs }, subscription);
  }

  /** Every open contract of the account (`portfolio`), each followed. */
  async openContracts(options: SendOptions = {}): Promise<Contract[]> {
    const ids = (await this.#portfolio(options)).map((entry) => entry.contract_id);
    return Promise.all(ids.map((id) => this.contract(id)));
  }

  /**
   * The first contract bought at or after `since` that matches: an open one (`portfolio`), or
   * else one sold since (`profit_table`), followed; undefined when there is none. After a buy
   * rejected with `ConnectionLostError { sent: true }`, this says whether it was bought.
   */
  async findContract(query: ContractQuery, options: SendOptions = {}): Promise<Contract | undefined> {
    const since = query.since instanceof Date ? Math.floor(query.since.getTime() / 1000) : query.since;
    if (!Number.isFinite(since)) throw new InvalidArgumentError('findContract() needs since: epoch seconds or a Date');
    // v3 names the symbol `symbol`, the new API `underlying_symbol`.
    const matches = (entry: {
      purchase_time?: number;
      contract_type?: string;
      symbol?: string;
      underlying_symbol?: string;
    }) =>
      (entry.purchase_time ?? 0) >= since &&
      (query.contractType === undefined || entry.contract_type === query.contractType) &&
      (query.symbol === undefined || (entry.symbol ?? entry.underlying_symbol) === query.symbol);
    const first = (entries: Array<{ contract_id: number; purchase_time?: number }>) =>
      entries.sort((a, b) => (a.purchase_time ?? 0) - (b.purchase_time ?? 0) || a.contract_id - b.contract_id)[0];

    const open = first((await this.#portfolio(options)).filter(matches));
    if (open) return this.contract(open.contract_id);
    const reply = await this.#send(
      { profit_table: 1, description: 1, date_from: String(since), sort: 'ASC', limit: 500 },
      options,
    );
    const sold = ((reply.profit_table as { transactions?: unknown[] } | undefined)?.transactions ?? []) as Array<{
      contract_id: number;
      purchase_time?: number;
      contract_type?: string;
      underlying_symbol?: string;
    }>;
    const found = first(sold.filter(matches));
    return found ? this.contract(found.contract_id) : undefined;
  }

  async #portfolio(options: SendOptions) {
    const reply = await this.#send({ portfolio: 1 }, options);
    return ((reply.portfolio as { contracts?: unknown[] } | undefined)?.contracts ?? []) as Array<{
      contract_id: number;
      purchase_time?: number;
      contract_type?: string;
      symbol?: string;
      underlying_symbol?: string;
    }>;
  }

  #seller() {
    // Each request's reply is typed by its own key; the union's is not, so it is named here.
    return { send: (request: ContractRequest) => this.#client.send(request) as Promise<ContractReplies> };
  }
}
