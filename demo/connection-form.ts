import { DEFAULT_APP_ID, defaultEndpoint, endpointUrl } from './endpoint.js';

export interface ConnectionFormElements {
  form: HTMLFormElement;
  endpoint: HTMLInputElement;
  appId: HTMLInputElement;
  token: HTMLInputElement;
  disconnect: HTMLButtonElement;
  problem: HTMLElement;
}

export interface ConnectionFormActions {
  /**
   * `host` is for display: the log names the server, never the URL (a real one may carry secrets).
   * `token`, if one was typed, is to authorize with; the page keeps it nowhere else.
   */
  connect(url: string, host: string, token: string | undefined): void;
  disconnect(): void;
}

/** The endpoint and app_id fields with Connect and Disconnect; a bad field is explained under the form, nothing throws. */
export class ConnectionForm {
  readonly #elements: ConnectionFormElements;
  readonly #actions: ConnectionFormActions;

  constructor(elements: ConnectionFormElements, actions: ConnectionFormActions) {
    this.#elements = elements;
    this.#actions = actions;
    elements.endpoint.value = defaultEndpoint(location);
    elements.appId.value = DEFAULT_APP_ID;
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    elements.disconnect.addEventListener('click', () => actions.disconnect());
  }

  /** Connects with what the fields say, as the Connect button does. */
  submit(): void {
    const { endpoint, appId, token } = this.#elements;
    const target = endpointUrl(endpoint.value, appId.value, location);
    if (!target.ok) {
      this.showProblem(target.problem);
      return;
    }
    this.showProblem('');
    this.#actions.connect(target.url, target.host, token.value.trim() || undefined);
  }

  showProblem(text: string): void {
    this.#elements.problem.textContent = text;
    this.#elements.problem.hidden = text === '';
  }
}
