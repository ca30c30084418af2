import { describe, expect, it } from 'vitest';
import type { AccountEvent, Store } from '../../../src/server/store/store.js';
import { contractOrder } from './contract-orders.js';
import { newAccount, refusal } from './store-helpers.js';

/**
 * The store contract's part on contract updates (a multiplier's limit orders changed after its
 * purchase): written in order on an open contract only, read back with the contract, and a sale
 * worked out on other updates than the stored ones refused. Run by `storeContract`.
 */
export function contractUpdateCases(
  open: () => Promise<Store>,
  openPeer: ((store: Store) => Promise<Store>) | undefined,
) {
  describe('contract updates: in order, on open contracts, and sales that saw them', () => {
    it('updateContract appends numbered updates, read back with the contract and announced as it', async () => {
      const store = await open();
      await store.ensureAccount(newAccount('CR400', 1_000));
      const { contract } = await store.buyContract(contractOrder('CR400', 100));
      expect(contract.updates).toEqual([]);
      const events: AccountEvent[] = [];
      store.onAccountEvent((event) => events.push(event));
      const first = await store.updateContract({ contractId: contract.contractId, timeMs: 5_000, change: '{"a":1}' });
      const second = await store.updateContract({
        contractId: contract.contractId,
        timeMs: 6_000,
        change: '{"b":null}',
      });
      expect(first).toEqual({ ...contract, updates: [{ sequence: 1, timeMs: 5_000, change: '{"a":1}' }] });
      expect(second.updates).toEqual([
        { sequence: 1, timeMs: 5_000, change: '{"a":1}' },
        { sequence: 2, timeMs: 6_000, change: '{"b":null}' },
      ]);
      expect(events).toEqual([
        { kind: 'contract', contract: first },
        { kind: 'contract', contract: second },
      ]);
      expect(await store.contract(contract.contractId)).toEqual(second);
      expect(await store.contracts({ loginid: 'CR400', state: 'open', limit: 10 })).toEqual([second]);
      expect(await store.contracts({ state: 'open', limit: 10 })).toEqual([second]);
      // No money moves.
      expect((await store.account('CR400'))?.balanceCents).toBe(900);
      if (openPeer) expect(await (await openPeer(store)).contract(contract.contractId)).toEqual(second);
    });

    it('20 updates at once are numbered 1 to 20; a sold contract is ContractSold and an unknown one UnknownContract, writing nothing', async () => {
      const store = await open();
      await store.ensureAccount(newAccount('CR401', 1_000));
      const { contract } = await store.buyContract(contractOrder('CR401', 100));
      const updated = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.updateContract({ contractId: contract.contractId, timeMs: i, change: String(i) }),
        ),
      );
      expect(updated.at(-1)!.updates.map((update) => update.sequence)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const sale = { contractId: contract.contractId, sellPriceCents: 0, sellTimeMs: 30, outcome: '{}' };
      const sold = await store.sellContract(sale);
      expect(sold.contract.updates).toHaveLength(20);
      expect(
        await refusal(store.updateContract({ contractId: contract.contractId, timeMs: 31, change: 'late' })),
      ).toMatchObject({ code: 'ContractSold', contractId: contract.contractId });
      expect(await refusal(store.updateContract({ contractId: 42, timeMs: 31, change: 'x' }))).toMatchObject({
        code: 'UnknownContract',
        contractId: 42,
      });
      expect((await store.contract(contract.contractId))?.updates).toHaveLength(20);
    });

    it('a sale with another updateCount is ContractChanged and writes nothing; with the right one it sells', async () => {
      const store = await open();
      await store.ensureAccount(newAccount('CR402', 1_000));
      const { contract } = await store.buyContract(contractOrder('CR402', 100));
      const sale = { contractId: contract.contractId, sellPriceCents: 150, sellTimeMs: 9_000, outcome: '{}' };
      await store.updateContract({ contractId: contract.contractId, timeMs: 8_000, change: '{}' });
      // Held as bought (no updates): the held record is not the stored one, and the count is not either.
      for (const stale of [
        { ...sale, updateCount: 0 },
        { ...sale, updateCount: 0, held: contract },
      ]) {
        expect(await refusal(store.sellContract(stale))).toMatchObject({
          code: 'ContractChanged',
          contractId: contract.contractId,
          updateCount: 1,
        });
      }
      expect((await store.account('CR402'))?.balanceCents).toBe(900);
      expect((await store.contract(contract.contractId))?.sale).toBeUndefined();
      const sold = await store.sellContract({ ...sale, updateCount: 1, held: contract });
      expect(sold.applied).toBe(true);
      expect(sold.contract.updates).toHaveLength(1);
      expect(sold.contract).toEqual(await store.contract(contract.contractId));
      // Sold already: its first sale, whatever the count.
      expect(await store.sellContract({ ...sale, updateCount: 5 })).toEqual({ ...sold, applied: false });
      expect((await store.account('CR402'))?.balanceCents).toBe(1_050);
    });

    it('an update racing a sale that saw none: one of them wins, never both', async () => {
      const store = await open();
      await store.ensureAccount(newAccount('CR403', 1_000));
      for (let round = 0; round < 5; round++) {
        const { contract } = await store.buyContract(contractOrder('CR403', 10));
        const [update, sale] = await Promise.allSettled([
          store.updateContract({ contractId: contract.contractId, timeMs: 1, change: '{}' }),
          store.sellContract({
            contractId: contract.contractId,
            sellPriceCents: 0,
            sellTimeMs: 2,
            outcome: '{}',
            updateCount: 0,
          }),
        ]);
        const stored = (await store.contract(contract.contractId))!;
        if (update.status === 'fulfilled') {
          expect(sale).toMatchObject({ status: 'rejected', reason: { code: 'ContractChanged' } });
          expect(stored.sale).toBeUndefined();
        } else {
          expect(update.reason).toMatchObject({ code: 'ContractSold' });
          expect(sale.status).toBe('fulfilled');
          expect(stored.updates).toEqual([]);
        }
      }
    });
  });
}
