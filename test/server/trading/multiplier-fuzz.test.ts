import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzedParameters } from './fuzzed-parameters.js';
import { M_START, MULTUP_R_100, multiplierSandbox } from './multipliers.js';

/** Values that break careless handlers. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 0.005, 0.1, 1.005, 10.001, 2_000.01, 2 ** 53, 1e308, -1e308, '', '5m', '61m', null, [], {}),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 8 }),
);

/** Mostly well-formed multiplier parameters, so the handlers (not only the schema) see them. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  contract_type: fc.constantFrom('MULTUP', 'MULTDOWN'),
  symbol: fc.constantFrom('R_10', 'R_25', 'R_50', 'R_75', 'R_100', '1HZ10V', '1HZ100V', 'frxEURUSD'),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
  basis: fc.constantFrom('stake', 'stake', 'stake', 'payout'),
  amount: fc.oneof(
    fc.integer({ min: 0, max: 300_000 }).map((cents) => cents / 100),
    fc.double({ min: 0, max: 3_000, noNaN: true }),
  ),
  multiplier: fc.constantFrom(10, 15, 20, 50, 100, 200, 1000, 0, 7.5),
  limit_order: fc.record(
    {
      take_profit: fc.oneof(
        fc.integer({ min: -100, max: 5_000 }).map((cents) => cents / 100),
        fc.double({ noNaN: true }),
      ),
      stop_loss: fc.oneof(
        fc.integer({ min: -100, max: 2_000 }).map((cents) => cents / 100),
        fc.double({ noNaN: true }),
      ),
    },
    { requiredKeys: [] },
  ),
  cancellation: fc.constantFrom('5m', '10m', '15m', '30m', '60m', '45m', '1h'),
};
const OPTIONAL = ['limit_order', 'cancellation'];

/** Now and then, what a multiplier must not have. */
const forbidden = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { duration: 5, duration_unit: 'm' },
      { barrier: '+1' },
      { date_expiry: M_START + 60 },
      { date_start: 1 },
    ),
  },
);

const parameters = fuzzedParameters(PLAUSIBLE, OPTIONAL, nasty, forbidden);

/** The codes a multiplier refusal may carry: the real server's, and ours listed in docs/trading.md. */
const EXPECTED_CODES = new Set([
  // The envelope's sanity check comes before any call (a malformed value anywhere in the request).
  'SanityCheckFailed',
  'InputValidationFailed',
  'ContractCreationFailure',
  'ContractBuyValidationError',
  'OfferingsValidationError',
  'BarrierValidationError',
  'InvalidAmount',
  'InvalidContractUpdate',
  'InvalidtoCancel',
  'InvalidtoSell',
  'InvalidSellContractProposal',
  'NoOpenPosition',
  'ContractValidationError',
  'InsufficientBalance',
]);

describe('fuzzing multipliers', () => {
  it('garbage into proposal, buy, contract_update and cancel gets a reply or a known refusal, never an internal error', async () => {
    const { clock, raw } = await multiplierSandbox();
    const open = (
      await raw.answered({ buy: '1', price: 100, parameters: { ...MULTUP_R_100, multiplier: 10 }, req_id: 1 })
    ).buy;
    clock.advanceTo(M_START + 2);
    let reqId = 10;
    const codes = new Map<string, number>();
    let answered = 0;
    const contractId = fc.oneof(
      { weight: 4, arbitrary: fc.constant(open.contract_id) },
      { weight: 1, arbitrary: nasty },
    );
    const limitOrder = fc.oneof({ weight: 4, arbitrary: PLAUSIBLE.limit_order! }, { weight: 1, arbitrary: nasty });
    const call = fc.oneof(
      parameters.map((params) => ({ proposal: 1, ...params })),
      parameters.map((params) => ({ buy: '1', price: 3_000, parameters: params })),
      fc
        .record({ limit_order: limitOrder, id: contractId })
        .map(({ limit_order, id }) => ({ contract_update: 1, contract_id: id, limit_order })),
      contractId.map((id) => ({ cancel: id })),
      contractId.map((id) => ({ contract_update_history: 1, contract_id: id })),
    );
    await fc.assert(
      fc.asyncProperty(call, async (message) => {
        const reply = await raw.requestById({ ...message, req_id: ++reqId });
        if (reply.error) {
          expect(reply.error.code).not.toBe('InternalServerError');
          expect(EXPECTED_CODES, `${reply.error.code}: ${reply.error.message}`).toContain(reply.error.code);
          codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
        } else answered++;
      }),
      { numRuns: 300 },
    );
    // The handlers themselves were reached: contracts priced and bought, and refused for what they are.
    expect(answered).toBeGreaterThan(20);
    const refusedForWhatTheyAre =
      (codes.get('ContractBuyValidationError') ?? 0) + (codes.get('InvalidContractUpdate') ?? 0);
    expect(refusedForWhatTheyAre).toBeGreaterThan(10);
    expect((await raw.answered({ ping: 1 })).ping).toBe('pong');
    // The ledger adds up.
    const rows = [...(await raw.answered({ statement: 1, limit: 999 })).statement.transactions].reverse();
    let balance = 0;
    for (const row of rows) expect(row.balance_after).toBe((balance = Math.round((balance + row.amount) * 100) / 100));
  });
});
