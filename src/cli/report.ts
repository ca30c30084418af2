import { parseArgs } from 'node:util';
import type { DerivClient } from '../client/node.js';
import { type CurrencyDigits, currencyDigits } from './currency.js';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';
import { DataOutput, describeError, wantsJson } from './output.js';
import { type Column, formatTable } from './table.js';
import { openTarget, targetHelp, targetOptions } from './target.js';

type Row = Record<string, unknown>;

/** One of the account's reports (`portfolio`, `statement`, `profit_table`): what to ask, and how its rows read on a terminal. */
export interface Report {
  /** The request, with the page size when the command takes `--limit`. */
  request(limit: number | undefined): Record<string, unknown>;
  /** The reply's rows. */
  rows(reply: Row): Row[];
  /** The table's columns; money in the row's currency, else the account's. */
  columns(digits: CurrencyDigits, accountCurrency: string | undefined): Column<Row>[];
  /** What a terminal shows instead of an empty table. */
  empty: string;
  /** Whether the command takes `--limit N`. */
  limited: boolean;
}

/** The flags every report takes, for its help. */
export function reportHelp(usage: string, what: string, limit?: string): string {
  return `${usage}

${what}
On a terminal, an aligned table (money to the currency's decimals, times in UTC); with --json,
or when stdout is not a terminal, one JSON object per row (NDJSON, the server's rows as they are).
A refusal prints CODE: message on stderr and exits 1.
${limit ? `  --limit N             ${limit}\n` : ''}  --json                JSON lines even on a terminal
${targetHelp}`;
}

export async function runReport(report: Report, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...targetOptions,
      json: { type: 'boolean', default: false },
      ...(report.limited ? { limit: { type: 'string' } } : {}),
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const limitText = (values as { limit?: string }).limit;
  const limit =
    limitText === undefined ? undefined : parseNumberOption('--limit', limitText, { min: 1, integer: true });
  const json = wantsJson(values.json);
  const target = await openTarget(values, env);
  const out = new DataOutput();
  try {
    const reply = await target.client.send(report.request(limit) as never).catch((error: unknown) => {
      process.stderr.write(`${describeError(error)}\n`);
    });
    if (!reply) return 1;
    const rows = report.rows(reply as Row);
    if (json) {
      for (const row of rows) out.line(JSON.stringify(row));
      return 0;
    }
    for (const line of await reportTable(report, rows, target.client)) out.line(line);
    return 0;
  } finally {
    await target.close();
  }
}

/** The report's rows as a terminal shows them. */
async function reportTable(report: Report, rows: Row[], client: DerivClient): Promise<string[]> {
  if (rows.length === 0) return [report.empty];
  return formatTable(report.columns(await currencyDigits(client), client.account?.currency), rows);
}
