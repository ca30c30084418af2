import { type Report, reportHelp, runReport } from './report.js';
import { dateTime, money } from './table.js';

export const PORTFOLIO: Report = {
  request: () => ({ portfolio: 1 }),
  rows: (reply) => (reply.portfolio as { contracts?: Record<string, unknown>[] } | undefined)?.contracts ?? [],
  columns: (digits) => [
    { header: 'CONTRACT', align: 'right', value: (row) => String(row.contract_id) },
    { header: 'TYPE', value: (row) => String(row.contract_type) },
    { header: 'SYMBOL', value: (row) => String(row.symbol) },
    { header: 'BUY', align: 'right', value: (row) => money(row.buy_price as number, digits(row.currency as string)) },
    { header: 'PAYOUT', align: 'right', value: (row) => money(row.payout as number, digits(row.currency as string)) },
    { header: 'CURRENCY', value: (row) => String(row.currency) },
    { header: 'BOUGHT', value: (row) => dateTime(row.purchase_time as number) },
    { header: 'EXPIRES', value: (row) => dateTime(row.expiry_time as number) },
  ],
  empty: 'no open contracts',
  limited: false,
};

export const portfolioHelp = reportHelp(
  'Usage: deriv-ws portfolio [--json] [target]',
  "The account's open contracts (portfolio), oldest first: one row each.",
);

export const portfolio = (argv: string[], env: NodeJS.ProcessEnv) => runReport(PORTFOLIO, argv, env);
