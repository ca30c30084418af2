#!/usr/bin/env node
import { reportFailure, UsageError } from './errors.js';
import { serve, serveHelp } from './serve.js';

const commands: Record<string, { run: (argv: string[], env: NodeJS.ProcessEnv) => Promise<number>; help: string }> = {
  serve: { run: serve, help: serveHelp },
};

const usage = `Usage: deriv-ws <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, { help }]) => `  ${name.padEnd(10)}${help.split('\n')[2] ?? ''}`)
  .join('\n')}

Run "deriv-ws <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"; try --help`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, process.env);
  } catch (error) {
    // parseArgs reports unknown or malformed flags with a code; they are usage errors.
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

// exitCode rather than exit(): every command must leave nothing running, so the process
// ending by itself is part of the contract (and a leak shows up as a hang in the tests).
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = reportFailure(error)),
);
