/**
 * The call table's consistency rules. The table is fixed when the package is built, so these run
 * in its tests (test/protocol/calls.test.ts) rather than in every client that loads it: a
 * browser pays for the table's facts, not for checking them.
 */
import { BUDGET, type CallInfo, FLAGS, KEY_RULE_FORM, RETRY, STREAM_TYPES, SUBSCRIBE } from './calls.js';

/** Every way the table breaks its rules, one line each; empty when it keeps them. */
export function callTableProblems(
  calls: ReadonlyMap<string, CallInfo>,
  sensitiveByCall: Readonly<Record<string, readonly string[]>>,
  tableText: string,
): string[] {
  const problems: string[] = [];
  for (const line of tableText.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const columns = line.trim().split(/\s+/);
    const [name, , , subscribe = '', retry = '', budget = '', , flags = '-', key = ''] = columns;
    if (columns.length !== 9 || !(subscribe in SUBSCRIBE) || !(retry in RETRY) || !(budget in BUDGET))
      problems.push(`bad row ${line}`);
    if (!KEY_RULE_FORM.test(key)) problems.push(`${name} has a bad key rule ${key}`);
    for (const flag of flags.split(','))
      if (flag !== '-' && !(FLAGS as readonly string[]).includes(flag))
        problems.push(`${name} has unknown flag ${flag}`);
  }
  for (const call of calls.values()) {
    for (const { type } of call.streams)
      if (type !== undefined && !(STREAM_TYPES as readonly string[]).includes(type))
        problems.push(`${call.name} has unknown stream type ${type}`);
    if (call.subscribe === 'none' && (call.streams.length > 0 || call.eventStream || call.accountStream))
      problems.push(`${call.name} does not stream, yet has a stream column or stream flags`);
    // Only ticks_history has two kinds, and `streamOf` picks between them as its `style` does.
    if (call.streams.length > 1 && call.streams.map((kind) => kind.type).join('|') !== 'ticks|candles')
      problems.push(`${call.name} has two kinds of stream other than ticks|candles`);
  }
  for (const name in sensitiveByCall) if (!calls.has(name)) problems.push(`sensitive fields of unknown call ${name}`);
  // Streams stop on logout by type (`forget_all`'s), so calls sharing a type must agree.
  const accountByType = new Map<string, boolean>();
  for (const call of calls.values()) {
    for (const { type } of call.streams) {
      if (type === undefined) continue;
      if (accountByType.has(type) && accountByType.get(type) !== call.accountStream)
        problems.push(`the ${type} streams disagree on \`account\``);
      accountByType.set(type, call.accountStream);
    }
  }
  return problems;
}
