#!/usr/bin/env node
// Thin shim over the built CLI: dist/cli/ is the bundle `npm run build` writes (scripts/bundle.mjs).
// Stack traces are printed only with --debug: only then are the source maps read (reading
// them costs start-up time on every run).
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/cli/main.js');

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
