#!/usr/bin/env node
// Builds the demo page into dist/demo: the page's TypeScript bundled with the browser
// client (the same code a library user gets), plus the static files. Also writes
// dist/browser/deriv-ws.js, the client alone as one ES module for browsers.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/demo`, { recursive: true });

const browserBundle = (entry, outfile) =>
  build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap: true, outfile, logLevel: 'warning' });
await browserBundle(`${root}demo/main.ts`, `${root}dist/demo/app.js`);
await browserBundle(`${root}src/client/index.ts`, `${root}dist/browser/deriv-ws.js`);
for (const file of readdirSync(`${root}demo`)) {
  if (/\.(html|css|svg|ico)$/.test(file)) copyFileSync(`${root}demo/${file}`, `${root}dist/demo/${file}`);
}
