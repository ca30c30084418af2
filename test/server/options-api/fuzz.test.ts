import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIONS_CALL_NAMES, OPTIONS_REQUEST_CHANGES } from '../../../src/protocol/options-renames.js';
import { RawSocket } from '../../support/raw-socket.js';
import { VALID } from './requests.js';
import { optionsServer, publicUrl } from './support.js';

/** Every field name the new API knows or refuses: its calls', the old names, and v3 calls it does not have. */
const NAMES = [
  ...OPTIONS_CALL_NAMES,
  ...Object.values(OPTIONS_REQUEST_CHANGES).flatMap((changes) => [
    ...(changes.removed ?? []),
    ...Object.keys(changes.renamed ?? {}),
    ...Object.values(changes.renamed ?? {}),
  ]),
  ...new Set(Object.values(VALID).flatMap((request) => Object.keys(request))),
  'authorize',
  'loginid',
  'website_status',
  'symbol',
];

const anyJson = fc.jsonValue({ maxDepth: 3 });
const garbage = fc.oneof(
  // Known names with any values.
  fc.dictionary(fc.constantFrom(...NAMES), anyJson, { maxKeys: 5 }),
  // A valid request with one field changed or one added.
  fc
    .tuple(fc.constantFrom(...OPTIONS_CALL_NAMES), fc.oneof(fc.constantFrom(...NAMES), fc.string()), anyJson)
    .map(([call, field, value]) => ({ ...VALID[call], [field]: value })),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 4 }),
  anyJson,
);

describe('fuzzing the public socket', () => {
  it('answers garbage with a protocol error or a reply, never an internal error, a close or silence', async () => {
    const server = await optionsServer();
    const raw = await RawSocket.open(publicUrl(server));
    let marker = 0;
    await fc.assert(
      fc.asyncProperty(garbage, async (value) => {
        const from = raw.messages.length;
        raw.send(JSON.stringify(value) ?? 'null');
        raw.send({ ping: 1, req_id: --marker });
        await raw.reply(marker, from);
        for (const message of raw.messages.slice(from)) {
          expect(message.msg_type).toBeTypeOf('string');
          expect(message.echo_req).toBeTypeOf('object');
          if (message.error) {
            expect(message.error.code).toBeTypeOf('string');
            expect(message.error.code, JSON.stringify(value)).not.toBe('InternalServerError');
          }
        }
        // Whatever it opened is closed again, so the streams never reach their limit.
        await raw.requestById({ forget_all: ['ticks', 'proposal', 'candles'], req_id: --marker });
      }),
      { numRuns: 300 },
    );
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
  }, 60_000);
});
