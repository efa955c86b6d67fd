// The MIME layer's fast paths against the general routine each one stands in for: on
// hand-made corners, the fixtures and (when present) the shared corpus, they must give the
// same answer. A fast path that drifts from its general routine changes output silently.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hasClosingBoundary, isBlank, parseMime, parseMimeSync, splitHeaderBlock } from '../../src/2-mime/parse.js';
import { scanParts } from '../../src/2-mime/scan.js';
import { mentionsSubtype } from '../../src/2-mime/salvage.js';
import { readMediaType } from '../../src/2-mime/media-type.js';
import { charsetName, decodeEucJp, decodeIso2022Jp, decodeText } from '../../src/2-mime/charset.js';
import iconv from 'iconv-lite';
import { libmime, libmimeCharset } from '../../src/2-mime/libs.js';
import { BounceMessage } from '../../src/2-mime/message.js';
import { HeaderList, decodeCommonWord, decodeWellFormedWords, decodeWords, isRegexSpace, parseStructured, wordBytes } from '../../src/2-mime/headers.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';
import { lfLineEnds } from '../../src/2-mime/line-ends.js';

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

  it("is true wherever the scanner met a node's close-delimiter (PartHead.closeSeen, which parse.ts takes for it), on the fixtures, the corpus and seeded messages", () => {
    const config = { ignoreEmbedded: true as const, maxHeadSize: 256 * 1024, maxChildNodes: 513 };
    const seeded: Buffer[] = [];
    const next = seededRandom(5322);
    const lines = ['--b', '--b--', '--b-- ', 'x--b--', '--b--x', '--bb--', '--i', '--i--', '\r--b--', 'text', '', 'Content-Type: multipart/mixed; boundary=i', 'Content-Type: text/plain'];
    for (let n = 0; n < 400; n++) {
      let text = `Content-Type: multipart/report; boundary=${next() < 0.2 ? '"b "' : 'b'}\n\n`;
      for (let i = Math.floor(next() * 14); i > 0; i--) text += lines[Math.floor(next() * lines.length)] + (next() < 0.8 ? '\n' : '');
      seeded.push(Buffer.from(text, 'latin1'));
    }
    let seen = 0;
    for (const bytes of [...fixtures, ...corpus, ...seeded]) {
      for (const e of scanParts(bytes, config) ?? []) {
        if (e.type !== 'node' || !e.node.closeSeen) continue;
        seen++;
        expect(e.node._boundary).not.toBe(false);
        expect(general(bytes, e.node._boundary as string)).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(100);
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

  it("gives libmime's string for every pair of JIS X 0208, in both sets' escapes, alone and in one text", () => {
    let compared = 0;
    for (const set of ['@', 'B']) {
      const all: number[] = [];
      for (let a = 0x21; a <= 0x7e; a++) {
        for (let c = 0x21; c <= 0x7e; c++) {
          const buf = Buffer.from([...Buffer.from(`x${ESC}$${set}`, 'latin1'), a, c, ...Buffer.from(`${ESC}(By`, 'latin1')]);
          expect(decodeIso2022Jp(buf), `${set} ${a.toString(16)}${c.toString(16)}`).toBe(general(buf));
          all.push(a, c);
          compared++;
        }
      }
      const text = Buffer.from([...Buffer.from(`${ESC}$${set}`, 'latin1'), ...all]);
      expect(decodeIso2022Jp(text)).toBe(general(text));
    }
    expect(compared).toBe(2 * 94 * 94);
  });

  it("gives libmime's string on seeded mixes of escapes, pairs and single bytes", () => {
    const random = seededRandom(1468);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    // the escapes of RFC 1468 and others (JIS X 0212, katakana, a cut one), pairs of any row,
    // ASCII and control bytes, and now and then a byte above 0x7F or a lone byte in a run
    const pieces = [`${ESC}$B`, `${ESC}$@`, `${ESC}(B`, `${ESC}(J`, `${ESC}(I`, `${ESC}$(D`, `${ESC}$`, '\n', '\r\n', ' ', 'ab'];
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      const bytes: number[] = [];
      for (let p = Math.floor(random() * 12); p > 0; p--) {
        const r = random();
        if (r < 0.35) bytes.push(...Buffer.from(pick(pieces), 'latin1'));
        else if (r < 0.85) bytes.push(0x21 + Math.floor(random() * 94), 0x21 + Math.floor(random() * 94));
        else if (r < 0.95) bytes.push(Math.floor(random() * 0x80));
        else bytes.push(Math.floor(random() * 256));
      }
      const buf = Buffer.from(bytes);
      expect(decodeIso2022Jp(buf), JSON.stringify(buf.toString('latin1'))).toBe(general(buf));
      compared++;
    }
    expect(compared).toBe(3000);
  });

  it("gives libmime's string on seeded texts that stay in ASCII mode with 8-bit bytes (no JIS table read)", () => {
    // Shift_JIS or UTF-8 bytes under an ISO-2022-JP label, among the escapes that keep ASCII
    // mode (ESC ( B, ESC ( J, an unknown one, one cut at the end) and now and then one that
    // leaves it: every UTF-8 lead byte with too few, enough or wrong continuation bytes
    const random = seededRandom(1469);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const escapes = [`${ESC}(B`, `${ESC}(J`, `${ESC}(Z`, `${ESC}$(X`, `${ESC}$`, ESC, `${ESC}(I`, `${ESC}$B`, `${ESC}$(D`];
    let compared = 0;
    for (let n = 0; n < 4000; n++) {
      const bytes: number[] = [];
      for (let p = 1 + Math.floor(random() * 10); p > 0; p--) {
        const r = random();
        if (r < 0.1) bytes.push(...Buffer.from(pick(escapes), 'latin1'));
        else if (r < 0.4) bytes.push(0x80 + Math.floor(random() * 0x80));
        else if (r < 0.6) bytes.push(...Buffer.from(pick(['é', '日本', '\u{1F408}', 'ｱ']), 'utf8'));
        else if (r < 0.8) bytes.push(...Buffer.from(pick(['日本', 'ｱｲ', '表']), 'latin1').map((c) => c & 0xff));
        else bytes.push(Math.floor(random() * 0x80));
      }
      const buf = Buffer.from(bytes);
      expect(decodeIso2022Jp(buf), JSON.stringify(buf.toString('latin1'))).toBe(general(buf));
      compared++;
    }
    expect(compared).toBe(4000);
    // every lead byte alone at the end, and before one to three continuation bytes
    for (let lead = 0x80; lead <= 0xff; lead++) {
      for (const tail of [[], [0x80], [0xbf, 0x80], [0x9f, 0xbf, 0x80], [0x41], [0xc3, 0xa9]]) {
        const buf = Buffer.from([0x61, lead, ...tail]);
        expect(decodeIso2022Jp(buf), buf.toString('hex')).toBe(general(buf));
      }
    }
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

describe('decodeEucJp (ICU where it reads EUC-JP as iconv-lite does)', () => {
  const general = (buf: Buffer) => iconv.decode(buf, 'euc-jp');

  // a Node built with small ICU has no EUC-JP decoder: decodeEucJp is iconv-lite's there, and
  // the comparisons below still hold
  const icu = (() => {
    try {
      return new TextDecoder('euc-jp');
    } catch {
      return null;
    }
  })();

  it.skipIf(icu === null)('has an ICU EUC-JP decoder to compare (Node with full ICU)', () => {
    expect(icu?.decode(Buffer.from([0xb0, 0xa1]))).toBe('\u4e9c');
  });

  it("gives iconv-lite's string for every two-byte pair, alone, between ASCII and all in one text", () => {
    const all: number[] = [];
    let compared = 0;
    for (let a = 0xa1; a <= 0xfe; a++) {
      for (let b = 0xa1; b <= 0xfe; b++) {
        for (const buf of [Buffer.from([a, b]), Buffer.from([0x41, a, b, 0x5c, 0x7e])]) expect(decodeEucJp(buf), `${a.toString(16)}${b.toString(16)}`).toBe(general(buf));
        all.push(a, b);
        compared++;
      }
    }
    const text = Buffer.from(all);
    expect(decodeEucJp(text)).toBe(general(text));
    expect(compared).toBe(94 * 94);
  });

  it("gives iconv-lite's string for the single shifts (0x8E katakana, 0x8F JIS X 0212), left to it", () => {
    for (let b = 0; b < 256; b++) {
      const buf = Buffer.from([0x41, 0x8e, b, 0x41]);
      expect(decodeEucJp(buf), `8e${b.toString(16)}`).toBe(general(buf));
    }
    for (let a = 0xa1; a <= 0xfe; a++) {
      for (let b = 0xa1; b <= 0xfe; b++) {
        const buf = Buffer.from([0x8f, a, b, 0xb0, 0xa1]);
        expect(decodeEucJp(buf), `8f${a.toString(16)}${b.toString(16)}`).toBe(general(buf));
      }
    }
  });

  it("gives iconv-lite's string on seeded mixes of pairs, ASCII, cut pairs and any byte", () => {
    const random = seededRandom(1983);
    let compared = 0;
    for (let n = 0; n < 4000; n++) {
      const bytes: number[] = [];
      for (let p = Math.floor(random() * 12); p > 0; p--) {
        const r = random();
        if (r < 0.5) bytes.push(0xa1 + Math.floor(random() * 94), 0xa1 + Math.floor(random() * 94));
        else if (r < 0.8) bytes.push(Math.floor(random() * 0x80));
        else if (r < 0.9) bytes.push(0xa1 + Math.floor(random() * 94));
        else bytes.push(Math.floor(random() * 256));
      }
      const buf = Buffer.from(bytes);
      expect(decodeEucJp(buf), buf.toString('hex')).toBe(general(buf));
      compared++;
    }
    expect(compared).toBe(4000);
  });
});

describe('isBlank', () => {
  // the general routine: the block read as latin1 and trimmed, as reheaded asked before
  const general = (block: Buffer) => block.toString('latin1').trim() === '';

  it('answers as trim() does for every byte value, alone and after white space', () => {
    let compared = 0;
    for (let c = 0; c < 256; c++) {
      for (const block of [Buffer.from([c]), Buffer.from([0x20, 0x0d, 0x0a, c]), Buffer.from([c, 0x0a, 0xa0])]) {
        expect(isBlank(block), `${c}`).toBe(general(block));
        compared++;
      }
    }
    expect(isBlank(Buffer.alloc(0))).toBe(general(Buffer.alloc(0)));
    expect(compared).toBe(768);
  });

  it('answers as trim() does for every part header block of the fixtures and the corpus', () => {
    const config = { ignoreEmbedded: true as const, maxHeadSize: 256 * 1024, maxChildNodes: 513 };
    let compared = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      for (const e of scanParts(bytes, config) ?? []) {
        if (e.type !== 'node') continue;
        const block = e.node.getHeaders();
        expect(isBlank(block)).toBe(general(block));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(fixtures.length + corpus.length);
  });
});

describe('decodeWords', () => {
  // the general routine: libmime's decodeWords as it stands, which decodeWords called before
  const general = (value: string) => {
    try {
      return libmime.decodeWords(value);
    } catch {
      return value;
    }
  };
  const ESC = '\x1b';
  const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
  const q = (s: string) => [...Buffer.from(s, 'latin1')].map((c) => (c === 0x20 ? '_' : `=${c.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

  it("gives libmime's text on hand-made corners", () => {
    // RFC 1468 text: ESC $ B enters JIS X 0208, ESC ( B returns to ASCII
    const jis = `${ESC}$B0!0"${ESC}(B`;
    const cases = [
      `=?ISO-2022-JP?B?${b64(jis)}?=`,
      `=?iso-2022-jp?b?${b64(jis)}?=`,
      `=?ISO-2022-JP?Q?${q(jis)}?=`,
      // RFC 2231 §5 language, adjacent words joined (same charset, B), words of two charsets
      `=?ISO-2022-JP*ja?B?${b64(jis)}?=`,
      `Re: =?ISO-2022-JP?B?${b64(`${ESC}$B0!`)}?= =?ISO-2022-JP?B?${b64(`0"${ESC}(B`)}?= end`,
      `=?ISO-2022-JP?B?${b64(jis)}?= =?UTF-8?B?${Buffer.from('é').toString('base64')}?=`,
      // other spellings libmime normalises elsewhere, a cut escape, bytes that are no JIS
      `=?ISO2022JP?B?${b64(jis)}?=`,
      `=?csISO2022JP?B?${b64(jis)}?=`,
      `=?ISO-2022-JP?B?${b64(`x${ESC}$`)}?=`,
      `=?ISO-2022-JP?B?${b64('\xff\xfe\x80')}?=`,
      `=?ISO-2022-JP?B?not base64!?=`,
      `=?ISO-2022-JP?X?${jis}?=`,
      '=?ISO-2022-JP?B??=',
    ];
    for (const c of cases) expect(decodeWords(c), JSON.stringify(c)).toBe(general(c));
    expect(decodeWords(`=?ISO-2022-JP?B?${b64(`${ESC}$B0!${ESC}(B`)}?=`)).toBe('\u4e9c');
  });

  it("gives libmime's text on every header field of the fixtures and the corpus", async () => {
    let n = 0;
    let japanese = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const msg = await parseMime(bytes);
      for (const list of [msg.headers, msg.returned?.headers]) {
        for (const f of list?.fields ?? []) {
          if (!f.value.includes('=?')) continue;
          expect(decodeWords(f.value)).toBe(general(f.value));
          n++;
          if (/=\?iso-2022-jp/i.test(f.value)) japanese++;
        }
      }
    }
    expect(n).toBeGreaterThan(corpus.length ? 50 : 5);
    expect(japanese).toBeGreaterThanOrEqual(corpus.length ? 10 : 0);
  });

  it("gives libmime's text on seeded generated words", () => {
    // words of random JIS X 0208 pairs, ASCII and stray bytes, in B or Q, joined or apart
    const random = seededRandom(2047);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const piece = () => {
      let s = '';
      for (let i = Math.floor(random() * 4); i > 0; i--) {
        const r = random();
        if (r < 0.5) s += `${ESC}$B${String.fromCharCode(0x30 + Math.floor(random() * 0x20), 0x21 + Math.floor(random() * 0x5e))}${ESC}(B`;
        else if (r < 0.8) s += pick(['a', ' ', '_', '=', '?']);
        else s += String.fromCharCode(Math.floor(random() * 256));
      }
      return s;
    };
    let compared = 0;
    for (let n = 0; n < 2000; n++) {
      let value = pick(['', 'Re: ', 'x ']);
      for (let w = 1 + Math.floor(random() * 3); w > 0; w--) {
        const text = piece();
        const charset = pick(['ISO-2022-JP', 'iso-2022-jp', 'ISO-2022-JP*ja', 'utf-8', 'ISO2022JP']);
        value += `=?${charset}?${random() < 0.6 ? `B?${b64(text)}` : `Q?${q(text)}`}?=${pick(['', ' ', '  ', 'x'])}`;
      }
      expect(decodeWords(value), JSON.stringify(value)).toBe(general(value));
      compared++;
    }
    expect(compared).toBe(2000);
  });
});

describe('decodeWellFormedWords (libmime.decodeWords in one scan)', () => {
  const general = (value: string) => {
    try {
      return libmime.decodeWords(value);
    } catch {
      return value;
    }
  };
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const q = (s: string) => [...Buffer.from(s, 'utf8')].map((c) => (c === 0x20 ? '_' : c > 0x20 && c < 0x7f && c !== 0x3d && c !== 0x3f && c !== 0x5f ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

  it('reads white space as a regex \\s does, for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isRegexSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it("gives libmime's text on hand-made corners, or leaves them to libmime", () => {
    const cases: [string, boolean][] = [
      // RFC 2047 §8's examples: white space between words dropped, kept between a word and text
      ['=?ISO-8859-1?Q?a?=', true],
      ['=?ISO-8859-1?Q?a?= b', true],
      ['=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=', true],
      ['=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=', true],
      ['=?ISO-8859-1?Q?a?=\r\n  =?ISO-8859-1?Q?b?=', true],
      ['=?ISO-8859-1?Q?a_b?=', true],
      ['=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=', true],
      // a UTF-8 character split over two B words (joined before decoding), over two Q words,
      // one charset spelt two ways, B then Q of one charset, a word against text
      [`=?utf-8?B?${Buffer.from([0xe6, 0x97]).toString('base64')}?= =?UTF-8?B?${Buffer.from([0xa5]).toString('base64')}?=`, true],
      ['=?utf-8?Q?=E6=97?= =?utf8?Q?=A5?=', true],
      [`=?utf-8?B?${b64('é')}?= =?utf-8?Q?=C3=A9?=`, true],
      [`x=?utf-8?B?${b64('é')}?=y`, true],
      [`=?utf-8?B?${b64('é')}?=\u00a0=?utf-8?B?${b64('é')}?=\u3000z`, true],
      // B padding before a one-letter charset or a '?' of the text; "?=?"; a word cut; a NUL;
      // RFC 2231 §5 language: libmime's own path
      [`=?utf-8?B?${b64('a')}?= =?b?B?=x?=`, false],
      [`=?utf-8?B?${b64('a')}?= what? =?utf-8?B?${b64('b')}?=`, false],
      // (libmime reads "=?= a?B?c?=" as a word here, and drops the space after it)
      [`=?utf-8?B?${b64('a')}?= a?B?c?= =?utf-8?B?${b64('b')}?=`, false],
      [`=?utf-8?B?${b64('abc')}?= what? =?utf-8?B?${b64('b')}?=`, true],
      ['=?utf-8?Q?a?=?=', false],
      ['=?utf-8?Q?a', false],
      ['a =? b', false],
      ['=?utf-8?Q?a?=\0', false],
      ['=?utf-8*en?Q?a?=', false],
      ['=?utf-8?X?a?=', false],
    ];
    for (const [value, fast] of cases) {
      const got = decodeWellFormedWords(value);
      expect(got !== null, JSON.stringify(value)).toBe(fast);
      expect(decodeWords(value), JSON.stringify(value)).toBe(general(value));
      if (got !== null) expect(got, JSON.stringify(value)).toBe(general(value));
    }
  });

  it("gives libmime's text on every header field of the fixtures and the corpus", async () => {
    let fast = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const msg = await parseMime(bytes);
      for (const list of [msg.headers, msg.returned?.headers]) {
        for (const f of list?.fields ?? []) {
          if (!f.value.includes('=?')) continue;
          const got = decodeWellFormedWords(f.value);
          if (got === null) continue;
          expect(got, JSON.stringify(f.value)).toBe(general(f.value));
          fast++;
        }
      }
    }
    expect(fast).toBeGreaterThan(corpus.length ? 50 : 5);
  });

  it("gives libmime's text on seeded values of words, white space and text", () => {
    const random = seededRandom(2048);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const charsets = ['utf-8', 'UTF-8', 'utf8', 'iso-8859-1', 'ISO-8859-15', 'latin1', 'us-ascii', 'windows-1252', 'x-unknown', 'b', 'Q', 'shift_jis', 'euc-jp', 'koi8-r'];
    const texts = ['a', 'é', '日本', '\u{1F408}', ' ', '_', '=', '?', 'ab', 'abc', ''];
    const between = ['', ' ', '  ', '\t', '\r\n ', '\u00a0', '\u2028', 'x', ' y ', '?', ' ? ', '=', '=?', '?=', '\0', ' a?B?c?= ', ' a?b?=x?= '];
    let compared = 0;
    let fast = 0;
    for (let n = 0; n < 6000; n++) {
      let value = pick(['', 'Re: ', '"', 'x']);
      for (let w = 1 + Math.floor(random() * 4); w > 0; w--) {
        let text = '';
        for (let k = Math.floor(random() * 3); k >= 0; k--) text += pick(texts);
        const r = random();
        // B of whole text, B of a cut byte string (split characters, odd padding), Q, or a raw payload
        const payload = r < 0.35 ? `B?${b64(text)}` : r < 0.5 ? `b?${Buffer.from(text, 'utf8').subarray(0, Math.floor(random() * 4)).toString('base64')}` : r < 0.85 ? `Q?${q(text)}` : `${pick(['B', 'q'])}?${pick(['YQ==', 'YWI=', '=', 'a=', '=4', '1', '_x'])}`;
        value += `=?${pick(charsets)}?${payload}?=${pick(between)}`;
      }
      value += pick(['', ' end', '?', ' =?']);
      const got = decodeWellFormedWords(value);
      if (got !== null) {
        expect(got, JSON.stringify(value)).toBe(general(value));
        fast++;
      }
      expect(decodeWords(value), JSON.stringify(value)).toBe(general(value));
      compared++;
    }
    expect(compared).toBe(6000);
    // both paths taken: a fifth or more of the values read in one scan, the rest left to libmime
    expect(fast).toBeGreaterThan(1000);
    expect(fast).toBeLessThan(5000);
  });
});

describe('decodeCommonWord (libmime.decodeWord for UTF-8 and ASCII-compatible words)', () => {
  const general = (charset: string, encoding: string, text: string) => libmime.decodeWord(charset, encoding, text);
  const charsets = ['utf-8', 'UTF-8', 'utf8', 'us-ascii', 'US-ASCII', 'ascii', 'iso-8859-1', 'ISO-8859-2', 'iso-8859-15', 'windows-1252', 'Windows-1250'];

  it('gives libmime\'s text for every byte, in Q and in B, in every charset it reads', () => {
    let fast = 0;
    for (const charset of charsets) {
      for (let b = 0; b < 256; b++) {
        const hex = b.toString(16).padStart(2, '0');
        for (const [encoding, text] of [
          ['Q', `=${hex.toUpperCase()}`],
          ['q', `a=${hex}b`],
          ['B', Buffer.from([b]).toString('base64')],
          ['b', Buffer.from([0x41, b, b, 0x42]).toString('base64')],
          ['Q', String.fromCharCode(b)],
        ]) {
          const got = decodeCommonWord(charset, encoding, text);
          if (got === null) continue;
          expect(got, `${charset} ${encoding} ${JSON.stringify(text)}`).toBe(general(charset, encoding, text));
          fast++;
        }
      }
    }
    expect(fast).toBeGreaterThan(charsets.length * 256 * 2);
  });

  it("gives libmime's text on seeded Q and B texts: white space, stray '=' and '_', cut and joined base64", () => {
    const random = seededRandom(2045);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const qPieces = ['a', 'Z', '_', '=', '=4', '=41', '=e9', '=C3=A9', '=E6=97=A5', '=FF', ' ', '\t', '= 4', '?', '~', 'é', '\u00a0'];
    const b64Pieces = ['QQ', 'QUI', 'QUJD', '=', '==', 'w6k=', '5pel', '-', '_', ' ', '*', 'Ł', '+/', '8J+QiA=='];
    let fast = 0;
    for (let n = 0; n < 6000; n++) {
      const q = random() < 0.5;
      let text = '';
      for (let k = Math.floor(random() * 6); k > 0; k--) text += pick(q ? qPieces : b64Pieces);
      const charset = pick(charsets);
      const encoding = q ? pick(['Q', 'q']) : pick(['B', 'b']);
      const got = decodeCommonWord(charset, encoding, text);
      if (got === null) continue;
      expect(got, `${charset} ${encoding} ${JSON.stringify(text)}`).toBe(general(charset, encoding, text));
      fast++;
    }
    // both paths taken
    expect(fast).toBeGreaterThan(1500);
    expect(fast).toBeLessThan(5500);
  });

  it("gives libmime's text on every word of the fixtures' and the corpus' header fields", async () => {
    let fast = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const msg = await parseMime(bytes);
      for (const list of [msg.headers, msg.returned?.headers]) {
        for (const f of list?.fields ?? []) {
          for (const m of f.value.matchAll(/=\?([\w-]+)\?([QqBb])\?([^?]*)\?=/g)) {
            const got = decodeCommonWord(m[1], m[2], m[3]);
            if (got === null) continue;
            expect(got, m[0]).toBe(general(m[1], m[2], m[3]));
            fast++;
          }
        }
      }
    }
    expect(fast).toBeGreaterThan(corpus.length ? 30 : 0);
  });

  it('leaves other charsets and encodings to libmime', () => {
    for (const [charset, encoding, text] of [
      ['iso-2022-jp', 'B', 'GyRCMCEbKEI='],
      ['shift_jis', 'Q', 'a'],
      ['utf-8*en', 'Q', 'a'],
      ['utf-7', 'Q', 'a'],
      ['iso-8859-1', 'Q', '=E9'],
      ['utf-8', 'X', 'a'],
    ]) {
      expect(decodeCommonWord(charset, encoding, text), `${charset} ${encoding} ${text}`).toBeNull();
    }
  });
});

describe('mentionsSubtype with the message read as latin1', () => {
  const SUBTYPES = ['delivery-status', 'global-delivery-status'];
  it('answers as over the bytes alone, on every fixture and corpus message and on seeded bytes', () => {
    let yes = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const got = mentionsSubtype(bytes, SUBTYPES, bytes.toString('latin1'));
      expect(got).toBe(mentionsSubtype(bytes, SUBTYPES));
      if (got) yes++;
    }
    expect(yes).toBeGreaterThan(corpus.length ? 100 : 10);
    const random = seededRandom(3464);
    const pieces = ['/', 'delivery-status', 'DELIVERY-STATUS', 'Delivery-Statu', 'global-delivery-status', 'x', '\xe9', '\n', '//', 'message/'];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const bytes = Buffer.from(text, 'latin1');
      expect(mentionsSubtype(bytes, SUBTYPES, text), JSON.stringify(text)).toBe(mentionsSubtype(bytes, SUBTYPES));
    }
  });
});

describe("wordBytes (libmime.decodeWord's bytes, as decodeWords reads an ISO-2022-JP word)", () => {
  // the general routine: decodeWord's text in the charset iconv-lite reads one character a byte
  const general = (encoding: string, text: string) => Buffer.from(libmime.decodeWord('binary', encoding, text), 'latin1');

  it('gives the bytes of every byte written in Q and in B', () => {
    let plain = 0;
    for (let b = 0; b < 256; b++) {
      const hex = b.toString(16).padStart(2, '0');
      for (const [encoding, text] of [
        ['Q', `=${hex.toUpperCase()}`],
        ['q', `a=${hex}b`],
        ['Q', `${hex}=`],
        ['B', Buffer.from([b]).toString('base64')],
        ['b', Buffer.from([0x1b, 0x24, 0x42, b, b, 0x1b, 0x28, 0x42]).toString('base64')],
        ['Q', String.fromCharCode(b)],
        ['B', String.fromCharCode(b)],
      ]) {
        const got = wordBytes(encoding, text);
        if (got === null) continue;
        expect(got.toString('hex'), `${encoding} ${JSON.stringify(text)}`).toBe(general(encoding, text).toString('hex'));
        plain++;
      }
    }
    expect(plain).toBeGreaterThan(256 * 4);
  });

  it("gives decodeWord's bytes on seeded Q and B texts: white space, stray '=' and '_', cut and joined base64", () => {
    const random = seededRandom(2022);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const qPieces = ['a', 'Z', '_', '=', '=4', '=1B', '=1b=24=42', '=30=21', '=e9', '=FF', ' ', '\t', '= 4', '?', '~', 'é', '\u00a0', '$B'];
    const b64Pieces = ['QQ', 'QUI', 'QUJD', '=', '==', 'GyRC', 'MCE', 'GyhC', '-', '_', ' ', '*', 'Ł', '+/', '8J+QiA=='];
    let plain = 0;
    for (let n = 0; n < 6000; n++) {
      const q = random() < 0.5;
      let text = '';
      for (let k = Math.floor(random() * 6); k > 0; k--) text += pick(q ? qPieces : b64Pieces);
      const encoding = q ? pick(['Q', 'q']) : pick(['B', 'b']);
      const got = wordBytes(encoding, text);
      if (got === null) continue;
      expect(got.toString('hex'), `${encoding} ${JSON.stringify(text)}`).toBe(general(encoding, text).toString('hex'));
      plain++;
    }
    // both ways taken: the plain texts here, the rest left to libmime
    expect(plain).toBeGreaterThan(1500);
    expect(plain).toBeLessThan(5500);
  });

  it('leaves other encodings to libmime', () => {
    expect(wordBytes('X', 'a')).toBeNull();
    expect(wordBytes('', 'a')).toBeNull();
  });
});

describe("the top-level Content-Type from PartHead's split", () => {
  // the general routine: the message's own Content-Type field split again (parseStructured)
  const check = (bytes: Buffer): number => {
    const msg = parseMimeSync(bytes);
    if (!msg) return 0;
    const ct = parseStructured(msg.headers.get('content-type'));
    expect(msg.contentParams).toEqual(ct.params);
    expect(msg.contentType).toBe(ct.value ? readMediaType(ct.value).type : 'text/plain');
    return 1;
  };

  it('equals the field split again, on hand-made corners', () => {
    const body = '\n--b\nContent-Type: text/plain\n\nx\n--b--\n';
    const cases = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      'Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="b"',
      // folds the two readings unfold differently: white space before the line end, an empty continuation
      'Content-Type: multipart/mixed;  \n   boundary="b"',
      'Content-Type: multipart/mixed;\n \n boundary="b"',
      // a comment, an escape, RFC 2231 segments: libmime's split, with and without stripComments
      'Content-Type: multipart/mixed; boundary="b" (comment)',
      'Content-Type: multipart/mixed; boundary=b (comment)',
      'Content-Type: multipart/mixed; boundary="\\b"',
      'Content-Type: multipart/mixed; boundary*0="b"',
      'Content-Type: multipart/mixed; boundary=b; __proto__=x',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Type:',
      'Content-type: Multipart/Mixed; BOUNDARY="b"',
      'X-A: 1\nContent-Type: multipart/mixed; boundary=b\nContent-Type: text/html',
    ];
    let compared = 0;
    for (const c of cases) compared += check(Buffer.from(`From: a@example.org\n${c}\n${body}`, 'latin1'));
    expect(compared).toBe(cases.length);
  });

  it('equals the field split again, on the fixtures and the corpus', () => {
    let compared = 0;
    for (const bytes of [...fixtures, ...corpus]) compared += check(bytes);
    expect(compared).toBeGreaterThan((fixtures.length + corpus.length) * 0.9);
  });
});

describe('BounceMessage.opening from the leaf text', () => {
  // the general routine: the first 4096 bytes of the first human leaf, decoded (latin1 for
  // ISO-2022), LF line ends, leading white space dropped
  const general = (msg: BounceMessage) => {
    const leaf = msg.humanLeaves[0];
    if (!leaf) return '';
    const bytes = leaf.body.subarray(0, 4096);
    const head = /^iso-2022/i.test(leaf.charset ?? '') ? bytes.toString('latin1') : decodeText(bytes, leaf.charset);
    return head.replace(/\r\n?/g, '\n').trimStart();
  };
  const plainMessage = (body: Buffer, charset: string | null, contentType = 'text/plain', maxLineLength = 64 * 1024) =>
    new BounceMessage(new HeaderList([]), '', contentType, {}, [
      { index: 0, contentType, charset, encoding: null, disposition: null, filename: null, headers: new HeaderList([]), body, depth: 0, parent: -1, parentType: '', maxLineLength },
    ], [], null, []);

  it('equals the opening decoded on its own, on hand-made corners', () => {
    const cases: [Buffer, string | null][] = [
      [Buffer.from('\r\n\r\n  This is the mail system at host x.\r\n', 'latin1'), null],
      [Buffer.from('caf\xc3\xa9\n', 'latin1'), 'utf-8'],
      [Buffer.from('caf\xe9\n', 'latin1'), 'iso-8859-1'],
      [Buffer.from('\x1b$B0!\x1b(B\n', 'latin1'), 'ISO-2022-JP'],
      // exactly OPENING_BYTES, and one more: the second is decoded as a prefix, as before
      [Buffer.from('a'.repeat(4095) + '\n'), null],
      [Buffer.from('a'.repeat(4096) + '\xc3\xa9', 'latin1'), 'utf-8'],
    ];
    for (const [body, charset] of cases) {
      const msg = plainMessage(body, charset);
      expect(msg.opening).toBe(general(plainMessage(body, charset)));
      // and the text the parsers read is what it was
      expect(msg.text).toBe(plainMessage(body, charset).text);
    }
    // a line the text parsers would see cut stays whole in the opening, and no warning is added
    const long = plainMessage(Buffer.from('x'.repeat(3000)), null, 'text/plain', 100);
    expect(long.opening).toBe('x'.repeat(3000));
    expect(long.allWarnings()).toEqual([]);
  });

  it('equals the opening decoded on its own for the fixtures and the corpus, and leaves the text as it was', async () => {
    let n = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const msg = await parseMime(bytes);
      const again = await parseMime(bytes);
      expect(msg.opening).toBe(general(again));
      // the text read after the opening equals the text read alone
      expect(msg.text).toBe((await parseMime(bytes)).text);
      n++;
    }
    expect(n).toBe(fixtures.length + corpus.length);
  });
});

describe('splitHeaderBlock', () => {
  // the general routine, from RFC 5322 §2.1: the header block ends at the first line end
  // followed by an empty line (LF, or CRLF); an empty first line is an empty header block
  const general = (bytes: Buffer) => {
    if (bytes[0] === 0x0a) return { header: 0, bodyOffset: 1 };
    if (bytes[0] === 0x0d && bytes[1] === 0x0a) return { header: 0, bodyOffset: 2 };
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0x0a) continue;
      if (bytes[i + 1] === 0x0a) return { header: i + 1, bodyOffset: i + 2 };
      if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return { header: i + 1, bodyOffset: i + 3 };
    }
    return { header: bytes.length, bodyOffset: bytes.length };
  };
  // answers how many readings it compared (each test asserts that count in its own body)
  const check = (bytes: Buffer): number => {
    const want = general(bytes);
    let compared = 0;
    for (const got of [splitHeaderBlock(bytes), splitHeaderBlock(bytes, bytes.toString('latin1'))]) {
      expect({ header: got.header.length, bodyOffset: got.bodyOffset }).toEqual(want);
      expect(got.header.equals(bytes.subarray(0, want.header))).toBe(true);
      compared++;
    }
    return compared;
  };

  it('ends the header block where RFC 5322 does, on hand-made corners', () => {
    const cases = [
      '',
      'A: 1',
      'A: 1\n',
      'A: 1\nB: 2\n\nbody\n\nmore',
      'A: 1\r\nB: 2\r\n\r\nbody\r\n\r\n',
      '\nbody',
      '\r\nbody',
      // line ends mixed: the first empty line counts whichever its form, wherever the other form is
      'A: 1\r\nB: 2\n\nbody\r\n\r\n',
      'A: 1\nB: 2\r\n\r\nbody\n\n',
      'A: 1\r\nB: 2\r\n\nbody',
      'A: 1\nB: 2\n\r\nbody',
      // the other form's empty line just before the first form's (overlapping matches)
      'A: 1\nB\n\r\n\nX',
      'A: 1\r\nB\n\n\r\nX',
      // a CR alone is not a line end; a line of white space is not empty
      'A: 1\n\r\rB\n \nC: 3\n\n',
      'A: 1\r\n\r',
      'A: 1\n\r',
      'A: 1\r\n',
    ];
    let compared = 0;
    for (const c of cases) compared += check(Buffer.from(c, 'latin1'));
    expect(compared).toBe(cases.length * 2);
  });

  it('ends the header block where RFC 5322 does, on seeded generated inputs of line ends and text', () => {
    // short texts over LF, CR, a letter, a colon and a space: every mix of the two line-end
    // forms, overlapping and at either end, many times over
    const alphabet = ['\n', '\r', 'A', ':', ' ', '\r\n'];
    const random = seededRandom(18);
    let compared = 0;
    for (let n = 0; n < 4000; n++) {
      let s = '';
      const length = Math.floor(random() * 24);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      compared += check(Buffer.from(s, 'latin1'));
    }
    expect(compared).toBe(8000);
  });

  it('ends the header block where RFC 5322 does, on the fixtures and the corpus', async () => {
    let compared = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      compared += check(bytes);
      const msg = await parseMime(bytes);
      if (msg.returned?.bytes) compared += check(msg.returned.bytes);
    }
    expect(compared).toBeGreaterThanOrEqual((fixtures.length + corpus.length) * 2);
  });
});

