import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { parseRequestTarget } from './request-target.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * What the demo page may do, and nothing more: its own scripts, styles and images, and
 * WebSockets to any endpoint (its form connects wherever the user points it). No page may
 * frame it (`frame-ancestors`, and `X-Frame-Options` for browsers that predate it), so no
 * other site can dress its buttons up as something else.
 */
export const PAGE_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface StaticFile {
  readonly body: Buffer;
  readonly headers: OutgoingHttpHeaders;
}

/** Answers a GET or HEAD of one of the files; false when the request names none of them. */
export type StaticFiles = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Loads every file of one folder (and its subfolders) once, to serve over plain HTTP (the
 * demo page), `/` meaning `index.html`. Every response shares its file's one buffer: a read
 * per request would let a socket that pipelines requests and never reads pin a copy each.
 * Only the files found here can be served, whatever a path says. A folder that does not
 * exist serves nothing.
 */
export async function loadStaticFiles(folder: string): Promise<StaticFiles> {
  const files = new Map<string, StaticFile>();
  let names: string[];
  try {
    names = await readdir(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw error;
  }
  for (const name of names) {
    const path = join(folder, name);
    if (!(await stat(path)).isFile()) continue;
    const body = await readFile(path);
    files.set(`/${name.split(sep).join('/')}`, {
      body,
      headers: {
        'Content-Type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': PAGE_SECURITY_POLICY,
        'X-Frame-Options': 'DENY',
      },
    });
  }
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const file = files.get(fileKey(request.url));
    if (!file) return false;
    response.writeHead(200, file.headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
    return true;
  };
}

/** The map key a request target names: its decoded path, `index.html` for a folder. */
function fileKey(target: string | undefined): string {
  const pathname = parseRequestTarget(target)?.pathname ?? '';
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return '';
  }
  return path.endsWith('/') ? `${path}index.html` : path;
}
