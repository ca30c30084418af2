import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.js';
import { ROOT, runToEnd } from '../support/run.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## The client'));
const cliCommands = [...quickStart.matchAll(/^node dist\/cli\/main\.js .*$/gm)].map((match) => match[0]);

const sh = (command: string) => runToEnd('bash', ['-c', command]);

describe('the README quick start', () => {
  it('shows three CLI commands', () => {
    expect(cliCommands).toHaveLength(3);
  });

  it('npm start serves the page it tells the user to open, and each CLI command works against it', async () => {
    // `npm start` is `deriv-ws serve`; the port is free here instead of 8080.
    // A faster market clock, so `subscribe … --count 3` needs a fraction of a second, not 3 s per symbol tick.
    const cli = startCli(['serve', '--port', '0', '--quiet', '--speed', '20']);
    const url = (await cli.line(/^listening on /)).replace('listening on ', '');
    const port = new URL(url).port;
    expect(await cli.line(/^demo page on /)).toBe(`demo page on http://127.0.0.1:${port}/`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('app.js');

    for (const command of cliCommands) {
      const result = await sh(command.replaceAll('8080', port));
      expect(result.stderr, command).toBe('');
      expect(result.code, command).toBe(0);
      expect(result.stdout.length, command).toBeGreaterThan(0);
    }
    cli.child.kill('SIGINT');
    await cli.exited;
  }, 30_000);
});
