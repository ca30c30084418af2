// An esbuild plugin for the browser bundles: the call table in src/protocol/calls.ts is a
// text table padded into columns for people to read, and its parser splits each row on
// whitespace. A minifier keeps a string as it is, padding and all (about half of the
// client's bundle), so this collapses each run of spaces inside that one literal to a single
// space before bundling. Nothing else in the file changes; the parsed table is the same.
import { readFile } from 'node:fs/promises';

const OPENING = 'const TABLE = String.raw`';

export function squeezeTable(source) {
  const start = source.indexOf(OPENING);
  if (start < 0) throw new Error('squeeze-call-table: no call table in src/protocol/calls.ts');
  const from = start + OPENING.length;
  const end = source.indexOf('`', from);
  return source.slice(0, from) + source.slice(from, end).replace(/ {2,}/g, ' ') + source.slice(end);
}

export const squeezeCallTable = {
  name: 'squeeze-call-table',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]protocol[\\/]calls\.ts$/ }, async (args) => ({
      contents: squeezeTable(await readFile(args.path, 'utf8')),
      loader: 'ts',
    }));
  },
};
