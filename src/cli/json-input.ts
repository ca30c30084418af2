import { UsageError } from './errors.js';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

/** The request's text: the one positional argument, else stdin when stdin is not a terminal. */
export async function requestText(positionals: string[], example: string): Promise<string> {
  if (positionals.length > 1) throw new UsageError('give the request as one argument (quote it), or on stdin');
  const text = positionals[0] ?? (process.stdin.isTTY ? undefined : await readStdin());
  if (text === undefined || text.trim() === '')
    throw new UsageError(`no request: give JSON as an argument or on stdin, e.g. '${example}'`);
  return text;
}

function parseObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`invalid JSON${where}: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`the request${where} must be a JSON object, such as {"ping":1}`);
  return value as Record<string, unknown>;
}

/** One JSON object, or one per line (NDJSON). */
export function parseJsonRequests(text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  try {
    return [parseObject(trimmed, '')];
  } catch (error) {
    const lines = trimmed.split('\n').filter((line) => line.trim() !== '');
    if (lines.length < 2) throw error;
    return lines.map((line, index) => parseObject(line, ` on line ${index + 1}`));
  }
}

export function parseJsonRequest(text: string): Record<string, unknown> {
  return parseObject(text.trim(), '');
}
