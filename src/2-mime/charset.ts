// Bytes → text with the declared charset, surviving the lies bounces tell about it.
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { encodingJapanese, libmimeCharset } from './libs.js';

const libmimeDecode = libmimeCharset.decode;

const SEVEN_BIT_CHARSETS = new Set(['us-ascii', 'ascii', 'iso-2022-jp', 'iso-2022-kr', 'iso-2022-cn']);
// libmime deliberately refuses UTF-7 (a filter-evasion vector in HTML mail); old Exchange
// NDRs are written in it (charset="unicode-1-1-utf-7", corpus lhost-exchange2003-*), and we
// only ever read the result as plain text, so we decode it with iconv-lite directly.
const UTF7_CHARSETS = new Set(['utf-7', 'utf7', 'unicode-1-1-utf-7', 'x-unicode-2-0-utf-7', 'csunicode11utf7']);
// Typos seen in the wild ("UFT-8": corpus README lists three) mean UTF-8.
const UTF8_ALIASES = new Set(['utf-8', 'utf8', 'uft-8', 'uft8', 'utf-8-bom', 'x-utf-8']);

function hasHighBytes(buf: Buffer): boolean {
  // native (vectorised) check: this runs on every header block and text part
  return !isAscii(buf);
}

function hasEscape(buf: Buffer): boolean {
  return buf.indexOf(0x1b) !== -1;
}

const ESC = 0x1b;
// JIS X 0208 rows whose pairs encoding-japanese and iconv-lite's EUC-JP table read apart (some
// NEC-selected symbols of row 13, an IBM symbol of row 92): left to encoding-japanese
const ROWS_APART = new Set([0x2d, 0x7c]);

/**
 * RFC 1468 ISO-2022-JP read through EUC-JP (iconv-lite, a table look-up a pair), or null where
 * it may not read as encoding-japanese does. In JIS X 0208 mode (ESC $ B, or ESC $ @ for the
 * 1978 set) a pair of bytes 0x21-0x7E is the EUC-JP pair with the high bits set; in ASCII and
 * JIS-Roman mode (ESC ( B, ESC ( J) a byte is itself, as encoding-japanese reads it. Any other
 * escape or byte, an unpaired byte, a pair of ROWS_APART, or a pair iconv-lite has no character
 * for (U+FFFD) sends the text to encoding-japanese. test/unit/mime-fast-paths.test.ts compares
 * every pair of both sets, and seeded mixes, with libmime's decode.
 */
function viaEucJp(buf: Buffer): string | null {
  const n = buf.length;
  const out = Buffer.allocUnsafe(n);
  let k = 0;
  let double = false;
  for (let i = 0; i < n; ) {
    const c = buf[i];
    if (c === ESC) {
      if (i + 2 >= n) return null;
      const a = buf[i + 1];
      const b = buf[i + 2];
      if (a === 0x24 && (b === 0x42 || b === 0x40)) double = true;
      else if (a === 0x28 && (b === 0x42 || b === 0x4a)) double = false;
      else return null;
      i += 3;
    } else if (double) {
      if (i + 1 >= n) return null;
      const d = buf[i + 1];
      if (c < 0x21 || c > 0x7e || d < 0x21 || d > 0x7e || ROWS_APART.has(c)) return null;
      out[k++] = c | 0x80;
      out[k++] = d | 0x80;
      i += 2;
    } else {
      if (c >= 0x80) return null;
      out[k++] = c;
      i++;
    }
  }
  return pairsViaIcu(out.subarray(0, k)) ?? nullIfReplaced(iconv.decode(out.subarray(0, k), 'euc-jp'));
}

function nullIfReplaced(text: string): string | null {
  return text.includes('\uFFFD') ? null : text;
}

// ICU's EUC-JP decoder (WHATWG Encoding's index jis0208), made on first use: ~0.3 ms, where
// iconv-lite's EUC-JP codec is built from its table on first use in 11-13 ms (a cold run over
// the corpus met it in its ISO-2022-JP parts and its mislabelled EUC-JP ones). Every JIS X 0208
// pair ICU maps, it maps as iconv-lite does (test/unit/mime-fast-paths.test.ts compares every
// pair); a pair it does not, or a Node without full ICU, goes to iconv-lite. Single-shift
// bytes (0x8E katakana, 0x8F JIS X 0212) and C1 bytes it reads apart from iconv-lite: text
// with one is never given to it.
let icuEucJp: TextDecoder | null | undefined;

/**
 * EUC-JP text of ASCII and bytes 0xA1-0xFE as iconv-lite decodes it, or null where it holds
 * another byte, where ICU has no character for a pair (U+FFFD), or where ICU is not there.
 */
function pairsViaIcu(buf: Uint8Array): string | null {
  if (icuEucJp === undefined) {
    try {
      icuEucJp = new TextDecoder('euc-jp');
    } catch {
      // a Node built with small ICU: no EUC-JP
      icuEucJp = null;
    }
  }
  if (icuEucJp === null || !asciiOrPairBytes(buf)) return null;
  return nullIfReplaced(icuEucJp.decode(buf));
}

