import { AccountPicker, type AccountPickerElements, PUBLIC_CHOICE } from './account-picker.js';
import { DEFAULT_APP_ID, defaultEndpoint, endpointUrl } from './endpoint.js';
import { defaultOptionsAppId, defaultRestUrl, hostOf, publicSocketUrl } from './options-endpoint.js';

export interface ConnectionFormElements {
  form: HTMLFormElement;
  endpoint: HTMLInputElement;
  appId: HTMLInputElement;
  restUrl: HTMLInputElement;
  optionsAppId: HTMLInputElement;
  token: HTMLInputElement;
  accounts: AccountPickerElements;
  disconnect: HTMLButtonElement;
  problem: HTMLElement;
}

/**
 * What Connect asks for. `host` is for display: the log names the server, never a URL (a real
 * one may carry secrets). A token is the page's only in memory, for the client.
 */
export type ConnectTarget =
  | { api: 'v3'; url: string; host: string; token: string | undefined }
  | { api: 'options'; host: string; restUrl: string; appId: string; token: string; accountId: string }
  | { api: 'options-public'; host: string; url: string };

export interface ConnectionFormActions {
  connect(target: ConnectTarget): void;
  disconnect(): void;
}

/** How long typing may pause before the accounts are asked for. */
const TYPING_PAUSE_MS = 400;

/**
 * The API switch (v3 or the new API) and each one's fields, with Connect and Disconnect: v3's
 * endpoint and app_id; the new API's REST base, app id and account (from the token). The
 * token field serves both. A bad field is explained under the form; nothing throws.
 */
export class ConnectionForm {
  readonly #elements: ConnectionFormElements;
  readonly #actions: ConnectionFormActions;
  readonly #accounts: AccountPicker;
  #typing: ReturnType<typeof setTimeout> | undefined;

  constructor(elements: ConnectionFormElements, actions: ConnectionFormActions) {
    this.#elements = elements;
    this.#actions = actions;
    this.#accounts = new AccountPicker(elements.accounts);
    elements.endpoint.value = defaultEndpoint(location);
    elements.appId.value = DEFAULT_APP_ID;
    elements.restUrl.value = defaultRestUrl(location);
    elements.optionsAppId.value = defaultOptionsAppId(location);
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    elements.form.addEventListener('change', (event) => {
      if ((event.target as HTMLInputElement).name === 'api') this.#showApi();
    });
    for (const input of [elements.token, elements.restUrl, elements.optionsAppId])
      input.addEventListener('input', () => {
        clearTimeout(this.#typing);
        this.#typing = setTimeout(() => this.#loadAccounts(), TYPING_PAUSE_MS);
      });
    elements.disconnect.addEventListener('click', () => actions.disconnect());
    this.#showApi();
  }

  /** `v3` or `options`, as the switch says. */
  get api(): 'v3' | 'options' {
    return (this.#elements.form.elements.namedItem('api') as RadioNodeList | null)?.value === 'options'
      ? 'options'
      : 'v3';
  }

  /** Connects with what the fields say, as the Connect button does. */
  submit(): void {
    const target = this.api === 'v3' ? this.#v3Target() : this.#optionsTarget();
    if (typeof target === 'string') {
      this.showProblem(target);
      return;
    }
    this.showProblem('');
    this.#actions.connect(target);
  }

  showProblem(text: string): void {
    this.#elements.problem.textContent = text;
    this.#elements.problem.hidden = text === '';
  }

  #v3Target(): ConnectTarget | string {
    const { endpoint, appId, token } = this.#elements;
    const target = endpointUrl(endpoint.value, appId.value, location);
    if (!target.ok) return target.problem;
    return { api: 'v3', url: target.url, host: target.host, token: token.value.trim() || undefined };
  }

  #optionsTarget(): ConnectTarget | string {
    const { restUrl, optionsAppId, token } = this.#elements;
    const accountId = this.#accounts.accountId;
    const base = restUrl.value.trim();
    const host = hostOf(base);
    if (accountId === PUBLIC_CHOICE) {
      const url = publicSocketUrl(base);
      if (url === undefined) return 'The REST base is http(s)://host[:port], such as http://127.0.0.1:8080.';
      return { api: 'options-public', host, url };
    }
    // The client checks the app id, the token and the REST base, and says what is wrong.
    return {
      api: 'options',
      host,
      restUrl: base,
      appId: optionsAppId.value.trim(),
      token: token.value.trim(),
      accountId,
    };
  }

  /** Shows the chosen API's fields only (`data-api`); the new API lists the token's accounts. */
  #showApi(): void {
    const api = this.api;
    this.#elements.form.querySelectorAll<HTMLElement>('[data-api]').forEach((element) => {
      element.hidden = element.dataset.api !== api;
    });
    if (api === 'options') this.#loadAccounts();
  }

  #loadAccounts(): void {
    clearTimeout(this.#typing);
    if (this.api !== 'options') return;
    const { restUrl, optionsAppId, token } = this.#elements;
    void this.#accounts.load({
      restUrl: restUrl.value.trim(),
      appId: optionsAppId.value.trim(),
      token: token.value.trim(),
    });
  }
}
