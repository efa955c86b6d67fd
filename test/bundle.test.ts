// What scripts/bundle.mjs ships beside the CLI behaves as the packages and files it stands for:
// html-to-text as one file converts as the package does, and a folder run parses the same
// with or without the wider code cache (bin/bouncemapi.js falls back to the one-message cache),
// and iconv-lite with its encode tables made on first use decodes and encodes as the package.
import { isAscii } from 'node:buffer';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
// @ts-expect-error a script of the build, plain JavaScript without declarations
import { lazyDbcsEncode } from '../scripts/lazy-dbcs-encode.mjs';
import type { compile as Compile } from 'html-to-text';
import { OPTIONS } from '../src/2-mime/html.js';
import { parseMimeSync } from '../src/2-mime/parse.js';
import { decodeText } from '../src/2-mime/charset.js';
import { filesUnder, seededRandom } from './helpers/inputs.js';
import { CORPUS, FIXTURES, HAS_CORPUS, ROOT } from './helpers/paths.js';

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

describe('dist/cli/main.cjs', () => {
  it('is ASCII, which bin/bouncemapi.js and the workers read as Latin-1 (scripts/bundle.mjs escapes the rest)', () => {
    const bytes = readFileSync(path.join(ROOT, 'dist/cli/main.cjs'));
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(isAscii(bytes)).toBe(true);
    // the patterns with characters beyond ASCII in the sources are there, escaped
    expect(bytes.toString('latin1')).toContain('\\u2022');
  });
});

describe('the code caches', () => {
  it('a folder parses the same with the wider cache, without it (the one-message cache) and with none', () => {
    const cli = readdirSync(path.join(ROOT, 'dist/cli'));
    expect(cli.filter((f) => f.endsWith('.batch.cache'))).toHaveLength(1);
    expect(cli.filter((f) => /^main\.\w+\.cache$/.test(f))).toHaveLength(1);
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-cache-'));
    try {
      cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
      cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
      cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
      const run = () => spawnSync(process.execPath, [path.join(dir, 'bin/bouncemapi.js'), 'parse', '--format', 'ndjson', '--quiet', '--jobs', '0', path.join(FIXTURES, 'bounces')], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') }, cwd: ROOT, maxBuffer: 64 << 20 });
      const outputs = [];
      for (const drop of [/$^/, /\.batch\.cache$/, /\.cache$/]) {
        for (const f of readdirSync(path.join(dir, 'dist/cli'))) if (drop.test(f)) rmSync(path.join(dir, 'dist/cli', f));
        const r = run();
        expect(r.stderr).toBe('');
        outputs.push(r.stdout);
      }
      expect(outputs[0].split('\n').length).toBeGreaterThan(100);
      expect(outputs[1]).toBe(outputs[0]);
      expect(outputs[2]).toBe(outputs[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

type Iconv = { decode(b: Buffer, e: string): string; encode(s: string, e: string): Buffer; getCodec(e: string): object; encodings: Record<string, unknown> };

describe("iconv-lite with lazy-dbcs-encode (scripts/lazy-dbcs-encode.mjs)", () => {
  it('decodes and encodes as the package in every double-byte encoding, on seeded bytes and texts', async () => {
    const out = await build({ stdin: { contents: "module.exports = require('iconv-lite');", resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'cjs', platform: 'node', write: false, plugins: [lazyDbcsEncode], logLevel: 'error' });
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-dbcs-'));
    try {
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
