// A worker thread of the CLI (copied to dist/cli/worker.cjs by scripts/bundle.mjs): it runs
// main.cjs, the bundle the main thread runs, with the same V8 code cache (cached-script.cjs,
// the loader bin/bouncemapi.js uses), then serves the pool (src/8-pipeline/batch/worker.ts).
// The parse path comes compiled from the cache instead of being compiled again in every worker.
'use strict';
const path = require('node:path');
const runCached = require('./cached-script.cjs');

// a worker serves a batch: the wider cache first (bin/bouncemapi.js, isBatch), never written here
void runCached(path.join(__dirname, 'main.cjs'), ['batch', ''], false).exports.serveWorker();
