/**
 * The path and query of an HTTP request target, or `undefined` when the URL parser cannot
 * read it. Node's HTTP parser accepts targets that `new URL` throws on (`//[`, or an
 * absolute-form `http://a:99999/`), so every handler reads the target through here, never
 * with `new URL(request.url)` of its own.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}
