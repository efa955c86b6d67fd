// What scripts/bundle.mjs ships beside the CLI behaves as the packages and files it stands for:
// html-to-text as one file converts as the package does; the code caches are read where each
// use asks for them (the bin, the workers, main.cjs for html-to-text: scripts/cached-script.cjs),
// accepted by V8, fallen back from when missing or foreign without a change in the output, and
// written by the build's steps; and iconv-lite with its encode tables made on first use decodes
// and encodes as the package.
import { isAscii } from 'node:buffer';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
// @ts-expect-error a script of the build, plain JavaScript without declarations
import { lazyDbcsEncode } from '../scripts/lazy-dbcs-encode.mjs';
import type { compile as Compile } from 'html-to-text';
import { OPTIONS } from '../src/2-mime/html.js';
import { parseMimeSync } from '../src/2-mime/parse.js';
import { decodeText } from '../src/2-mime/charset.js';
import { RECLAIM_AFTER_BYTES } from '../src/8-pipeline/batch/reclaim.js';
import { filesUnder, seededRandom } from './helpers/inputs.js';
import { CORPUS, FIXTURES, HAS_CORPUS, ROOT } from './helpers/paths.js';
import { tempDir } from './helpers/temp-dir.js';

const require = createRequire(import.meta.url);

describe('dist/cli/html-to-text.cjs', () => {
  it('converts every HTML part of the fixtures and the corpus to the very text the package gives', () => {
    const bundled = (require(path.join(ROOT, 'dist/cli/html-to-text.cjs')) as { compile: typeof Compile }).compile(OPTIONS);
    const pkg = (require('html-to-text') as { compile: typeof Compile }).compile(OPTIONS);
    const files = [...filesUnder(FIXTURES), ...(HAS_CORPUS ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|md|ya?ml|gz|msg)$/i.test(f));
    let compared = 0;
    for (const f of files) {
      const msg = parseMimeSync(readFileSync(f));
      for (const leaf of msg?.leavesOfType('text/html') ?? []) {
        const html = decodeText(leaf.body, leaf.charset);
        expect(bundled(html), f).toBe(pkg(html));
        compared++;
      }
    }
    for (const html of ['<table><tr><th>a</th><td>b</td></tr></table>', '<ol start="3"><li>x</li></ol>', '<p>caf&eacute; &amp; <a href="x">link</a></p>', '<h1>Head</h1><img src="x">']) expect(bundled(html)).toBe(pkg(html));
    expect(compared).toBeGreaterThan(0);
  });
});

describe('dist/index.js: the library, bundled (scripts/bundle.mjs)', () => {
  const dist = () => import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href) as Promise<typeof import('../src/index.js')>;

  it('is the bundle: it imports its chunks beside the CLI and Node modules, not tsc\'s modules one by one', () => {
    const text = readFileSync(path.join(ROOT, 'dist/index.js'), 'utf8');
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2]);
    expect(specifiers.length).toBeGreaterThan(3);
    for (const s of specifiers) expect(s, s).toMatch(/^(?:\.\/cli\/chunk-\w+\.js|node:\w+)$/);
  });

  it('exports what src/index.ts exports, each of the same kind', async () => {
    const [bundled, source] = await Promise.all([dist(), import('../src/index.js')]);
    const kinds = (m: object) => Object.entries(m).map(([k, v]) => `${k}: ${typeof v}`).sort();
    expect(kinds(bundled)).toEqual(kinds(source));
    expect(Object.keys(source).length).toBeGreaterThan(20);
  });

  it('parses every fixture as the library built from the sources does, in this thread and on workers (its pool finds its worker)', async () => {
    const [bundled, source] = await Promise.all([dist(), import('../src/index.js')]);
    const folder = path.join(FIXTURES, 'bounces');
    const results = async (lib: typeof bundled, jobs: number) => {
      const out: string[] = [];
      for await (const r of lib.parseInputs([folder], { jobs })) out.push(JSON.stringify(r));
      return out;
    };
    const expected = await results(source, 0);
    expect(expected.length).toBe(readdirSync(folder).length);
    // an HTML part (html-to-text.cjs, required beside the chunks) is among them
    expect(readdirSync(folder).some((f) => readFileSync(path.join(folder, f), 'latin1').includes('text/html'))).toBe(true);
    expect(await results(bundled, 0)).toEqual(expected);
    expect(await results(bundled, 2)).toEqual(expected);
  });
});

describe('dist/cli/main.cjs', () => {
  it('is ASCII, which bin/bouncemapi.js and the workers read as Latin-1 (scripts/bundle.mjs escapes the rest)', () => {
    const bytes = readFileSync(path.join(ROOT, 'dist/cli/main.cjs'));
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(isAscii(bytes)).toBe(true);
    // the patterns with characters beyond ASCII in the sources are there, escaped
    expect(bytes.toString('latin1')).toContain('\\u2022');
  });
});

