#!/usr/bin/env node
// Thin shim over the built CLI (npm run build writes dist/).
import { main } from '../dist/9-cli/main.js';

// `bouncemapi ... | head`: the reader went away; stop quietly instead of reporting EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bouncemapi: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
