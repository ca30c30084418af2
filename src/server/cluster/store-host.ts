import { toWire } from '../store/error-wire.js';
import type { Store } from '../store/store.js';
import { isRemoteStoreMethod } from './store-methods.js';
import type { PrimaryMessage, WorkerMessage } from './messages.js';

type StoreRequest = Extract<WorkerMessage, { kind: 'store' }>;

/**
 * The primary's side of the workers' store: runs what a worker asks, in the order it asked,
 * and answers with the result or the refusal as data (error-wire.ts).
 */
export async function answerStoreRequest(
  store: Store,
  message: StoreRequest,
  reply: (message: PrimaryMessage) => void,
): Promise<void> {
  if (!isRemoteStoreMethod(message.method)) {
    return reply({
      kind: 'store-reply',
      id: message.id,
      error: { code: 'Error', message: `the store has no operation ${message.method}` },
    });
  }
  const operation = store[message.method] as (...args: unknown[]) => Promise<unknown>;
  try {
    // Called now, not after an await: the store applies operations in the order they are asked.
    reply({
      kind: 'store-reply',
      id: message.id,
      result: await operation.apply(store, Array.isArray(message.args) ? message.args : []),
    });
  } catch (error) {
    reply({ kind: 'store-reply', id: message.id, error: toWire(error) });
  }
}
