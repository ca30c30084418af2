/** `duration_unit` values: ticks, seconds, minutes, hours, days. */
export const DURATION_UNITS = ['t', 's', 'm', 'h', 'd'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export type TimeUnit = Exclude<DurationUnit, 't'>;

export const SECONDS_PER_DAY = 86_400;
/** Pricing counts time in 365-day years (docs/trading.md, "Pricing"). */
export const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;

export const SECONDS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { s: 1, m: 60, h: 3_600, d: SECONDS_PER_DAY };

export function isDurationUnit(value: unknown): value is DurationUnit {
  return typeof value === 'string' && (DURATION_UNITS as readonly string[]).includes(value);
}

/** `contracts_for`'s duration strings: "5t", or seconds in the largest unit that divides them ("15s", "2m", "1d"). */
export function durationText(amount: number, unit: DurationUnit): string {
  if (unit === 't') return `${amount}t`;
  const seconds = amount * SECONDS_PER_UNIT[unit];
  for (const larger of ['d', 'h', 'm'] as const) {
    if (seconds % SECONDS_PER_UNIT[larger] === 0) return `${seconds / SECONDS_PER_UNIT[larger]}${larger}`;
  }
  return `${seconds}s`;
}

const UNIT_NAMES: Readonly<Record<DurationUnit, [string, string]>> = {
  t: ['tick', 'ticks'],
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
};

/** "1 minute", "15 seconds", as longcodes spell a duration. */
export function durationWords(amount: number, unit: DurationUnit): string {
  const [one, many] = UNIT_NAMES[unit];
  return `${amount} ${amount === 1 ? one : many}`;
}