describe('lfLineEnds', () => {
  // the general routine: every CR LF, and every CR with no LF after it, one LF
  const general = (text: string) => text.replace(/\r\n?/g, '\n');

  it('gives the pattern replace on every fixture and corpus file read as text', () => {
    const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])];
    let withCr = 0;
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      if (text.includes('\r')) withCr++;
      expect(lfLineEnds(text)).toBe(general(text));
    }
    // the corpus has dozens of texts with CR (the fixtures 3): fewer is a reading that lost them
    expect(withCr).toBeGreaterThan(existsSync(CORPUS) ? 20 : 2);
  });

  it('gives the pattern replace on seeded runs of CR, LF and text', () => {
    const next = seededRandom(3676);
    const pieces = ['\r', '\n', '\r\n', '\r\r', '\n\r', 'a', ' ', '\u00e9', '\u2028'];
    let compared = 0;
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let i = Math.floor(next() * 20); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      expect(lfLineEnds(text), JSON.stringify(text)).toBe(general(text));
      compared++;
    }
    expect(compared).toBe(5000);
  });
});

describe('charsetName', () => {
  // the general reading: trimmed, lower-cased, one quote dropped at each end
  const general = (declared?: string | null | false) => (declared || '').toString().trim().toLowerCase().replace(/^["']|["']$/g, '');

  it('reads every charset label of the fixtures and corpus as the pattern does', () => {
    const labels = new Set<string>();
    for (const bytes of [...messagesUnder(path.join(ROOT, 'fixtures')), ...messagesUnder(CORPUS)]) {
      const text = bytes.toString('latin1');
      for (const m of text.matchAll(/charset\s*=\s*("[^"\n]{0,40}"?|'[^'\n]{0,40}'?|[^\s;]{0,40})/gi)) labels.add(m[1]);
    }
    // over 20 labels with the corpus, 16 in the fixtures alone (the shared folder may be absent)
    expect(labels.size).toBeGreaterThan(existsSync(CORPUS) ? 20 : 10);
    for (const label of labels) expect(charsetName(label), label).toBe(general(label));
  });

  it('reads hand-made and seeded labels as the pattern does', () => {
    const labels: (string | null | undefined | false)[] = [undefined, null, false, '', ' ', '"', "'", '""', "''", '"UTF-8"', "'utf-8'", ' "utf-8" ', '"utf-8', "utf-8'", '"\'x\'"', 'ISO-2022-JP', '\u00a0utf-8\u00a0', '"\u0130"'];
    for (const label of labels) {
      expect(charsetName(label), JSON.stringify(label)).toBe(general(label));
    }
    const next = seededRandom(2045);
    const pieces = ['"', "'", ' ', '\t', 'U', 'tf', '-8', 'ISO', '\u00a0', '\u0130', 'x'];
    for (let n = 0; n < 3000; n++) {
      let label = '';
      for (let i = Math.floor(next() * 6); i > 0; i--) label += pieces[Math.floor(next() * pieces.length)];
      expect(charsetName(label), JSON.stringify(label)).toBe(general(label));
    }
  });
});
