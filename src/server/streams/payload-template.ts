import type { SharedPayload } from './stream-message.js';

/** A hole's stand-in while the template is serialised: a NUL, which no view's text holds, and the hole's number. */
const holeMarker = (index: number) => JSON.stringify(`\u0000${index}\u0000`);
const ID_MARKER = '"\\u0000id":0,';

/**
 * A stream payload serialised once with holes for the fields that change from one message to
 * the next, filled per message: what `sharePayload` would give for the same fields, for a few
 * number-to-text conversions instead of a whole `JSON.stringify`.
 *
 * Why: an open multiplier's stream sends its whole view (about 1.2 kB, some 40 fields) on every
 * tick, and only its value, spot and profit move. Ten thousand of them serialised in full cost
 * the feed several microseconds each per tick, more than writing the frames (docs/benchmarks.md,
 * "Trading").
 */
export class PayloadTemplate {
  /** The text around the holes: `before[0] hole before[1] …` up to the `id`, then `after` likewise. */
  readonly #before: Buffer[];
  readonly #after: Buffer[];
  /** Which holes fall before the `id` (the rest are after it), in `holes` order. */
  readonly #holesBefore: number;
  readonly #order: number[];

  /**
   * The template of `fields` (keys in order, as `sharePayload` takes them), with the values of
   * the keys `holes` left out; `idBefore` names the field the subscriber's `id` precedes.
   */
  constructor(fields: Record<string, unknown>, holes: readonly string[], idBefore: string) {
    const marked: Record<string, unknown> = {};
    for (const key in fields) {
      if (key === idBefore) marked['\u0000id'] = 0;
      const hole = holes.indexOf(key);
      marked[key] = hole >= 0 ? `\u0000${hole}\u0000` : fields[key];
    }
    const text = JSON.stringify(marked);
    const body = text.slice(1, -1);
    const idAt = body.indexOf(ID_MARKER);
    if (idAt < 0) throw new RangeError(`payload template: no field ${idBefore}`);
    const split = (half: string) => {
      // The holes in the order they appear, and the text between them.
      const found = holes
        .map((_, index) => ({ index, at: half.indexOf(holeMarker(index)) }))
        .filter(({ at }) => at >= 0)
        .sort((a, b) => a.at - b.at);
      const parts: string[] = [];
      let from = 0;
      for (const { index, at } of found) {
        parts.push(half.slice(from, at));
        from = at + holeMarker(index).length;
      }
      parts.push(half.slice(from));
      return { parts, order: found.map(({ index }) => index) };
    };
    const before = split(body.slice(0, idAt));
    const after = split(`${body.slice(idAt + ID_MARKER.length)}}}`);
    if (before.order.length + after.order.length !== holes.length)
      throw new RangeError('payload template: a hole is not among the fields');
    this.#before = before.parts.map((part) => Buffer.from(part));
    this.#after = after.parts.map((part) => Buffer.from(part));
    this.#holesBefore = before.order.length;
    this.#order = [...before.order, ...after.order];
  }

  /** The payload with `values[i]` in hole `i` (primitives: each is written as JSON). */
  fill(values: readonly (string | number | boolean | null)[]): SharedPayload {
    const order = this.#order;
    const before: (Buffer | string)[] = [this.#before[0]!];
    for (let i = 0; i < this.#holesBefore; i++) before.push(JSON.stringify(values[order[i]!]), this.#before[i + 1]!);
    const after: (Buffer | string)[] = [this.#after[0]!];
    for (let i = this.#holesBefore, j = 1; i < order.length; i++, j++)
      after.push(JSON.stringify(values[order[i]!]), this.#after[j]!);
    // Pieces: the frame copies the template's bytes and encodes only the values (textFrame).
    return { before, after };
  }
}
