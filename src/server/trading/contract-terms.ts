/** The binary types the sandbox settles. Multipliers and accumulators come in a later issue. */
export type BinaryType =
  | 'CALL'
  | 'PUT'
  | 'CALLE'
  | 'PUTE'
  | 'ONETOUCH'
  | 'NOTOUCH'
  | 'DIGITMATCH'
  | 'DIGITDIFF'
  | 'DIGITOVER'
  | 'DIGITUNDER'
  | 'DIGITEVEN'
  | 'DIGITODD';

/** A barrier as asked for: relative to the entry spot (`+0.1`), or an absolute price. None means at the money (the entry spot). */
export type BarrierTerm = { readonly kind: 'relative'; readonly offset: number } | { readonly kind: 'absolute'; readonly value: number };

/**
 * What a bought binary contract is, in full: enough to settle it again from the market alone
 * after a restart (the market is a pure function of seed, symbol and epoch). Stored as JSON in
 * the contract's `terms`.
 */
export interface ContractTerms {
  readonly symbol: string;
  readonly contractType: BinaryType;
  /** The purchase second: the entry tick is the first one after it. */
  readonly dateStart: number;
  /** A tick count, or an expiry epoch (intraday and daily contracts). */
  readonly duration: { readonly ticks: number } | { readonly dateExpiry: number };
  /** CALL/PUT (higher/lower) and touch contracts; undefined for ATM rise/fall and digits. */
  readonly barrier?: BarrierTerm | undefined;
  /** MATCH, DIFF, OVER, UNDER. */
  readonly digit?: number | undefined;
}

export const isTickContract = (terms: ContractTerms): terms is ContractTerms & { duration: { ticks: number } } => 'ticks' in terms.duration;

export const isDigitContract = (type: BinaryType): boolean => type.startsWith('DIGIT');

export const isTouchContract = (type: BinaryType): boolean => type === 'ONETOUCH' || type === 'NOTOUCH';
