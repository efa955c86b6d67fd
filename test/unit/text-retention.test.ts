// A message's text is not kept alive past the message by what is cut from it (README, Limits,
// memory). V8 makes a slice of 13 characters or more a view on the whole string it was cut
// from: a cache entry or a header value sliced from a big message's text kept all of it.
// Measured with full collections: a string of several MB that is still reachable shows in the
// heap (or, read from a Buffer as latin1, in the external memory) after them.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ownString } from '../../src/0-core/text.js';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import { filesUnder } from '../helpers/inputs.js';
import { CORPUS, FIXTURES, HAS_CORPUS } from '../helpers/paths.js';
import { readMediaType } from '../../src/2-mime/media-type.js';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { SLICED_TEXT } from '../../src/2-mime/part-head.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

/** Memory after full collections: the heap's used bytes plus the external bytes that are not ArrayBuffers (external strings). */
function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external - m.arrayBuffers;
}

let serial = 0;
/** A two-part message of about `size` bytes whose part header is new to the caches (a content type never met before). */
function bigMessage(size: number): Buffer {
  const tag = `x-retention-${process.pid}-${serial++}`;
  const head = [
    `From: MAILER-DAEMON@mx.example.org`,
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender, retention test',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    `Content-Type: application/${tag}; charset=us-ascii`,
    '',
    '',
  ].join('\n');
  const filler = 'a line of filler text that no parser reads for anything at all\n'.repeat(Math.ceil(size / 64));
  return Buffer.from(`${head}${filler}--B--\n`, 'latin1');
}

describe('ownString', () => {
  it('is equal to its argument, lone surrogates and all', () => {
    for (const s of ['', 'a', 'text/plain; charset=utf-8', 'Ünïcödé ✓ \ud83d\ude00', 'lone \ud800 and \udc00 halves', 'x'.repeat(5000)]) {
      const copy = ownString(s);
      expect(copy).toBe(s);
      expect(copy.length).toBe(s.length);
    }
  });

  it('does not keep the string it was cut from', () => {
    const before = retained();
    let big: string | null = `${'y'.repeat(16 * MB)}text/plain; charset=utf-8`;
    let kept: string | null = ownString(big.slice(big.length - 25));
    big = null;
    expect(retained() - before).toBeLessThan(4 * MB);
    expect(kept).toBe('text/plain; charset=utf-8');
    kept = null;
  });
});

describe('caches keep no slice of a message', () => {
  it('readMediaType: a key and answer cut from a big string', () => {
    const before = retained();
    // the cache keeps the answer for this value: without a copy, the 16 MB string stayed
    const written = `Text/X-Retention-${process.pid}; charset=ISO-8859-15-retention`;
    let big: string | null = `${'z'.repeat(16 * MB)}${written}`;
    expect(readMediaType(big.slice(16 * MB))).toEqual({ type: `text/x-retention-${process.pid}`, charset: 'iso-8859-15-retention' });
    big = null;
    expect(retained() - before).toBeLessThan(4 * MB);
    // the entry is there: the same answer object for the same value
    expect(readMediaType(written)).toBe(readMediaType(written));
  });

  it('a big message, once let go, leaves nothing of its text behind (part header caches, media types)', () => {
    const before = retained();
    let bytes: Buffer | null = bigMessage(8 * MB);
    let msg = parseMimeSync(bytes);
    expect(msg).not.toBeNull();
    expect(msg!.leaves.some((l) => l.contentType.startsWith('application/x-retention-'))).toBe(true);
    msg = null;
    bytes = null;
    expect(retained() - before).toBeLessThan(4 * MB);
  });
});

describe('a big message: values not sliced from its whole text', () => {
  it('its header values keep only themselves while the message lives', () => {
    const size = 8 * MB;
    expect(size).toBeGreaterThan(SLICED_TEXT.max);
    const bytes = bigMessage(size);
    const before = retained();
    const msg = parseMimeSync(bytes)!;
    // the values a result takes from the message, read while it is alive
    expect(msg.subject).toBe('Undelivered Mail Returned to Sender, retention test');
    expect(msg.from).toBe('MAILER-DAEMON@mx.example.org');
    expect(msg.contentParams['report-type']).toBe('delivery-status');
    // the message read as latin1 (8 MB, an external string) is gone: the bytes stay (counted apart)
    expect(retained() - before).toBeLessThan(4 * MB);
    expect(msg.leaves.length).toBeGreaterThan(0);
  });
});

describe('a message read without its text (as a big one is) gives the same result', () => {
  const files = [...filesUnder(FIXTURES), ...(HAS_CORPUS ? filesUnder(CORPUS) : [])].filter((f) => !f.endsWith('.json') && !f.endsWith('.md'));

  it('on every fixture and corpus message', async () => {
    const saved = SLICED_TEXT.max;
    let compared = 0;
    try {
      for (const file of files) {
        const bytes = readFileSync(file);
        SLICED_TEXT.max = saved;
        const sliced = JSON.stringify((await analyzeMessage(bytes, file)).result);
        SLICED_TEXT.max = -1;
        const own = JSON.stringify((await analyzeMessage(bytes, file)).result);
        expect(own, file).toBe(sliced);
        compared++;
      }
    } finally {
      SLICED_TEXT.max = saved;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
