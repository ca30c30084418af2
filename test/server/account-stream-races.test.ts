import { describe, expect, it, onTestFinished } from 'vitest';
import type { AccountListener, AccountsConfig } from '../../src/server/index.js';
import { DelegatingStore } from '../support/delegating-store.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

const TOKEN = 'RaceToken123456';
const LOGINID = 'CR900010';
const config: AccountsConfig = {
  accounts: [
    {
      loginid: LOGINID,
      currency: 'USD',
      balance: 100,
      is_virtual: false,
      tokens: [{ token: TOKEN, scopes: ['read'] }],
    },
  ],
};

/**
 * A store whose `account()` can be held, to open the window a slow (IPC, Redis) store leaves
 * between a handler's await and its next step, and which counts its balance listeners.
 */
class HeldStore extends DelegatingStore {
  #gate: Promise<void> | undefined;
  #release: () => void = () => {};
  #entered: () => void = () => {};
  listeners = 0;

  #readFirst = false;

  /**
   * Holds the next `account()` calls; resolves once one of them is waiting. With `afterRead`,
   * each reads the account first and is held with what it read, as a reply on its way back is.
   */
  hold({ afterRead = false } = {}): Promise<void> {
    this.#readFirst = afterRead;
    this.#gate = new Promise((resolve) => (this.#release = resolve));
    return new Promise((resolve) => (this.#entered = resolve));
  }

  release(): void {
    this.#gate = undefined;
    this.#release();
  }

  override async account(loginid: string) {
    if (!this.#gate) return super.account(loginid);
    const read = this.#readFirst ? await super.account(loginid) : undefined;
    this.#entered();
    await this.#gate;
    return read ?? super.account(loginid);
  }

  override onAccountEvent(listener: AccountListener): () => void {
    this.listeners++;
    const stop = super.onAccountEvent(listener);
    return () => {
      this.listeners--;
      stop();
    };
  }
}

async function heldStore(): Promise<HeldStore> {
  const store = new HeldStore(config);
  onTestFinished(() => store.close());
  await store.ready;
  return store;
}

/** Once released, a held handler finishes in microtasks; one timer turn lets it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a balance stream asked for while the store is answering', () => {
  it('leaves no listener behind when the connection closes meanwhile', async () => {
    const store = await heldStore();
    const server = await startServer({ store });
    // What listens to the store for the server itself (the settler), whatever streams do.
    const baseline = store.listeners;
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: TOKEN });
    const waiting = store.hold();
    raw.send({ balance: 1, subscribe: 1 });
    await waiting;
    raw.socket.terminate();
    await until(() => server.connectionCount === 0);
    store.release();
    await settle();
    expect(store.listeners).toBe(baseline);
  });

  it('is answered before a logout sent meanwhile, which then waits for it and ends its stream', async () => {
    const store = await heldStore();
    const server = await startServer({ store });
    const baseline = store.listeners;
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
    expect(store.listeners).toBe(baseline);
    expect(server.subscriptionCount).toBe(0);

    const before = raw.messages.length;
    await server.accounts.adjustBalance(LOGINID, 5);
    await settle();
    expect(raw.messages).toHaveLength(before);
  });

  it('sends a change committed after the store read the balance but before the reply, once, after the reply', async () => {
    const store = await heldStore();
    const server = await startServer({ store });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: TOKEN });
    const waiting = store.hold({ afterRead: true });
    raw.send({ balance: 1, subscribe: 1, req_id: 1 });
    await waiting;
    await server.accounts.adjustBalance(LOGINID, 5);
    store.release();
    const reply = await raw.message(1);
    expect(reply).toMatchObject({ req_id: 1, msg_type: 'balance', balance: { balance: 100 } });
    const id = reply.subscription.id;
    expect(await raw.message(2)).toEqual({
      echo_req: { balance: 1, subscribe: 1, req_id: 1 },
      msg_type: 'balance',
      req_id: 1,
      subscription: { id },
      balance: { balance: 105, currency: 'USD', id, loginid: LOGINID },
    });
    await server.accounts.adjustBalance(LOGINID, -1);
    expect((await raw.message(3)).balance.balance).toBe(104);
    await settle();
    expect(raw.messages).toHaveLength(4);
  });

  it('sends nothing extra when what was committed meanwhile is what the store read', async () => {
    const store = await heldStore();
    const server = await startServer({ store });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: TOKEN });
    const waiting = store.hold();
    raw.send({ balance: 1, subscribe: 1, req_id: 1 });
    await waiting;
    await server.accounts.adjustBalance(LOGINID, 5);
    store.release();
    expect((await raw.message(1)).balance.balance).toBe(105);
    await settle();
    expect(raw.messages).toHaveLength(2);
  });
});
