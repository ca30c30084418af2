// Every call that buys, follows or sells a contract, in one place, on the client's Contract
// API (`client.buy()`): the page's panels see only these events.
import type { ProposalOpenContract } from '@deriv/api-types';
import type { DerivClient, StreamGap } from '../src/client/index.js';

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

export interface ContractEvents {
  /** The server bought it. */
  bought(receipt: BuyReceipt): void;
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
 * contract by id after a reconnect and never sends the buy again.
 */
export function buyContract(client: DerivClient, proposal: PricedProposal, events: ContractEvents): void {
  // A closed client's refusal comes the same way: as a rejection, before anything is sent.
  client.buy({ proposalId: proposal.id, price: proposal.askPrice }).then(
    (contract) => {
      events.bought({
        contract_id: contract.id,
        buy_price: contract.buyPrice,
        payout: contract.payout,
        longcode: contract.longcode,
      });
      if (contract.latest) events.update(contract.latest);
      contract.on('update', (update) => events.update(update));
      contract.on('gap', (gap) => events.gap(gap));
      contract.settled.catch((error: unknown) => events.lost(error));
    },
    (error: unknown) => events.refused(error),
  );
}

/** Sells an open contract at the market (`price: 0`, no minimum); resolves with what it sold for. */
export async function sellContract(client: DerivClient, contractId: number): Promise<number | undefined> {
  const { sell } = await client.send({ sell: contractId, price: 0 });
  return sell?.sold_for;
}
