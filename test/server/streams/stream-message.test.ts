import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeStreamFrame, sharePayload, streamTemplate } from '../../../src/server/streams/stream-message.js';
import { framePayload } from '../../../src/server/streams/text-frame.js';

/** The payload split field by field, as sharePayload first did: the reference it must still match. */
function fieldByField(fields: Record<string, unknown>, idBefore: string): { before: string; after: string } {
  let before = '';
  let after = '';
  let seenSplit = false;
  for (const key in fields) {
    if (key === idBefore) seenSplit = true;
    const pair = `${JSON.stringify(key)}:${JSON.stringify(fields[key])}`;
    if (seenSplit) after += after ? `,${pair}` : pair;
    else before += `${pair},`;
  }
  return { before, after: `${after}}}` };
}

const jsonValue = fc.jsonValue({ maxDepth: 2 }).filter((value) => value !== undefined);

describe('sharePayload', () => {
  it('splits any payload at its id field exactly as serialising it field by field does', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 8 }),
        fc.string({ maxLength: 8 }),
        (fields, idBefore) => {
          const shared = sharePayload(fields, idBefore);
          expect({ before: shared.before.toString(), after: shared.after.toString() }).toEqual(
            fieldByField(fields, idBefore),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('makes a message that parses to the payload with the stream id in place', () => {
    const template = streamTemplate(
      { echo_req: { transaction: 1, subscribe: 1 }, req_id: 3, passthrough: undefined },
      'transaction',
      'transaction',
      'abc',
    );
    const payload = sharePayload(
      { action: 'sell', amount: 1.95, longcode: 'Win "payout"', transaction_id: 7 },
      'longcode',
    );
    const text = framePayload(composeStreamFrame(template, payload)).toString();
    expect(text).toBe(
      '{"echo_req":{"transaction":1,"subscribe":1},"msg_type":"transaction","req_id":3,"subscription":{"id":"abc"},' +
        '"transaction":{"action":"sell","amount":1.95,"id":"abc","longcode":"Win \\"payout\\"","transaction_id":7}}',
    );
    expect(Object.keys(JSON.parse(text).transaction)).toEqual(['action', 'amount', 'id', 'longcode', 'transaction_id']);
  });
});
