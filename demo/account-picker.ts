import { type OptionsAccount, OptionsRest } from '../src/client/options-index.js';
import { describeError } from './describe-error.js';

export interface AccountPickerElements {
  select: HTMLSelectElement;
  status: HTMLOutputElement;
}

/** What the accounts are asked with; the token is in memory only, for the one REST call. */
export interface AccountsQuery {
  restUrl: string;
  appId: string;
  token: string;
}

/** The choice that needs no token: market data on the public socket. */
export const PUBLIC_CHOICE = '';

/**
 * The new API's account `<select>`: "public, market data only", then the token's accounts from
 * `GET …/accounts` (`OptionsRest`), asked again whenever the token, app id or REST base changes.
 * A token's demo account is chosen once it is listed, unless one was chosen before. A refused
 * token says why beside the list; nothing throws.
 */
export class AccountPicker {
  readonly #elements: AccountPickerElements;
  /** Counts the queries, so an older answer that comes late is dropped. */
  #asked = 0;

  constructor(elements: AccountPickerElements) {
    this.#elements = elements;
  }

  /** The account chosen, or `PUBLIC_CHOICE`. */
  get accountId(): string {
    return this.#elements.select.value;
  }

  /** Lists the accounts for this query (none without a token); resolves once the list is filled. */
  async load(query: AccountsQuery): Promise<void> {
    const asked = ++this.#asked;
    if (query.token === '') {
      this.#fill([]);
      this.#status('');
      return;
    }
    this.#status('(loading…)');
    let accounts: OptionsAccount[];
    try {
      accounts = await new OptionsRest(query).accounts();
    } catch (error) {
      if (this.#asked !== asked) return;
      this.#fill([]);
      this.#status(describeError(error));
      return;
    }
    if (this.#asked !== asked) return;
    this.#fill(accounts);
    this.#status(`(${accounts.length} listed)`);
  }

  #fill(accounts: readonly OptionsAccount[]): void {
    const { select } = this.#elements;
    const before = select.value;
    select.replaceChildren(
      new Option('public, market data only', PUBLIC_CHOICE),
      ...accounts.map(
        (account) =>
          new Option(`${account.account_id} · ${account.account_type} · ${account.currency}`, account.account_id),
      ),
    );
    const ids = accounts.map((account) => account.account_id);
    const demo = accounts.find((account) => account.account_type === 'demo')?.account_id;
    select.value = ids.includes(before) ? before : (demo ?? ids[0] ?? PUBLIC_CHOICE);
  }

  #status(text: string): void {
    this.#elements.status.value = text;
  }
}
