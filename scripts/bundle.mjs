// npm run build, second step: the CLI bundled with esbuild into dist/cli/. Node 20 loads one
// bundled file far faster than the ~100 modules (and their dependencies' files) that tsc
// writes: every module through the ESM loader costs a resolve, a read and a compile
// (README, Benchmark). The rest of dist/ stays tsc's output: the type declarations, and the
// modules the tests and benchmarks load one by one. Written here:
//   index.js       the library (package.json's "import"), bundled as the CLI is and sharing its
//                  chunks: tsc's dist/index.js loaded ~110 modules through the ESM loader and
//                  built libmime's GBK table (see lazy-dbcs), 515-670 ms to import here against
//                  170-250 ms for the bundle (4 alternating imports each, noisy machine), 107-134
//                  with mailparser loaded on first use (msg-original.ts); a library run's first
//                  333 bounces parse in the same time either way
//   main.cjs + main.<build>.cache, main.<build>.batch.cache  what bin/bouncemapi.js runs: one
//                  CommonJS file, and V8's code caches of it (Node 20 has no code cache for ES
//                  modules; with one the functions a parse runs are not compiled again: ~40 ms
//                  less CPU a run)
//   cached-script.cjs  the one loader of a file with its cache (scripts/cached-script.cjs),
//                  for the bin, the workers and main.cjs (html-to-text.cjs)
//   worker.cjs     what main.cjs starts in each worker thread: main.cjs again, with the same
//                  code cache (scripts/worker-boot.cjs). Measured (load ~5, 3 x 10 starts,
//                  medians): ready 45-51 ms against 58-63 ms for worker.js, 64 messages
//                  answered 110-150 ms against 124-195 ms
//   html-to-text.cjs + html-to-text.<build>.cache  html-to-text as one file, loaded on the first
//                  HTML part, and its code cache (written by the batch step below)
//   main.js, worker.js, chunk-*.js  the same as ES modules, chunks loaded on first use: the
//                  library's pool and main.js run worker.js, and bin/bouncemapi.js main.js
//                  with --debug (Node applies source maps to modules it loads itself, not to a vm.Script)
import { build } from 'esbuild';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lazyDbcsEncode } from './lazy-dbcs-encode.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

// libmime and libqp ship ESM and CJS builds; @zone-eu/mailsplit requires the CJS one, so the
// bundle takes the CJS build everywhere: one copy of each (src/2-mime/libs.ts says why)
const cjsOnly = {
  name: 'cjs-builds',
  setup(b) {
    b.onResolve({ filter: /^(libmime|libqp)(\/|$)/ }, (args) => ({ path: require.resolve(args.path) }));
    // libs.ts loads them through createRequire, which a bundler does not follow: here it imports them
    b.onLoad({ filter: /[\\/]src[\\/]2-mime[\\/]libs\.ts$/ }, () => ({
      contents:
        "import libmime from 'libmime'; import * as libmimeCharset from 'libmime/lib/charset.js'; import libqp from 'libqp'; import encodingJapanese from 'encoding-japanese'; export { libmime, libmimeCharset, libqp, encodingJapanese };",
      loader: 'js',
      resolveDir: path.join(root, 'src/2-mime'),
    }));
  },
};

// libmime's charset module builds iconv-lite's GBK codec when it loads (its table for a
// comparison in createDecodeStream, which the parsers never call): ~15 ms of every start-up
// (a CPU profile of `bouncemapi < bounce`). In the bundle the codec is built on first use.
// So are its other tables of codecs (the charsets it refuses, the UTF-16/32 byte-order
// guesses): the first getCodec loads every iconv-lite encoding module, ~1.5 ms of a start
// that decodes nothing but ASCII.
// The exact statements are required: a libmime that changed them fails the build here.
const LAZY_DBCS = [
  ["const DBCS_DECODER = iconv_lite_1.default.getCodec('gbk').decoder;", "let dbcsDecoderOnce;\nconst dbcsDecoder = () => (dbcsDecoderOnce ??= iconv_lite_1.default.getCodec('gbk').decoder);"],
  ['codec.decoder === DBCS_DECODER', 'codec.decoder === dbcsDecoder()'],
  [
    "const UNSUPPORTED_CODECS = new Set(['utf7', 'utf7imap', 'base64', 'hex'].map(name => iconv_lite_1.default.getCodec(name)));",
    "let unsupportedCodecsOnce;\nconst unsupportedCodecs = () => (unsupportedCodecsOnce ??= new Set(['utf7', 'utf7imap', 'base64', 'hex'].map(name => iconv_lite_1.default.getCodec(name))));",
  ],
  ['UNSUPPORTED_CODECS.has(', 'unsupportedCodecs().has('],
  [
    "const BYTE_ORDER_GUESSING = new Map([\n    [iconv_lite_1.default.getCodec('utf-16'), 200],\n    [iconv_lite_1.default.getCodec('utf-32'), 400]\n]);",
    "let byteOrderGuessingOnce;\nconst byteOrderGuessing = () => (byteOrderGuessingOnce ??= new Map([\n    [iconv_lite_1.default.getCodec('utf-16'), 200],\n    [iconv_lite_1.default.getCodec('utf-32'), 400]\n]));",
  ],
  ['BYTE_ORDER_GUESSING.get(', 'byteOrderGuessing().get('],
];
const lazyDbcs = {
  name: 'lazy-dbcs',
  setup(b) {
    b.onLoad({ filter: /[\\/]libmime[\\/]dist[\\/]cjs[\\/]charset\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      for (const [from, to] of LAZY_DBCS) {
        if (contents.split(from).length !== 2) throw new Error(`bundle: libmime's charset.js no longer has "${from}" once (lazy-dbcs)`);
        contents = contents.replace(from, to);
      }
      for (const name of ['DBCS_DECODER', 'UNSUPPORTED_CODECS', 'BYTE_ORDER_GUESSING.'])
        if (contents.includes(name)) throw new Error(`bundle: libmime's charset.js uses ${name} elsewhere (lazy-dbcs)`);
      return { contents, loader: 'js' };
    });
  },
};

