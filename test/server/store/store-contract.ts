import { afterEach, describe, expect, it } from 'vitest';
import type { AccountEvent, Store } from '../../../src/server/store/store.js';
import { ledgerModelProperty } from './ledger-model.js';
import { contractOrder } from './contract-orders.js';
import { contractUpdateCases } from './contract-update-cases.js';
import { allRows, expectConsistentChain, newAccount, refusal } from './store-helpers.js';

/** How the shared suite gets stores of one implementation. */
export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Another store on the same data as `store` (a second connection, a second node), where the implementation has one. */
  openPeer?(store: Store): Promise<Store>;
  /** Runs of the random-sequence property (fewer where each commit waits for a disk). */
  propertyRuns: number;
}

/**
 * The store's contract, run against every implementation (SQLite `:memory:`, an SQLite file,
 * and Redis later). Nothing here knows how a store keeps its data.
 */
export function storeContract(name: string, harness: StoreHarness): void {
  describe(`the store contract: ${name}`, () => {
    const opened: Store[] = [];
    const open = async () => {
      const store = await harness.open();
      opened.push(store);
      return store;
    };
    const openPeer = async (store: Store) => {
      const peer = await harness.openPeer!(store);
      opened.push(peer);
      return peer;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describe('accounts and tokens', () => {
      it('ensureAccount creates an account once, with its opening balance as a deposit row; a second ensure changes nothing', async () => {
        const store = await open();
        const first = await store.ensureAccount(newAccount('CR100', 10_000));
        expect(first.created).toBe(true);
        expect(first.account).toEqual({
          loginid: 'CR100',
          currency: 'USD',
          balanceCents: 10_000,
          isVirtual: false,
          email: 'cr100@example.com',
          fullname: 'Test Trader',
          country: 'aq',
          landingCompanyName: 'svg',
          userId: 1,
        });
        await store.debit({ loginid: 'CR100', amountCents: 2_500, action: 'buy' });
        const second = await store.ensureAccount(
          newAccount('CR100', 99_999, { currency: 'EUR', fullname: 'Someone Else' }),
        );
        expect(second).toEqual({ created: false, account: { ...first.account, balanceCents: 7_500 } });
        const rows = await allRows(store, 'CR100');
        expect(rows.map((row) => [row.action, row.amountCents, row.description])).toEqual([
          ['deposit', 10_000, 'Opening balance'],
          ['buy', -2_500, ''],
        ]);
      });

      it('an account opened with 0 has no rows; unknown accounts are undefined', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR101', 0));
        expect((await store.account('CR101'))?.balanceCents).toBe(0);
        expect(await allRows(store, 'CR101')).toEqual([]);
        expect(await store.account('CR999')).toBeUndefined();
      });

      it("accountsOfUser lists a user's accounts in the order they were created, and no one else's", async () => {
        const store = await open();
        await store.ensureAccount(newAccount('VRTC300', 1, { userId: 7 }));
        await store.ensureAccount(newAccount('CR300', 2, { userId: 8 }));
        await store.ensureAccount(newAccount('CR200', 3, { userId: 7 }));
        expect((await store.accountsOfUser(7)).map((account) => account.loginid)).toEqual(['VRTC300', 'CR200']);
        expect(await store.accountsOfUser(9)).toEqual([]);
      });

      it('addToken grants an account; the same grant again is not new; a token of another account is refused without showing it', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR400', 0));
        await store.ensureAccount(newAccount('CR401', 0));
        expect(await store.addToken('tokenOfCr400aa', { loginid: 'CR400', scopes: ['read', 'trade'] })).toEqual({
          created: true,
        });
        expect(await store.grantFor('tokenOfCr400aa')).toEqual({ loginid: 'CR400', scopes: ['read', 'trade'] });
        expect(await store.addToken('tokenOfCr400aa', { loginid: 'CR400', scopes: ['admin'] })).toEqual({
          created: false,
        });
        expect(await store.grantFor('tokenOfCr400aa')).toEqual({ loginid: 'CR400', scopes: ['read', 'trade'] });
        const duplicate = await refusal(store.addToken('tokenOfCr400aa', { loginid: 'CR401', scopes: ['read'] }));
        expect(duplicate.code).toBe('DuplicateToken');
        expect(duplicate.message).toBe('a token given to CR401 already grants another account');
        expect((await refusal(store.addToken('tokenOfNobody1', { loginid: 'CR999', scopes: [] }))).code).toBe(
          'UnknownAccount',
        );
        expect(await store.grantFor('tokenOfNobody1')).toBeUndefined();
      });
    });

    describe('debit: atomic, covered or refused', () => {
      it('60 concurrent debits of 5 on 100: exactly 20 rows, 40 InsufficientBalance, balance 0, never negative', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR500', 100));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 60 }, () => store.debit({ loginid: 'CR500', amountCents: 5, action: 'buy' })),
        );
        const taken = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(taken).toHaveLength(20);
        expect(refused).toHaveLength(40);
        for (const { reason } of refused) {
          expect(reason).toMatchObject({
            code: 'InsufficientBalance',
            loginid: 'CR500',
            currency: 'USD',
            balanceCents: 0,
            amountCents: 5,
          });
        }
        expect((await store.account('CR500'))?.balanceCents).toBe(0);
        const rows = await allRows(store, 'CR500');
        expect(rows.filter((row) => row.action === 'buy')).toHaveLength(20);
        expectConsistentChain(rows, 0);
      });

      it('a refused debit says what the balance and the amount were, and writes nothing', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR501', 100, { currency: 'EUR' }));
        const error = await refusal(store.debit({ loginid: 'CR501', amountCents: 150, action: 'buy' }));
        expect(error).toMatchObject({
          code: 'InsufficientBalance',
          currency: 'EUR',
          balanceCents: 100,
          amountCents: 150,
        });
        expect(await allRows(store, 'CR501')).toHaveLength(1);
        expect((await refusal(store.debit({ loginid: 'CR999', amountCents: 1, action: 'buy' }))).code).toBe(
          'UnknownAccount',
        );
      });

      it('the row carries what the caller said, the signed amount and the balance after', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR502', 1_000));
        const row = await store.debit({
          loginid: 'CR502',
          amountCents: 519,
          action: 'buy',
          contractId: 77,
          description: 'Win payout if …',
          timeMs: 1_700_000_000_123,
        });
        expect(row).toEqual({
          transactionId: row.transactionId,
          loginid: 'CR502',
          action: 'buy',
          amountCents: -519,
          balanceAfterCents: 481,
          timeMs: 1_700_000_000_123,
          contractId: 77,
          referenceId: undefined,
          description: 'Win payout if …',
          creditKey: undefined,
        });
        expect(Number.isSafeInteger(row.transactionId)).toBe(true);
      });

      it('amounts that are not whole positive cents are refused before anything is written', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR503', 1_000));
        for (const amountCents of [
          0,
          -5,
          1.5,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          2 ** 53,
          '5' as unknown as number,
        ]) {
          expect(
            (await refusal(store.debit({ loginid: 'CR503', amountCents, action: 'buy' }))).code,
            String(amountCents),
          ).toBe('InvalidAmount');
        }
        expect(
          (await refusal(store.creditOnce({ loginid: 'CR503', amountCents: -1, action: 'sell', key: 'k' }))).code,
        ).toBe('InvalidAmount');
        expect((await refusal(store.setBalance('CR503', -1))).code).toBe('InvalidAmount');
        expect((await refusal(store.adjustBalance('CR503', 0.5))).code).toBe('InvalidAmount');
        expect(await allRows(store, 'CR503')).toHaveLength(1);
      });
    });

    describe('creditOnce: idempotent per account and key', () => {
      it('20 concurrent credits with one key: one applied, the rest return its row and change nothing', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR600', 100));
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.creditOnce({
              loginid: 'CR600',
              amountCents: 195,
              action: 'sell',
              key: 'settle:1',
              contractId: 1,
              referenceId: 9,
            }),
          ),
        );
        expect(results.filter((result) => result.applied)).toHaveLength(1);
        const row = results.find((result) => result.applied)!.row;
        for (const result of results) expect(result.row).toEqual(row);
        expect(row).toMatchObject({
          amountCents: 195,
          balanceAfterCents: 295,
          creditKey: 'settle:1',
          contractId: 1,
          referenceId: 9,
        });
        expect((await store.account('CR600'))?.balanceCents).toBe(295);
        const later = await store.creditOnce({ loginid: 'CR600', amountCents: 500, action: 'sell', key: 'settle:1' });
        expect(later).toEqual({ applied: false, row });
        expect(await allRows(store, 'CR600')).toHaveLength(2);
      });

      it("keys are per account, and a credit of 0 is a row (a lost contract's sell)", async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR601', 0));
        await store.ensureAccount(newAccount('CR602', 0));
        const [a, b] = await Promise.all([
          store.creditOnce({ loginid: 'CR601', amountCents: 0, action: 'sell', key: 'settle:5' }),
          store.creditOnce({ loginid: 'CR602', amountCents: 10, action: 'sell', key: 'settle:5' }),
        ]);
        expect([a.applied, b.applied]).toEqual([true, true]);
        expect(a.row).toMatchObject({ amountCents: 0, balanceAfterCents: 0 });
        expect((await store.account('CR602'))?.balanceCents).toBe(10);
        expect(
          (await refusal(store.creditOnce({ loginid: 'CR999', amountCents: 1, action: 'sell', key: 'x' }))).code,
        ).toBe('UnknownAccount');
      });

      it.skipIf(!harness.openPeer)('two stores on the same data credit a key once between them', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR603', 0));
        const peer = await openPeer(store);
        const request = { loginid: 'CR603', amountCents: 40, action: 'sell', key: 'settle:8' } as const;
        const results = await Promise.all([store, peer, store, peer].map((s) => s.creditOnce(request)));
        expect(results.filter((result) => result.applied)).toHaveLength(1);
        expect((await peer.account('CR603'))?.balanceCents).toBe(40);
      });
    });

    describe('topUp: raises a balance to a level, once', () => {
      it('credits the difference as one row; at or above the level it writes nothing; 10 at once credit it once', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR650', 2_500));
        const request = {
          loginid: 'CR650',
          balanceCents: 10_000,
          action: 'virtual_credit',
          description: 'reset',
        } as const;
        const results = await Promise.all(Array.from({ length: 10 }, () => store.topUp(request)));
        const credited = results.filter((row) => row !== undefined);
        expect(credited).toHaveLength(1);
        expect(credited[0]).toMatchObject({
          action: 'virtual_credit',
          amountCents: 7_500,
          balanceAfterCents: 10_000,
          description: 'reset',
        });
        expect(await store.topUp(request)).toBeUndefined();
        await store.adjustBalance('CR650', 5);
        expect(await store.topUp(request)).toBeUndefined();
        const rows = await allRows(store, 'CR650');
        expect(rows).toHaveLength(3);
        expectConsistentChain(rows, 10_005);
        expect((await refusal(store.topUp({ ...request, loginid: 'CR999' }))).code).toBe('UnknownAccount');
        expect((await refusal(store.topUp({ ...request, balanceCents: -1 }))).code).toBe('InvalidAmount');
      });
    });

    describe('test hooks: setBalance and adjustBalance write adjustment rows', () => {
      it('setBalance writes the difference; adjustBalance adds; neither goes below 0', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR700', 1_000));
        expect(await store.setBalance('CR700', 5_000)).toMatchObject({
          action: 'adjustment',
          amountCents: 4_000,
          balanceAfterCents: 5_000,
        });
        expect(await store.setBalance('CR700', 5_000)).toMatchObject({
          action: 'adjustment',
          amountCents: 0,
          balanceAfterCents: 5_000,
        });
        expect(await store.adjustBalance('CR700', -3_450)).toMatchObject({
          action: 'adjustment',
          amountCents: -3_450,
          balanceAfterCents: 1_550,
        });
        expect(await store.adjustBalance('CR700', 25)).toMatchObject({ amountCents: 25, balanceAfterCents: 1_575 });
        expect(await refusal(store.adjustBalance('CR700', -1_576))).toMatchObject({
          code: 'InsufficientBalance',
          balanceCents: 1_575,
          amountCents: 1_576,
        });
        expect(await store.setBalance('CR700', 0)).toMatchObject({ amountCents: -1_575, balanceAfterCents: 0 });
        expect((await refusal(store.setBalance('CR999', 1))).code).toBe('UnknownAccount');
        expectConsistentChain(await allRows(store, 'CR700'), 0);
      });
    });

    describe('contracts: bought atomically, sold once', () => {
      it('buyContract takes the price and writes the buy row and the contract together, announced in that order', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR300', 10_000));
        const events: AccountEvent[] = [];
        store.onAccountEvent((event) => events.push(event));
        const order = contractOrder('CR300', 2_500);
        const { contract, row } = await store.buyContract(order);
        expect(row).toMatchObject({
          loginid: 'CR300',
          action: 'buy',
          amountCents: -2_500,
          balanceAfterCents: 7_500,
          timeMs: order.purchaseTimeMs,
          contractId: contract.contractId,
          description: order.longcode,
        });
        expect(contract).toEqual({
          ...order,
          contractId: contract.contractId,
          buyTransactionId: row.transactionId,
          sale: undefined,
          updates: [],
        });
        expect(contract.contractId).not.toBe(row.transactionId);
        expect(await store.contract(contract.contractId)).toEqual(contract);
        expect(events).toEqual([
          { kind: 'ledger-row', row, contract },
          { kind: 'contract', contract },
        ]);
        const second = await store.buyContract(contractOrder('CR300', 100));
        expect(second.contract.contractId).toBeGreaterThan(contract.contractId);
        expect((await store.account('CR300'))?.balanceCents).toBe(7_400);
      });

      it('a buy the balance does not cover writes nothing; 60 concurrent buys of 5 on 100 make exactly 20 contracts', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR301', 100));
        const refused = await refusal(store.buyContract(contractOrder('CR301', 101)));
        expect(refused).toMatchObject({ code: 'InsufficientBalance', balanceCents: 100, amountCents: 101 });
        expect(await store.contracts({ loginid: 'CR301', state: 'open', limit: 100 })).toEqual([]);
        const results = await Promise.allSettled(
          Array.from({ length: 60 }, () => store.buyContract(contractOrder('CR301', 5))),
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20);
        for (const result of results)
          if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'InsufficientBalance' });
        expect((await store.account('CR301'))?.balanceCents).toBe(0);
        expect(await store.contracts({ loginid: 'CR301', state: 'open', limit: 100 })).toHaveLength(20);
        const rows = await allRows(store, 'CR301');
        expect(rows.filter((row) => row.action === 'buy')).toHaveLength(20);
        expectConsistentChain(rows, 0);
      });

      it('sellContract credits once with a sell row naming the buy; a repeat, or a concurrent one, changes nothing', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR302', 1_000));
        const { contract } = await store.buyContract(contractOrder('CR302', 400));
        const sale = {
          contractId: contract.contractId,
          sellPriceCents: 800,
          sellTimeMs: contract.expiryTimeMs,
          outcome: '{"status":"won"}',
        };
        const results = await Promise.all(Array.from({ length: 10 }, () => store.sellContract(sale)));
        expect(results.filter((result) => result.applied)).toHaveLength(1);
        const { row, contract: sold } = results[0]!;
        expect(row).toMatchObject({
          action: 'sell',
          amountCents: 800,
          balanceAfterCents: 1_400,
          contractId: contract.contractId,
          referenceId: contract.buyTransactionId,
          timeMs: sale.sellTimeMs,
        });
        expect(sold.sale).toEqual({
          sellPriceCents: 800,
          sellTimeMs: sale.sellTimeMs,
          sellTransactionId: row.transactionId,
          outcome: sale.outcome,
        });
        for (const result of results) expect(result.row).toEqual(row);
        const again = await store.sellContract({ ...sale, sellPriceCents: 1 });
        expect(again).toEqual({ contract: sold, row, applied: false });
        expect((await store.account('CR302'))?.balanceCents).toBe(1_400);
      });

      it('a sale given the contract it holds sells that contract, and a held record that is not the stored one changes nothing', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR306', 1_000));
        await store.ensureAccount(newAccount('CR307', 1_000));
        const { contract } = await store.buyContract(contractOrder('CR306', 400));
        const sale = { contractId: contract.contractId, sellPriceCents: 800, sellTimeMs: 1, outcome: '{}' };
        // A record naming another account (or another buy) is not this contract's: the stored row decides.
        const forged = { ...contract, loginid: 'CR307' };
        const first = await store.sellContract({ ...sale, held: forged });
        expect(first.applied).toBe(true);
        expect(first.row).toMatchObject({ loginid: 'CR306', amountCents: 800, balanceAfterCents: 1_400 });
        expect(first.contract).toEqual(await store.contract(contract.contractId));
        expect((await store.account('CR307'))?.balanceCents).toBe(1_000);
        // Held while another sold it: sold once, the first sale answered.
        expect(await store.sellContract({ ...sale, held: contract })).toEqual({ ...first, applied: false });

        const { contract: second } = await store.buyContract(contractOrder('CR306', 100));
        const sold = await store.sellContract({ ...sale, contractId: second.contractId, held: second });
        expect(sold.contract).toEqual(await store.contract(second.contractId));
        expect(sold.row).toMatchObject({ loginid: 'CR306', referenceId: second.buyTransactionId, amountCents: 800 });
        expect(
          await refusal(store.sellContract({ ...sale, contractId: 42, held: { ...second, contractId: 42 } })),
        ).toMatchObject({ code: 'UnknownContract', contractId: 42 });
      });

      it('a lost contract is sold for 0, still a row; an unknown contract is UnknownContract', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR303', 1_000));
        const { contract } = await store.buyContract(contractOrder('CR303', 300));
        const { row } = await store.sellContract({
          contractId: contract.contractId,
          sellPriceCents: 0,
          sellTimeMs: contract.expiryTimeMs,
          outcome: '{}',
        });
        expect(row).toMatchObject({ action: 'sell', amountCents: 0, balanceAfterCents: 700 });
        expect(
          await refusal(store.sellContract({ contractId: 42, sellPriceCents: 0, sellTimeMs: 0, outcome: '' })),
        ).toMatchObject({ code: 'UnknownContract', contractId: 42 });
        expect(await store.contract(42)).toBeUndefined();
      });

      it('contracts() lists open or sold ones, by account, expiry bound, time, type, order and page', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR304', 10_000));
        await store.ensureAccount(newAccount('CR305', 10_000));
        const bought = [];
        for (let i = 0; i < 5; i++) {
          bought.push(
            (
              await store.buyContract(
                contractOrder('CR304', 100, {
                  purchaseTimeMs: 1_000 * i,
                  expiryTimeMs: 1_000 * i + 500,
                  contractType: i % 2 ? 'PUT' : 'CALL',
                }),
              )
            ).contract,
          );
        }
        await store.buyContract(contractOrder('CR305', 100));
        for (const contract of bought.slice(0, 2)) {
          await store.sellContract({
            contractId: contract.contractId,
            sellPriceCents: 0,
            sellTimeMs: contract.expiryTimeMs,
            outcome: '',
          });
        }
        const ids = (contracts: { contractId: number }[]) => contracts.map((contract) => contract.contractId);
        const [c0, c1, c2, c3, c4] = ids(bought);
        expect(ids(await store.contracts({ loginid: 'CR304', state: 'open', limit: 10 }))).toEqual([c4, c3, c2]);
        expect(ids(await store.contracts({ loginid: 'CR304', state: 'open', limit: 10, order: 'ASC' }))).toEqual([
          c2,
          c3,
          c4,
        ]);
        expect(ids(await store.contracts({ loginid: 'CR304', state: 'sold', limit: 10 }))).toEqual([c1, c0]);
        expect(ids(await store.contracts({ loginid: 'CR304', state: 'open', expiringByMs: 3_500, limit: 10 }))).toEqual(
          [c3, c2],
        );
        expect(ids(await store.contracts({ state: 'open', expiringByMs: 3_500, limit: 10 }))).toEqual([c3, c2]);
        expect(await store.contracts({ state: 'open', limit: 10 })).toHaveLength(4);
        // The same open contracts by id alone, soonest expiry first, sold ones never.
        expect(await store.openContractIds(3_500)).toEqual([c2, c3]);
        expect(await store.openContractIds(Number.MAX_SAFE_INTEGER)).toHaveLength(4);
        expect(await store.openContractIds(0)).toEqual([]);
        expect(
          ids(await store.contracts({ loginid: 'CR304', state: 'open', contractTypes: ['PUT'], limit: 10 })),
        ).toEqual([c3]);
        expect(
          ids(await store.contracts({ loginid: 'CR304', state: 'open', fromMs: 3_000, toMs: 4_000, limit: 10 })),
        ).toEqual([c4, c3]);
        expect(ids(await store.contracts({ loginid: 'CR304', state: 'open', limit: 1, offset: 1 }))).toEqual([c3]);
        expect((await refusal(store.contracts({ state: 'open', limit: -1 }))).code).toBe('InvalidQuery');
      });
    });

    contractUpdateCases(open, harness.openPeer && openPeer);

    describe('reading the ledger', () => {
      it('newest first, one account only, with limit, offset, a time range (inclusive) and an action', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR800', 0));
        await store.ensureAccount(newAccount('CR801', 0));
        for (let i = 1; i <= 6; i++) {
          await store.creditOnce({
            loginid: 'CR800',
            amountCents: i,
            action: i % 2 ? 'sell' : 'deposit',
            key: `k${i}`,
            timeMs: i * 1_000,
          });
          await store.creditOnce({
            loginid: 'CR801',
            amountCents: 100,
            action: 'sell',
            key: `k${i}`,
            timeMs: i * 1_000,
          });
        }
        const amounts = async (query: Parameters<Store['ledger']>[1]) =>
          (await store.ledger('CR800', query)).map((row) => row.amountCents);
        expect(await amounts({ limit: 100 })).toEqual([6, 5, 4, 3, 2, 1]);
        expect(await amounts({ limit: 2 })).toEqual([6, 5]);
        expect(await amounts({ limit: 2, offset: 3 })).toEqual([3, 2]);
        expect(await amounts({ limit: 100, offset: 6 })).toEqual([]);
        expect(await amounts({ limit: 100, fromMs: 2_000, toMs: 4_000 })).toEqual([4, 3, 2]);
        expect(await amounts({ limit: 100, fromMs: 5_000 })).toEqual([6, 5]);
        expect(await amounts({ limit: 100, action: 'sell' })).toEqual([5, 3, 1]);
        expect(await amounts({ limit: 0 })).toEqual([]);
        expect(await store.ledger('CR999', { limit: 10 })).toEqual([]);
        for (const query of [{ limit: -1 }, { limit: 1.5 }, { limit: 10, offset: -1 }]) {
          expect((await refusal(store.ledger('CR800', query))).code).toBe('InvalidQuery');
        }
      });
    });

    describe('meta: first writer wins', () => {
      it('setOnce keeps the first value, also among concurrent writers', async () => {
        const store = await open();
        expect(await store.meta('market-seed')).toBeUndefined();
        const answers = await Promise.all(['11', '22', '33'].map((value) => store.setOnce('market-seed', value)));
        expect(answers).toEqual(['11', '11', '11']);
        expect(await store.setOnce('market-seed', '44')).toBe('11');
        expect(await store.meta('market-seed')).toBe('11');
      });

      it.skipIf(!harness.openPeer)('a peer sees the first value and cannot replace it', async () => {
        const store = await open();
        const peer = await openPeer(store);
        const [mine, theirs] = await Promise.all([
          store.setOnce('clock-anchor', 'a'),
          peer.setOnce('clock-anchor', 'b'),
        ]);
        expect(mine).toBe(theirs);
        expect(await peer.meta('clock-anchor')).toBe(mine);
      });

      it('replaceMeta replaces only the value expected: of concurrent writers from one value, one wins', async () => {
        const store = await open();
        await store.setOnce('market-clock', 'v1');
        const peer = harness.openPeer ? await openPeer(store) : store;
        const answers = await Promise.all([
          store.replaceMeta('market-clock', 'v1', 'mine'),
          peer.replaceMeta('market-clock', 'v1', 'theirs'),
        ]);
        expect(answers[0]).toBe(answers[1]);
        expect(['mine', 'theirs']).toContain(answers[0]);
        expect(await store.replaceMeta('market-clock', 'v1', 'late')).toBe(answers[0]);
        expect(await store.meta('market-clock')).toBe(answers[0]);
        // A key never set stays unset: there is nothing to compare with.
        expect(await store.replaceMeta('unset', 'x', 'y')).toBeUndefined();
        expect(await store.meta('unset')).toBeUndefined();
      });
    });

    describe('account events', () => {
      it('one event per committed row, in commit order; none for refusals or repeated keys; stop ends them', async () => {
        const store = await open();
        const events: AccountEvent[] = [];
        const stop = store.onAccountEvent((event) => events.push(event));
        await store.ensureAccount(newAccount('CR900', 10));
        await Promise.allSettled([
          store.debit({ loginid: 'CR900', amountCents: 4, action: 'buy' }),
          store.debit({ loginid: 'CR900', amountCents: 7, action: 'buy' }), // refused
          store.creditOnce({ loginid: 'CR900', amountCents: 3, action: 'sell', key: 'a' }),
          store.creditOnce({ loginid: 'CR900', amountCents: 3, action: 'sell', key: 'a' }), // repeat
          store.adjustBalance('CR900', -100), // refused
        ]);
        const rows = await allRows(store, 'CR900');
        expect(events).toEqual(rows.map((row) => ({ kind: 'ledger-row', row })));
        expect(rows.map((row) => row.balanceAfterCents)).toEqual([10, 6, 9]);
        stop();
        await store.adjustBalance('CR900', 1);
        expect(events).toHaveLength(3);
      });

      it('an event comes no sooner than the commit: a peer reading at that moment finds the row', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR901', 50));
        const reader = harness.openPeer ? await openPeer(store) : store;
        const seen: Promise<number | undefined>[] = [];
        store.onAccountEvent((event) => {
          if (event.kind === 'ledger-row')
            seen.push(reader.account(event.row.loginid).then((account) => account?.balanceCents));
        });
        const row = await store.debit({ loginid: 'CR901', amountCents: 20, action: 'buy' });
        expect(row.balanceAfterCents).toBe(30);
        expect(await Promise.all(seen)).toEqual([30]);
      });
    });

    describe('close()', () => {
      it('commits what was requested before it; later calls are refused with StoreClosed; closing twice is fine', async () => {
        const store = await open();
        await store.ensureAccount(newAccount('CR950', 100));
        const pending = store.debit({ loginid: 'CR950', amountCents: 10, action: 'buy' });
        await store.close();
        expect((await pending).balanceAfterCents).toBe(90);
        for (const call of [
          () => store.account('CR950'),
          () => store.debit({ loginid: 'CR950', amountCents: 1, action: 'buy' }),
          () => store.setOnce('k', 'v'),
          () => store.ledger('CR950', { limit: 1 }),
        ]) {
          expect((await refusal(call())).code).toBe('StoreClosed');
        }
        await store.close();
      });
    });

    it('a random mix of debits, credits with repeated keys and adjustments, in random turns, matches the sequential model', async () => {
      await ledgerModelProperty(open, harness.propertyRuns);
    }, 60_000);
  });
}
