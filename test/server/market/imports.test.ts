import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/run.js';

const MARKET = join(ROOT, 'src/server/market');
const files = readdirSync(MARKET).filter((name) => name.endsWith('.ts'));

/** Every module a file names in an import or export line (type-only ones too), as paths from the repository root. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(MARKET, file), 'utf8');
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gms),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers.map((specifier) =>
    specifier.startsWith('.')
      ? relative(ROOT, resolve(dirname(join(MARKET, file)), specifier)).replace(/\.js$/, '.ts')
      : specifier,
  );
}

describe('the market folder', () => {
  it('imports nothing from the stream layer or the call handlers: it publishes numbers, others serialise them', () => {
    expect(files).toContain('feed.ts');
    for (const file of files) {
      for (const imported of importsOf(file))
        expect(imported, `${file} imports ${imported}`).not.toMatch(/^src\/server\/(streams|calls)\//);
    }
  });

  it('has no import cycle (feed.ts and market.ts do not import each other)', () => {
    const graph = new Map(
      files.map((file) => [
        `src/server/market/${file}`,
        importsOf(file).filter((path) => path.startsWith('src/server/market/')),
      ]),
    );
    expect(graph.get('src/server/market/feed.ts')).not.toContain('src/server/market/market.ts');
    const visiting: string[] = [];
    const done = new Set<string>();
    const visit = (file: string): void => {
      if (done.has(file)) return;
      expect(visiting, `cycle: ${[...visiting, file].join(' → ')}`).not.toContain(file);
      visiting.push(file);
      for (const next of graph.get(file) ?? []) visit(next);
      visiting.pop();
      done.add(file);
    };
    for (const file of graph.keys()) visit(file);
  });
});