// html-to-text, loaded on the first HTML part (src/2-mime/html.ts), as one file of its own
// beside the CLI: through the package's own files it is ~15 modules (htmlparser2 with domutils'
// feed reader, entities, selderee, ...), 33-46 ms to load here; one file built from their ES
// modules (the parts html-to-text uses) loads in 19-25 ms. The library (dist/2-mime) keeps the package.
const HTML_TO_TEXT = "require('html-to-text')";
/** The plugin; `load` is what stands for the package's require (a call of the file beside the bundle). */
const htmlToTextFile = (load) => ({
  name: 'html-to-text-file',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]2-mime[\\/]html\.ts$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (contents.split(HTML_TO_TEXT).length !== 2) throw new Error(`bundle: html.ts no longer has ${HTML_TO_TEXT} once (html-to-text-file)`);
      return { contents: contents.replace(HTML_TO_TEXT, load), loader: 'ts' };
    });
  },
});

// main.cjs runs html-to-text.cjs as bin/bouncemapi.js runs main.cjs: with V8's code cache of it
// (html-to-text.<build>.cache, scripts/cached-script.cjs), written by the build's batch step,
// which converts the fixtures' HTML parts. Without it the first HTML part of a run paid for
// compiling the file and the functions a conversion runs: a run over the corpus' rhost-aol-01
// alone spent ~35 ms in htmlToText (CPU profile), of which ~12 ms loading the file. The loader
// is required when the first HTML part needs it (the bin has loaded it by then: a cached module).
const CACHED_REQUIRE = `function __bouncemapiRequireCached(name) {
  return require('./cached-script.cjs')(require('node:path').join(__dirname, name), [''], process.env.BOUNCEMAPI_WRITE_CODE_CACHE === 'batch').exports;
}`;

// chunks are named by their hash: last build's would stay beside this one's
rmSync(path.join(root, 'dist/cli'), { recursive: true, force: true });
// iconv-lite's code tables (~550 KB of JSON, most of them for charsets few bounces use) stay
// files of the installed package, required when a charset first needs one, as iconv-lite
// itself does: inside the bundle every run would scan them at start-up
const charsetTables = {
  name: 'charset-tables',
  setup(b) {
    b.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, (args) =>
      /[\\/]iconv-lite[\\/]encodings$/.test(args.resolveDir) ? { path: `iconv-lite/encodings/${args.path.slice(2)}`, external: true } : undefined,
    );
  },
};

const out = await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', 'cli/main': 'src/9-cli/main.ts', 'cli/worker': 'src/8-pipeline/batch/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'cli/chunk-[hash]',
  // source maps for stack traces (bin/bouncemapi.js turns them on with --debug)
  sourcemap: 'linked',
  // the bundled CommonJS packages call require() for Node's own modules
  banner: { js: "import { createRequire as __bouncemapiRequire } from 'node:module'; const require = __bouncemapiRequire(import.meta.url);" },
  plugins: [cjsOnly, charsetTables, lazyDbcs, lazyDbcsEncode, htmlToTextFile("require('./html-to-text.cjs')")],
  logLevel: 'warning',
  metafile: process.argv.includes('--meta'),
});
if (out.metafile) console.log(JSON.stringify(out.metafile));

