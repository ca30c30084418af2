import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadTemplate } from '../../../src/server/streams/payload-template.js';
import { type SharedPayload, sharePayload } from '../../../src/server/streams/stream-message.js';

const text = (payload: SharedPayload) => [partText(payload.before), partText(payload.after)];
const partText = (part: SharedPayload['before']) =>
  typeof part === 'string' || part instanceof Uint8Array
    ? Buffer.from(part).toString()
    : Buffer.concat(part.map((piece) => Buffer.from(piece))).toString();

const primitive = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ unit: 'binary' }).filter((value) => !value.includes('\u0000')),
  fc.boolean(),
  fc.constant(null),
);
const fieldValue = fc.oneof(primitive, fc.dictionary(fc.string(), primitive), fc.array(primitive));

describe('PayloadTemplate', () => {
  it('fills its holes into exactly what sharePayload makes of the same fields', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc
            .string({ minLength: 1 })
            // Views have no index-like keys, which objects list first whatever the order they were
            // set in, and no `__proto__`, which an assignment takes for the prototype.
            .filter((key) => key !== '\u0000id' && key !== '__proto__' && !/^(0|[1-9]\d*)$/.test(key)),
          { minLength: 1, maxLength: 12 },
        ),
        fc.array(fieldValue, { minLength: 12, maxLength: 12 }),
        fc.array(primitive, { minLength: 12, maxLength: 12 }),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (keys, values, filled, idAt, isHole) => {
          const fields = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
          const idBefore = keys[idAt % keys.length]!;
          const holes = keys.filter((_, i) => isHole[i]);
          const template = new PayloadTemplate(fields, holes, idBefore);
          const withValues = { ...fields };
          holes.forEach((hole, i) => {
            withValues[hole] = filled[i];
          });
          expect(text(template.fill(holes.map((_, i) => filled[i]!)))).toEqual(
            text(sharePayload(withValues, idBefore)),
          );
        },
      ),
    );
  });

  it('refuses a hole that is not a field, and an id placed before no field', () => {
    expect(() => new PayloadTemplate({ a: 1, b: 2 }, ['c'], 'b')).toThrow('a hole is not among the fields');
    expect(() => new PayloadTemplate({ a: 1, b: 2 }, ['a'], 'z')).toThrow('no field z');
  });
});
