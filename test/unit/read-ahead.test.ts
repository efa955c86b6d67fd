// Reading a folder's files ahead on a reader thread (src/1-input/read-ahead.ts) must give
// exactly what reading them in the walking thread gives: the same items, in the same order,
// the same bytes, errors and spans, over awkward entries, the fixtures and the corpus.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, type InputItem, type InputOptions } from '../../src/1-input/sources.js';
import { FolderAhead, ReadAhead } from '../../src/1-input/read-ahead.js';
import { CORPUS, FIXTURES, HAS_CORPUS } from '../helpers/paths.js';
import { seededRandom } from '../helpers/inputs.js';

const MiB = 1024 * 1024;
const SEP = 'From MAILER-DAEMON Thu Feb 22 23:34:45 2024';

async function collect(inputs: (string | Buffer)[], opts: InputOptions): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of expandInputs(inputs, opts)) out.push(item);
  return out;
}

/**
 * The items read in this thread only; read ahead from the first folder on, waiting for each of
 * the reader's answers (with how many files the reader read); and read ahead as a walk does,
 * never waiting (the reader's share then depends on timing: some files read by each thread).
 */
async function bothWays(inputs: (string | Buffer)[], maxMessageBytes = 4 * MiB) {
  const here = await collect(inputs, { maxMessageBytes, readAhead: { from: Infinity } });
  let served = -1;
  const ahead = await collect(inputs, { maxMessageBytes, readAhead: { from: 1, patient: true, served: (n) => (served = n) } });
  const mixed = await collect(inputs, { maxMessageBytes, readAhead: { from: 1 } });
  return { here, ahead, served, mixed };
}

/** What an item is, in a form toEqual compares in full (bytes as hex: a SharedArrayBuffer view and a Buffer of the same bytes are equal). */
const shown = (items: InputItem[]) => items.map((i) => ({ source: i.source, bytes: i.bytes?.toString('hex'), error: i.error, span: i.span }));

/** Bytes that differ along the file, so a piece read twice, out of place or left out shows. */
function body(n: number, k: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = 0x20 + ((i * 31 + k * 7 + (i >> 9)) % 90);
  return b;
}

