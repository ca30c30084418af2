import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run.js';

/**
 * Comments cite the protocol facts they rely on in one form, naming a section of the notes by
 * its heading: `docs/PROTOCOL-NOTES.md, "Envelope"`, or several, `docs/PROTOCOL-NOTES.md,
 * "Connection", "Envelope" and "Close codes"`. The protocol reference they were once written
 * from is not in the repository, so a citation of it ("reference §4") leads nowhere.
 */

const NOTES = 'docs/PROTOCOL-NOTES.md';
const FOLDERS = ['src', 'test', 'bench', 'examples', 'demo', 'scripts'];
const EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs|html)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);
const THIS_FILE = 'test/docs/citations.test.ts';

/** Citations of the missing reference: `reference §2.2`, a bare `§6.1`, `reference, "Server pipeline"`. */
const FORBIDDEN: readonly { name: string; pattern: RegExp }[] = [
  { name: 'reference §', pattern: /reference\s+§/g },
  // A section sign with a number, unless it numbers a section of an RFC (`RFC 6455 §5.2`).
  { name: '§n', pattern: /(?<!RFC \d+ )§\s*\d/g },
  { name: 'reference, "…"', pattern: /reference,\s*"/g },
  { name: 'deriv-v3-protocol', pattern: /deriv-v3-protocol/g },
];

/** `, "A"`, `, "A", "B"`, `, "A" and "B"`: the section list that must follow every mention of the notes. */
const SECTION_LIST = /^, ("[^"\n]+"(?:, "[^"\n]+")*(?: and "[^"\n]+")?)/;

interface Source {
  path: string;
  text: string;
}

function sourceFiles(): Source[] {
  const files: Source[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (EXTENSIONS.test(entry.name)) {
        const path = relative(ROOT, full).split('\\').join('/');
        if (path !== THIS_FILE) files.push({ path, text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const folder of FOLDERS) walk(join(ROOT, folder));
  return files;
}

/** The headings of a markdown file, as written (outside fenced code). */
function headingsOf(markdown: string): Set<string> {
  const headings = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) headings.add(heading[1]!);
  }
  return headings;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** A comment continued on the next line (` * `, `// `) reads as one line. */
function joinCommentLines(text: string): string {
  return text.replace(/\s*\n\s*(?:\*(?!\/)|\/\/)?\s*/g, ' ');
}

interface Citation {
  where: string;
  sections: string[] | undefined;
}

/** Every mention of the notes in `text`, with the sections it names (none: not a citation). */
function citationsIn({ path, text }: Source): Citation[] {
  const citations: Citation[] = [];
  for (const match of text.matchAll(/PROTOCOL-NOTES\.md/g)) {
    const where = `${path}:${lineOf(text, match.index)}`;
    const prefixed = text.slice(Math.max(0, match.index - 'docs/'.length), match.index) === 'docs/';
    const list = SECTION_LIST.exec(joinCommentLines(text.slice(match.index + match[0].length, match.index + 400)));
    const sections = list ? [...list[1]!.matchAll(/"([^"]+)"/g)].map((quoted) => quoted[1]!) : undefined;
    citations.push({ where, sections: prefixed ? sections : undefined });
  }
  return citations;
}

describe('citations in comments', () => {
  const files = sourceFiles();
  const headings = headingsOf(readFileSync(join(ROOT, NOTES), 'utf8'));

  it('finds the files and the notes it checks', () => {
    expect(files.some((file) => file.path === 'src/protocol/calls.ts')).toBe(true);
    expect(headings.has('Envelope')).toBe(true);
  });

  it('cite no section of the protocol reference, which is not in the repository', () => {
    const found: string[] = [];
    for (const { path, text } of files) {
      for (const { name, pattern } of FORBIDDEN) {
        for (const match of text.matchAll(pattern)) found.push(`${path}:${lineOf(text, match.index)} (${name})`);
      }
    }
    expect(found).toEqual([]);
  });

  it(`cite ${NOTES} as \`${NOTES}, "Heading"\`, naming headings that exist`, () => {
    const wrong: string[] = [];
    const citations = files.flatMap(citationsIn);
    for (const { where, sections } of citations) {
      if (sections === undefined) wrong.push(`${where}: not in the form ${NOTES}, "Heading"`);
      else for (const section of sections) if (!headings.has(section)) wrong.push(`${where}: no heading "${section}"`);
    }
    expect(wrong).toEqual([]);
    expect(citations.length).toBeGreaterThan(20);
  });

  it('reads a citation continued on the next comment line, and refuses a heading that does not exist', () => {
    const source = {
      path: 'example.ts',
      text: '/**\n * Limits (docs/PROTOCOL-NOTES.md, "Envelope", "Close\n * codes" and "Sanity check"). See PROTOCOL-NOTES.md.\n */',
    };
    expect(citationsIn(source)).toEqual([
      { where: 'example.ts:2', sections: ['Envelope', 'Close codes', 'Sanity check'] },
      { where: 'example.ts:3', sections: undefined },
    ]);
    expect(headings.has('Close codes')).toBe(true);
    expect(headings.has('Sanity check')).toBe(false);
  });
});
