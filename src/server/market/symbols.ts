/** One of Deriv's synthetic volatility indices, as the simulator models it. */
export interface SymbolSpec {
  readonly symbol: string;
  readonly displayName: string;
  /** 1-based position in `active_symbols`. */
  readonly displayOrder: number;
  /** The smallest price step, `10 ** -pipSize`. */
  readonly pip: number;
  /** Decimals a quote is printed with. */
  readonly pipSize: number;
  readonly intervalSeconds: number;
  /** Annual volatility: the index number over 100. */
  readonly sigma: number;
  /** The price at ORIGIN_EPOCH. Our choice, of a believable magnitude. */
  readonly startPrice: number;
  /**
   * Keys this symbol's random numbers. Never renumber or reuse one: the market of every
   * seed would change for that symbol.
   */
  readonly index: number;
}

// biome-ignore format: a table, one symbol a row
export const SYMBOLS: readonly SymbolSpec[] = [
  {
    symbol: 'R_10',
    displayName: 'Volatility 10 Index',
    displayOrder: 1,
    pip: 0.001,
    pipSize: 3,
    intervalSeconds: 2,
    sigma: 0.1,
    startPrice: 6500,
    index: 1,
  },
  {
    symbol: 'R_25',
    displayName: 'Volatility 25 Index',
    displayOrder: 2,
    pip: 0.001,
    pipSize: 3,
    intervalSeconds: 2,
    sigma: 0.25,
    startPrice: 2212,
    index: 2,
  },
  {
    symbol: 'R_50',
    displayName: 'Volatility 50 Index',
    displayOrder: 3,
    pip: 0.0001,
    pipSize: 4,
    intervalSeconds: 2,
    sigma: 0.5,
    startPrice: 187,
    index: 3,
  },
  {
    symbol: 'R_75',
    displayName: 'Volatility 75 Index',
    displayOrder: 4,
    pip: 0.0001,
    pipSize: 4,
    intervalSeconds: 2,
    sigma: 0.75,
    startPrice: 55000,
    index: 4,
  },
  {
    symbol: 'R_100',
    displayName: 'Volatility 100 Index',
    displayOrder: 5,
    pip: 0.01,
    pipSize: 2,
    intervalSeconds: 2,
    sigma: 1,
    startPrice: 1560,
    index: 5,
  },
  {
    symbol: '1HZ10V',
    displayName: 'Volatility 10 (1s) Index',
    displayOrder: 6,
    pip: 0.01,
    pipSize: 2,
    intervalSeconds: 1,
    sigma: 0.1,
    startPrice: 8980,
    index: 6,
  },
  {
    symbol: '1HZ25V',
    displayName: 'Volatility 25 (1s) Index',
    displayOrder: 7,
    pip: 0.01,
    pipSize: 2,
    intervalSeconds: 1,
    sigma: 0.25,
    startPrice: 4500,
    index: 7,
  },
  {
    symbol: '1HZ50V',
    displayName: 'Volatility 50 (1s) Index',
    displayOrder: 8,
    pip: 0.01,
    pipSize: 2,
    intervalSeconds: 1,
    sigma: 0.5,
    startPrice: 2250,
    index: 8,
  },
  {
    symbol: '1HZ75V',
    displayName: 'Volatility 75 (1s) Index',
    displayOrder: 9,
    pip: 0.01,
    pipSize: 2,
    intervalSeconds: 1,
    sigma: 0.75,
    startPrice: 5500,
    index: 9,
  },
  {
    symbol: '1HZ100V',
    displayName: 'Volatility 100 (1s) Index',
    displayOrder: 10,
    pip: 0.01,
    pipSize: 2,
    intervalSeconds: 1,
    sigma: 1,
    startPrice: 1250,
    index: 10,
  },
];

const BY_SYMBOL = new Map(SYMBOLS.map((spec) => [spec.symbol, spec]));

export function symbolSpec(symbol: string): SymbolSpec | undefined {
  return BY_SYMBOL.get(symbol);
}
