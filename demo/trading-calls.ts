// Every call that buys, follows, sells, updates or cancels a contract, in one place, on the
// client's Contract API (`client.buy()`): the page's panels see only these events and controls.
import type { ProposalOpenContract } from '@deriv/api-types';
import type { DerivClient, LimitOrderUpdate, StreamGap } from '../src/client/index.js';
import type { ApiDialect } from './api-dialect.js';

/** One `proposal_open_contract` update of a contract. */
export type OpenContract = ProposalOpenContract;
/** What was bought, for how much. */
export interface BuyReceipt {
  contract_id: number;
  buy_price: number;
  payout: number;
  longcode: string;
}

/** What the page buys: a priced proposal, by its id, at most at its ask. */
export interface PricedProposal {
  id: string;
  askPrice: number;
}

/** What the page may do with a contract it bought, through the client's `Contract` handle; each rejects with the server's refusal. */
export interface ContractControls {
  /** Sells it at the market (no minimum). */
  sell(): Promise<unknown>;
  /** A multiplier's take profit and stop loss: a number sets one, `null` removes it, one left out stays. */
  update(orders: LimitOrderUpdate): Promise<unknown>;
  /** A multiplier's deal cancellation: the stake back, within its window. */
  cancel(): Promise<unknown>;
}

export interface ContractEvents {
  /** The server bought it; `controls` act on it from now on. */
  bought(receipt: BuyReceipt, controls: ContractControls): void;
  /** Nothing was bought: the server refused (`InsufficientBalance`, `PriceMoved`, …), or the answer never came (`ConnectionLost { sent: true }`: it may have been). */
  refused(error: unknown): void;
  /** Every update of the bought contract; the last has `is_sold: 1`. */
  update(contract: OpenContract): void;
  /** The connection dropped and the contract is followed again; updates in between were missed. */
  gap(gap: StreamGap): void;
  /** No more updates will come, though the contract was not seen sold (the client was closed). */
  lost(error: unknown): void;
}

/**
 * Buys a proposal by id and follows the contract until it is sold. The client follows the same
 * contract by id after a reconnect and never sends the buy again. The contract's sale, limit
 * orders and cancellation go through the handle's `controls`. Its updates are read through the
 * session's `dialect`.
 */
export function buyContract(
  client: DerivClient,
  dialect: ApiDialect,
  proposal: PricedProposal,
  events: ContractEvents,
): void {
  // A closed client's refusal comes the same way: as a rejection, before anything is sent.
  client.buy({ proposalId: proposal.id, price: proposal.askPrice }).then(
    (contract) => {
      events.bought(
        {
          contract_id: contract.id,
          buy_price: contract.buyPrice,
          payout: contract.payout,
          longcode: contract.longcode,
        },
        {
          // Each is money-moving: the client never sends it twice, and a drop before its reply is a rejection.
          sell: () => contract.sell({ minPrice: 0 }),
          update: (orders) => contract.update(orders),
          cancel: () => contract.cancel(),
        },
      );
      if (contract.latest) events.update(dialect.openContract(contract.latest));
      contract.on('update', (update) => events.update(dialect.openContract(update)));
      contract.on('gap', (gap) => events.gap(gap));
      contract.settled.catch((error: unknown) => events.lost(error));
    },
    (error: unknown) => events.refused(error),
  );
}