describe('the code caches (scripts/cached-script.cjs, the one loader of the bin, the workers and main.cjs)', () => {
  // the names the loader gives them: the file's name, the build named on its first line, the kind
  const build = /^\/\/ bouncemapi build (\w+)\n/.exec(readFileSync(path.join(ROOT, 'dist/cli/main.cjs'), 'latin1'))?.[1];
  const SMALL = `main.${build}.cache`;
  const BATCH = `main.${build}.batch.cache`;
  const HTML = `html-to-text.${build}.cache`;
  const BOUNCE = path.join(FIXTURES, 'bounces/postfix-failure-folded.eml');
  const FOLDER = path.join(FIXTURES, 'bounces');

  /** the built CLI copied to a folder of its own, whose caches a test may remove or replace */
  function withCopy(test: (dir: string, cli: string) => void): void {
    const dir = tempDir('bm-cache-');
    cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    test(dir, path.join(dir, 'dist/cli'));
  }
  /** the CLI at `dir` (ROOT's own by default), with NODE_DEBUG=bouncemapi: what the loader said of each file, in order */
  function run(args: string[], opts: { dir?: string; input?: Buffer; write?: string; nodeArgs?: string[] } = {}) {
    const env: Record<string, string | undefined> = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_DEBUG: 'bouncemapi', BOUNCEMAPI_WRITE_CODE_CACHE: opts.write };
    const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), path.join(opts.dir ?? ROOT, 'bin/bouncemapi.js'), ...args], { input: opts.input, encoding: 'utf8', env, cwd: ROOT, maxBuffer: 64 << 20 });
    const loads: string[] = [];
    // the bin's line naming Node's modules loaded after it set its V8 flags, apart
    const late: string[] = [];
    for (const line of r.stderr.split('\n')) {
      if (!line) continue;
      // util.debuglog's lines: "BOUNCEMAPI <pid>: <text>"; nothing else on stderr
      const m = /^BOUNCEMAPI \d+: (.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const after = /^Node modules loaded after the V8 flags: (.*)$/.exec(m![1]);
      if (after) late.push(after[1]);
      else loads.push(m![1]);
    }
    // exit 1 over the fixtures' folder: some of its files are not reports (README, Exit status)
    expect(r.status === 0 || r.status === 1, `${r.status} ${r.signal}`).toBe(true);
    return { stdout: r.stdout, status: r.status, loads, late };
  }
  const parseFolder = ['parse', '--format', 'ndjson', '--quiet', '--jobs', '0', FOLDER];

  it('the build wrote one of each, named by the build on main.cjs\'s first line (html-to-text.cjs names the same)', () => {
    expect(build).toBeDefined();
    expect(readFileSync(path.join(ROOT, 'dist/cli/html-to-text.cjs'), 'latin1').startsWith(`// bouncemapi build ${build}\n`)).toBe(true);
    const caches = readdirSync(path.join(ROOT, 'dist/cli')).filter((f) => f.endsWith('.cache')).sort();
    expect(caches).toEqual([HTML, BATCH, SMALL].sort());
  });

  it('each use reads the cache it asks for and V8 accepts it: one bounce the small one, a folder the wide one, a worker the wide one, the first HTML part html-to-text\'s', () => {
    for (const args of [['--version'], ['--format', 'ndjson']]) expect(run(args, { input: readFileSync(BOUNCE) }).loads).toEqual([`main.cjs: ${SMALL} accepted`]);
    // fixtures/bounces has HTML parts (the html-to-text test above converts them)
    expect(run(parseFolder).loads).toEqual([`main.cjs: ${BATCH} accepted`, `html-to-text.cjs: ${HTML} accepted`]);
    // --jobs 1: the main thread and one worker (dist/cli/worker.cjs) each load main.cjs
    const jobs = run(['parse', '--format', 'ndjson', '--quiet', '--jobs', '1', FOLDER]).loads;
    expect(jobs.filter((l) => l === `main.cjs: ${BATCH} accepted`)).toHaveLength(2);
    expect(jobs.filter((l) => l.startsWith('html-to-text.cjs:')).every((l) => l === `html-to-text.cjs: ${HTML} accepted`)).toBe(true);
    expect(jobs.length).toBeGreaterThan(2);
  }, 60_000);

  // A code cache carries a hash of the V8 flags that differ from V8's defaults: the build's
  // caches, written through the bin, hold the bin's inlining budget. Node given V8's own default
  // for that flag keeps it (the bin leaves a flag given on the command line as it is), so V8
  // rejects the caches; a bin that set no flag would have them accepted.
  it("the bin's V8 flag: set for the CLI's runs and its build's caches, left as given when node's command line names it", () => {
    const input = readFileSync(BOUNCE);
    const reference = run(['--format', 'ndjson'], { input });
    expect(reference.loads).toEqual([`main.cjs: ${SMALL} accepted`]);
    for (const given of ['--max-inlined-bytecode-size-cumulative=920', '--max_inlined_bytecode_size_cumulative=920']) {
      const r = run(['--format', 'ndjson'], { input, nodeArgs: [given] });
      expect(r.loads, given).toEqual([`main.cjs: ${SMALL} rejected`]);
      expect(r.stdout).toBe(reference.stdout);
    }
  }, 60_000);

  // Node's built-in code cache of its own modules carries the V8 flags' hash too: a module of
  // Node's loaded after the bin set its flags is compiled from source (3 times as slow), so the
  // bin loads them first. A new Node module used by the CLI shows here, named.
  it("no Node module is loaded after the bin's V8 flags: one bounce, a folder in one thread and with a worker, --version", () => {
    const input = readFileSync(BOUNCE);
    for (const [args, opts] of [
      [['--format', 'ndjson'], { input }],
      [parseFolder, {}],
      [['parse', '--format', 'ndjson', '--quiet', '--jobs', '1', FOLDER], {}],
      [['--version'], {}],
    ] as [string[], { input?: Buffer }][]) {
      expect(run(args, opts).late, args.join(' ')).toEqual(['none']);
    }
  }, 60_000);

  // The collection after a big message (src/8-pipeline/batch/reclaim.ts) needs --expose-gc; the
  // bin sets it at start with its other flags. Turned on mid-run, it changed the flags' hash and
  // V8 rejected html-to-text's cache, loaded on the first HTML part after the big message.
  it('a folder whose first message is big (a collection after it) still has html-to-text\'s cache accepted for a later HTML part', () => {
    const dir = tempDir('bm-big-first-');
    // a plain message just over the size after which a full collection runs, named to be read first
    const line = `${'x'.repeat(76)}\n`;
    writeFileSync(path.join(dir, '0-big.eml'), `From: a@example.org\nTo: b@example.org\nSubject: big\n\n${line.repeat(Math.ceil(RECLAIM_AFTER_BYTES / line.length) + 1)}`);
    for (const f of readdirSync(FOLDER)) if (f.endsWith('.eml')) cpSync(path.join(FOLDER, f), path.join(dir, f));
    expect(run(['parse', '--format', 'ndjson', '--quiet', '--jobs', '0', dir]).loads).toEqual([`main.cjs: ${BATCH} accepted`, `html-to-text.cjs: ${HTML} accepted`]);
  }, 60_000);

  it('a folder parses the same with the wider cache, without it (the one-message cache) and with none', () => {
    withCopy((dir, cli) => {
      const reference = run(parseFolder);
      expect(reference.stdout.split('\n').length).toBeGreaterThan(100);
      const steps: [RegExp, string[]][] = [
        [/$^/, [`main.cjs: ${BATCH} accepted`, `html-to-text.cjs: ${HTML} accepted`]],
        [/\.batch\.cache$/, [`main.cjs: ${SMALL} accepted`, `html-to-text.cjs: ${HTML} accepted`]],
        [/\.cache$/, ['main.cjs: no cache', 'html-to-text.cjs: no cache']],
      ];
      for (const [drop, loads] of steps) {
        for (const f of readdirSync(cli)) if (drop.test(f)) rmSync(path.join(cli, f));
        const r = run(parseFolder, { dir });
        expect(r.loads).toEqual(loads);
        expect(r.stdout).toBe(reference.stdout);
        expect(r.status).toBe(reference.status);
      }
    });
  }, 60_000);

  it('a cache V8 rejects (another file\'s), another build\'s and a file without its build line: compiled as usual, the same output', () => {
    withCopy((dir, cli) => {
      const input = readFileSync(BOUNCE);
      const reference = run(['--format', 'ndjson'], { input });
      expect(reference.stdout).toContain('"status":"5.');
      // html-to-text's cache under main.cjs's name: V8 checks the source it was made for
      cpSync(path.join(cli, HTML), path.join(cli, SMALL));
      let r = run(['--format', 'ndjson'], { input, dir });
      expect(r.loads).toEqual([`main.cjs: ${SMALL} rejected`]);
      expect(r.stdout).toBe(reference.stdout);
      // the caches named by another build are not looked at
      const other = build === 'a0a0a0a0' ? 'b1b1b1b1' : 'a0a0a0a0';
      for (const f of readdirSync(cli)) if (f.endsWith('.cache')) cpSync(path.join(cli, f), path.join(cli, f.replace(build!, other)));
      for (const f of [SMALL, BATCH, HTML]) rmSync(path.join(cli, f));
      r = run(['--format', 'ndjson'], { input, dir });
      expect(r.loads).toEqual(['main.cjs: no cache']);
      expect(r.stdout).toBe(reference.stdout);
      // main.cjs without the line that names its build: no cache looked for, even its own
      for (const f of readdirSync(cli)) if (f.endsWith('.cache')) cpSync(path.join(cli, f), path.join(cli, f.replace(other, build!)));
      const main = readFileSync(path.join(cli, 'main.cjs'), 'latin1');
      writeFileSync(path.join(cli, 'main.cjs'), main.replace(`// bouncemapi build ${build}\n`, '// a build of no name\n'), 'latin1');
      r = run(['--format', 'ndjson'], { input, dir });
      expect(r.loads).toEqual(['main.cjs: no cache']);
      expect(r.stdout).toBe(reference.stdout);
    });
  }, 60_000);

  it("the build's steps (scripts/bundle.mjs) write main.cjs's two caches and html-to-text's, and read none while writing; the next runs take them", () => {
    withCopy((dir, cli) => {
      for (const f of readdirSync(cli)) if (f.endsWith('.cache')) rmSync(path.join(cli, f));
      const input = readFileSync(BOUNCE);
      // the one-message step: main.cjs's small cache only
      expect(run(['--format', 'ndjson'], { input, dir, write: '1' }).loads).toEqual(['main.cjs: no cache']);
      expect(readdirSync(cli).filter((f) => f.endsWith('.cache'))).toEqual([SMALL]);
      // the batch step: the wide cache, and html-to-text's (the folder has HTML parts)
      expect(run(parseFolder, { dir, write: 'batch' }).loads).toEqual(['main.cjs: no cache', 'html-to-text.cjs: no cache']);
      expect(readdirSync(cli).filter((f) => f.endsWith('.cache')).sort()).toEqual([HTML, BATCH, SMALL].sort());
      expect(run(['--format', 'ndjson'], { input, dir }).loads).toEqual([`main.cjs: ${SMALL} accepted`]);
      expect(run(parseFolder, { dir }).loads).toEqual([`main.cjs: ${BATCH} accepted`, `html-to-text.cjs: ${HTML} accepted`]);
    });
  }, 60_000);
});

