/**
 * Compile-time tests of the new API's types (src/client/options-types.ts): its renames are
 * type errors where the server would answer `InputValidationFailed`. Checked by `tsc` in
 * `npm run typecheck`; nothing here runs.
 */
import type { ProposalOpenContract } from '@deriv/api-types';
import type {
  Contract,
  DerivClient,
  OptionsAccount,
  OptionsActiveSymbol,
  OptionsBalance,
  OptionsRest,
  RestError,
} from '../../src/client/options-node.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<_T extends true>(): void {}

const CALL = {
  proposal: 1,
  contract_type: 'CALL',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  duration: 5,
  duration_unit: 't',
} as const;

export async function aProposalNamesItsUnderlyingSymbol(client: DerivClient): Promise<void> {
  const priced = await client.send({ ...CALL, underlying_symbol: 'R_100' });
  assert<Equal<typeof priced.msg_type, 'proposal'>>();
  // @ts-expect-error the new API renamed symbol to underlying_symbol
  void client.send({ ...CALL, symbol: 'R_100' });
  // @ts-expect-error symbol is refused even beside underlying_symbol (strict schemas)
  void client.send({ ...CALL, underlying_symbol: 'R_100', symbol: 'R_100' });
  // @ts-expect-error loginid is gone from every request
  void client.send({ ...CALL, underlying_symbol: 'R_100', loginid: 'CR1' });

  client.proposal({ ...CALL, underlying_symbol: 'R_100' });
  // @ts-expect-error
  client.proposal({ ...CALL, symbol: 'R_100' });
  client.subscribe({ ...CALL, underlying_symbol: 'R_100' });
  // @ts-expect-error
  client.subscribe({ ...CALL, symbol: 'R_100' });
}

export async function buyingTakesTheNewNames(client: DerivClient): Promise<void> {
  const contract = await client.buy({ ...CALL, underlying_symbol: 'R_100', maxPrice: 1 });
  assert<Equal<typeof contract, Contract>>();
  assert<Equal<typeof contract.latest, ProposalOpenContract | undefined>>();
  // @ts-expect-error
  void client.buy({ ...CALL, symbol: 'R_100' });
  const { contract_type, currency, basis, amount, duration, duration_unit } = CALL;
  const parameters = { contract_type, currency, basis, amount, duration, duration_unit };
  void client.send({ buy: '1', price: 1, parameters: { ...parameters, underlying_symbol: 'R_100' } });
  // @ts-expect-error buy parameters are renamed alike
  void client.send({ buy: '1', price: 1, parameters: { ...parameters, symbol: 'R_100' } });
  // @ts-expect-error price is a number, never a string
  void client.send({ buy: '1', price: '1' });
}

export async function repliesHaveTheNewShapes(client: DerivClient, rest: OptionsRest): Promise<void> {
  const symbols = await client.send({ active_symbols: 'brief' });
  assert<Equal<(typeof symbols.active_symbols)[number], OptionsActiveSymbol>>();
  const name: string = symbols.active_symbols[0]!.underlying_symbol_name;
  void name;
  // @ts-expect-error active_symbols takes no product_type on the new API
  void client.send({ active_symbols: 'brief', product_type: 'basic' });
  // @ts-expect-error one socket, one account
  void client.send({ balance: 1, account: 'all' });
  const { balance } = await client.send({ balance: 1 });
  assert<Equal<typeof balance, OptionsBalance>>();
  assert<Equal<typeof client.account, OptionsBalance | undefined>>();
  for await (const message of client.subscribe({ balance: 1 })) {
    const loginid: string = message.balance.loginid;
    void loginid;
  }
  const contracts = (await client.send({ portfolio: 1 })).portfolio.contracts;
  const symbol: string = contracts[0]!.underlying_symbol;
  void symbol;
  const open = (await client.send({ proposal_open_contract: 1, contract_id: 1 })).proposal_open_contract;
  assert<Equal<typeof open.bid_price, number | string | undefined>>();
  assert<Equal<Awaited<ReturnType<typeof rest.accounts>>, OptionsAccount[]>>();
  assert<Equal<Awaited<ReturnType<typeof rest.otp>>, string>>();
  // @ts-expect-error a call the new API does not have
  void client.send({ website_status: 1 });
}

export function restErrorsSayWhetherAuthFailed(error: RestError): void {
  assert<Equal<typeof error.status, number>>();
  assert<Equal<typeof error.isAuthError, boolean>>();
  assert<Equal<typeof error.field, string | undefined>>();
}

export function switchingAccounts(client: DerivClient): Promise<void> {
  assert<Equal<typeof client.accountId, string | undefined>>();
  return client.switchAccount('DOT90004581');
}
