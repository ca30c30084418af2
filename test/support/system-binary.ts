import { accessSync, constants, statSync } from 'node:fs';

/**
 * A program some tests need from the machine rather than from npm (Chromium, redis-server),
 * and where to look for it.
 */
export interface SystemBinary {
  /** What it is, for the skip line: `Chromium`. */
  readonly name: string;
  /** An environment variable that, when set, is tried first: `CHROME_PATH`. */
  readonly envVar: string;
  /** Where the usual packages install it, tried in order. */
  readonly paths: readonly string[];
  /** The command that installs it: `apt-get install chromium`. */
  readonly install: string;
}

export type BinaryLookup =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly problem: string };

/** The first of `envVar`'s path and `paths` that is an executable file, or the one line that says how to get one. */
export function findSystemBinary(binary: SystemBinary, env: NodeJS.ProcessEnv = process.env): BinaryLookup {
  const fromEnv = env[binary.envVar];
  const candidates = fromEnv ? [fromEnv, ...binary.paths] : binary.paths;
  const path = candidates.find(isExecutableFile);
  if (path !== undefined) return { found: true, path };
  const looked = [fromEnv ? `${binary.envVar}=${fromEnv}` : `${binary.envVar} (unset)`, ...binary.paths].join(', ');
  return {
    found: false,
    problem: `${binary.name} not found (looked at ${looked}); install it with \`${binary.install}\``,
  };
}

/**
 * The binary's path, for a test file to run its tests with. Without it the tests cannot run:
 * on a developer's machine they are skipped with one line on stderr (`npm ci && npm test`
 * still passes on a fresh machine); under CI (`CI` set, and not `false` or `0`) that would
 * hide a broken setup, so this throws and the test file fails.
 */
export function systemBinaryOrSkip(
  binary: SystemBinary,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string | undefined {
  const lookup = findSystemBinary(binary, env);
  if (lookup.found) return lookup.path;
  if (isCi(env)) throw new Error(`${lookup.problem}; CI is set, so the tests that need it fail rather than skip`);
  // process.stderr, not console: vitest prints console output under a header of its own, and this is one line.
  warn(`Skipping the tests that need ${binary.name}: ${lookup.problem}`);
  return undefined;
}

/** CI services set CI=true; `CI=false` or `CI=0` is how a user says "not CI". */
function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
