import {
  callProbability,
  digitProbability,
  oneTouchProbability,
  putProbability,
  type DigitContractType,
} from './binary-probabilities.js';
import { barrierLevel, isAtTheMoney, type ContractSpec } from './contract-spec.js';
import { pricingSeconds, shiftedTouchBarrier, yearsOf } from './pricing-time.js';
import { ok, refused, tradingErrors, type Checked } from './trading-errors.js';

/** Where and when a contract is priced. */
export interface PricingMoment {
  /** The current spot. */
  readonly spot: number;
  /** The time of pricing; default the contract's start (a proposal). */
  readonly now?: number;
  /** What relative barriers and ATM strikes are measured from: the entry spot once known, else `spot`. */
  readonly entrySpot?: number;
}

export interface Theoretical {
  /** The fair chance of paying out, in [0, 1]. */
  readonly probability: number;
  /** The absolute price barrier it was priced against (the strike for ATM contracts), on the pip. */
  readonly barrier?: number;
  /** True when the outcome is already known (expired, or touched): the probability is 0 or 1, its intrinsic value. */
  readonly decided: boolean;
}

/** Under one second left, a price is its intrinsic value (docs/trading.md, "Pricing"). */
const INTRINSIC_BELOW_SECONDS = 1;

type Valued = { probability: number; decided: boolean };

function europeanProbability(contract: ContractSpec, spot: number, strike: number, seconds: number): Valued {
  const up = contract.contractType === 'CALL' || contract.contractType === 'CALLE';
  if (seconds < INTRINSIC_BELOW_SECONDS) {
    const wins =
      contract.contractType === 'CALLE'
        ? spot >= strike
        : contract.contractType === 'PUTE'
          ? spot <= strike
          : up
            ? spot > strike
            : spot < strike;
    return { probability: wins ? 1 : 0, decided: true };
  }
  // CALLE/PUTE price as CALL/PUT: the chance of ending exactly on the strike is nil (docs/trading.md, "Offerings").
  const t = yearsOf(seconds);
  const sigma = contract.symbol.sigma;
  return {
    probability: up ? callProbability(spot, strike, sigma, t) : putProbability(spot, strike, sigma, t),
    decided: false,
  };
}

function touchProbability(
  contract: ContractSpec,
  spot: number,
  reference: number,
  barrier: number,
  seconds: number,
): Valued {
  const upward = barrier > reference;
  const touched = upward ? spot >= barrier : spot <= barrier;
  const decided = touched || seconds < INTRINSIC_BELOW_SECONDS;
  const sigma = contract.symbol.sigma;
  const touch = touched
    ? 1
    : decided
      ? 0
      : oneTouchProbability(
          spot,
          shiftedTouchBarrier(barrier, spot, sigma, contract.intervalSeconds),
          sigma,
          yearsOf(seconds),
        );
  return { probability: contract.contractType === 'ONETOUCH' ? touch : 1 - touch, decided };
}

/** The theoretical probability of a payout, Black-Scholes with r = q = 0 and σ the index's (docs/trading.md, "Pricing"). */
export function theoreticalProbability(contract: ContractSpec, moment: PricingMoment): Checked<Theoretical> {
  const { barrier } = contract;
  if (contract.trade.category === 'digits') {
    const digit = barrier?.kind === 'digit' ? barrier.digit : 0;
    return ok({ probability: digitProbability(contract.contractType as DigitContractType, digit), decided: false });
  }

  const reference = moment.entrySpot ?? moment.spot;
  const level =
    isAtTheMoney(contract) || barrier === undefined || barrier.kind === 'digit'
      ? reference
      : barrierLevel(barrier, reference, contract.symbol.pipSize);
  if (!(level > 0)) return refused(tradingErrors.barrierOutOfRange());

  const seconds = pricingSeconds(contract, moment.now ?? contract.dateStart);
  const valued =
    contract.trade.category === 'touchnotouch'
      ? touchProbability(contract, moment.spot, reference, level, seconds)
      : europeanProbability(contract, moment.spot, level, seconds);
  return ok({ ...valued, barrier: level });
}
