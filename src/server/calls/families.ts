import { accountsFamily } from './accounts/index.js';
import type { AnyCallFamily, ServicesOf } from './family.js';
import { marketFamily } from './market/index.js';
import { systemFamily } from './system/index.js';
import { tradingFamily } from './trading/index.js';

/**
 * Every call family the server has, in the order they start (and the reverse of the order
 * they stop): the market after the accounts, since its seed is kept in their database. The
 * one list to change when a family is added.
 */
export const FAMILIES = [
  systemFamily,
  accountsFamily,
  marketFamily,
  tradingFamily,
] as const satisfies readonly AnyCallFamily[];

type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** What the families start, together: every handler's `services` has all of it. */
export type FamilyServices = Intersection<ServicesOf<(typeof FAMILIES)[number]>>;
