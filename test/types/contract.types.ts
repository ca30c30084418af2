/**
 * Compile-time tests of the trading surface: `buy`, `Contract`, `proposal`. Checked by `tsc`
 * in `npm run typecheck`; nothing here runs.
 */
import type { Cancel, ContractUpdate, Proposal, ProposalOpenContract, Sell } from '@deriv/api-types';
import type { Contract, ContractSettlement, DerivClient, ProposalStream } from '../../src/client/node.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<_T extends true>(): void {}

export async function buyingIsTyped(client: DerivClient): Promise<void> {
  const contract = await client.buy({
    proposal: 1,
    contract_type: 'CALL',
    symbol: 'R_100',
    currency: 'USD',
    basis: 'stake',
    amount: 1,
    duration: 5,
    duration_unit: 't',
    maxPrice: 1,
  });
  assert<Equal<typeof contract, Contract>>();
  assert<Equal<typeof contract.id, number>>();
  assert<Equal<typeof contract.buyPrice, number>>();
  assert<Equal<typeof contract.latest, ProposalOpenContract | undefined>>();
  for await (const update of contract) assert<Equal<typeof update, ProposalOpenContract>>();
  const settled = await contract.settled;
  assert<Equal<typeof settled, ContractSettlement>>();
  assert<Equal<typeof settled.status, 'won' | 'lost' | 'sold' | 'cancelled'>>();
  assert<Equal<typeof settled.exitTick, number | undefined>>();
  assert<Equal<Awaited<ReturnType<Contract['sell']>>, Sell>>();
  assert<Equal<Awaited<ReturnType<Contract['update']>>, ContractUpdate>>();
  assert<Equal<Awaited<ReturnType<Contract['cancel']>>, Cancel>>();
  await contract.update({ takeProfit: 5, stopLoss: null });
  // @ts-expect-error a take-profit is an amount, or null to remove it
  await contract.update({ takeProfit: '5' });
  // @ts-expect-error the fields are camelCase, as everywhere in the client
  await contract.update({ take_profit: 5 });
  contract.on('update', (update) => assert<Equal<typeof update, ProposalOpenContract>>());
  contract.on('settled', (settlement) => assert<Equal<typeof settlement, ContractSettlement>>());

  await client.buy({ proposalId: 'abc', price: 5 });
  // @ts-expect-error a price is needed with a proposal id
  await client.buy({ proposalId: 'abc' });
  // @ts-expect-error a buy is a proposal request or an id, not anything
  await client.buy({ ticks: 'R_100' });
  // @ts-expect-error proposal fields keep their real types
  await client.buy({ proposal: 1, contract_type: 'CALL', currency: 'USD', symbol: 'R_100', duration_unit: 'weeks' });
}

export function pricesAreTyped(client: DerivClient): void {
  const prices = client.proposal({ proposal: 1, contract_type: 'CALL', currency: 'USD', symbol: 'R_100' });
  assert<Equal<typeof prices, ProposalStream>>();
  assert<Equal<typeof prices.latest, Proposal | undefined>>();
  prices.on('price', (price) => assert<Equal<typeof price.ask_price, number>>());
  // @ts-expect-error the price stream subscribes itself
  client.proposal({ proposal: 1, contract_type: 'CALL', currency: 'USD', symbol: 'R_100', subscribe: 1 });
}
