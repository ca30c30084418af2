#!/usr/bin/env node
// Builds the demo page into dist/demo: the page's TypeScript bundled with the browser
// client (the same code a library user gets), plus the static files. Also writes
// dist/browser/deriv-ws.js, the client alone as one ES module for browsers.
//
// The page's bundle is a classic script (an IIFE), not a module: Deriv's guide says to open
// index.html from disk, and Chromium refuses module scripts on file:// pages (CORS). It is a
// file of its own, not inline, so a `script-src 'self'` Content-Security-Policy still allows it.
import { build } from 'esbuild';
import { squeezeCallTable } from './lib/squeeze-call-table.mjs';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/demo`, { recursive: true });

const browserBundle = (entry, outfile, format) =>
  build({
    entryPoints: [entry],
    bundle: true,
    format,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile,
    logLevel: 'warning',
    plugins: [squeezeCallTable],
  });
await browserBundle(`${root}demo/main.ts`, `${root}dist/demo/app.js`, 'iife');
await browserBundle(`${root}src/client/index.ts`, `${root}dist/browser/deriv-ws.js`, 'esm');
for (const file of readdirSync(`${root}demo`)) {
  if (/\.(html|css|svg|ico)$/.test(file)) copyFileSync(`${root}demo/${file}`, `${root}dist/demo/${file}`);
}
