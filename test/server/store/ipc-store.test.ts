import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpcStore } from '../../../src/server/cluster/ipc-store.js';
import { StoreUnavailable } from '../../../src/server/store/errors.js';
import type { Store } from '../../../src/server/store/store.js';
import type { HostReply, HostRequest } from './ipc-store-host-child.js';
import { storeContract } from './store-contract.js';
import { newAccount } from './store-helpers.js';

const HOST = fileURLToPath(new URL('./ipc-store-host-child.ts', import.meta.url));

/** A real child process hosting stores, reached over Node's IPC channel as a worker reaches its primary. */
function startHost(): { child: ChildProcess; open(): Store } {
  const child = fork(HOST, [], { execArgv: ['--import', 'tsx'], serialization: 'json' });
  const stores = new Map<number, IpcStore>();
  const closing = new Map<number, () => void>();
  let nextId = 1;
  child.on('message', (reply: HostReply) => {
    if ('closed' in reply) closing.get(reply.storeId)?.();
    else stores.get(reply.storeId)?.receive(reply.message);
  });
  child.on('disconnect', () => {
    for (const store of stores.values()) store.disconnected();
  });
  const request = (message: HostRequest) => child.send(message);
  return {
    child,
    open() {
      const storeId = nextId++;
      const store = new IpcStore((message) => request({ storeId, kind: 'forward', message }));
      stores.set(storeId, store);
      request({ storeId, kind: 'open' });
      // The worker's close is its own; here the host's store is closed too, so each test starts empty.
      const closeLocal = store.close.bind(store);
      store.close = async () => {
        await closeLocal();
        await new Promise<void>((resolve) => {
          closing.set(storeId, resolve);
          request({ storeId, kind: 'close' });
        });
        // Still routed: replies to what was asked before the close may come after the host's.
      };
      return store;
    },
  };
}

let host: ReturnType<typeof startHost>;
beforeAll(() => {
  host = startHost();
});
afterAll(() => {
  host.child.kill('SIGKILL');
});

// Every reply crosses a process boundary as JSON: what the contract checks of results and
// typed refusals must survive it (fields left undefined are dropped, and read back as such).
storeContract('IPC to a cluster primary', { open: async () => host.open(), propertyRuns: 20 });

describe('the IPC store when the primary dies', () => {
  it('fails what waits, and everything after, with StoreUnavailable instead of hanging', async () => {
    const own = startHost();
    const store = own.open();
    await store.ensureAccount(newAccount('CR1', 1_000));
    const gone = new Promise((resolve) => own.child.once('disconnect', resolve));
    own.child.kill('SIGKILL');
    const waiting = store.debit({ loginid: 'CR1', amountCents: 1, action: 'buy' }).catch((error: unknown) => error);
    await gone;
    expect(await waiting).toBeInstanceOf(StoreUnavailable);
    await expect(store.account('CR1')).rejects.toBeInstanceOf(StoreUnavailable);
  });
});
