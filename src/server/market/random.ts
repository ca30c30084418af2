/**
 * Counter-based random numbers: a normal is a pure function of (seed, symbol, space,
 * counter), so any process can draw the market's n-th number without drawing the others.
 * The mixing is MurmurHash3's (x86, 32-bit): fast with Math.imul, and its finaliser
 * avalanches, so neighbouring counters give unrelated numbers.
 */

const TWO_POW_32 = 2 ** 32;
const UINT32_DECIMAL = /^\d{1,10}$/;

function absorb(hash: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashText(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = absorb(hash, text.charCodeAt(i));
  return finalize(hash ^ text.length);
}

/**
 * A user's seed (`--seed 42`, `--seed abc`) as a uint32. A uint32, or its decimal text,
 * is its own seed, so `--seed 42` on the command line and `seed: 42` in code agree.
 */
export function seedFrom(value: string | number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < TWO_POW_32) return value;
  const text = String(value);
  if (UINT32_DECIMAL.test(text) && Number(text) < TWO_POW_32) return Number(text);
  return hashText(text);
}

export function randomSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** Maps a uint32 to (0, 1): never exactly 0, so its logarithm is finite. */
function openUniform(bits: number): number {
  return (bits + 0.5) / TWO_POW_32;
}

/**
 * A standard normal for one counter (Box–Muller on two uniforms). The counter may be any
 * safe integer: both its 32-bit halves are hashed.
 */
export function normalAt(seed: number, symbolIndex: number, space: number, counter: number): number {
  let hash = absorb(seed, symbolIndex);
  hash = absorb(hash, space);
  hash = absorb(hash, Math.floor(counter / TWO_POW_32));
  hash = absorb(hash, counter >>> 0);
  const radius = Math.sqrt(-2 * Math.log(openUniform(finalize(absorb(hash, 1)))));
  return radius * Math.cos(2 * Math.PI * openUniform(finalize(absorb(hash, 2))));
}
