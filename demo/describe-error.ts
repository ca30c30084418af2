/** One line for any failure: the code and message of our errors (`UnrecognisedRequest: Unrecognised request`), else name and message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? code : error.name}: ${error.message}`;
}
