// The text sink gathers small writes into chunks (src/7-output/sink.ts). What it must keep:
// the bytes and their order exactly as unbuffered writes give them, back-pressure, output
// that never waits for more input, and what was written before the process exits, however it exits.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, TextSink } from '../../src/7-output/sink.js';
import { ROOT } from '../helpers/paths.js';

/** A Writable keeping each chunk it is handed, as bytes. */
function collector(opts: { highWaterMark?: number; slow?: boolean } = {}) {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: opts.highWaterMark,
    write(c: Buffer, _e, cb) {
      chunks.push(Buffer.from(c));
      if (opts.slow) setTimeout(cb, 1);
      else cb();
    },
  });
  return { stream, chunks, bytes: () => Buffer.concat(chunks) };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('TextSink', () => {
  it('gives the same bytes, in order, as one write per piece (text in UTF-8, bytes as they are)', async () => {
    const pieces: (string | Uint8Array)[] = [];
    for (let i = 0; i < 3000; i++) {
      // one-byte text, two-byte and astral characters, a lone surrogate (U+FFFD in UTF-8), raw bytes
      pieces.push(`{"i":${i},"s":"caf\u00e9 \u{1f600}"}\n`, i % 7 ? 'x' : '\ud800', new Uint8Array([0xff, i & 0xff, 0x0a]));
      if (i % 500 === 0) pieces.push('y'.repeat(CHUNK_BYTES + i), Buffer.alloc(CHUNK_BYTES * 2, 0x41));
    }
    const want = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    const c = collector();
    const sink = new TextSink(c.stream);
    for (const p of pieces) await sink.write(p);
    await sink.flush();
    expect(c.bytes().equals(want)).toBe(true);
    // gathered: far fewer writes than pieces, none of the small ones past a chunk
    expect(c.chunks.length).toBeLessThan(pieces.length / 20);
    for (const ch of c.chunks) if (ch.length > CHUNK_BYTES) expect(ch.every((b) => b === 0x41) || ch.every((b) => b === 0x79)).toBe(true);
  });

  it('writeLine gives the text and a newline, as two writes would, short or past a chunk', async () => {
    const lines = ['{"a":"caf\u00e9"}', 'x'.repeat(CHUNK_BYTES / 3 - 1), '\u{1f600}'.repeat(CHUNK_BYTES), '', '\udc00'];
    const c = collector();
    const sink = new TextSink(c.stream);
    for (const l of lines) await sink.writeLine(l);
    await sink.flush();
    expect(c.bytes().equals(Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8'))).toBe(true);
  });

  it('writes what it gathered once the event loop turns, without flush()', async () => {
    const c = collector();
    const sink = new TextSink(c.stream);
    await sink.write('one line\n');
    expect(c.bytes().length).toBe(0);
    await turn();
    expect(c.bytes().toString()).toBe('one line\n');
  });

  it('writes a terminal unbuffered (the progress line is cleared before each result)', async () => {
    const c = collector();
    (c.stream as unknown as { isTTY: boolean }).isTTY = true;
    const sink = new TextSink(c.stream);
    await sink.write('a');
    await sink.write('b');
    expect(c.chunks.map(String)).toEqual(['a', 'b']);
  });

  it('chunkBytes 0 writes every piece as it comes', async () => {
    const c = collector();
    const sink = new TextSink(c.stream, 0);
    await sink.write('a');
    await sink.write(Buffer.from('b'));
    expect(c.chunks.map(String)).toEqual(['a', 'b']);
  });

  it('waits for a slow stream to drain: never more than a chunk or two beyond its buffer', async () => {
    const c = collector({ highWaterMark: 1024, slow: true });
    const sink = new TextSink(c.stream, 4096);
    let most = 0;
    for (let i = 0; i < 400; i++) {
      await sink.write(`${'z'.repeat(100)}\n`);
      most = Math.max(most, c.stream.writableLength);
    }
    await sink.flush();
    await new Promise((r) => c.stream.end(r));
    expect(c.bytes().length).toBe(400 * 101);
    // a chunk handed over while the stream was still under its mark, and no more
    expect(most).toBeLessThanOrEqual(1024 + 4096);
  });

  it('a stream that fails rejects the write that meets it', async () => {
    const stream = new Writable({ write: (_c, _e, cb) => cb(new Error('ENOSPC')) });
    stream.on('error', () => {});
    const sink = new TextSink(stream, 16);
    await expect(sink.write('x'.repeat(64))).rejects.toThrow('ENOSPC');
  });

  // the built module (the test run builds dist/), in a process of its own that exits without flushing
  const built = path.join(ROOT, 'dist/7-output/sink.js');
  it.skipIf(!existsSync(built))('writes what it gathered when the process exits (process.exit, an uncaught error)', () => {
    for (const end of ['process.exit(3)', 'throw new Error("boom")']) {
      const script = `import { TextSink } from ${JSON.stringify(built)};
        const sink = new TextSink(process.stdout);
        for (let i = 0; i < 1000; i++) await sink.write(i + '\\n');
        ${end};`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(run.status).not.toBe(0);
      expect(run.stdout).toBe(Array.from({ length: 1000 }, (_, i) => `${i}\n`).join(''));
    }
  });
});
