import type { DerivClient } from '../client/node.js';

/** Decimals for a currency the target does not list: Deriv's fiat currencies all have 2. */
const FALLBACK_DIGITS = 2;

export type CurrencyDigits = (currency: string | undefined) => number;

/**
 * How many decimals each currency's amounts have, as the target itself lists them
 * (`website_status.currencies_config`): the server's list is the one place that fact is kept,
 * here and on the real endpoint. Asked once, only by output that formats money for a person.
 */
export async function currencyDigits(client: DerivClient): Promise<CurrencyDigits> {
  let config: Record<string, { fractional_digits?: number }> = {};
  try {
    const reply = await client.send({ website_status: 1 });
    config = (reply.website_status?.currencies_config ?? {}) as typeof config;
  } catch {
    // A target without the list still gets a readable table.
  }
  return (currency) => (currency === undefined ? undefined : config[currency]?.fractional_digits) ?? FALLBACK_DIGITS;
}
