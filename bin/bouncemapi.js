#!/usr/bin/env node
// Thin shim over the built CLI (npm run build writes dist/).
import { main } from '../dist/9-cli/main.js';
import { EXIT } from '../dist/9-cli/common.js';
import { systemErrorText } from '../dist/0-core/errors.js';

const debug = process.argv.includes('--debug');

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
    process.exitCode = 3;
  },
);
