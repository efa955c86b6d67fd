// A worker thread of the CLI (copied to dist/cli/worker.cjs by scripts/bundle.mjs): it runs
// main.cjs, the bundle the main thread runs, with the same V8 code cache (bin/bouncemapi.js
// loads it the same way), then serves the pool (src/8-pipeline/batch/worker.ts). The parse
// path comes compiled from the cache instead of being compiled again in every worker.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, 'main.cjs');
// ASCII read as Latin-1, as bin/bouncemapi.js reads it
const bytes = readFileSync(file);
const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
const build = /^\/\/ bouncemapi build (\w+)/.exec(source)?.[1];
// a worker serves a batch: the wider cache first (bin/bouncemapi.js, isBatch)
let cachedData;
for (const name of [`main.${build}.batch.cache`, `main.${build}.cache`]) {
  try {
    if (build) cachedData = readFileSync(path.join(__dirname, name));
    break;
  } catch {
    // not written: the next, or compiled as usual
  }
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const cli = { exports: {} };
script.runInThisContext()(cli.exports, createRequire(file), cli, file, __dirname);
void cli.exports.serveWorker();
