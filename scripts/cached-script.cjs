// A CommonJS file of the build run with V8's code cache of it (copied to dist/cli/ by
// scripts/bundle.mjs). The one loader of bin/bouncemapi.js (main.cjs), of each worker thread
// (worker.cjs: main.cjs) and of main.cjs itself (html-to-text.cjs on the first HTML part).
// Node 20 keeps no code cache for the files it loads (module.enableCompileCache came with
// Node 22.1), so each is compiled here as Node's CommonJS loader would wrap it, with
// vm.Script's cachedData (https://nodejs.org/docs/latest-v20.x/api/vm.html#new-vmscriptcode-options).
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { debuglog } = require('node:util');
const vm = require('node:vm');

// NODE_DEBUG=bouncemapi: which cache each file ran with, and whether V8 took it (it rejects a
// cache made by another V8 version or with other flags, silently: the file is then compiled as usual)
const trace = debuglog('bouncemapi');

/**
 * Run `file` (a CommonJS file of the build whose first line is `// bouncemapi build <id>`) with
 * the first of its caches that exists: `kinds` in order, '' naming `<name>.<id>.cache` and
 * 'batch' `<name>.<id>.batch.cache`. A file without the line, or without any of its caches,
 * is compiled as usual. `write` is the build's step: nothing is read, and V8's cache of
 * what the run compiled is written to the first kind's file when the process exits.
 * Returns the module: `exports`, and `cache` (the cache file's name) with `rejected` (V8's
 * verdict on it) when one was read.
 */
function runCached(file, kinds, write) {
  // the build writes its files in ASCII (scripts/bundle.mjs): read as Latin-1 the same string,
  // made without decoding UTF-8 (2.9-3.0 ms against 5.3-7.6 for main.cjs's 2 MB); else UTF-8
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const build = /^\/\/ bouncemapi build (\w+)/.exec(source)?.[1];
  const dir = path.dirname(file);
  const named = (kind) => `${path.basename(file, '.cjs')}.${build}.${kind ? `${kind}.` : ''}cache`;
  let cache;
  let cachedData;
  if (build && !write) {
    for (const kind of kinds) {
      try {
        cachedData = readFileSync(path.join(dir, named(kind)));
        cache = named(kind);
        break;
      } catch {
        // not written: the next, or compiled as usual
      }
    }
  }
  // the wrapper of Node's CommonJS loader (lib/internal/modules/cjs/loader.js, wrapSafe)
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {}, cache, rejected: cachedData ? script.cachedDataRejected : undefined };
  trace('%s: %s', path.basename(file), cache ? `${cache} ${module.rejected ? 'rejected' : 'accepted'}` : 'no cache');
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
  if (write && build) process.once('exit', () => writeFileSync(path.join(dir, named(kinds[0])), script.createCachedData()));
  return module;
}

module.exports = runCached;
