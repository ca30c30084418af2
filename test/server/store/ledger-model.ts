import fc from 'fast-check';
import { expect } from 'vitest';
import type { AccountEvent, Store } from '../../../src/server/store/store.js';
import { allRows, expectConsistentChain, newAccount } from './store-helpers.js';

const ACCOUNTS = ['CR1', 'CR2'] as const;

type Operation =
  | { kind: 'debit'; account: number; amount: number }
  | { kind: 'credit'; account: number; key: string; amount: number }
  | { kind: 'adjust'; account: number; delta: number }
  | { kind: 'set'; account: number; balance: number };

/** What an operation should come to: a row (amount and balance after), or a refusal with the balance it met. */
type Expected =
  | { amount: number; balanceAfter: number; applied?: boolean }
  | { refused: 'InsufficientBalance'; balanceCents: number; amountCents: number };

const account = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('debit' as const), account, amount: fc.integer({ min: 1, max: 60 }) }),
  // Few keys, so repeats, within a turn and across turns, are common.
  fc.record({
    kind: fc.constant('credit' as const),
    account,
    key: fc.constantFrom('k0', 'k1', 'k2'),
    amount: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({ kind: fc.constant('adjust' as const), account, delta: fc.integer({ min: -60, max: 60 }) }),
  fc.record({ kind: fc.constant('set' as const), account, balance: fc.integer({ min: 0, max: 200 }) }),
);
/** Operations grouped by event-loop turn: a turn's operations are requested together, then awaited. */
const turns = fc.array(fc.array(operation, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 });
const openings = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }));

/** The ledger as a sequence of plain steps, applied in the order requested. */
class Model {
  readonly balances: number[];
  readonly rows: number[][];
  readonly #credited = new Map<string, { amount: number; balanceAfter: number }>();

  constructor(opening: readonly number[]) {
    this.balances = [...opening];
    this.rows = opening.map((cents) => (cents > 0 ? [cents] : []));
  }

  apply(op: Operation): Expected {
    const balance = this.balances[op.account]!;
    switch (op.kind) {
      case 'debit':
        return this.#move(op.account, -op.amount);
      case 'adjust':
        return this.#move(op.account, op.delta);
      case 'set':
        return this.#move(op.account, op.balance - balance);
      case 'credit': {
        const key = `${op.account}:${op.key}`;
        const earlier = this.#credited.get(key);
        if (earlier) return { ...earlier, applied: false };
        const row = this.#move(op.account, op.amount) as { amount: number; balanceAfter: number };
        this.#credited.set(key, row);
        return { ...row, applied: true };
      }
    }
  }

  #move(accountIndex: number, signed: number): Expected {
    const balance = this.balances[accountIndex]!;
    if (balance + signed < 0) return { refused: 'InsufficientBalance', balanceCents: balance, amountCents: -signed };
    this.balances[accountIndex] = balance + signed;
    this.rows[accountIndex]!.push(signed);
    return { amount: signed, balanceAfter: balance + signed };
  }
}

function request(store: Store, op: Operation): Promise<unknown> {
  const loginid = ACCOUNTS[op.account]!;
  switch (op.kind) {
    case 'debit':
      return store.debit({ loginid, amountCents: op.amount, action: 'buy' });
    case 'credit':
      return store.creditOnce({ loginid, amountCents: op.amount, action: 'sell', key: op.key });
    case 'adjust':
      return store.adjustBalance(loginid, op.delta);
    case 'set':
      return store.setBalance(loginid, op.balance);
  }
}

/** What the store answered, in the model's terms. */
function observed(outcome: PromiseSettledResult<unknown>): Expected {
  if (outcome.status === 'rejected') {
    const { code, balanceCents, amountCents } = outcome.reason as {
      code: 'InsufficientBalance';
      balanceCents: number;
      amountCents: number;
    };
    return { refused: code, balanceCents, amountCents };
  }
  const value = outcome.value as
    | { amountCents: number; balanceAfterCents: number }
    | { applied: boolean; row: { amountCents: number; balanceAfterCents: number } };
  if ('applied' in value)
    return { amount: value.row.amountCents, balanceAfter: value.row.balanceAfterCents, applied: value.applied };
  return { amount: value.amountCents, balanceAfter: value.balanceAfterCents };
}

/**
 * Random sequences of debits, credits with repeated keys, adjustments and resets, requested in
 * random groups per turn: every answer is what applying them one by one in request order gives,
 * the balance is the sum of the rows, and every committed row was announced once, in order.
 */
export async function ledgerModelProperty(open: () => Promise<Store>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(openings, turns, async (opening, plan) => {
      const store = await open();
      try {
        const events: AccountEvent[] = [];
        store.onAccountEvent((event) => events.push(event));
        await Promise.all(ACCOUNTS.map((loginid, i) => store.ensureAccount(newAccount(loginid, opening[i]!))));
        const model = new Model(opening);
        for (const turn of plan) {
          const outcomes = await Promise.allSettled(turn.map((op) => request(store, op)));
          expect(outcomes.map(observed)).toEqual(turn.map((op) => model.apply(op)));
        }
        const committed = [];
        for (const [i, loginid] of ACCOUNTS.entries()) {
          const rows = await allRows(store, loginid);
          expect(rows.map((row) => row.amountCents)).toEqual(model.rows[i]);
          expect((await store.account(loginid))?.balanceCents).toBe(model.balances[i]);
          expectConsistentChain(rows, model.balances[i]!);
          committed.push(...rows);
        }
        committed.sort((a, b) => a.transactionId - b.transactionId);
        expect(events.flatMap((event) => (event.kind === 'ledger-row' ? [event.row] : []))).toEqual(committed);
      } finally {
        await store.close();
      }
    }),
    { numRuns },
  );
}
