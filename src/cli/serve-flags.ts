import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseAccountsConfig } from '../server/accounts/accounts-config.js';
import type { ClusterOptions } from '../server/cluster/primary.js';
import { parseRateLimitsConfig } from '../server/limits/rate-limits-config.js';
import { parseTradingConfig } from '../server/trading/trading-options.js';
import { SYMBOLS } from '../server/market/symbols.js';
import {
  CLUSTER_OPTION_TABLE,
  OPTION_TABLE,
  type FlagParse,
  type OptionRow,
  type ServeFlag,
} from '../server/option-table.js';
import type { ClusterOnlyKey, ServeOptions } from '../server/serve-options.js';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';

/** One flag of `serve`, with the option row it sets. */
interface FlagEntry {
  readonly key: string;
  readonly row: OptionRow<unknown>;
  readonly flag: ServeFlag;
  /** The cluster's own (`CLUSTER_OPTION_TABLE`), not the server's. */
  readonly clusterOnly: boolean;
}

const rows = (table: Readonly<Record<string, OptionRow<unknown>>>, clusterOnly: boolean): FlagEntry[] =>
  Object.entries(table).flatMap(([key, row]) =>
    'none' in row.flags ? [] : row.flags.map((flag) => ({ key, row, flag, clusterOnly })),
  );

/** Every flag of `serve`, in `--help`'s order: the server's options, then the cluster's. */
export const SERVE_FLAGS: readonly FlagEntry[] = [...rows(OPTION_TABLE, false), ...rows(CLUSTER_OPTION_TABLE, true)];

/** `parseArgs`' options for them. */
export function parseArgsOptions(): Record<string, { type: 'string' | 'boolean' }> {
  return Object.fromEntries(
    SERVE_FLAGS.map(({ flag }) => [flag.name, { type: flag.parse.kind === 'switch' ? 'boolean' : 'string' }]),
  );
}

/** The default `--help` shows for a flag: serve's own, the row's said in words, or the row's value. */
export function shownDefault({ row, flag }: FlagEntry): string {
  if (flag.shownDefault !== undefined) return flag.shownDefault;
  if (flag.serveDefault !== undefined) return String(flag.serveDefault);
  const value = row.default;
  if (typeof value === 'number')
    return String(flag.parse.kind === 'number' && flag.parse.seconds ? value / 1000 : value);
  if (typeof value === 'string') return value;
  throw new Error(`option table: --${flag.name} has no default to show`);
}

const NAME_COLUMN = 24;
const WIDTH = 104;

/** `--help` for `serve`: every flag with its default, then the options that have no flag and why. */
export function serveHelpText(): string {
  const lines = [
    'Usage: deriv-ws serve [options]',
    '',
    'Runs the local v3 server and the demo page until Ctrl-C. Every createServer() option has a flag,',
    'and under --workers N each reaches every worker.',
  ];
  for (const entry of SERVE_FLAGS) {
    const { flag } = entry;
    const name = `  --${flag.name}${flag.arg ? ` ${flag.arg}` : ''}`;
    const text = wrap(`${flag.help} (default ${shownDefault(entry)})`, WIDTH - NAME_COLUMN);
    if (name.length < NAME_COLUMN - 1) lines.push(name.padEnd(NAME_COLUMN) + text[0], ...text.slice(1).map(indent));
    else lines.push(name, ...text.map(indent));
  }
  lines.push('Options without a flag:');
  for (const [key, row] of [...Object.entries(OPTION_TABLE), ...Object.entries(CLUSTER_OPTION_TABLE)] as Array<
    [string, OptionRow<unknown>]
  >) {
    if (!('none' in row.flags)) continue;
    const text = wrap(row.flags.none, WIDTH - NAME_COLUMN);
    lines.push(`  ${key}`.padEnd(NAME_COLUMN) + text[0], ...text.slice(1).map(indent));
  }
  return lines.join('\n');
}

const indent = (line: string) => ' '.repeat(NAME_COLUMN) + line;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** What `serve`'s flags say: the server's options as plain data, and the cluster's own. */
export interface ServeSettings {
  readonly options: ServeOptions;
  readonly cluster: Pick<ClusterOptions, ClusterOnlyKey | 'workers'>;
}

/**
 * The options the flags set. A flag not given takes, in turn, `fallbacks` (PORT from the
 * environment, the demo page's folder), serve's own default, or nothing (the server's default).
 * A bad value throws a UsageError naming the flag.
 */
