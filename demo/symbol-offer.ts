import type { DerivClient } from '../src/client/index.js';

/** One `contracts_for` row: what a contract type offers on the symbol (its `*_range` fields among them). */
export type OfferRow = Readonly<Record<string, unknown>>;

/** What a symbol offers, by contract type: the rows of its `contracts_for`. */
export type SymbolOffer = ReadonlyMap<string, OfferRow>;

/**
 * The symbol's `contracts_for`, asked once per symbol and client: the choices a contract type
 * offers there (a multiplier's `multiplier_range`, its `cancellation_range`) come from it, so
 * the page offers what the server does rather than a list of its own.
 */
export class SymbolOffers {
  readonly #client: DerivClient;
  readonly #bySymbol = new Map<string, Promise<SymbolOffer>>();

  constructor(client: DerivClient) {
    this.#client = client;
  }

  of(symbol: string): Promise<SymbolOffer> {
    let offer = this.#bySymbol.get(symbol);
    if (!offer) {
      offer = this.#client.send({ contracts_for: symbol }).then(({ contracts_for }) => {
        const rows = new Map<string, OfferRow>();
        for (const row of contracts_for?.available ?? []) rows.set(row.contract_type, row);
        return rows;
      });
      // A failed ask is asked again next time, not remembered.
      offer.catch(() => this.#bySymbol.delete(symbol));
      this.#bySymbol.set(symbol, offer);
    }
    return offer;
  }
}
