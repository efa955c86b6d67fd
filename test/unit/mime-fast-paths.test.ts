// The MIME layer's fast paths against the general routine each one stands in for: on
// hand-made corners, the fixtures and (when present) the shared corpus, they must give the
// same answer. A fast path that drifts from its general routine changes output silently.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hasClosingBoundary, parseMime } from '../../src/2-mime/parse.js';
import { decodeIso2022Jp, decodeText } from '../../src/2-mime/charset.js';
import { libmimeCharset } from '../../src/2-mime/libs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** every message file under `dir` (recursively), or none when the folder is absent */
function messagesUnder(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  const out: Buffer[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...messagesUnder(p));
    else if (st.isFile() && st.size < 4 * 1024 * 1024 && !/\.(json|md|txt|ya?ml)$/i.test(name)) out.push(readFileSync(p));
  }
  return out;
}

const fixtures = messagesUnder(path.join(ROOT, 'fixtures'));
const corpus = messagesUnder(CORPUS);

describe('hasClosingBoundary', () => {
  // the general routine: the delimiter's UTF-8 bytes searched in the message's bytes
  const general = (bytes: Buffer, boundary: string) => bytes.lastIndexOf(`--${boundary}--`) !== -1;
  const check = (bytes: Buffer, boundary: string) => {
    const text = bytes.toString('latin1');
    expect(hasClosingBoundary(bytes, boundary, text)).toBe(general(bytes, boundary));
    expect(hasClosingBoundary(bytes, boundary)).toBe(general(bytes, boundary));
  };

  it('agrees with Buffer#lastIndexOf on hand-made corners', () => {
    const b = 'abc123';
    const cases: [string, string, boolean][] = [
      [`--${b}\n\nx\n--${b}--\n`, b, true],
      [`--${b}\n\nx\n--${b}\n`, b, false],
      // the closing delimiter further from the end than the window searched as text
      [`--${b}\n\nx\n--${b}--\n${'e'.repeat(40_000)}`, b, true],
      [`--${b}\n\n${'x'.repeat(40_000)}\n--${b}\n`, b, false],
      // a non-ASCII boundary is searched as its UTF-8 bytes, which the latin1 text does not hold
      [`--caf\u00e9\n\nx\n--caf\u00e9--\n`, 'caf\u00e9', true],
      [`--caf\u00e9\n\nx\n--caf\u00e9--\n`, 'caf\u00c3\u00a9', false],
    ];
    for (const [text, boundary, expected] of cases) {
      const bytes = Buffer.from(text, 'utf8');
      expect(general(bytes, boundary)).toBe(expected);
      check(bytes, boundary);
    }
  });

  it('agrees with Buffer#lastIndexOf on the fixtures and the corpus', () => {
    let n = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const m = /boundary\s*=\s*"?([^";\r\n]{1,100})/i.exec(bytes.subarray(0, 64 * 1024).toString('latin1'));
      if (!m) continue;
      check(bytes, m[1]);
      n++;
    }
    expect(n).toBeGreaterThan(fixtures.length ? 10 : 0);
  });
});

describe('decodeIso2022Jp', () => {
  // the general routine: libmime's decode, which the MIME layer called before
  const general = (buf: Buffer) => libmimeCharset.decode(buf, 'iso-2022-jp');
  const ESC = '\x1b';

  it("gives libmime's string on hand-made corners", () => {
    const cases = [
      '',
      'plain ASCII, no escape',
      // RFC 1468: ESC $ B enters JIS X 0208 (0x30 0x21 is the first kanji row), ESC ( B returns to ASCII
      `a ${ESC}$B0!0"${ESC}(B b`,
      `${ESC}$@%F%9%H${ESC}(J text`,
      // half-width katakana (ESC ( I), JIS X 0212 (ESC $ ( D): outside RFC 1468, met in the wild
      `${ESC}(I123${ESC}(B`,
      `${ESC}$(D0!${ESC}(B`,
      // an escape sequence cut short, an odd byte inside a two-byte run, a run never closed
      `x${ESC}$`,
      `${ESC}$B0!0${ESC}(B`,
      `${ESC}$B0!0"\n`,
      `${ESC}$B\x7f\x20${ESC}(B`,
    ];
    for (const c of cases) {
      const buf = Buffer.from(c, 'latin1');
      expect(decodeIso2022Jp(buf)).toBe(general(buf));
    }
    // the first kanji of JIS X 0208 row 16 is U+4E9C
    expect(decodeIso2022Jp(Buffer.from(`${ESC}$B0!${ESC}(B`, 'latin1'))).toBe('\u4e9c');
  });

  it("gives libmime's string for every ISO-2022-JP part of the fixtures and the corpus", async () => {
    let n = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      if (!/iso-2022-jp/i.test(bytes.toString('latin1'))) continue;
      const msg = await parseMime(bytes);
      for (const leaf of msg.leaves) {
        if (!/^iso-2022-jp$/i.test(leaf.charset ?? '') || !leaf.contentType.startsWith('text/')) continue;
        expect(decodeIso2022Jp(leaf.body)).toBe(general(leaf.body));
        if (!leaf.body.includes(0x1b) || !Buffer.from(leaf.body).every((b) => b < 0x80)) continue;
        expect(decodeText(leaf.body, leaf.charset)).toBe(general(leaf.body));
        n++;
      }
    }
    expect(n).toBeGreaterThan(corpus.length ? 5 : 0);
  });
});
