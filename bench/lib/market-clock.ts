/** A server's market clock and wall clock read at one moment (serve.ts `clock`). */
export interface ClockSample {
  marketMs: number;
  /** ms since the epoch, sub-millisecond precision, as `performance.timeOrigin + performance.now()`. */
  wallMs: number;
  speed: number;
}

/** The wall-clock moment the server's market clock reaches `marketMs`. */
export function wallTimeAt(sample: ClockSample, marketMs: number): number {
  return sample.wallMs + (marketMs - sample.marketMs) / sample.speed;
}

/** The market time at the wall-clock moment `wallMs`. */
export function marketTimeAt(sample: ClockSample, wallMs: number): number {
  return sample.marketMs + (wallMs - sample.wallMs) * sample.speed;
}
