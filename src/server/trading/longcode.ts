import { barrierLevel, type ContractSpec, type PriceBarrier } from './contract-spec.js';
import { durationWords, SECONDS_PER_DAY } from './durations.js';

/** "2 minutes", "6 hours 45 minutes": a span in whole units, largest first, as Deriv's longcodes print it. */
export function spanWords(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [unit, size] of [
    ['d', SECONDS_PER_DAY],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(durationWords(count, unit));
  }
  return parts.length > 0 ? parts.join(' ') : durationWords(0, 's');
}

function utcDate(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 10);
}

function utcDateTime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** "entry spot", "entry spot plus 0.10", "entry spot minus 3.5000", or an absolute price on the pip. */
function target(contract: ContractSpec): string {
  const barrier = contract.barrier as PriceBarrier | undefined;
  const decimals = contract.symbol.pipSize;
  if (barrier === undefined) return 'entry spot';
  if (barrier.kind === 'absolute') return barrierLevel(barrier, 0, decimals).toFixed(decimals);
  return `entry spot ${barrier.offset < 0 ? 'minus' : 'plus'} ${Math.abs(barrier.offset).toFixed(decimals)}`;
}

/** When a time contract ends: "1 minute after contract start time", "close on 2026-01-02", "2026-01-01 10:00:00 GMT". */
function ending(contract: ContractSpec): string {
  const endsAtClose = (contract.dateExpiry + 1) % SECONDS_PER_DAY === 0;
  if (contract.expiryType === 'daily' && endsAtClose) return `close on ${utcDate(contract.dateExpiry)}`;
  if (contract.expiry.kind === 'fixed') return `${utcDateTime(contract.dateExpiry)} GMT`;
  return `${spanWords(contract.dateExpiry - contract.dateStart)} after contract start time`;
}

const COMPARISONS = {
  CALL: 'strictly higher than',
  PUT: 'strictly lower than',
  CALLE: 'higher than or equal to',
  PUTE: 'lower than or equal to',
} as const;

function digitOutcome(contract: ContractSpec): string {
  const digit = contract.barrier?.kind === 'digit' ? contract.barrier.digit : 0;
  switch (contract.contractType) {
    case 'DIGITMATCH':
      return String(digit);
    case 'DIGITDIFF':
      return `not ${digit}`;
    case 'DIGITOVER':
      return `strictly higher than ${digit}`;
    case 'DIGITUNDER':
      return `strictly lower than ${digit}`;
    case 'DIGITEVEN':
      return 'even';
    default:
      return 'odd';
  }
}

/**
 * The contract in English, as the real server words it (docs/trading.md, "Settlement" and Deriv's tests), e.g.
 * "Win payout if Volatility 100 Index after 1 tick is strictly higher than entry spot." Digits
 * say "after 1 ticks", as observed on the real server.
 */
export function longcode(contract: ContractSpec): string {
  const name = contract.symbol.displayName;
  const ticks = contract.expiry.kind === 'ticks' ? contract.expiry.ticks : 0;
  switch (contract.trade.category) {
    case 'digits':
      return `Win payout if the last digit of ${name} is ${digitOutcome(contract)} after ${ticks} ticks.`;
    case 'touchnotouch': {
      const verb = contract.contractType === 'ONETOUCH' ? 'touches' : 'does not touch';
      const through = ticks > 0 ? `${durationWords(ticks, 't')} after first tick` : ending(contract);
      return `Win payout if ${name} ${verb} ${target(contract)} through ${through}.`;
    }
    case 'callput':
    case 'callputequal': {
      const comparison = COMPARISONS[contract.contractType as keyof typeof COMPARISONS];
      if (ticks > 0)
        return `Win payout if ${name} after ${durationWords(ticks, 't')} is ${comparison} ${target(contract)}.`;
      return `Win payout if ${name} is ${comparison} ${target(contract)} at ${ending(contract)}.`;
    }
  }
}
