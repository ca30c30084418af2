import { type Report, reportHelp, runReport } from './report.js';
import { dateTime, money, signedMoney } from './table.js';

const profitOf = (row: Record<string, unknown>) =>
  typeof row.sell_price === 'number' && typeof row.buy_price === 'number'
    ? Math.round((row.sell_price - row.buy_price) * 1e8) / 1e8
    : undefined;

export const PROFIT: Report = {
  // With its description the table can say what each contract was (type, symbol).
  request: (limit) => ({ profit_table: 1, description: 1, ...(limit !== undefined ? { limit } : {}) }),
  rows: (reply) => (reply.profit_table as { transactions?: Record<string, unknown>[] } | undefined)?.transactions ?? [],
  columns: (digits, currency) => [
    { header: 'CONTRACT', align: 'right', value: (row) => String(row.contract_id) },
    { header: 'TYPE', value: (row) => String(row.contract_type ?? '') },
    { header: 'SYMBOL', value: (row) => String(row.underlying_symbol ?? '') },
    { header: 'BOUGHT', value: (row) => dateTime(row.purchase_time as number) },
    { header: 'SOLD', value: (row) => dateTime(row.sell_time as number) },
    { header: 'BUY', align: 'right', value: (row) => money(row.buy_price as number, digits(currency)) },
    { header: 'SELL', align: 'right', value: (row) => money(row.sell_price as number, digits(currency)) },
    { header: 'P/L', align: 'right', value: (row) => signedMoney(profitOf(row), digits(currency)) },
  ],
  empty: 'no sold contracts',
  limited: true,
};

export const profitHelp = reportHelp(
  'Usage: deriv-ws profit [--limit N] [--json] [target]',
  "The account's sold contracts (profit_table), newest sale first, with what each made or lost.",
  "the newest N contracts (else the server's default page)",
);

export const profit = (argv: string[], env: NodeJS.ProcessEnv) => runReport(PROFIT, argv, env);
