import { createInterface, type CompleterResult } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Subscription } from '../client/node.js';
import { CALLS, callNameOf } from '../protocol/calls.js';
import { UsageError } from './errors.js';
import { parseJsonRequest } from './json-input.js';
import { DataOutput, describeError } from './output.js';
import { openTarget, targetHelp, targetOptions, type Target } from './target.js';

export const replHelp = `Usage: deriv-ws repl [target]

Type a request as JSON, or a shorthand; replies and stream messages print as they arrive.
  ping | time                      {"ping":1} | {"time":1}
  ticks SYMBOL [SYMBOL…]           stream ticks
  forget ID                        stop a stream (its sub-N id or the server's id)
  forget_all TYPE [TYPE…]          stop every stream of these types
  .streams | .help | .exit
Up and down recall earlier lines; Tab completes call names.
${targetHelp}`;

const SHORTHANDS = ['ping', 'time', 'ticks', 'forget', 'forget_all', '.streams', '.help', '.exit'];

/** Completes the first word against the shorthands and every call name. */
export function completeLine(line: string): CompleterResult {
  if (line.includes(' ') || line.startsWith('{')) return [[], line];
  const words = [...new Set([...SHORTHANDS, ...CALLS.keys()])].sort();
  const hits = words.filter((word) => word.startsWith(line));
  return [hits, line];
}

/** Turns a typed line into a request, or a REPL command. */
export function readLine(
  line: string,
): { request: Record<string, unknown> } | { command: string; args: string[] } | { error: string } {
  const text = line.trim();
  if (text.startsWith('{')) {
    try {
      return { request: parseJsonRequest(text) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
  const [word = '', ...args] = text.split(/\s+/);
  if (word === 'ping' || word === 'time') return { request: { [word]: 1 } };
  if (word === 'ticks')
    return args.length
      ? { request: { ticks: args.length === 1 ? args[0] : args } }
      : { error: 'ticks needs a symbol, e.g. ticks R_100' };
  if (word === 'forget_all')
    return args.length
      ? { request: { forget_all: args.length === 1 ? args[0] : args } }
      : { error: 'forget_all needs a type, e.g. forget_all ticks' };
  if (word === 'forget' || word.startsWith('.')) return { command: word, args };
  if (CALLS.has(word))
    return { request: { [word]: args[0] === undefined ? 1 : /^\d+$/.test(args[0]) ? Number(args[0]) : args[0] } };
  return { error: `unknown command "${word}"; type .help` };
}

function streams(request: Record<string, unknown>): boolean {
  const name = callNameOf(request);
  const info = name ? CALLS.get(name) : undefined;
  return info?.subscribe === 'always' || (info?.subscribe === 'optional' && request.subscribe === 1);
}

export async function repl(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: targetOptions,
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const target: Target = await openTarget(values, env);
  const out = new DataOutput();
  const live = new Map<string, Subscription<Record<string, unknown>>>();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: completeLine,
    historySize: 1_000,
    prompt: 'deriv> ',
  });
  const print = (text: string) => {
    out.line(text);
    rl.prompt(true);
  };

  const open = (request: Record<string, unknown>) => {
    let subscription: Subscription<Record<string, unknown>>;
    try {
      subscription = target.client.subscribe(request as never) as unknown as Subscription<Record<string, unknown>>;
    } catch (error) {
      return print(`error: ${describeError(error)}`);
    }
    live.set(subscription.id, subscription);
    print(`${subscription.id} subscribed; "forget ${subscription.id}" stops it`);
    subscription.on('data', (message) => print(`${subscription.id} ${JSON.stringify(message)}`));
    subscription.on('error', (error) => print(`${subscription.id} error: ${describeError(error)}`));
    subscription.on('end', () => live.delete(subscription.id));
  };

  const forget = async (id: string | undefined) => {
    const match = [...live.values()].find(
      (subscription) => subscription.id === id || subscription.serverIds.includes(id ?? ''),
    );
    if (match) {
      await match.unsubscribe();
      return print(`${match.id} forgotten`);
    }
    if (!id) return print('forget needs an id, e.g. forget sub-1');
    await handle({ request: { forget: id } });
  };

  const handle = async (input: ReturnType<typeof readLine>): Promise<boolean> => {
    if ('error' in input) {
      print(`error: ${input.error}`);
      return true;
    }
    if ('command' in input) {
      switch (input.command) {
        case '.exit':
        case '.quit':
          return false;
        case '.help':
          print(replHelp);
          return true;
        case '.streams':
          print(
            live.size ? [...live.values()].map((s) => `${s.id} ${s.serverIds.join(',')}`).join('\n') : 'no streams',
          );
          return true;
        case 'forget':
          await forget(input.args[0]);
          return true;
        default:
          print(`error: unknown command "${input.command}"; type .help`);
          return true;
      }
    }
    if (streams(input.request)) {
      open(input.request);
      return true;
    }
    try {
      print(JSON.stringify(await target.client.send(input.request as never)));
    } catch (error) {
      print(`error: ${describeError(error)}`);
    }
    return true;
  };

  rl.prompt();
  let queue = Promise.resolve(true);
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      if (!line.trim()) return rl.prompt();
      // One line at a time, in order, even when they arrive together (a pasted block, a pipe).
      queue = queue
        .then((going) => (going ? handle(readLine(line)) : false))
        .then((going) => {
          if (!going) rl.close();
          return going;
        });
    });
    rl.on('close', () => void queue.then(() => resolve()));
    rl.on('SIGINT', () => rl.close());
  });
  for (const subscription of live.values()) await subscription.unsubscribe();
  await target.close();
  return 0;
}
