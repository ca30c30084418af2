// Run by ipc-store.test.ts: a process that plays a cluster primary's part for the store. It
// hosts SQLite :memory: stores, one per id the parent opens, answers the parent's store
// requests with the primary's own answerStoreRequest, and relays each store's committed
// events, so the parent's IpcStore meets what a worker's does.
import { answerStoreRequest } from '../../../src/server/cluster/store-host.js';
import type { PrimaryMessage, WorkerMessage } from '../../../src/server/cluster/messages.js';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';

export type HostRequest = { storeId: number } & (
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'forward'; message: WorkerMessage }
);
export type HostReply = { storeId: number; message: PrimaryMessage } | { storeId: number; closed: true };

const stores = new Map<number, SqliteStore>();
const send = (reply: HostReply) => process.send!(reply);

process.on('message', (request: HostRequest) => {
  const { storeId } = request;
  if (request.kind === 'open') {
    const store = new SqliteStore();
    stores.set(storeId, store);
    store.onAccountEvent((event) => send({ storeId, message: { kind: 'account-event', event } }));
  } else if (request.kind === 'close') {
    const store = stores.get(storeId);
    stores.delete(storeId);
    // Answered even for a store closed already: the parent's close waits for it.
    void Promise.resolve(store?.close()).then(() => send({ storeId, closed: true }));
  } else if (request.message.kind === 'store') {
    void answerStoreRequest(stores.get(storeId)!, request.message, (message) => send({ storeId, message }));
  }
});
