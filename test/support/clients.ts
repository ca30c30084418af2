import { onTestFinished } from 'vitest';
import { DerivClient, type DerivClientOptions } from '../../src/client/node.js';

/** A client for one test, closed when the test ends. */
export function makeClient(options: DerivClientOptions): DerivClient {
  const client = new DerivClient(options);
  onTestFinished(() => client.close());
  return client;
}

/** Resolves on the next event of that name. */
export function nextEvent<E extends 'open' | 'close' | 'error' | 'state' | 'message'>(
  client: DerivClient,
  event: E,
): Promise<Parameters<Parameters<DerivClient['once']>[1]>[0]> {
  return new Promise((resolve) => client.once(event, resolve as never));
}
