import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDirectory, runCli } from '../support/cli.js';

const HOUR_CALL =
  '{"proposal":1,"amount":5,"basis":"stake","contract_type":"CALL","currency":"USD","duration":1,"duration_unit":"h","symbol":"R_100"}';
const ndjson = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('--local --db FILE', () => {
  it('keeps what one command bought for the next: portfolio and statement find it, and the balance goes on', async () => {
    const db = join(freshDirectory(), 'local.sqlite');
    const bought = await runCli(['buy', '--local', '--db', db, HOUR_CALL]);
    expect(bought).toMatchObject({ code: 0, stderr: '' });
    const { contract_id: contractId, transaction_id: buyId } = JSON.parse(bought.stdout).buy;

    const portfolio = await runCli(['portfolio', '--local', '--db', db, '--json']);
    expect(portfolio).toMatchObject({ code: 0, stderr: '' });
    expect(ndjson(portfolio.stdout)).toMatchObject([{ contract_id: contractId, buy_price: 5, transaction_id: buyId }]);

    // A second run buys on the same account: the balance goes on from the first.
    const again = await runCli(['buy', '--local', '--db', db, HOUR_CALL]);
    const second = JSON.parse(again.stdout).buy;
    expect(second.contract_id).toBeGreaterThan(contractId);

    const statement = await runCli(['statement', '--local', '--db', db, '--json']);
    expect(ndjson(statement.stdout).map((row) => [row.action_type, row.transaction_id, row.balance_after])).toEqual([
      ['buy', second.transaction_id, 9_990],
      ['buy', buyId, 9_995],
      ['deposit', 1, 10_000],
    ]);
  });

  it('without --db every --local run starts afresh', async () => {
    const cwd = freshDirectory();
    expect((await runCli(['buy', '--local', HOUR_CALL], { cwd })).code).toBe(0);
    expect(await runCli(['portfolio', '--local', '--json'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('refuses --db without --local, and a file that is not a database, in one line', async () => {
    const alone = await runCli(['portfolio', '--db', 'x.sqlite']);
    expect(alone).toEqual({ code: 2, stdout: '', stderr: 'deriv-ws: --db goes with --local\n' });
    const junk = join(freshDirectory(), 'junk.db');
    writeFileSync(junk, 'not a database at all');
    const refused = await runCli(['portfolio', '--local', '--db', junk]);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: `deriv-ws: ${junk} is not an SQLite database\n` });
  });
});
