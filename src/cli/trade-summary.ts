import type { ContractSettlement } from '../client/node.js';
import { signedMoney } from './table.js';

/** A strategy run's tally, in the order its contracts settled. */
export class TradeTally {
  wins = 0;
  losses = 0;
  sold = 0;
  #profitCents = 0;
  #peakCents = 0;
  #maxDrawdownCents = 0;

  add(settlement: ContractSettlement): void {
    if (settlement.status === 'won') this.wins++;
    else if (settlement.status === 'lost') this.losses++;
    else this.sold++;
    // In cents: a thousand contracts must not add up float dust.
    this.#profitCents += Math.round(settlement.profit * 100);
    this.#peakCents = Math.max(this.#peakCents, this.#profitCents);
    this.#maxDrawdownCents = Math.max(this.#maxDrawdownCents, this.#peakCents - this.#profitCents);
  }

  get settled(): number {
    return this.wins + this.losses + this.sold;
  }
  get profit(): number {
    return this.#profitCents / 100;
  }
  /** The largest fall of the running P/L from its highest point so far. */
  get maxDrawdown(): number {
    return this.#maxDrawdownCents / 100;
  }

  toJSON() {
    return {
      contracts: this.settled,
      won: this.wins,
      lost: this.losses,
      sold: this.sold,
      profit: this.profit,
      max_drawdown: this.maxDrawdown,
    };
  }

  toText(currency: string): string {
    const sold = this.sold > 0 ? `, ${this.sold} sold` : '';
    return `${this.settled} contracts: ${this.wins} won, ${this.losses} lost${sold}; profit ${signed(this.profit)} ${currency}, max drawdown ${this.maxDrawdown.toFixed(2)} ${currency}`;
  }
}

export function signed(amount: number): string {
  return signedMoney(amount, 2);
}

/** `[#####·····] 12/50  P/L +3.20` for a terminal, redrawn in place. */
export function progressBar(done: number, total: number, profit: number, width = 20): string {
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}  P/L ${signed(profit)}`;
}
