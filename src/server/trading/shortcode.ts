import type { ContractBarrier, ContractSpec } from './contract-spec.js';
import { moneyText } from './trading-errors.js';

/**
 * A barrier as shortcodes write it: `S0P` at the money, `S<pips>P` for an offset ("+0.10" on a
 * 2-decimal index is `S10P`), the digit for digit contracts, and an absolute price in millionths
 * (our reading of the format; see docs/trading.md).
 */
function barrierCode(barrier: ContractBarrier | undefined, pip: number): string {
  if (barrier === undefined) return 'S0P';
  switch (barrier.kind) {
    case 'digit':
      return String(barrier.digit);
    case 'relative':
      return `S${Math.round(barrier.offset / pip)}P`;
    case 'absolute':
      return String(Math.round(barrier.price * 1e6));
  }
}

function expiryCode(contract: ContractSpec): string {
  switch (contract.expiry.kind) {
    case 'ticks':
      return `${contract.expiry.ticks}T`;
    case 'fixed':
      return `${contract.dateExpiry}F`;
    case 'duration':
      return String(contract.dateExpiry);
  }
}

/**
 * `TYPE_SYMBOL_PAYOUT_START_EXPIRY[_BARRIER_0]` (docs/trading.md, "Settlement"), e.g.
 * `CALL_R_100_1.95_1747020394_1T_S0P_0` and `DIGITODD_1HZ75V_3.60_1754939094_1T`: even/odd
 * carry no barrier; every other type carries one, then the (absent) second barrier as 0.
 */
export function shortcode(contract: ContractSpec, payout: number): string {
  const parts = [
    contract.contractType,
    contract.symbol.symbol,
    moneyText(payout),
    String(contract.dateStart),
    expiryCode(contract),
  ];
  const takesBarrier = contract.contractType !== 'DIGITEVEN' && contract.contractType !== 'DIGITODD';
  if (takesBarrier) parts.push(barrierCode(contract.barrier, contract.symbol.pip), '0');
  return parts.join('_');
}
