#!/usr/bin/env node
// Thin shim over the built CLI (npm run build writes dist/).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bouncemapi: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
