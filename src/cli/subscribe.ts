import { parseArgs } from 'node:util';
import type { Subscription } from '../client/node.js';
import { UsageError } from './errors.js';
import { parseJsonRequest, requestText } from './json-input.js';
import { parseNumberOption } from './options.js';
import { DataOutput, describeError } from './output.js';
import { openTarget, targetHelp, targetOptions } from './target.js';

export const subscribeHelp = `Usage: deriv-ws subscribe '<json>' [--count N] [target]

Opens a stream and prints every message as one JSON line on stdout (NDJSON, ready for jq).
Ctrl-C forgets the stream and exits 0; so does a reader that goes away (… | head -3).
  --count N             stop after N messages
${targetHelp}`;

export async function subscribe(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...targetOptions, count: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const text = await requestText(positionals, '{"ticks":"R_100"}');
  const request = parseJsonRequest(text);
  const count =
    values.count === undefined ? Infinity : parseNumberOption('--count', values.count, { min: 1, integer: true });

  const target = await openTarget(values, env);
  // The request is whatever JSON was given (hence `as never`): its messages are printed, never read.
  let subscription: Subscription<never>;
  try {
    subscription = target.client.subscribe(request as never);
  } catch (error) {
    await target.close();
    throw new UsageError(describeError(error));
  }
  const out = new DataOutput();
  const stop = () => void subscription.unsubscribe();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  void out.closed.then(stop);
  let received = 0;
  let failure: unknown;
  try {
    for await (const message of subscription) {
      out.line(JSON.stringify(message));
      if (++received >= count || out.isClosed) break;
    }
  } catch (error) {
    failure = error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await subscription.unsubscribe();
    await target.close();
  }
  if (failure) {
    process.stderr.write(`${describeError(failure)}\n`);
    return 1;
  }
  return 0;
}