/** every byte ASCII or 0xA1-0xFE (no single shift, no C1 byte: ICU maps 0x80-0xA0 apart from iconv-lite) */
function asciiOrPairBytes(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b >= 0x80 && (b < 0xa1 || b > 0xfe)) return false;
  }
  return true;
}

/** 8-bit EUC-JP as iconv-lite decodes it (ICU's where proved the same: pairsViaIcu). */
export function decodeEucJp(buf: Buffer): string {
  return pairsViaIcu(buf) ?? iconv.decode(buf, 'euc-jp');
}

/**
 * ISO-2022-JP text that never leaves ASCII mode (no ESC $ B, ESC $ @, ESC ( I or ESC $ ( D)
 * but carries bytes viaEucJp refuses (8-bit bytes: Shift_JIS or UTF-8 mislabelled, as in a
 * Subject encoded-word), read as encoding-japanese reads it, or null for any other text.
 * encoding-japanese (src/encoding-convert.js, JISToUTF8 then UTF8ToUNICODE) copies every byte
 * outside an escape as it is, steps over any other 3-byte escape, then reads the bytes as
 * UTF-8 with no check: a lead byte takes the next one, two or three bytes' low six bits
 * whatever they are (0 past the end), a stray continuation byte is dropped. Its JISToUTF8
 * first builds its JIS tables (initConversionTables, 10-17 ms on first use in a process; 31
 * ms of a --jobs 0 profile of /tmp/bm50, all for one corpus Subject, lhost-postfix-09), which
 * text without a JIS run never reads. test/unit/mime-fast-paths.test.ts compares it with
 * libmime's decode.
 */
function withoutJisRun(buf: Buffer): string | null {
  const n = buf.length;
  const bytes = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (buf[i] === ESC) {
      const a = buf[i + 1];
      const b = buf[i + 2];
      // a switch to a double-byte set or to katakana needs the tables
      if ((a === 0x24 && (b === 0x42 || b === 0x40 || (b === 0x28 && buf[i + 3] === 0x44))) || (a === 0x28 && b === 0x49)) return null;
      i += 3;
    }
    if (i >= n) break;
    bytes[k++] = buf[i];
  }
  const units = new Uint16Array(k * 2);
  let u = 0;
  for (let i = 0; i < k; ) {
    const c = bytes[i++];
    const top = c >> 4;
    let code: number;
    if (top <= 7) code = c;
    else if (top === 12 || top === 13) code = ((c & 0x1f) << 6) | (at(bytes, i++, k) & 0x3f);
    else if (top === 14) {
      code = ((c & 0x0f) << 12) | ((at(bytes, i, k) & 0x3f) << 6) | (at(bytes, i + 1, k) & 0x3f);
      i += 2;
    } else if (top === 15) {
      code = ((c & 0x07) << 18) | ((at(bytes, i, k) & 0x3f) << 12) | ((at(bytes, i + 1, k) & 0x3f) << 6) | (at(bytes, i + 2, k) & 0x3f);
      i += 3;
    } else continue;
    if (code <= 0xffff) units[u++] = code;
    else {
      code -= 0x10000;
      units[u++] = (code >> 10) + 0xd800;
      units[u++] = (code % 0x400) + 0xdc00;
    }
  }
  let text = '';
  // String.fromCharCode over slices: an argument list of a whole long text could overflow the stack
  for (let i = 0; i < u; i += 4096) text += String.fromCharCode(...units.subarray(i, Math.min(u, i + 4096)));
  return text;
}

/** bytes[i] below `end`, else 0 (encoding-japanese reads a byte past the end as 0) */
function at(bytes: Uint8Array, i: number, end: number): number {
  return i < end ? bytes[i] : 0;
}

/**
 * ISO-2022-JP as libmime's decode reads it (libmime charset.ts: encoding-japanese's convert to
 * a string, else its fallbacks), without the iconv-lite codec lookup libmime makes first, which
 * throws for this charset on every call: 33 ms of a 7.1 s --jobs 0 profile of /tmp/bm50. Text
 * that reads the same through EUC-JP is read so (viaEucJp): half the time of encoding-japanese
 * on the corpus' ISO-2022-JP parts (8 parts, 16 KB, in-process: 531-703 us -> 283-321 us).
 */
export function decodeIso2022Jp(buf: Buffer): string {
  const fast = viaEucJp(buf) ?? withoutJisRun(buf);
  if (fast !== null) return fast;
  try {
    const out = encodingJapanese.convert(buf, { to: 'UNICODE', from: 'ISO-2022-JP', type: 'string' });
    if (typeof out === 'string') return out;
  } catch {
    // libmime's own fallbacks decide, below
  }
  return libmimeDecode(buf, 'iso-2022-jp');
}

