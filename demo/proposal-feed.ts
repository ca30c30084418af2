import type { Proposal } from '@deriv/api-types';
import type { DerivClient } from '../src/client/index.js';
import type { ProposalRequest } from './contract-order.js';
import { LatestStream } from './latest-stream.js';
import { money } from './money.js';
import type { PricedProposal } from './trading-calls.js';

export interface Price extends PricedProposal {
  longcode: string;
  /**
   * The figures the panel shows beside the ask, by name (`data-figure` in the page): each
   * present when the proposal has it. A binary has a payout; a multiplier a commission and the
   * spot of its stop out; an accumulator its maximum payout and most ticks.
   */
  figures: Readonly<Record<string, string>>;
}

function figuresOf(proposal: Proposal): Record<string, string> {
  const figures: Record<string, string> = { payout: money(proposal.payout) };
  if (typeof proposal.commission === 'number') figures.commission = money(proposal.commission);
  const stopOut = proposal.limit_order?.stop_out?.value;
  if (stopOut) figures.stop_out = stopOut;
  const details = proposal.contract_details;
  if (typeof details?.maximum_payout === 'number') figures.maximum_payout = money(details.maximum_payout);
  if (typeof details?.maximum_ticks === 'number') figures.maximum_ticks = String(details.maximum_ticks);
  return figures;
}

/** The longest a stop waits for a pending proposal's first reply before it lets go of it anyway. */
const FIRST_REPLY_WAIT_MS = 5_000;

export interface ProposalFeedEvents {
  /** The latest price, repriced on every tick; its id is the one to buy. */
  price(price: Price): void;
  /** The server refused the proposal (`ContractBuyValidationError` with its limits, …) or ended it. */
  refused(error: unknown): void;
}

/**
 * The live price of one contract at a time: a subscribed `proposal`, switched (the old one
 * forgotten first) when the order changes. After a reconnect the client asks again and the
 * stream's next message carries the new id, which is the one a buy must name.
 */
export class ProposalFeed {
  readonly #client: DerivClient;
  readonly #events: ProposalFeedEvents;
  readonly #stream = new LatestStream();

  constructor(client: DerivClient, events: ProposalFeedEvents) {
    this.#client = client;
    this.#events = events;
  }

  show(request: ProposalRequest): Promise<void> {
    return this.#stream.switchTo(() => {
      try {
        const stream = this.#client.subscribe({ ...request, subscribe: 1 });
        stream.on('data', ({ proposal }) => {
          if (proposal?.id !== undefined)
            this.#events.price({
              id: proposal.id,
              askPrice: proposal.ask_price,
              longcode: proposal.longcode,
              figures: figuresOf(proposal),
            });
        });
        stream.on('error', (error) => this.#events.refused(error));
        // The client forgets a stream whose first reply has not come only once it comes, and
        // `unsubscribe` resolves at once: the same proposal asked for again right away (the
        // panel prices again when the symbol's offer arrives) would meet `AlreadySubscribed`.
        // So stopping waits for that first reply, or the stream's end (for a while at most).
        const answered = new Promise<void>((resolve) => {
          stream.on('data', () => resolve());
          stream.on('end', () => resolve());
          setTimeout(resolve, FIRST_REPLY_WAIT_MS);
        });
        return async () => {
          if (stream.serverId === undefined && !stream.ended) await answered;
          await stream.unsubscribe();
        };
      } catch (error) {
        this.#events.refused(error);
        return undefined;
      }
    });
  }

  stop(): Promise<void> {
    return this.#stream.stop();
  }
}
