import { OPTIONS_PREFIX } from '../protocol/options-api.js';
import { RestError } from './errors.js';
import { checkAccountId, resolveRestOptions, type OptionsRestOptions, type ResolvedRestOptions } from './options.js';

/** One Options account, as `GET /trading/v1/options/accounts` lists it. */
export interface OptionsAccount {
  /** The id the OTP call, the socket and `balance.loginid` use (e.g. `DOT90004580`). */
  account_id: string;
  /** A number, whether the server sent a number or a string (Deriv's own app reads a string). */
  balance: number;
  currency: string;
  group: string;
  status: 'active' | 'inactive' | (string & {});
  /** Tell demo from real by this, not by an id prefix. */
  account_type: 'demo' | 'real' | (string & {});
}

/**
 * The new API's REST calls that the client needs: the accounts, a one-time socket URL, a demo
 * reset. Every call sends `Authorization: Bearer <token>` and `Deriv-App-ID`, and resolves with
 * the envelope's `data` or rejects with `RestError`. Usable alone:
 * `new OptionsRest({ appId, token }).accounts()`.
 */
export class OptionsRest {
  readonly #options: ResolvedRestOptions;

  constructor(options: OptionsRestOptions) {
    this.#options = resolveRestOptions(options);
  }

  /** Where the calls go (`https://api.derivws.com` unless told otherwise). */
  get restUrl(): string {
    return this.#options.restUrl;
  }

  /** Every Options account of the token's user, demo and real. */
  async accounts(): Promise<OptionsAccount[]> {
    const data = await this.#call('GET', '/accounts');
    if (!Array.isArray(data)) throw invalid('the accounts list is not an array');
    return data.map(parseAccount);
  }

  /**
   * A one-time URL for the account's socket (`wss://…/ws/demo?otp=…`): good for 120 s and one
   * upgrade. Connect to it as given; never store or log it.
   */
  async otp(accountId: string): Promise<string> {
    const data = await this.#call('POST', `/accounts/${encodeURIComponent(checkAccountId(accountId))}/otp`);
    const url = (data as { url?: unknown } | null)?.url;
    // The URL is a credential: it is never quoted, here or anywhere.
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url)) throw invalid('the OTP reply has no ws(s):// url');
    return url;
  }

  /** Puts a demo account's balance back to its starting amount; resolves with the account as it is now. */
  async resetDemoBalance(accountId: string): Promise<OptionsAccount> {
    const path = `/accounts/${encodeURIComponent(checkAccountId(accountId))}/reset-demo-balance`;
    return parseAccount(await this.#call('POST', path));
  }

  /** One call: its `data`, or a `RestError` from the error envelope or the status. */
  async #call(method: 'GET' | 'POST', path: string): Promise<unknown> {
    const { restUrl, appId, token, restTimeoutMs } = this.#options;
    let response: Response;
    try {
      // No body and no Content-Type: the OTP call takes none (Deriv's own app dropped the header).
      response = await fetch(`${restUrl}${OPTIONS_PREFIX}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Deriv-App-ID': appId, Accept: 'application/json' },
        signal: AbortSignal.timeout(restTimeoutMs),
      });
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      throw new RestError(
        timedOut
          ? { status: 0, code: 'Timeout', message: `${method} ${path}: no answer within ${restTimeoutMs} ms` }
          : { status: 0, code: 'NetworkError', message: `${method} ${path}: no answer` },
        { cause: error },
      );
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const errors = (body as { errors?: unknown } | undefined)?.errors;
    if (!response.ok || Array.isArray(errors)) {
      const first = (Array.isArray(errors) ? errors[0] : undefined) as
        | { status?: unknown; code?: unknown; message?: unknown; field?: unknown }
        | undefined;
      throw new RestError({
        status: response.ok && typeof first?.status === 'number' ? first.status : response.status,
        code: typeof first?.code === 'string' ? first.code : `HTTP${response.status}`,
        message: typeof first?.message === 'string' ? first.message : `${method} ${path}: HTTP ${response.status}`,
        field: typeof first?.field === 'string' ? first.field : undefined,
      });
    }
    let data = (body as { data?: unknown } | undefined)?.data;
    // Seen on staging: `data` as a JSON string, holding `{data: …}` once more.
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data) as unknown;
      } catch {
        throw invalid(`${method} ${path}: data is a string that is not JSON`);
      }
      if (data !== null && typeof data === 'object' && 'data' in data) data = (data as { data: unknown }).data;
    }
    if (data === undefined || data === null) throw invalid(`${method} ${path}: no data in the reply`);
    return data;
  }
}

function invalid(message: string): RestError {
  return new RestError({ status: 200, code: 'InvalidResponse', message });
}

function parseAccount(value: unknown): OptionsAccount {
  const item = (value ?? {}) as Record<string, unknown>;
  const balance = typeof item.balance === 'string' && item.balance.trim() !== '' ? Number(item.balance) : item.balance;
  if (typeof item.account_id !== 'string' || typeof balance !== 'number' || !Number.isFinite(balance))
    throw invalid('an account has no account_id or no numeric balance');
  const text = (field: unknown) => (typeof field === 'string' ? field : '');
  return {
    account_id: item.account_id,
    balance,
    currency: text(item.currency),
    group: text(item.group),
    status: text(item.status),
    account_type: text(item.account_type),
  };
}