/**
 * A declared charset as decodeText reads it: trimmed, lower case, a quote at either end
 * dropped (`(declared || '').toString().trim().toLowerCase().replace(/^["']|["']$/g, '')`).
 * The pattern only where an end is a quote: every part's text asks, and a label is nearly
 * always a bare token (decodeText over the first 4 KB of the Sisimai half's 335 human-readable
 * parts, in-process, best of 94: 886 -> 839 ns a part). test/unit/mime-fast-paths.test.ts
 * compares the two.
 */
export function charsetName(declared?: string | null | false): string {
  const name = (declared || '').toString().trim().toLowerCase();
  // no charCodeAt past the end: reading one deoptimised this (node --trace-deopt, "out of bounds")
  if (name.length === 0) return name;
  const first = name.charCodeAt(0);
  const last = name.charCodeAt(name.length - 1);
  return first === 0x22 || first === 0x27 || last === 0x22 || last === 0x27 ? name.replace(/^["']|["']$/g, '') : name;
}

/**
 * Decode `buf` to a string. Undeclared or mislabelled 8-bit text stays recoverable:
 * valid UTF-8 is read as UTF-8, anything else as latin1 (one byte, one code point).
 */
export function decodeText(buf: Buffer, declared?: string | null | false): string {
  const charset = charsetName(declared);
  if (!charset || UTF8_ALIASES.has(charset)) return decodeUnlabelled(buf);
  if (UTF7_CHARSETS.has(charset)) return iconv.decode(buf, 'utf7');
  if (SEVEN_BIT_CHARSETS.has(charset)) {
    // A 7-bit charset carrying 8-bit bytes is a lie (corpus lhost-kddi-01 labels UTF-8 as
    // ISO-2022-JP, lhost-ezweb-03/05 label EUC-JP so); ISO-2022-JP escapes are only
    // meaningful when there are no high bytes.
    if (hasHighBytes(buf)) {
      if (charset === 'iso-2022-jp' && !isUtf8(buf)) {
        const japanese = japaneseEightBit(buf);
        if (japanese) return japanese === 'euc-jp' ? decodeEucJp(buf) : iconv.decode(buf, japanese);
      }
      return decodeUnlabelled(buf);
    }
    if (charset === 'iso-2022-jp' && hasEscape(buf)) return decodeIso2022Jp(buf);
    if (charset.startsWith('iso-2022') && hasEscape(buf)) return libmimeDecode(buf, charset);
    return buf.toString('latin1');
  }
  if (!hasHighBytes(buf)) {
    // ASCII bytes: only ISO-2022 style stateful charsets change their meaning.
    if (hasEscape(buf)) return libmimeDecode(buf, charset);
    return buf.toString('latin1');
  }
  // A charset nobody knows would be read as UTF-8 by libmime, turning bytes into U+FFFD.
  if (!iconv.encodingExists(String(charset)) && !charset.startsWith('iso-2022')) return decodeUnlabelled(buf);
  try {
    return libmimeDecode(buf, charset);
  } catch {
    return decodeUnlabelled(buf);
  }
}

/**
 * Which 8-bit Japanese encoding the bytes are valid in (EUC-JP first: it is what Japanese
 * Unix MTAs write; Shift_JIS is Windows'), or null when neither fits. Only asked for text
 * labelled ISO-2022-JP that carries high bytes: a Japanese context, so a Latin-1 reading is
 * not the likely one.
 */
function japaneseEightBit(buf: Buffer): 'euc-jp' | 'shift_jis' | null {
  let euc = true;
  for (let i = 0; i < buf.length && euc; i++) {
    const b = buf[i];
    if (b < 0x80) continue;
    if (b === 0x8e) {
      // half-width katakana: 8E + A1..DF
      const c = buf[i + 1];
      euc = c >= 0xa1 && c <= 0xdf;
      i++;
    } else if (b === 0x8f) {
      // JIS X 0212: 8F + two bytes A1..FE
      euc = buf[i + 1] >= 0xa1 && buf[i + 1] <= 0xfe && buf[i + 2] >= 0xa1 && buf[i + 2] <= 0xfe;
      i += 2;
    } else if (b >= 0xa1 && b <= 0xfe) {
      const c = buf[i + 1];
      euc = c >= 0xa1 && c <= 0xfe;
      i++;
    } else euc = false;
  }
  if (euc) return 'euc-jp';
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue; // ASCII, half-width katakana
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      const c = buf[i + 1];
      if (!((c >= 0x40 && c <= 0x7e) || (c >= 0x80 && c <= 0xfc))) return null;
      i++;
    } else return null;
  }
  return 'shift_jis';
}

/** Text with no (usable) charset label. */
export function decodeUnlabelled(buf: Buffer): string {
  if (!hasHighBytes(buf)) {
    // Raw ISO-2022-JP inside an otherwise ASCII field (Domino writes it into Diagnostic-Code,
    // docs/formats.md#domino): ESC $ B / ESC $ @ start a JIS X 0208 run.
    if (hasEscape(buf) && /\x1b\$[@B]/.test(buf.toString('latin1'))) return decodeIso2022Jp(buf);
    return buf.toString('latin1');
  }
  if (isUtf8(buf)) return buf.toString('utf8');
  return buf.toString('latin1');
}
