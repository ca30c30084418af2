/** A mistake the user can fix: printed as one line, with no stack trace, and a non-zero exit. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Prints one clear line for any failure and returns the exit code. */
export function reportFailure(
  error: unknown,
  write: (line: string) => void = (line) => process.stderr.write(line),
): number {
  if (error instanceof UsageError) {
    write(`deriv-ws: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`deriv-ws: ${message}\n`);
  return 1;
}
