#!/usr/bin/env node
// Thin shim over the built CLI in dist/cli/ (npm run build: scripts/bundle.mjs says what is there).
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import v8 from 'node:v8';
// Node's own modules that every run of the CLI loads (its code, commander, the stdio streams;
// importing node:buffer here also loads its File, which safer-buffer, iconv-lite's, reads when
// it copies every export), loaded here, before the V8 flags below are set: Node's built-in
// code cache of its own modules carries the flags' hash too, and a module loaded after a flag
// changed is compiled from source (these took 3 times as long, ~7 ms more for a run).
// NODE_DEBUG=bouncemapi names any loaded after the flags (test/bundle.test.ts asks that a
// parse load none).
import 'node:buffer';
import 'node:child_process';
import 'node:diagnostics_channel';
import 'node:fs/promises';
import 'node:os';
import 'node:perf_hooks';
import 'node:process';
import 'node:tty';
import 'node:vm';
import 'node:worker_threads';

// the built CLI beside this file (read here: import.meta's first use loads a Node module too)
const MAIN = new URL('../dist/cli/main.cjs', import.meta.url);
const CACHED_SCRIPT = new URL('../dist/cli/cached-script.cjs', import.meta.url);

/**
 * V8 flags the CLI runs with, set before any of its code is compiled. A code cache carries a
 * hash of the flags it was made under and V8 rejects it under other flags, so the build writes
 * its caches through this file too (scripts/bundle.mjs), and no flag may change later in a run.
 * - A smaller inlining budget (V8's default is 920 bytes of bytecode inlined into one
 *   function). A run over a few thousand bounces is bound by TurboFan on the second core: it
 *   compiles the parse path for the whole run while the parsing thread runs slower code
 *   (README, Benchmark). With cheaper compiles the hot functions are optimised sooner.
 *   Measured alternately on 2 cores against the default, each build's cache made under its own
 *   flags: 3,330 bounces 9-10 % less wall time (medians 1.06 s against 1.17 s, 12 runs each),
 *   16,650 no slower (3.02 s against 3.07 s, 6 runs each).
 * - --expose-gc, which the collection after a big message turns on when it first needs it
 *   (src/8-pipeline/batch/reclaim.ts): turned on mid-run, it made V8 reject html-to-text's
 *   cache when an HTML part came after a message of 4 MB or more.
 * A flag named on node's command line is left as given.
 */
const V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=300', '--expose-gc'];
for (const flag of V8_FLAGS) {
  const name = flag.split('=')[0];
  const given = process.execArgv.some((a) => {
    const arg = a.replaceAll('_', '-');
    return arg === name || arg.startsWith(`${name}=`);
  });
  if (!given) v8.setFlagsFromString(flag);
}
const trace = debuglog('bouncemapi');
if (trace.enabled) {
  const loadedBeforeFlags = process.moduleLoadList.length;
  process.once('exit', () => {
    // not counted: a stdout or stderr that is a file loads its write stream on first use, and
    // this trace's own first line loads util's colours (neither is loaded by a run without it)
    const notCounted = ['NativeModule internal/fs/sync_write_stream', 'NativeModule internal/util/colors'];
    const later = process.moduleLoadList.slice(loadedBeforeFlags).filter((m) => m.startsWith('NativeModule ') && !notCounted.includes(m));
    trace('Node modules loaded after the V8 flags: %s', later.length ? later.map((m) => m.slice('NativeModule '.length)).join(' ') : 'none');
  });
}

const debug = process.argv.includes('--debug');

/**
 * Is this a batch: an input that is a folder, or a file over 1 MiB (an mbox)? A batch loads the
 * wider code cache (scripts/bundle.mjs: every .eml fixture parsed), whose extra ~0.3 MB cost a
 * one-message run ~5 ms of start-up and save a folder of bounces of many kinds ~50 ms of
 * compiling. Options and their values are tried too: they name no folder.
 */
function isBatch(args) {
  for (const a of args) {
    if (a.startsWith('-')) continue;
    try {
      const s = statSync(a);
      if (s.isDirectory() || s.size > 1024 * 1024) return true;
    } catch {
      // not a path
    }
  }
  return false;
}

/**
 * dist/cli/main.cjs run with V8's code cache of it, when the build wrote one for this very
 * file (its first line names the build): the functions a run needs come compiled
 * (scripts/cached-script.cjs, the loader the workers and main.cjs use too).
 */
function loadWithCache() {
  // BOUNCEMAPI_WRITE_CODE_CACHE: the build's step, 1 for the one-message cache, batch for the
  // wider one (written when the run's process exits); a batch otherwise takes the wider cache,
  // or the one-message one when it is missing
  const writeCache = process.env.BOUNCEMAPI_WRITE_CODE_CACHE;
  const kinds = writeCache === 'batch' || (!writeCache && isBatch(process.argv.slice(2))) ? ['batch', ''] : [''];
  const runCached = createRequire(CACHED_SCRIPT)(fileURLToPath(CACHED_SCRIPT));
  return runCached(fileURLToPath(MAIN), kinds, Boolean(writeCache)).exports;
}

let cli;
if (debug) {
  // stack traces through the source maps, which Node reads for the modules it loads itself
  process.setSourceMapsEnabled(true);
  cli = await import('../dist/cli/main.js');
} else cli = loadWithCache();
const { main, EXIT, systemErrorText } = cli;

// stderr carries only notes: when it fails (a closed pipe, a logger that died) they are
// dropped and the work goes on; the results still go to stdout and the exit status stays theirs.
process.stderr.on('error', () => {});

// stdout carries the results. `bouncemapi ... | head`: the reader went away, stop quietly.
// Any other failure (ENOSPC on a full disk, EIO) stops the run with one line naming the
// system error and its own exit status, distinct from "not a report" (README, Exit status).
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`bouncemapi: cannot write the output to stdout: ${systemErrorText(err)}\n`);
  if (debug && err && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(EXIT.OUTPUT);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bouncemapi: ${err && err.message ? err.message : String(err)}\n`);
    if (debug && err && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = EXIT.ERROR;
  },
);
