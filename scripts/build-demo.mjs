#!/usr/bin/env node
// Builds the demo page into dist/demo: the page's TypeScript bundled with the browser
// client (the same code a library user gets), plus the static files. Also writes
// dist/browser/deriv-ws.js, the client alone as one ES module for browsers.
//
// The page's bundle is a classic script (an IIFE), not a module: Deriv's guide says to open
// index.html from disk, and Chromium refuses module scripts on file:// pages (CORS). It is a
// file of its own, not inline, so a `script-src 'self'` Content-Security-Policy still allows it.
import { build } from 'esbuild';
import { minify } from 'terser';
import { squeezeCallTable } from './lib/squeeze-call-table.mjs';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/demo`, { recursive: true });

// esbuild bundles and minifies; terser then compresses the result once more (a few passes
// of its optimiser, which esbuild does not have), keeping the source map chained to the
// TypeScript. Together they are about 3 % smaller gzipped than esbuild alone.
async function compressFurther(outfile, format) {
  const result = await minify(readFileSync(outfile, 'utf8'), {
    module: format === 'esm',
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    sourceMap: { content: readFileSync(`${outfile}.map`, 'utf8'), url: `${outfile.split('/').pop()}.map` },
  });
  writeFileSync(outfile, result.code);
  writeFileSync(`${outfile}.map`, result.map);
}

const browserBundle = async (entry, outfile, format) => {
  await build({
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
  await compressFurther(outfile, format);
};
await browserBundle(`${root}demo/main.ts`, `${root}dist/demo/app.js`, 'iife');
await browserBundle(`${root}src/client/index.ts`, `${root}dist/browser/deriv-ws.js`, 'esm');
// The new API's client (deriv-ws/options): the v3 client plus REST and OTP; a file of its own.
await browserBundle(`${root}src/client/options-index.ts`, `${root}dist/browser/deriv-ws-options.js`, 'esm');
for (const file of readdirSync(`${root}demo`)) {
  if (/\.(html|css|svg|ico)$/.test(file)) copyFileSync(`${root}demo/${file}`, `${root}dist/demo/${file}`);
}
