import { createRequire } from 'node:module';
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';

/**
 * Deriv's own JS client, `@deriv/deriv-api` (CommonJS), as its README shows for Node and as
 * Deriv's DBot drives the new API: `DerivAPIBasic` given a `ws` connection to `url`, closed when
 * the test ends.
 */
export function derivApi(url: string) {
  const require = createRequire(import.meta.url);
  const module = require('@deriv/deriv-api/dist/DerivAPIBasic.js');
  const DerivAPIBasic = module.default ?? module;
  const connection = new WebSocket(url, { perMessageDeflate: false });
  onTestFinished(() => connection.terminate());
  return new DerivAPIBasic({ connection });
}