export function readServeFlags(
  values: Record<string, string | boolean | undefined>,
  fallbacks: Readonly<Record<string, string | undefined>> = {},
): ServeSettings {
  const options: Record<string, unknown> = {};
  const cluster: Record<string, unknown> = { workers: CLUSTER_OPTION_TABLE.workers.default };
  const excluded = new Set<string>();
  for (const { flag } of SERVE_FLAGS) {
    if (flag.excludes === undefined || values[flag.name] === undefined) continue;
    if (values[flag.excludes] !== undefined)
      throw new UsageError(`--${flag.name} and --${flag.excludes} cannot be used together`);
    excluded.add(flag.excludes);
  }
  for (const { key, flag, clusterOnly } of SERVE_FLAGS) {
    const given = values[flag.name];
    const serveDefault = excluded.has(flag.name) ? undefined : flag.serveDefault;
    const text = given ?? fallbacks[flag.name] ?? (serveDefault === undefined ? undefined : String(serveDefault));
    // A switch always says something: absent is false.
    if (text === undefined && flag.parse.kind !== 'switch') continue;
    const value = parseFlag(flag, text ?? false);
    const set = flag.into ? (flag.into as (value: unknown) => Record<string, unknown>)(value) : { [key]: value };
    for (const [name, part] of Object.entries(set)) {
      const target = clusterOnly ? cluster : options;
      // Two flags may fill one object option (--seed and --tick-intervals are both `market`).
      target[name] = isPlainObject(part) && isPlainObject(target[name]) ? { ...target[name], ...part } : part;
    }
  }
  return { options: options as ServeOptions, cluster: cluster as ServeSettings['cluster'] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One flag's text as its value, by its kind; a bad one is one line naming the flag. */
function parseFlag(flag: ServeFlag, text: string | boolean): unknown {
  const name = `--${flag.name}`;
  const parse: FlagParse = flag.parse;
  if (parse.kind === 'switch') return text === true;
  const value = String(text);
  switch (parse.kind) {
    case 'number': {
      const number = parseNumberOption(name, value, parse);
      return parse.seconds ? number * 1000 : number;
    }
    case 'text':
      return value;
    case 'redis-url':
      return redisUrl(name, value);
    case 'folder':
      // The server would serve nothing from a folder that is not there, which is not what was asked.
      if (!isFolder(value)) throw new UsageError(`${name} ${value} is not a folder`);
      return value;
    case 'list': {
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length === 0) throw new UsageError(`${name} needs at least one ${parse.item}`);
      return items;
    }
    case 'ip-list': {
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length === 0) throw new UsageError(`${name} needs at least one IP address`);
      const bad = items.find((item) => isIP(item) === 0);
      if (bad !== undefined) throw new UsageError(`${name}: ${bad} is not an IP address`);
      return items;
    }
    case 'seed':
      return /^\d+$/.test(value) ? Number(value) : value;
    case 'tick-intervals':
      return tickIntervals(name, value);
    case 'accounts-file':
      return fromJsonFile(name, value, parseAccountsConfig);
    case 'rate-limits':
      return value === 'off' ? false : fromJsonFile(name, value, parseRateLimitsConfig);
    case 'trading-file':
      return fromJsonFile(name, value, parseTradingConfig);
  }
}

/** `R_100=1,1HZ10V=3` → `{ R_100: 1, '1HZ10V': 3 }`: known symbols, whole seconds. */
function tickIntervals(name: string, text: string): Record<string, number> {
  const intervals: Record<string, number> = {};
  for (const part of text.split(',').map((item) => item.trim())) {
    const match = /^([^=\s]+)=(.+)$/.exec(part);
    if (!match) throw new UsageError(`${name} must be SYMBOL=SECONDS,…, not "${text}"`);
    const [, symbol, seconds] = match as unknown as [string, string, string];
    if (!SYMBOLS.some((spec) => spec.symbol === symbol))
      throw new UsageError(`${name}: unknown symbol "${symbol}" (${SYMBOLS.map((spec) => spec.symbol).join(', ')})`);
    intervals[symbol] = parseNumberOption(`${name} ${symbol}`, seconds, { min: 1, max: 86_400, integer: true });
  }
  return intervals;
}

/** A Redis URL as node-redis takes it; the text is not echoed back, since a URL may hold a password. */
function redisUrl(name: string, text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname)
    throw new UsageError(`${name} must be a URL such as redis://127.0.0.1:6379`);
  return text;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function fromJsonFile<T>(name: string, path: string, check: (value: unknown) => T): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${name} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} ${path} is not valid JSON`);
  }
  try {
    return check(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
