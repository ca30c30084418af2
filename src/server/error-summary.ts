/**
 * An unexpected error as one log line: its kind, its code if it has one, and where it was
 * thrown. Never its message or the request, which may carry a token, a password or a
 * one-time URL the client sent.
 */
export function errorSummary(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const frame = error instanceof Error ? whereThrown(error) : undefined;
  return `${name}${typeof code === 'string' ? ` ${code}` : ''}${frame ? ` at ${frame}` : ''}`;
}

/** `gateway.ts:29`: the first frame of the stack in our code or a package, not in Node's own. */
function whereThrown(error: Error): string | undefined {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    if (line.includes('node:')) continue;
    const place = /([^/\\\s(]+:\d+):\d+\)?$/.exec(line.trim());
    if (place) return place[1];
  }
  return undefined;
}
