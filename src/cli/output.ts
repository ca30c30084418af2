/**
 * Writes data lines to stdout. When the reader goes away (`deriv-ws subscribe … | head -3`),
 * stdout reports EPIPE; that is a normal end for a stream of data, so it resolves `closed`
 * instead of crashing.
 */
export class DataOutput {
  #closed = false;
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.#close();
      else throw error;
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  line(text: string): void {
    if (!this.#closed) this.stream.write(`${text}\n`);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#resolveClosed();
  }
}

/** `CODE: message` for a server error, the message for anything else. */
export function describeError(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' ? `${code}: ${text}` : text;
}

/** JSON lines when asked (`--json`) or when stdout is a pipe or a file; a table only for a person at a terminal. */
export function wantsJson(asked: boolean | undefined, stream: { isTTY?: boolean } = process.stdout): boolean {
  return asked === true || stream.isTTY !== true;
}
