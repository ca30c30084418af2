import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buyNow, CALL_5M, sandbox, START } from './sandbox.js';
import { LEDGER_ACTIONS } from '../../../src/server/store/store.js';

/** Values that break careless handlers: huge, negative, fractional, the wrong type, dates in every shape. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    -1,
    0,
    1,
    0.005,
    1.005,
    999,
    1000,
    500,
    501,
    2 ** 31,
    2 ** 53,
    1e20,
    1e308,
    -1e308,
    '',
    '1',
    '2024-02-31',
    '2024-01-01',
    'ASC',
    'DESC',
    'buy',
    'CALL',
    ['CALL'],
    [],
    [null],
    {},
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
);

const FIELDS: Record<string, readonly string[]> = {
  sell: ['sell', 'price', 'loginid'],
  statement: ['statement', 'action_type', 'date_from', 'date_to', 'description', 'limit', 'offset', 'loginid'],
  profit_table: ['profit_table', 'contract_type', 'date_from', 'date_to', 'description', 'limit', 'offset', 'sort'],
  portfolio: ['portfolio', 'contract_type', 'loginid'],
};

/** Values each field takes when well-formed, or nearly: most requests get past validation, so the handlers see them. */
const day = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  price: fc.oneof(
    fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
    fc.double({ min: 0, max: 100, noNaN: true }),
  ),
  action_type: fc.constantFrom(...LEDGER_ACTIONS),
  date_from: fc.integer({ min: 0, max: 9_999_999_999 }),
  date_to: fc.integer({ min: 0, max: 9_999_999_999 }),
  description: fc.constantFrom(0, 1),
  limit: fc.integer({ min: 0, max: 1_000 }),
  offset: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
  sort: fc.constantFrom('ASC', 'DESC'),
  contract_type: fc.subarray(['CALL', 'PUT', 'DIGITODD', 'MULTUP', 'ONETOUCH']),
  loginid: fc.constantFrom('VRTC700001', 'VRTC700002'),
};
/** The profit table takes days as well as epochs. */
const plausible = (call: string, field: string) =>
  call === 'profit_table' && field.startsWith('date_') ? fc.oneof(PLAUSIBLE[field]!, day) : (PLAUSIBLE[field] ?? nasty);
const fieldValue = (call: string, field: string) =>
  fc.oneof({ weight: 15, arbitrary: plausible(call, field) }, { weight: 1, arbitrary: nasty });

/** A request to one of the calls: its key (usually well-formed) and its fields, mostly plausible, sometimes garbage. */
const request = fc.constantFrom(...Object.keys(FIELDS)).chain((call) =>
  fc.record({
    call: fc.constant(call),
    key:
      call === 'sell'
        ? fc.oneof(fc.integer({ min: 1, max: 100_000_010 }), fc.integer(), nasty)
        : fc.oneof({ weight: 15, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: nasty }),
    fields: fc.record(
      Object.fromEntries(
        FIELDS[call]!.filter((field) => field !== call).map((field) => [field, fieldValue(call, field)]),
      ),
      { requiredKeys: [] },
    ),
  }),
);

describe('fuzzing the trading reports and sell', () => {
  it('garbage into sell, statement, profit_table and portfolio always gets a reply or an error reply, never an internal error', async () => {
    const { clock, raw } = await sandbox();
    // Something to find: an open contract, and one sold.
    const open = await buyNow(raw, CALL_5M);
    const other = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    await raw.answered({ sell: other.contract_id, price: 0 });
    let reqId = 0;
    const answered: string[] = [];
    /** `call code message` of each refusal. */
    const refused: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async ({ call, key, fields }) => {
        const message = { ...fields, [call]: key, req_id: ++reqId };
        const reply = await raw.requestById(message);
        expect(reply.echo_req).toBeTypeOf('object');
        // Envelope-level refusals (a malformed loginid fails the sanity check) come before dispatch, as `error`.
        expect(reply.error ? [call, 'error'] : [call]).toContain(reply.msg_type);
        (reply.error ? refused : answered).push(
          reply.error ? `${call} ${reply.error.code} ${reply.error.message}` : call,
        );
        if (reply.error) {
          expect(typeof reply.error.code).toBe('string');
          expect(typeof reply.error.message).toBe('string');
          expect(reply.error.code).not.toBe('InternalServerError');
        } else {
          expect(reply[call]).toBeTypeOf('object');
        }
      }),
      { numRuns: 300 },
    );
    // Most requests got past validation: the handlers themselves were fuzzed, not only the schemas.
    expect(answered.length + refused.filter((text) => !text.includes('InputValidationFailed')).length).toBeGreaterThan(
      100,
    );
    // Still up, and the ledger adds up (a fuzzed sell may have hit the open contract: that is a sale like any other).
    expect((await raw.answered({ ping: 1 })).ping).toBe('pong');
    const rows = [...(await raw.answered({ statement: 1, limit: 999 })).statement.transactions].reverse();
    let balance = 0;
    for (const row of rows) expect(row.balance_after).toBe((balance = Math.round((balance + row.amount) * 100) / 100));
    expect(rows.filter((row) => row.action_type === 'buy').map((row) => row.contract_id)).toEqual([
      open.contract_id,
      other.contract_id,
    ]);
  });
});
