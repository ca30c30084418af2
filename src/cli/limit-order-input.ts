import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';

/** `limit_order` of a `contract_update`: a number sets an order, `null` removes it, one left out stays. */
export interface LimitOrderChange {
  take_profit?: number | null;
  stop_loss?: number | null;
}

const NAMES = { tp: 'take_profit', sl: 'stop_loss' } as const;

/** `tp=5 sl=none` as typed in the REPL: `none` removes that order. The server judges the amounts. */
export function parseLimitOrderChange(args: readonly string[]): LimitOrderChange {
  const change: LimitOrderChange = {};
  for (const arg of args) {
    const [key, value] = arg.split('=', 2) as [string, string | undefined];
    const name = NAMES[key as keyof typeof NAMES];
    if (!name || value === undefined) throw new UsageError(`"${arg}" is not tp=N or sl=N (N an amount, or none)`);
    change[name] = value === 'none' ? null : parseNumberOption(key, value, { min: 0 });
  }
  if (Object.keys(change).length === 0) throw new UsageError('give tp=N and/or sl=N, e.g. update 12345 tp=5 sl=none');
  return change;
}
