import { describe, expect, it } from 'vitest';
import { parseAccountsConfig } from '../../../src/server/accounts/accounts-config.js';
import { ensureDemoAccount, seedAccounts } from '../../../src/server/store/seed.js';
import { allRows, refusal } from './store-helpers.js';
import { useStoreFiles } from './store-files.js';

const config = (balance: number, token = 'fileTokenCr1aa') =>
  parseAccountsConfig({
    accounts: [
      {
        loginid: 'CR1',
        currency: 'EUR',
        balance,
        is_virtual: false,
        user_id: 4,
        tokens: [{ token, scopes: ['read', 'trade'] }],
      },
      {
        loginid: 'VRTC2',
        currency: 'USD',
        balance: 0.29,
        is_virtual: true,
        fullname: 'Vee',
        country: 'de',
        user_id: 4,
        tokens: [],
      },
    ],
  });

describe('seeding a store: the accounts file, and the demo account once per database', () => {
  const { open } = useStoreFiles('seed');

  it('seeds accounts with the defaults for what the file leaves out, balances in exact cents', async () => {
    const store = open();
    await seedAccounts(store, config(1234.56));
    expect(await store.accountsOfUser(4)).toEqual([
      {
        loginid: 'CR1',
        currency: 'EUR',
        balanceCents: 123_456,
        isVirtual: false,
        email: 'cr1@example.com',
        fullname: '',
        country: 'aq',
        landingCompanyName: 'svg',
        userId: 4,
      },
      {
        loginid: 'VRTC2',
        currency: 'USD',
        balanceCents: 29,
        isVirtual: true,
        email: 'vrtc2@example.com',
        fullname: 'Vee',
        country: 'de',
        landingCompanyName: 'virtual',
        userId: 4,
      },
    ]);
    expect(await store.grantFor('fileTokenCr1aa')).toEqual({ loginid: 'CR1', scopes: ['read', 'trade'] });
  });

  it('seeding again, on the next start, never overwrites a balance; new accounts and tokens are added', async () => {
    const first = open();
    await seedAccounts(first, config(100));
    await first.debit({ loginid: 'CR1', amountCents: 2_500, action: 'buy' });
    await first.close();
    const second = open();
    const changed = config(999);
    changed.accounts[0]!.tokens.push({ token: 'secondTokenCr1', scopes: ['read'] });
    changed.accounts.push({ loginid: 'CR3', currency: 'USD', balance: 5, is_virtual: false, tokens: [] });
    await seedAccounts(second, changed);
    expect((await second.account('CR1'))?.balanceCents).toBe(7_500);
    expect(await second.grantFor('secondTokenCr1')).toEqual({ loginid: 'CR1', scopes: ['read'] });
    expect((await second.account('CR3'))?.balanceCents).toBe(500);
    expect((await allRows(second, 'CR1')).map((row) => row.amountCents)).toEqual([10_000, -2_500]);
  });

  it('a file whose token grants another account in the database is refused', async () => {
    const store = open();
    await seedAccounts(store, config(1));
    const clash = parseAccountsConfig({
      accounts: [
        {
          loginid: 'CR9',
          currency: 'USD',
          balance: 1,
          is_virtual: false,
          tokens: [{ token: 'fileTokenCr1aa', scopes: [] }],
        },
      ],
    });
    const error = await refusal(seedAccounts(store, clash));
    expect(error).toMatchObject({
      code: 'DuplicateToken',
      message: 'a token given to CR9 already grants another account',
    });
    expect(await store.grantFor('fileTokenCr1aa')).toEqual({ loginid: 'CR1', scopes: ['read', 'trade'] });
  });

  it('the demo account is made once per file: every start, and every process on the file, gets the same token', async () => {
    const store = open();
    const first = await ensureDemoAccount(store);
    expect(first.loginid).toBe('VRTC1000001');
    expect(first.token).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(await store.account('VRTC1000001')).toMatchObject({
      currency: 'USD',
      balanceCents: 1_000_000,
      isVirtual: true,
      fullname: 'Demo Trader',
    });
    expect(await store.grantFor(first.token)).toEqual({
      loginid: 'VRTC1000001',
      scopes: ['read', 'trade', 'trading_information', 'payments', 'admin'],
    });
    await store.debit({ loginid: 'VRTC1000001', amountCents: 100, action: 'buy' });
    await store.close();

    const [restarted, other] = [open(), open()];
    const [again, peer] = await Promise.all([ensureDemoAccount(restarted), ensureDemoAccount(other)]);
    expect(again).toEqual(first);
    expect(peer).toEqual(first);
    expect((await restarted.account('VRTC1000001'))?.balanceCents).toBe(999_900);
    expect(await allRows(restarted, 'VRTC1000001')).toHaveLength(2);
  });

  it('each :memory: store gets a demo account of its own', async () => {
    const [one, two] = await Promise.all([ensureDemoAccount(open(':memory:')), ensureDemoAccount(open(':memory:'))]);
    expect(one.token).not.toBe(two.token);
  });
});