describe('reading ahead', () => {
  it('gives the same items as reading in this thread, over a folder of awkward entries', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bm-ahead-'));
    const at = (name: string | Buffer) => (Buffer.isBuffer(name) ? Buffer.concat([Buffer.from(root + '/'), name]) : path.join(root, name));
    // sizes around the slab's room (64 KB .. 256 KB left) and the one-read limit (1 MiB)
    const random = seededRandom(1803);
    for (let k = 0; k < 150; k++) {
      const r = random();
      const n = r < 0.75 ? Math.floor(random() * 9000) : r < 0.9 ? 50_000 + Math.floor(random() * 100_000) : 200_000 + Math.floor(random() * 60_000);
      writeFileSync(at(`m${String(k).padStart(3, '0')}.eml`), body(n, k));
    }
    writeFileSync(at('empty.eml'), '');
    writeFileSync(at('one-mib.eml'), body(MiB, 1));
    writeFileSync(at('past-one-mib.eml'), body(MiB + 1, 2));
    writeFileSync(at('box.mbox'), `${SEP}\nSubject: 1\n\n${SEP}\nSubject: 2\n`);
    // an mbox over 1 MiB: streamed on from what was read of it
    const big = [1, 2, 3].map((n) => `${SEP}\nSubject: ${n}\n\n${body(450_000, n).toString('latin1').replace(/From /g, 'Frm ')}\n`).join('\n');
    writeFileSync(at('big.mbox'), big);
    writeFileSync(at(Buffer.from([0x6e, 0xe9, 0x2e, 0x65, 0x6d, 0x6c])), 'Subject: latin-1 name\n'); // "n\xe9.eml"
    execFileSync('mkfifo', [at('fifo')]);
    symlinkSync(at('nowhere.eml'), at('dangling.eml'));
    symlinkSync(root, at('loop'));
    symlinkSync(at('m000.eml'), at('link.eml'));
    mkdirSync(at('sub'));
    for (let k = 0; k < 40; k++) writeFileSync(at(`sub/s${k}.eml`), body(100 + k * 37, k));
    const unreadable = process.getuid?.() !== 0;
    if (unreadable) {
      writeFileSync(at('locked.eml'), 'secret');
      execFileSync('chmod', ['000', at('locked.eml')]);
    }
    const { here, ahead, served, mixed } = await bothWays([root], 2 * MiB);
    expect(shown(ahead)).toEqual(shown(here));
    expect(shown(mixed)).toEqual(shown(here));
    // every kind of entry is there, read as it must be
    const bySource = new Map(here.map((i) => [path.relative(root, i.source), i]));
    expect(bySource.get('dangling.eml')?.error).toBe('no such file or directory');
    expect(bySource.get('loop')?.error).toMatch(/symbolic link loop/);
    expect(bySource.get('empty.eml')?.bytes?.length).toBe(0);
    expect(bySource.get('past-one-mib.eml')?.bytes?.equals(body(MiB + 1, 2))).toBe(true);
    expect([1, 2, 3].map((n) => bySource.get(`big.mbox#${n}`)?.bytes?.subarray(0, 12).toString())).toEqual(['Subject: 1\n\n', 'Subject: 2\n\n', 'Subject: 3\n\n']);
    expect(bySource.get('n\\xe9.eml')?.bytes?.toString()).toBe('Subject: latin-1 name\n');
    expect(bySource.has('fifo')).toBe(false);
    if (unreadable) expect(bySource.get('locked.eml')?.error).toBe('permission denied');
    // the reader read the plain files (those under the room left in its slab), not a few
    expect(served).toBeGreaterThan(150);
  });

  it('gives the same items over the fixtures', async () => {
    const { here, ahead, served, mixed } = await bothWays([FIXTURES]);
    expect(here.length).toBeGreaterThan(100);
    expect(shown(ahead)).toEqual(shown(here));
    expect(shown(mixed)).toEqual(shown(here));
    expect(served).toBeGreaterThan(here.length / 2);
  });

  it.skipIf(!HAS_CORPUS)('gives the same items over the corpus', async () => {
    const { here, ahead, served, mixed } = await bothWays([CORPUS]);
    expect(here.length).toBeGreaterThan(500);
    expect(shown(ahead)).toEqual(shown(here));
    expect(shown(mixed)).toEqual(shown(here));
    expect(served).toBeGreaterThan(here.length / 2);
  });

  it('a reader that is gone reads nothing ahead: the walk reads every file itself', async () => {
    const reader = new ReadAhead(256 * 1024, 64 * 1024);
    reader.waitUntilReady();
    reader.close();
    const ahead = new FolderAhead(reader, `${FIXTURES}/`, ['a', 'b', 'c'], new Uint8Array([1, 1, 1]));
    expect([0, 1, 2].map((i) => ahead.take(i))).toEqual([undefined, undefined, undefined]);
  });

  it('never waiting: each entry is its exact bytes, or left to the walk; answers that come late are used, passed ones let go', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bm-ahead-'));
    const names = Array.from({ length: 200 }, (_, k) => `f${String(k).padStart(3, '0')}.eml`);
    names.forEach((n, k) => writeFileSync(path.join(root, n), body(50 + k * 11, k)));
    const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const reader = new ReadAhead(256 * 1024, 64 * 1024);
    try {
      reader.waitUntilReady();
      const ahead = new FolderAhead(reader, `${root}/`, names, new Uint8Array(names.length).fill(1));
      const check = (i: number) => {
        const got = ahead.take(i);
        if (got !== undefined) expect(got?.equals(body(50 + i * 11, i)), `entry ${i}`).toBe(true);
        return got;
      };
      expect(check(0)).toBeUndefined(); // the requests start past it
      pause(200);
      // the first request's answer is there by now: entries 1-32 come from it
      for (let i = 1; i <= 32; i++) expect(check(i)).toBeInstanceOf(Buffer);
      // taken far ahead at once: the requests in between are passed (used if there, else let go)
      for (let i = 150; i < names.length; i++) check(i);
      // a second folder on the same reader is still served (nothing left unanswered blocks it)
      const again = new FolderAhead(reader, `${root}/`, names, new Uint8Array(names.length).fill(1));
      let served = 0;
      for (let i = 0; i < names.length; i++) {
        const got = again.take(i);
        if (got) {
          served++;
          expect(got.equals(body(50 + i * 11, i))).toBe(true);
        }
        if (i % 20 === 0) pause(5);
      }
      expect(served).toBeGreaterThan(100);
    } finally {
      reader.close();
    }
  });

  it('a file the reader cannot read is left to the walk (null), and a file it can is its exact bytes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bm-ahead-'));
    writeFileSync(path.join(root, 'a.eml'), 'alpha');
    writeFileSync(path.join(root, 'c.eml'), 'gamma');
    const reader = new ReadAhead(256 * 1024, 64 * 1024);
    try {
      reader.waitUntilReady();
      // b.eml is listed but missing; d is not a regular file (never asked for)
      const ahead = new FolderAhead(reader, `${root}/`, ['a.eml', 'b.eml', 'c.eml', 'd'], new Uint8Array([1, 1, 1, 0]), true);
      // the first take starts the requests past it: entry 0 is read by the walk
      expect(ahead.take(0)).toBeUndefined();
      expect(ahead.take(1)).toBeNull();
      expect(ahead.take(2)?.toString()).toBe('gamma');
      expect(ahead.take(3)).toBeUndefined();
      expect(reader.served).toBe(1);
    } finally {
      reader.close();
    }
  });
});
