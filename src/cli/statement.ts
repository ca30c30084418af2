import { type Report, reportHelp, runReport } from './report.js';
import { dateTime, money } from './table.js';

export const STATEMENT: Report = {
  request: (limit) => ({ statement: 1, ...(limit !== undefined ? { limit } : {}) }),
  rows: (reply) => (reply.statement as { transactions?: Record<string, unknown>[] } | undefined)?.transactions ?? [],
  columns: (digits, currency) => [
    { header: 'TIME', value: (row) => dateTime(row.transaction_time as number) },
    { header: 'ACTION', value: (row) => String(row.action_type) },
    { header: 'CONTRACT', align: 'right', value: (row) => (row.contract_id == null ? '' : String(row.contract_id)) },
    { header: 'AMOUNT', align: 'right', value: (row) => money(row.amount as number, digits(currency)) },
    { header: 'BALANCE', align: 'right', value: (row) => money(row.balance_after as number, digits(currency)) },
    { header: 'TRANSACTION', align: 'right', value: (row) => String(row.transaction_id) },
  ],
  empty: 'no transactions',
  limited: true,
};

export const statementHelp = reportHelp(
  'Usage: deriv-ws statement [--limit N] [--json] [target]',
  "The account's ledger (statement), newest first: every buy, sale and deposit, each with the\nbalance after it.",
  "the newest N rows (else the server's default page)",
);

export const statement = (argv: string[], env: NodeJS.ProcessEnv) => runReport(STATEMENT, argv, env);
