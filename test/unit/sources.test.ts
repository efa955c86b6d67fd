// Input expansion: directories, Maildir, symbolic links, pipes, and the errors that must
// become items (never a crash, never a silent loss).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, knownInputBytes, type InputItem } from '../../src/1-input/sources.js';
import { renderPath } from '../../src/1-input/paths.js';
import { seededRandom } from '../helpers/inputs.js';
import { tempDir } from '../helpers/temp-dir.js';

const OPTS = { maxMessageBytes: 1024 * 1024 };
const SEP = 'From MAILER-DAEMON Thu Feb 22 23:34:45 2024';

async function collect(inputs: string[], opts = OPTS): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of expandInputs(inputs, opts)) out.push(item);
  return out;
}

function tree(files: Record<string, string>): string {
  const root = tempDir('bm-src-');
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    if (rel.endsWith('/')) mkdirSync(p, { recursive: true });
    else writeFileSync(p, content);
  }
  return root;
}

const rel = (root: string, items: InputItem[]) => items.map((i) => path.relative(root, i.source));

describe('renderPath', () => {
  // README, Inputs: valid UTF-8 as text, other bytes as \xNN, a backslash as \\ (POSIX)
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))).toString('latin1');
  it.each([
    ['plain ASCII, controls included', bytes('dir/a b\t.eml'), 'dir/a b\t.eml'],
    ['UTF-8', bytes('caf\u00e9/\u{1f600}.eml'), 'caf\u00e9/\u{1f600}.eml'],
    ['a Latin-1 byte', bytes('caf', [0xe9], '.eml'), 'caf\\xe9.eml'],
    ['a lone continuation byte and a cut sequence', bytes([0x80], 'a', [0xe2, 0x82]), '\\x80a\\xe2\\x82'],
  ])('%s', (_what, p, want) => expect(renderPath(p)).toBe(want));
  it.skipIf(process.platform === 'win32')('a backslash, in ASCII and beside UTF-8', () => {
    expect(renderPath(bytes('a\\b'))).toBe('a\\\\b');
    expect(renderPath(bytes('\u00e9\\'))).toBe('\u00e9\\\\');
  });
});