type Iconv = { decode(b: Buffer, e: string): string; encode(s: string, e: string): Buffer; getCodec(e: string): object; encodings: Record<string, unknown> };

describe("iconv-lite with lazy-dbcs-encode (scripts/lazy-dbcs-encode.mjs)", () => {
  it('decodes and encodes as the package in every double-byte encoding, on seeded bytes and texts', async () => {
    const out = await build({ stdin: { contents: "module.exports = require('iconv-lite');", resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'cjs', platform: 'node', write: false, plugins: [lazyDbcsEncode], logLevel: 'error' });
    const dir = tempDir('bm-dbcs-');
    const file = path.join(dir, 'iconv-lazy.cjs');
    writeFileSync(file, out.outputFiles[0].text);
    expect(out.outputFiles[0].text).toContain('_makeEncodeTables');
    const lazy = require(file) as Iconv;
    const pkg = require('iconv-lite') as Iconv;
    pkg.getCodec('utf8'); // loads the table of encodings
    const dbcs = Object.entries(pkg.encodings).filter(([, v]) => (v as { type?: string })?.type === '_dbcs').map(([k]) => k);
    expect(dbcs).toEqual(expect.arrayContaining(['shiftjis', 'eucjp', 'gbk', 'gb18030', 'cp949', 'big5hkscs']));
    const random = seededRandom(1993);
    let compared = 0;
    for (const enc of dbcs) {
      for (let n = 0; n < 60; n++) {
        // bytes mostly in lead and trail ranges, some ASCII, some of anything
        const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 40) }, () => (random() < 0.7 ? 0x81 + Math.floor(random() * 0x7e) : random() < 0.5 ? 0x20 + Math.floor(random() * 0x5f) : Math.floor(random() * 256))));
        const text = pkg.decode(bytes, enc);
        expect(lazy.decode(bytes, enc), `${enc} ${bytes.toString('hex')}`).toBe(text);
        // the decoded text, and characters the encoding may lack, encoded back
        const mixed = text + String.fromCharCode(0x80 + Math.floor(random() * 0xff00)) + '\u{1f600}';
        expect(lazy.encode(mixed, enc).equals(pkg.encode(mixed, enc)), `${enc} ${JSON.stringify(mixed)}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(dbcs.length * 60);
  }, 60_000);
});
