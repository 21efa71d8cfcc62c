/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS config file, read by size-limit */
/**
 * Size budget of the built app (`npm run size`, after `vite build`).
 *
 * "First-load JS" is every script the browser fetches before the rule list is usable: the entry module
 * named in dist/index.html plus everything it imports statically (the modulepreload links and, to be
 * safe, the static `import … from "./x.js"` statements followed recursively). Chunks reached only
 * through dynamic `import()` (Monaco, the Export/Import/Simulator panels, workers) are not in it and are
 * reported separately.
 */
const { existsSync, readFileSync, readdirSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const dist = resolve(__dirname, 'dist');
const indexHtml = join(dist, 'index.html');

if (!existsSync(indexHtml)) {
  throw new Error('dist/index.html not found: run `npx vite build` before `npm run size`.');
}

const html = readFileSync(indexHtml, 'utf8');
const initialRefs = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((match) => resolve(dist, match[1]));

const staticImport = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g;
const initial = new Set();
const queue = [...initialRefs];
while (queue.length > 0) {
  const file = queue.pop();
  if (initial.has(file) || !existsSync(file)) continue;
  initial.add(file);
  const code = readFileSync(file, 'utf8');
  for (const match of code.matchAll(staticImport)) queue.push(resolve(dirname(file), match[1]));
}

const assets = join(dist, 'assets');
const allScripts = readdirSync(assets)
  .filter((name) => name.endsWith('.js'))
  .map((name) => join(assets, name));
const lazy = allScripts.filter((file) => !initial.has(file));
const monaco = lazy.filter((file) => /monaco|editor\.api|editor\.worker/i.test(file) || readFileSync(file, 'utf8').includes('monaco-editor'));

const rel = (files) => files.map((file) => relative(__dirname, file));

module.exports = [
  {
    name: 'First-load JS (entry + static imports, gzip)',
    path: rel([...initial]),
    gzip: true,
    limit: '300 KB',
  },
  {
    name: 'Monaco editor and its worker (lazy, gzip; informational)',
    path: rel(monaco),
    gzip: true,
    limit: '2 MB',
  },
  {
    name: 'All lazy chunks (gzip; informational)',
    path: rel(lazy),
    gzip: true,
    limit: '3 MB',
  },
];