describe('directories', () => {
  it('walks recursively in code-unit order, skipping dot-files and dot-folders', async () => {
    const root = tree({ 'b/2.eml': 'x', 'b/10.eml': 'x', 'a.eml': 'x', 'B.eml': 'x', '.hidden.eml': 'x', '.git/config': 'x', 'c/.d/e.eml': 'x', 'c/f.eml': 'x' });
    const items = await collect([root]);
    // "B" (0x42) sorts before "a" (0x61); "10.eml" before "2.eml"
    expect(rel(root, items)).toEqual(['B.eml', 'a.eml', 'b/10.eml', 'b/2.eml', 'c/f.eml']);
    expect(items.every((i) => i.bytes?.toString() === 'x')).toBe(true);
    expect(items[0].span).toBe(1);
  });

  it('names each file as path.join names it, however the folder is written (./, trailing and doubled slashes)', async () => {
    const root = tree({ 'f/a.eml': 'x', 'f/s/b.eml': 'y' });
    for (const spelled of [`${root}/f`, `${root}/f/`, `${root}//f//`, `${root}/./f/s/..`]) {
      const items = await collect([spelled]);
      expect(items.map((i) => i.source)).toEqual([path.join(spelled, 'a.eml'), path.join(spelled, 's', 'b.eml')]);
    }
    const here = process.cwd();
    try {
      process.chdir(path.join(root, 'f'));
      expect((await collect(['.'])).map((i) => i.source)).toEqual(['a.eml', path.join('s', 'b.eml')]);
    } finally {
      process.chdir(here);
    }
  });

  it('reads an mbox met in a tree as its messages, PATH#N', async () => {
    const root = tree({ 'box.mbox': `${SEP}\nSubject: 1\n\n${SEP}\nSubject: 2\n`, 'z.eml': 'Subject: z\n' });
    const items = await collect([root]);
    expect(rel(root, items)).toEqual(['box.mbox#1', 'box.mbox#2', 'z.eml']);
    expect(items.map((i) => i.bytes?.toString())).toEqual(['Subject: 1\n', 'Subject: 2\n', 'Subject: z\n']);
  });

  it('splits a small mbox named or met in a tree the same way, a message past the limit an error item in its place', async () => {
    const box = `${SEP}\nSubject: 1\n\n${SEP}\nSubject: ${'x'.repeat(300)}\n\n${SEP}\nSubject: 3\n`;
    const root = tree({ 'box.mbox': box });
    const file = path.join(root, 'box.mbox');
    for (const items of [await collect([root], { maxMessageBytes: 100 }), await collect([file], { maxMessageBytes: 100 })]) {
      expect(items.map((i) => i.source)).toEqual([1, 2, 3].map((n) => `${file}#${n}`));
      expect(items[0].bytes?.toString()).toBe('Subject: 1\n');
      expect(items[1].error).toMatch(/larger than the maxMessageBytes limit \(100 bytes/);
      expect(items[2].bytes?.toString()).toBe('Subject: 3\n');
      // the spans cover the file
      expect(items.reduce((n, i) => n + (i.span ?? 0), 0)).toBe(Buffer.byteLength(box));
    }
  });

  it('follows symbolic links to files and folders, and reports a loop and a dangling link as errors', async () => {
    const root = tree({ 'd/m.eml': 'x', 'other/n.eml': 'y' });
    symlinkSync(path.join(root, 'other'), path.join(root, 'd', 'link-to-other'));
    symlinkSync(path.join(root, 'd'), path.join(root, 'd', 'loop')); // d/loop → d: d contains itself
    symlinkSync(path.join(root, 'nowhere.eml'), path.join(root, 'd', 'dangling.eml'));
    symlinkSync(path.join(root, 'other', 'n.eml'), path.join(root, 'd', 'n-link.eml'));
    const items = await collect([path.join(root, 'd')]);
    expect(rel(root, items)).toEqual(['d/dangling.eml', 'd/link-to-other/n.eml', 'd/loop', 'd/m.eml', 'd/n-link.eml']);
    expect(items[0].error).toBe('no such file or directory');
    expect(items[1].bytes?.toString()).toBe('y');
    expect(items[2].error).toMatch(/symbolic link loop/);
    expect(items[3].bytes?.toString()).toBe('x');
    expect(items[4].bytes?.toString()).toBe('y');
  });

  it('walks two links to the same folder twice (a loop only when a folder contains itself)', async () => {
    const root = tree({ 'shared/m.eml': 'x', 'top/': '' });
    symlinkSync(path.join(root, 'shared'), path.join(root, 'top', 'a'));
    symlinkSync(path.join(root, 'shared'), path.join(root, 'top', 'b'));
    expect(rel(root, await collect([path.join(root, 'top')]))).toEqual(['top/a/m.eml', 'top/b/m.eml']);
  });

  it('skips a FIFO in a tree without waiting for a writer', async () => {
    const root = tree({ 'a.eml': 'x' });
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    expect(rel(root, await collect([root]))).toEqual(['a.eml']);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file and folder as errors and goes on', async () => {
    const root = tree({ 'a.eml': 'x', 'b.eml': 'y', 'c/d.eml': 'z', 'e.eml': 'w' });
    execFileSync('chmod', ['000', path.join(root, 'b.eml'), path.join(root, 'c')]);
    const items = await collect([root]);
    expect(rel(root, items)).toEqual(['a.eml', 'b.eml', 'c', 'e.eml']);
    expect(items[1].error).toBe('permission denied');
    expect(items[2].error).toBe('permission denied');
  });

  it('reads every file whole, exactly its bytes: empty, small, and either side of the one-read size (1 MiB)', async () => {
    const MiB = 1024 * 1024;
    // bytes that differ along the file, so a piece read twice or left out shows
    const body = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + (i >> 8)) & 0x7f));
    const sizes: Record<string, number> = { 'a-empty.eml': 0, 'b-small.eml': 4321, 'c-one-mib.eml': MiB, 'd-past.eml': MiB + 1, 'e-two.eml': 2 * MiB + 3 };
    const root = tempDir('bm-src-');
    for (const [name, n] of Object.entries(sizes)) writeFileSync(path.join(root, name), body(n));
    const items = await collect([root], { maxMessageBytes: 4 * MiB });
    expect(rel(root, items)).toEqual(Object.keys(sizes));
    for (const [i, n] of Object.values(sizes).entries()) {
      expect(items[i].bytes?.equals(body(n))).toBe(true);
      expect(items[i].span).toBe(n);
    }
  });

  it('reads files of every size in a row exactly, each kept apart from the others read after it', async () => {
    // small files are read one after another into shared room (sources.ts, the slab): sizes
    // that fill it, files larger than the room left and than the whole room, and the items
    // all kept to the end, so a region read twice or written over shows
    const random = seededRandom(18);
    const sizes: number[] = [];
    for (let i = 0; i < 120; i++) {
      const r = random();
      sizes.push(r < 0.7 ? Math.floor(random() * 9000) : r < 0.9 ? 40_000 + Math.floor(random() * 40_000) : 200_000 + Math.floor(random() * 200_000));
    }
    sizes.push(0, 1, 64 * 1024, 256 * 1024, 256 * 1024 + 1, 1024 * 1024);
    const root = tempDir('bm-src-');
    const bodies = sizes.map((n, k) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = 0x20 + ((i * 31 + k * 7 + (i >> 9)) % 90);
      const name = `m${String(k).padStart(4, '0')}.eml`;
      writeFileSync(path.join(root, name), b);
      return b;
    });
    const items = await collect([root], { maxMessageBytes: 4 * 1024 * 1024 });
    expect(items.length).toBe(sizes.length);
    for (const [k, item] of items.entries()) {
      expect(item.error).toBeUndefined();
      expect(item.bytes?.equals(bodies[k]), `m${k}: ${sizes[k]} bytes`).toBe(true);
    }
  });

  it('reads a file over 1 MiB met in a folder as it reads it named alone: whole within the limit, an error past it, an mbox split', async () => {
    // the walk reads a listed file until it knows it is large, then goes on from there (one read of each byte)
    const body = (n: number, k: number) => Buffer.from(Array.from({ length: n }, (_, i) => 0x20 + ((i * 31 + k * 7 + (i >> 9)) % 90)));
    const box = [1, 2].map((n) => `${SEP}\nSubject: ${n}\n\n${body(700_000, n).toString('latin1').replace(/From /g, 'Frm ')}\n`).join('\n');
    const root = tree({ 'a.mbox': box });
    writeFileSync(path.join(root, 'b.eml'), body(3 * 1024 * 1024 + 5, 3));
    const shown = (items: InputItem[]) => items.map((i) => [i.source, i.bytes?.toString('hex'), i.error, i.span]);
    for (const max of [4, 2].map((m) => m * 1024 * 1024)) {
      const walked = await collect([root], { maxMessageBytes: max });
      const named = await collect([path.join(root, 'a.mbox'), path.join(root, 'b.eml')], { maxMessageBytes: max });
      expect(shown(walked)).toEqual(shown(named));
      expect(rel(root, walked)).toEqual(['a.mbox#1', 'a.mbox#2', 'b.eml']);
      expect(walked[0].bytes?.subarray(0, 12).toString()).toBe('Subject: 1\n\n');
      if (max < 3 * 1024 * 1024) expect(walked[2].error).toMatch(/3145733 bytes, larger than the maxMessageBytes limit/);
      else expect(walked[2].bytes?.equals(body(3 * 1024 * 1024 + 5, 3))).toBe(true);
    }
  });

  it('gives a long folder of mixed entries in order, each as it is given named alone', async () => {
    // the walk reads runs of listed files before any is parsed (sources.ts, READ_AHEAD): a
    // folder, an mbox, a dangling link, a FIFO, an empty file or one past the limit inside
    // a run must not lose, repeat or reorder an entry. Kinds in turn over more than a few
    // runs' worth of names.
    const kindOf = (k: number) =>
      k === 40 ? 'fifo' : k % 7 === 3 ? 'folder' : k % 11 === 5 ? 'mbox' : k % 13 === 8 ? 'dangling' : k % 17 === 9 ? 'empty' : k % 19 === 10 ? 'large' : 'message';
    const root = tempDir('bm-src-');
    const kinds: string[] = [];
    const names: string[] = [];
    for (let k = 0; k < 150; k++) {
      const name = `e${String(k).padStart(3, '0')}`;
      const p = path.join(root, name);
      const kind = kindOf(k);
      kinds.push(kind);
      if (kind === 'fifo') execFileSync('mkfifo', [p]);
      else if (kind === 'folder') {
        mkdirSync(p);
        writeFileSync(path.join(p, 'inner.eml'), `Subject: inner ${k}\n\nbody\n`);
      } else if (kind === 'mbox') writeFileSync(p, `${SEP}\nSubject: one ${k}\n\nx\n\n${SEP}\nSubject: two ${k}\n\ny\n`);
      else if (kind === 'dangling') symlinkSync(path.join(root, 'nowhere'), p);
      else if (kind === 'empty') writeFileSync(p, '');
      else if (kind === 'large') writeFileSync(p, 'z'.repeat(2000));
      else writeFileSync(p, `Subject: message ${k}\n\n${'line\n'.repeat(k)}`);
      if (kind !== 'fifo') names.push(name); // a FIFO in a tree is skipped; named alone it would be read
    }
    const opts = { maxMessageBytes: 1000 };
    const shown = (items: InputItem[]) => items.map((i) => [path.relative(root, i.source), i.bytes?.toString('latin1'), i.error, i.span]);
    const alone: InputItem[] = [];
    for (const name of names) alone.push(...(await collect([path.join(root, name)], opts)));
    const walked = await collect([root], opts);
    expect(shown(walked)).toEqual(shown(alone));
    // one item an entry, two an mbox, none the FIFO; an error for each dangling link and file past the limit
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect(walked.length).toBe(150 - 1 + count('mbox'));
    expect(walked.filter((i) => i.error === 'no such file or directory').length).toBe(count('dangling'));
    expect(walked.filter((i) => /larger than the maxMessageBytes limit/.test(i.error ?? '')).length).toBe(count('large'));
    expect(count('folder') * count('mbox') * count('dangling') * count('empty') * count('large')).toBeGreaterThan(0);
  });

  it('reads ahead of its reader no more than 256 KiB and one file', async () => {
    // 40 files of 100 KB: a run ends at the third (300 KB read); a file rewritten once the
    // reader has the first item is read as rewritten when it was not read ahead
    const root = tempDir('bm-src-');
    const name = (k: number) => path.join(root, `m${String(k).padStart(2, '0')}.eml`);
    for (let k = 0; k < 40; k++) writeFileSync(name(k), Buffer.alloc(100_000, 'a'));
    const seen: string[] = [];
    for await (const item of expandInputs([root], OPTS)) {
      if (seen.length === 0) for (let k = 1; k < 40; k++) writeFileSync(name(k), Buffer.alloc(100_000, 'b'));
      seen.push(String.fromCharCode(item.bytes![0]));
    }
    expect(seen.join('')).toBe(`aaa${'b'.repeat(37)}`);
  });

  it('names a file larger than the limit in an error item with its size', async () => {
    const root = tree({ 'big.eml': 'x'.repeat(2000), 'ok.eml': 'y' });
    const items = await collect([root], { maxMessageBytes: 1000 });
    expect(items[0].error).toMatch(/2000 bytes, larger than the maxMessageBytes limit \(1000 bytes/);
    expect(items[0].span).toBe(2000);
    expect(items[1].bytes?.toString()).toBe('y');
  });
});

