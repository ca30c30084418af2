// Every call that buys, follows or sells a contract, in one place: the page will move to the
// client's coming `client.buy()` Contract API, and only this file should have to change.
import type { DerivClient, StreamGap, StreamMessageOf, Subscription } from '../src/client/index.js';

type ContractMessage = StreamMessageOf<'proposal_open_contract'>;
/** One `proposal_open_contract` update of a contract. */
export type OpenContract = NonNullable<ContractMessage['proposal_open_contract']>;
/** The `buy` reply: what was bought, for how much. */
export type BuyReceipt = NonNullable<Extract<StreamMessageOf<'buy'>, { msg_type: 'buy' }>['buy']>;

/** What the page buys: a priced proposal, by its id, at most at its ask. */
export interface PricedProposal {
  id: string;
  askPrice: number;
}

export interface ContractEvents {
  /** The server bought it: the first message. */
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
 * Buys a proposal and follows the contract until it is sold. `subscribe: 1` makes the buy a
 * stream: the buy reply, then the contract's updates. After a reconnect the client follows the
 * same contract by id (`proposal_open_contract`) and never sends the buy again.
 */
export function buyContract(client: DerivClient, proposal: PricedProposal, events: ContractEvents): void {
  let bought = false;
  let sold = false;
  let failed = false;
  let stream: Subscription<StreamMessageOf<'buy'>>;
  try {
    stream = client.subscribe({ buy: proposal.id, price: proposal.askPrice, subscribe: 1 });
  } catch (error) {
    // A closed client refuses at once, before anything is sent.
    events.refused(error);
    return;
  }
  stream.on('data', (message) => {
    if (message.msg_type === 'buy' && message.buy) {
      bought = true;
      events.bought(message.buy);
    } else if (message.msg_type === 'proposal_open_contract' && message.proposal_open_contract) {
      sold ||= message.proposal_open_contract.is_sold === 1;
      events.update(message.proposal_open_contract);
    }
  });
  stream.on('gap', (gap) => events.gap(gap));
  stream.on('error', (error) => {
    failed = true;
    if (bought) events.lost(error);
    else events.refused(error);
  });
  stream.on('end', () => {
    if (bought && !sold && !failed) events.lost(new Error('the contract is no longer followed'));
  });
}

/** Sells an open contract at the market (`price: 0`, no minimum); resolves with what it sold for. */
export async function sellContract(client: DerivClient, contractId: number): Promise<number | undefined> {
  const { sell } = await client.send({ sell: contractId, price: 0 });
  return sell?.sold_for;
}
