import type { CompleterResult } from 'node:readline';
import { CALLS } from '../protocol/calls.js';
import { parseJsonRequest } from './json-input.js';

const SHORTHANDS = [
  'ping',
  'time',
  'ticks',
  'forget',
  'forget_all',
  'buy',
  'sell',
  'update',
  'cancel',
  'portfolio',
  '.streams',
  '.json',
  '.help',
  '.exit',
];

/** The shorthands the REPL itself carries out, rather than sending as `{word: arg}`. */
const COMMANDS = new Set(['forget', 'buy', 'sell', 'update', 'cancel', 'portfolio']);

/** Completes the first word against the shorthands and every call name. */
export function completeLine(line: string): CompleterResult {
  if (line.includes(' ') || line.startsWith('{')) return [[], line];
  const words = [...new Set([...SHORTHANDS, ...CALLS.keys()])].sort();
  const hits = words.filter((word) => word.startsWith(line));
  return [hits, line];
}

export type ReplInput = { request: Record<string, unknown> } | { command: string; args: string[] } | { error: string };

/** Turns a typed line into a request, or a REPL command. */
export function readLine(line: string): ReplInput {
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
  // The proposal is JSON, spaces and all: the rest of the line, as typed.
  if (word === 'buy') return { command: 'buy', args: text.length > 3 ? [text.slice(3).trim()] : [] };
  if (COMMANDS.has(word) || word.startsWith('.')) return { command: word, args };
  if (CALLS.has(word))
    return { request: { [word]: args[0] === undefined ? 1 : /^\d+$/.test(args[0]) ? Number(args[0]) : args[0] } };
  return { error: `unknown command "${word}"; type .help` };
}