describe('Maildir', () => {
  it('reads cur/ and new/ merged by file name, never tmp/, without dot-files; then Maildir++ and nested Maildirs', async () => {
    const root = tree({
      'cur/1700000002.M2P1.host:2,S': 'c2',
      'new/1700000001.M1P1.host': 'n1',
      'new/1700000003.M3P1.host': 'n3',
      'cur/.1700000000.hidden': 'dot',
      'tmp/1700000004.M4P1.host': 'tmp',
      '.Sent/cur/1700000010.M1P2.host:2,S': 's',
      '.Sent/new/': '',
      '.Sent/tmp/': '',
      '.NotAMaildir/x': 'no',
      'courierimapkeywords/x': 'no',
      'dovecot-uidlist': 'no',
      'Archive/cur/1600000000.M1P3.host:2,S': 'a',
      'Archive/new/': '',
    });
    const items = await collect([root]);
    expect(rel(root, items)).toEqual([
      'new/1700000001.M1P1.host',
      'cur/1700000002.M2P1.host:2,S',
      'new/1700000003.M3P1.host',
      '.Sent/cur/1700000010.M1P2.host:2,S',
      'Archive/cur/1600000000.M1P3.host:2,S',
    ]);
    expect(items.map((i) => i.bytes?.toString())).toEqual(['n1', 'c2', 'n3', 's', 'a']);
  });

  it("reads each message of cur/ and new/ as the file named alone: empty, small, over 1 MiB, past the limit, an mbox, a link; a folder or FIFO there is no message", async () => {
    // the entries a listing says are regular files are read at once (as in any folder); the rest opened and looked at
    const body = (n: number, k: number) => Buffer.from(Array.from({ length: n }, (_, i) => 0x20 + ((i * 17 + k * 5 + (i >> 7)) % 90)));
    const root = tree({
      'cur/1700000001.M1P1.host:2,S': '',
      'new/1700000002.M2P1.host': 'Subject: small\n\nx\n',
      'cur/1700000004.M4P1.host:2,': `${SEP}\nSubject: 1\n\na\n\n${SEP}\nSubject: 2\n\nb\n`,
      'new/1700000007.M7P1.host/': '',
      'tmp/1700000009.M9P1.host': 'never',
    });
    writeFileSync(path.join(root, 'new/1700000003.M3P1.host'), body(1024 * 1024 + 3, 3));
    writeFileSync(path.join(root, 'cur/1700000005.M5P1.host:2,S'), body(2 * 1024 * 1024 + 1, 5));
    writeFileSync(path.join(root, 'other.eml'), 'Subject: linked\n\ny\n');
    symlinkSync(path.join(root, 'other.eml'), path.join(root, 'new/1700000006.M6P1.host'));
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'cur/1700000008.M8P1.host:2,'));
    execFileSync('mkfifo', [path.join(root, 'new/1700000010.M10P1.host')]);
    const opts = { maxMessageBytes: 2 * 1024 * 1024 };
    const walked = await collect([root], opts);
    const messages = ['cur/1700000001.M1P1.host:2,S', 'new/1700000002.M2P1.host', 'new/1700000003.M3P1.host', 'cur/1700000004.M4P1.host:2,', 'cur/1700000005.M5P1.host:2,S', 'new/1700000006.M6P1.host', 'cur/1700000008.M8P1.host:2,'];
    const named = await collect(messages.map((m) => path.join(root, m)), opts);
    const shown = (items: InputItem[]) => items.map((i) => [path.relative(root, i.source), i.bytes?.toString('hex'), i.error, i.span]);
    expect(shown(walked)).toEqual(shown(named));
    expect(rel(root, walked)).toEqual([...messages.slice(0, 3), 'cur/1700000004.M4P1.host:2,#1', 'cur/1700000004.M4P1.host:2,#2', ...messages.slice(4)]);
    expect(walked[2].bytes?.equals(body(1024 * 1024 + 3, 3))).toBe(true);
    expect(walked[5].error).toMatch(/larger than the maxMessageBytes limit/);
    expect(walked[6].bytes?.toString()).toBe('Subject: linked\n\ny\n');
    expect(walked[7].error).toBe('no such file or directory');
  });
});

