import { describe, expect, it } from 'vitest';
import { MemoryAccountStore, type AccountStore, type AccountsConfig, type BalanceListener } from '../../src/server/index.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

const TOKEN = 'RaceToken123456';
const LOGINID = 'CR900010';
const config: AccountsConfig = {
  accounts: [{ loginid: LOGINID, currency: 'USD', balance: 100, is_virtual: false, tokens: [{ token: TOKEN, scopes: ['read'] }] }],
};

/**
 * A store whose `account()` can be held, to open the window a slow (IPC, Redis) store leaves
 * between a handler's await and its next step, and which counts its balance listeners.
 */
class HeldStore implements AccountStore {
  readonly #inner = new MemoryAccountStore(config);
  #gate: Promise<void> | undefined;
  #release: () => void = () => {};
  #entered: () => void = () => {};
  listeners = 0;

  /** Holds the next `account()` calls; resolves once one of them is waiting. */
  hold(): Promise<void> {
    this.#gate = new Promise((resolve) => (this.#release = resolve));
    return new Promise((resolve) => (this.#entered = resolve));
  }

  release(): void {
    this.#gate = undefined;
    this.#release();
  }

  grantFor = (token: string) => this.#inner.grantFor(token);
  accountsOfUser = (userId: number) => this.#inner.accountsOfUser(userId);
  adjustBalance = (loginid: string, delta: number) => this.#inner.adjustBalance(loginid, delta);
  setBalance = (loginid: string, balance: number) => this.#inner.setBalance(loginid, balance);

  async account(loginid: string) {
    if (this.#gate) {
      this.#entered();
      await this.#gate;
    }
    return this.#inner.account(loginid);
  }

  onBalanceChange(listener: BalanceListener): () => void {
    this.listeners++;
    const stop = this.#inner.onBalanceChange(listener);
    return () => {
      this.listeners--;
      stop();
    };
  }
}

/** Once released, a held handler finishes in microtasks; one timer turn lets it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a balance stream asked for while the store is answering', () => {
  it('leaves no listener behind when the connection closes meanwhile', async () => {
    const store = new HeldStore();
    const server = await startServer({ accounts: store });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: TOKEN });
    const waiting = store.hold();
    raw.send({ balance: 1, subscribe: 1 });
    await waiting;
    raw.socket.terminate();
    await until(() => server.connectionCount === 0);
    store.release();
    await settle();
    expect(store.listeners).toBe(0);
  });

  it('is answered before a logout sent meanwhile, which then waits for it and ends its stream', async () => {
    const store = new HeldStore();
    const server = await startServer({ accounts: store });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: TOKEN });
    const waiting = store.hold();
    raw.send({ balance: 1, subscribe: 1, req_id: 1 });
    await waiting;
    raw.send({ logout: 1, req_id: 2 });
    await settle();
    // The logout waits for the balance sent before it: nothing is answered yet.
    expect(raw.messages).toHaveLength(1);
    store.release();
    const [balance, logout] = [await raw.message(1), await raw.message(2)];
    expect(balance).toMatchObject({ req_id: 1, msg_type: 'balance', balance: { balance: 100, loginid: LOGINID } });
    expect(logout).toMatchObject({ req_id: 2, logout: 1 });
    expect(store.listeners).toBe(0);
    expect(server.subscriptionCount).toBe(0);

    const before = raw.messages.length;
    await store.adjustBalance(LOGINID, 5);
    await settle();
    expect(raw.messages).toHaveLength(before);
  });
});
