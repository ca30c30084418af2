import { describe, expect, it } from 'vitest';
import type { ContractSettlement } from '../../src/client/node.js';
import { progressBar, TradeTally } from '../../src/cli/trade-summary.js';

const settled = (status: ContractSettlement['status'], profit: number) =>
  ({ status, profit, sellPrice: 0, exitTick: undefined, exitTickTime: undefined, contract: {} }) as ContractSettlement;

describe('the trade tally', () => {
  it('counts outcomes, sums profit in cents and finds the largest fall from a high', () => {
    const tally = new TradeTally();
    for (const [status, profit] of [
      ['won', 0.1],
      ['won', 0.2],
      ['lost', -1],
      ['sold', 0.35],
      ['lost', -1],
      ['won', 3],
    ] as const)
      tally.add(settled(status, profit));
    expect(tally.toJSON()).toEqual({ contracts: 6, won: 3, lost: 2, sold: 1, profit: 1.65, max_drawdown: 1.65 });
    expect(tally.toText('USD')).toBe('6 contracts: 3 won, 2 lost, 1 sold; profit +1.65 USD, max drawdown 1.65 USD');
  });

  it('draws a bar of contracts done and the running P/L', () => {
    expect(progressBar(5, 20, -1.5, 10)).toBe('[###·······] 5/20  P/L -1.50');
    expect(progressBar(0, 0, 0, 4)).toBe('[····] 0/0  P/L +0.00');
  });
});