describe('pipes and top-level inputs', () => {
  it('reads a FIFO named on the command line as a stream (an mbox here)', async () => {
    const root = tree({});
    const fifo = path.join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf '%s\\nSubject: 1\\n\\n%s\\nSubject: 2\\n' '${SEP}' '${SEP}' > '${fifo}'`]);
    const closed = new Promise((r) => writer.on('close', r));
    const items = await collect([fifo]);
    await closed;
    expect(items.map((i) => [i.source, i.bytes?.toString()])).toEqual([
      [`${fifo}#1`, 'Subject: 1\n'],
      [`${fifo}#2`, 'Subject: 2\n'],
    ]);
  });

  it('gives one error item for a missing input and goes on', async () => {
    const root = tree({ 'a.eml': 'x' });
    const items = await collect([path.join(root, 'missing.eml'), path.join(root, 'a.eml')]);
    expect(items.map((i) => i.error ?? i.bytes?.toString())).toEqual(['no such file or directory', 'x']);
  });

  it('knows the total size only when every input is a regular file', async () => {
    const root = tree({ 'a.eml': 'xx', 'b.eml': 'yyy' });
    expect(await knownInputBytes([path.join(root, 'a.eml'), path.join(root, 'b.eml')])).toBe(5);
    expect(await knownInputBytes([path.join(root, 'a.eml'), root])).toBeNull();
    expect(await knownInputBytes(['-'])).toBeNull();
    expect(statSync(path.join(root, 'a.eml')).size).toBe(2);
  });
});