// The CommonJS file. Its first line names this build: the code cache is found by that name,
// so a cache never meets another build's code (V8 checks little more than the length).
const buildId = randomUUID().slice(0, 8);
await build({
  absWorkingDir: root,
  // the CLI, and the way in for its worker threads (worker.cjs): loaded on first use, so the
  // main thread never runs the worker's module
  stdin: {
    contents: "export * from './9-cli/main.ts'; export const serveWorker = () => import('./8-pipeline/batch/worker.ts');",
    resolveDir: path.join(root, 'src'),
    sourcefile: 'src/cli-entry.ts',
    loader: 'ts',
  },
  outfile: 'dist/cli/main.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // the pool finds worker.js beside the file; html.ts requires html-to-text from it
  define: { 'import.meta.url': '__bouncemapiUrl', 'import.meta.dirname': '__dirname', __BOUNCEMAPI_WORKER__: JSON.stringify('./worker.cjs') },
  // without the spaces and comments the file is ~45 % smaller: less to read and hash at every
  // start. Names stay (stack traces; --debug runs main.js with its source map)
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: `// bouncemapi build ${buildId}\nconst __bouncemapiUrl = require('node:url').pathToFileURL(__filename).href;\n${CACHED_REQUIRE}` },
  plugins: [cjsOnly, charsetTables, lazyDbcs, lazyDbcsEncode, htmlToTextFile("__bouncemapiRequireCached('./html-to-text.cjs')")],
  logLevel: 'error',
});

// main.cjs in ASCII only. esbuild writes strings and templates so, but a regular expression's
// characters as they are (a bullet "\u2022" in a list pattern, "le\u00eddo" in a read-receipt
// one), and one character beyond ASCII makes Node read the whole file (~2 MB) into a two-byte
// string: readFileSync(main.cjs, 'utf8') took 7.0-8.0 ms against 3.0-4.1 ms as latin1, at every
// start, and V8 then reads twice the bytes wherever it scans the source. A character in a
// literal and its \u escape are the same character (ECMA-262 RegularExpressionLiterals,
// StringLiterals); one right after a backslash (an identity escape) would not be, so the
// build stops there instead.
{
  const file = path.join(root, 'dist/cli/main.cjs');
  const text = readFileSync(file, 'utf8');
  if (/\\[^\x00-\x7f]/.test(text)) throw new Error('bundle: main.cjs has a character beyond ASCII right after a backslash (ascii-only)');
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

await build({
  absWorkingDir: root,
  stdin: { contents: "export { compile } from 'html-to-text';", resolveDir: root, sourcefile: 'html-to-text-entry.js', loader: 'js' },
  outfile: 'dist/cli/html-to-text.cjs',
  // its build named as main.cjs's is: its code cache is found by that name
  banner: { js: `// bouncemapi build ${buildId}` },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // the packages' ES modules: htmlparser2's CommonJS index requires domutils' feed reader too
  conditions: ['import'],
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'error',
});

// What the pool of main.cjs starts in each worker thread (src/8-pipeline/batch/pool.ts)
copyFileSync(path.join(root, 'scripts/worker-boot.cjs'), path.join(root, 'dist/cli/worker.cjs'));
// The loader of the three with their code caches: bin/bouncemapi.js (main.cjs), worker.cjs
// (main.cjs) and main.cjs (html-to-text.cjs)
copyFileSync(path.join(root, 'scripts/cached-script.cjs'), path.join(root, 'dist/cli/cached-script.cjs'));

// The code cache: bin/bouncemapi.js parses one bounce from stdin and writes V8's cache of
// what it compiled (the start-up path and a parse). Without the fixture (a packed copy) or
// when it fails, the CLI just runs without a cache.
const sample = path.join(root, 'fixtures/bounces/postfix-failure-folded.eml');
if (existsSync(sample)) {
  const made = spawnSync(process.execPath, [path.join(root, 'bin/bouncemapi.js'), '--format', 'ndjson'], {
    input: readFileSync(sample),
    env: { ...process.env, BOUNCEMAPI_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  if (!existsSync(path.join(root, `dist/cli/main.${buildId}.cache`))) console.warn(`bundle: no code cache written (${made.stderr.trim().slice(0, 300)})`);
}
// The batch cache, for folders and mboxes (bin/bouncemapi.js, isBatch) and workers: every .eml
// fixture parsed in one thread, so the parsers of every family come compiled. Measured (quiet
// machine, 4 alternating runs): 3,330 files ~50 ms faster; it is ~0.3 MB larger than the
// one-message cache, which would cost a one-bounce run ~5 ms of start-up, so that keeps its own.
const fixtures = path.join(root, 'fixtures/bounces');
if (existsSync(fixtures)) {
  const emls = readdirSync(fixtures).filter((f) => f.endsWith('.eml')).map((f) => path.join(fixtures, f));
  const made = spawnSync(process.execPath, [path.join(root, 'bin/bouncemapi.js'), 'parse', '--format', 'ndjson', '--quiet', '--jobs', '0', ...emls], {
    env: { ...process.env, BOUNCEMAPI_WRITE_CODE_CACHE: 'batch' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!existsSync(path.join(root, `dist/cli/main.${buildId}.batch.cache`))) console.warn(`bundle: no batch code cache written (${made.stderr.trim().slice(0, 300)})`);
}
