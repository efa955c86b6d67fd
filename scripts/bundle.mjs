// npm run build, second step: the CLI as a few bundled ES modules in dist/cli/ (main.js, the
// worker, and chunks loaded on first use), which bin/bouncemapi.js loads. Node 20 loads one
// bundled file far faster than the ~100 modules (and their dependencies' files) that tsc
// writes: every module through the ESM loader costs a resolve, a read and a compile
// (measured in README, Benchmark). dist/index.js and the rest of dist/ stay tsc's output: the
// library and its type declarations.
import { build } from 'esbuild';
import path from 'node:path';
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';

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
      contents: "import libmime from 'libmime'; import * as libmimeCharset from 'libmime/lib/charset.js'; import libqp from 'libqp'; export { libmime, libmimeCharset, libqp };",
      loader: 'js',
      resolveDir: path.join(root, 'src/2-mime'),
    }));
  },
};

// chunks are named by their hash: last build's would stay beside this one's
rmSync(path.join(root, 'dist/cli'), { recursive: true, force: true });
const out = await build({
  absWorkingDir: root,
  entryPoints: { 'cli/main': 'src/9-cli/main.ts', 'cli/worker': 'src/8-pipeline/batch/worker.ts' },
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
  plugins: [cjsOnly],
  logLevel: 'warning',
  metafile: process.argv.includes('--meta'),
});
if (out.metafile) console.log(JSON.stringify(out.metafile));
