// RFC 5322 header blocks: split into fields, unfold, look up case-insensitively.
import { parseHeaderValue, type StructuredValue } from './header-value.js';
import { decodeIso2022Jp } from './charset.js';
import { hexValue } from './qp.js';
import { isAscii } from 'node:buffer';
import { libmime, libmimeCharset } from './libs.js';

export interface HeaderField {
  /** field name as written */
  name: string;
  /** lower-cased name */
  key: string;
  /** unfolded value, not RFC 2047-decoded; folding whitespace collapsed to one space */
  value: string;
  /**
   * May `value.toLowerCase()` contain `word` (printable ASCII, no capital letter, no white
   * space: gateWord)? False only when it cannot, answered from the field's lines without making its value
   * (BlockField); a field without it is asked its value.
   */
  mayHold?(word: string): boolean;
}

/**
 * Split a header block (or a DSN field group, same syntax) into fields.
 * Continuation lines start with SP or HTAB. Lines that are neither a field nor a
 * continuation (an mbox "From " line, garbage) are skipped.
 */
export function parseHeaderBlock(text: string): HeaderField[] {
  return readHeaderBlock(text).fields;
}

/**
 * parseHeaderBlock's fields, and whether every line of `text` was a field or the continuation
 * of one (`regular`): no line skipped, no continuation line without a field before it.
 */
export function readHeaderBlock(text: string): { fields: HeaderField[]; regular: boolean } {
  // one pass with indexOf and charCodeAt: this runs on every header block and DSN group, and
  // a slice and a regex per line were a steady share of parse time. A line's name is read
  // before its end is looked for: no character a name or the white space before its colon may
  // hold is a CR or LF, so the name stops at the line end by itself, and the line's one indexOf
  // starts from the colon (the library over the Sisimai half, this change alone, per-message
  // fastest of 20 rounds, taking turns: 0.9-1.2 us a message less)
  const fields: HeaderField[] = [];
  let regular = true;
  let empty = false;
  // the field being read (pushed when it starts); its continuation lines run to where the last ends
  let current: BlockField | null = null;
  const len = text.length;
  for (let start = 0; start < len; ) {
    const first = text.charCodeAt(start);
    // an empty line (or a lone CR, before LF or at the end): skipped, the field before it kept
    // open; irregular when a line follows it (the empty line that ends a header block is part
    // of the block)
    if (first === 0x0a) {
      empty = true;
      start++;
      continue;
    }
    if (first === 0x0d && (start + 1 === len || text.charCodeAt(start + 1) === 0x0a)) {
      empty = true;
      start += 2;
      continue;
    }
    if (empty) regular = false;
    if (first === 0x20 || first === 0x09) {
      // a continuation line: read into the value with the field's other lines (BlockField)
      let end = text.indexOf('\n', start);
      if (end === -1) end = len;
      if (current) current.continueTo(end);
      else regular = false;
      start = end + 1;
      continue;
    }
    // the field name: printable ASCII without ':' (33-126 but 58); "Name :" is tolerated
    let i = start;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 33 || c > 126 || c === 58) break;
      i++;
    }
    let colon = i;
    while (colon < len) {
      const c = text.charCodeAt(colon);
      if (c !== 0x20 && c !== 0x09) break;
      colon++;
    }
    const isField = i > start && colon < len && text.charCodeAt(colon) === 58;
    let end = text.indexOf('\n', colon);
    if (end === -1) end = len;
    if (!isField) {
      // neither a field nor a continuation (an mbox "From " line, garbage): skipped
      current = null;
      regular = false;
      start = end + 1;
      continue;
    }
    // the value's first line ends before the LF, and before one CR there
    // (the subtraction made every time: a CRLF block first met after TurboFan had compiled this
    // for LF-only ones threw the code away on an `end - 1` it had never seen run)
    const lineEnd = end - (text.charCodeAt(end - 1) === 13 ? 1 : 0);
    const name = text.slice(start, i);
    current = new BlockField(name, name.toLowerCase(), text, colon + 1, lineEnd);
    fields.push(current);
    start = end + 1;
  }
  return { fields, regular };
}

/**
 * A field of a block read by readHeaderBlock, its value made when it is first read: most
 * fields of a message's header block and of a returned original's (Received, DKIM-Signature,
 * ARC-*, X-*, several lines each) are never read, and their lines were sliced, trimmed and
 * joined for every message. The value is the one the block gives: what follows the colon,
 * then each continuation line, spaces and tabs around each dropped, joined by one space
 * (an empty continuation adds nothing). `value` is an accessor: a spread or Object.keys of a
 * field does not see it (nothing copies fields so; the tests read the three by name).
 * In CPU profiles of the library over the Sisimai half (60 passes, two each, taking turns),
 * the block reading (readHeaderBlock and the values made later) went from 4.0 and 3.9 % of
 * the run to 2.8 and 3.4 %.
 */
class BlockField implements HeaderField {
  /** the block, until the value is made */
  #text: string | null;
  /** the value's first line: text[from, lineEnd) */
  readonly #from: number;
  readonly #lineEnd: number;
  /** where the field's last continuation line ends (-1: it has none) */
  #end = -1;
  #value: string | null = null;

  constructor(
    readonly name: string,
    readonly key: string,
    text: string,
    from: number,
    lineEnd: number,
  ) {
    this.#text = text;
    this.#from = from;
    this.#lineEnd = lineEnd;
  }

  /** The continuation line that ends at `end` (a line end or the block's end) belongs to the field. */
  continueTo(end: number): void {
    this.#end = end;
  }

  get value(): string {
    if (this.#value === null) {
      const text = this.#text as string;
      let value = trimmedSlice(text, this.#from, this.#lineEnd);
      // the lines after the first up to the last continuation: continuation lines, and empty
      // lines readHeaderBlock stepped over
      for (let start = this.#lineEnd + 1; start < this.#end; ) {
        let end = text.indexOf('\n', start);
        if (end === -1) end = text.length;
        let lineEnd = end;
        if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
        if (lineEnd > start) {
          const piece = trimmedSlice(text, start, lineEnd);
          if (piece) value += ` ${piece}`;
        }
        start = end + 1;
      }
      this.#value = value;
      this.#text = null;
    }
    return this.#value;
  }

  set value(value: string) {
    this.#value = value;
    this.#text = null;
  }

  // A field's value is its lines' pieces joined by single spaces, each piece a stretch of the
  // block: a word without white space that the lower-cased value holds lies in one piece, so
  // the lines lower-cased hold it too (lower-casing maps a character alike wherever it stands,
  // but for the final sigma, which lower-cases to no ASCII character). Lower-casing the lines
  // as they are skips making the value (slices, trims and joins of each line): the markers
  // (3-formats/readers/markers.ts) and headerIncludes look for texts in every Received field of
  // a message. A regex with the i flag was quicker still, but would be built at run time from
  // the markers, which the regex audit (test/fuzz/regex.test.ts) cannot prove linear.
  mayHold(word: string): boolean {
    const text = this.#text;
    if (text === null) return true;
    return text.slice(this.#from, this.#end > this.#lineEnd ? this.#end : this.#lineEnd).toLowerCase().includes(word);
  }
}

/**
 * The longest word of `text` (a text looked for in lower-cased field values) that a field's
 * lines are asked for before its value is made (HeaderField.mayHold): a run of printable ASCII
 * without capitals (white space and other characters split the text), the longer the fewer
 * fields it lets by. Null when the text has none: the value is read.
 */
export function gateWord(text: string): string | null {
  let best: string | null = null;
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && isGateChar(text.charCodeAt(j))) j++;
    if (j - i > (best?.length ?? 0)) best = text.slice(i, j);
    i = j + 1;
  }
  return best;
}

const isGateChar = (c: number): boolean => c >= 33 && c <= 126 && !(c >= 65 && c <= 90);

/**
 * text.slice(from, to).trim() with one string made, not two: a value nearly always follows
 * its colon after a space, and a continuation line always starts with one, so slice-then-trim
 * copied each of them twice. Spaces and tabs are stepped over here; any other character trim()
 * may drop (code <= 32, or >= 0xA0: NBSP, U+2028, BOM, ...) is left to trim() itself.
 */
function trimmedSlice(text: string, from: number, to: number): string {
  let c: number;
  while (from < to && ((c = text.charCodeAt(from)) === 0x20 || c === 0x09)) from++;
  while (to > from && ((c = text.charCodeAt(to - 1)) === 0x20 || c === 0x09)) to--;
  const piece = text.slice(from, to);
  if (from === to) return piece;
  const first = text.charCodeAt(from);
  const last = text.charCodeAt(to - 1);
  return first <= 32 || first >= 0xa0 || last <= 32 || last >= 0xa0 ? piece.trim() : piece;
}

// The longest list whose names are looked for along its fields (HeaderList).
const LINEAR_MAX = 64;

export class HeaderList {
  // A name is looked for along the fields, among those whose key is as long: a message's block
  // and a returned original's have 14 and 25 fields on average (the Sisimai half), and a Map of
  // them was built for every list, a set per field (a fresh key hashed, the table grown), where
  // ~22 names are asked of the first and ~9 of the second, most of them X- fields it does not
  // carry. The lengths of the keys are kept as bits (a length's low five bits), so that a name
  // of a length no key has is answered at once. In-process over the corpus' top-level blocks,
  // with the names the format modules ask: ~0.96 -> ~0.67 us a block with its look-ups (best
  // of 54); the library over the half (analyzeMessage, the fastest of 20 rounds a message,
  // this change alone against the build before it, taking turns): 1.1-1.9 us a message less.
  // A longer list (a hostile block of thousands of fields) keeps the Map of each name's first field.
  private readonly first: Map<string, HeaderField> | null = null;
  private readonly lengths: number = 0;

  constructor(readonly fields: HeaderField[]) {
    if (fields.length > LINEAR_MAX) {
      // set from the last field back, so that the first of a name is the one kept: one Map
      // operation a field, not a look-up and then a set
      const first = new Map<string, HeaderField>();
      for (let i = fields.length - 1; i >= 0; i--) first.set(fields[i].key, fields[i]);
      this.first = first;
    } else {
      let lengths = 0;
      for (let i = 0; i < fields.length; i++) lengths |= 1 << (fields[i].key.length & 31);
      this.lengths = lengths;
    }
  }

  /** the first field whose key is `key` (lower case) */
  private find(key: string): HeaderField | undefined {
    if (this.first !== null) return this.first.get(key);
    const length = key.length;
    if ((this.lengths & (1 << (length & 31))) === 0) return undefined;
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const k = fields[i].key;
      if (k.length === length && k === key) return fields[i];
    }
    return undefined;
  }

  static parse(text: string): HeaderList {
    return new HeaderList(parseHeaderBlock(text));
  }

  has(key: string): boolean {
    return this.find(key.toLowerCase()) !== undefined;
  }

  /** the first field of the name (lower case), or undefined */
  firstField(key: string): HeaderField | undefined {
    return this.find(key);
  }

  /** first raw (unfolded) value, or null */
  get(key: string): string | null {
    const f = this.find(key.toLowerCase());
    return f ? f.value : null;
  }

  /** every value of the field, in order */
  getAll(key: string): string[] {
    const k = key.toLowerCase();
    if (this.find(k) === undefined) return [];
    const out: string[] = [];
    for (const f of this.fields) if (f.key === k) out.push(f.value);
    return out;
  }

  /** first value with RFC 2047 encoded-words decoded */
  decoded(key: string): string | null {
    const v = this.get(key);
    return v === null ? null : decodeWords(v);
  }
}

// libmime's charset decode asks iconv-lite for the codec of every charset first, and for
// ISO-2022-JP (which iconv-lite lacks) that throws and is caught on every word before
// encoding-japanese reads it: ~39 us a call of decodeWords with such a word, ~5 for a UTF-8
// one (the Sisimai half: 10 of the 53 calls, most of decodeWords' time). Its decodeWords is
// run with its own decodeWord, but for that one charset: the word's bytes, as decodeWord makes
// them from B or Q (asked for in iconv-lite's "binary", one character a byte: libmime reads
// ISO-8859-1 as windows-1252), read by decodeIso2022Jp, libmime's ISO-2022-JP decode without
// the throw (charset.ts).
const ISO_2022_JP = libmimeCharset.normalizeCharset('iso-2022-jp');
const wordDecoder: typeof libmime = Object.create(libmime, {
  decodeWord: {
    value(charset: string, encoding: string, text: string): string {
      // any other charset straight to libmime: a name without "2022" is never ISO-2022-JP to
      // normalizeCharset (no alias of libmime's names it), and it is not asked
      if (!charset.includes('2022')) return decodeCommonWord(charset, encoding, text) ?? libmime.decodeWord(charset, encoding, text);
      // RFC 2231 §5: a language after '*' is no part of the charset name
      const star = charset.indexOf('*');
      if (libmimeCharset.normalizeCharset(star >= 0 ? charset.slice(0, star) : charset) !== ISO_2022_JP) return libmime.decodeWord(charset, encoding, text);
      // the word's bytes as decodeWord makes them, read where its text is plain (wordBytes):
      // libmime's own way asks normalizeCharset twice and iconv-lite to read the bytes as
      // 'binary' into a string, which is then written back into a Buffer (the corpus' Japanese
      // Subjects: libmime's decodeWord ~1.2 % of an in-process profile of the Sisimai half)
      return decodeIso2022Jp(wordBytes(encoding, text) ?? Buffer.from(libmime.decodeWord('binary', encoding, text), 'latin1'));
    },
  },
});

// Charset names (lower case) libmime reads as UTF-8 (its charset.ts: UTF8_COMPATIBLE after
// normalizeCharset), and single-byte ones whose bytes 0x00-0x7F are ASCII (US-ASCII, which
// normalizeCharset makes windows-1252, ISO 8859 and the Windows code pages: iconv-lite's
// tables), the charsets of the corpus' words but ISO-2022-JP.
const UTF8_WORD_CHARSETS = new Set(['utf-8', 'utf8']);
const ASCII_WORD_CHARSETS = new Set(['us-ascii', 'ascii', 'iso-8859-1', 'iso-8859-2', 'iso-8859-15', 'windows-1252', 'windows-1250']);
// base64 of one segment, as Buffer.from reads it: libbase64 splits its text at a '=' followed
// by more base64 only (its libbase64.js decode)
const PLAIN_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * One word's text decoded as libmime's decodeWord decodes it, for a UTF-8 (or ASCII) word, or a
 * word of an ASCII-compatible single-byte charset whose bytes are ASCII; else null, and libmime
 * reads it. libmime makes a string of a Q word's text, a Buffer of that, an array of its bytes,
 * a Buffer of that, then asks normalizeCharset twice and iconv-lite; here the bytes are
 * wordBytes' and decoded by Buffer. test/unit/mime-fast-paths.test.ts compares it with libmime.
 */
export function decodeCommonWord(charset: string, encoding: string, text: string): string | null {
  const name = charset.toLowerCase();
  const utf8 = UTF8_WORD_CHARSETS.has(name);
  if (!utf8 && !ASCII_WORD_CHARSETS.has(name)) return null;
  const bytes = wordBytes(encoding, text);
  if (bytes === null) return null;
  if (utf8) return bytes.toString('utf8');
  return isAscii(bytes) ? bytes.toString('latin1') : null;
}

/**
 * A word's bytes as libmime's decodeWord makes them from its B or Q text before the charset
 * decode, where that text is plain: a B text of one segment (Buffer.from reads it as libbase64
 * does), a Q text of printable ASCII (no white space, which libmime's regexes rewrite); else
 * null. test/unit/mime-fast-paths.test.ts compares it with decodeWord's bytes (read as 'binary').
 */
export function wordBytes(encoding: string, text: string): Buffer | null {
  if (encoding === 'B' || encoding === 'b') return PLAIN_BASE64.test(text) ? Buffer.from(text, 'base64') : null;
  if (encoding !== 'Q' && encoding !== 'q') return null;
  const bytes = Buffer.allocUnsafe(text.length);
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return null;
    if (c === 0x3d && i + 2 < text.length) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[k++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    bytes[k++] = c === 0x5f ? 0x20 : c;
  }
  return bytes.subarray(0, k);
}

/** RFC 2047 encoded-words → text, as libmime.decodeWords gives it; never throws. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return decodeWellFormedWords(value) ?? wordDecoder.decodeWords(value);
  } catch {
    return value;
  }
}

/**
 * The words of `value` decoded as libmime.decodeWords decodes them, where every "=?" in it opens
 * a well-formed word (=?charset?B|Q?text?=, RFC 2047 §2, the charset of letters, digits, '_'
 * and '-'); else null, and libmime reads it. libmime makes five regex passes over the value
 * (join adjacent B words, then Q words, of one charset; drop the join marks; drop white space
 * between words; decode each word), ~1-2 us of a 2-4 us call on the corpus' Subjects; this is
 * one scan to the same groups, each decoded by the same decodeWord. Words apart by white space
 * only (JavaScript's \s, as libmime's regexes read it) form a run whose white space is dropped;
 * in a run, neighbours of one encoding and one charset (normalizeCharset) are one group, their
 * texts joined under the first word's charset. test/unit/mime-fast-paths.test.ts compares it
 * with libmime on every header field of the fixtures and corpus and on seeded values.
 */
export function decodeWellFormedWords(value: string): string | null {
  // libmime's join mark is "__\0JOIN\0__": a value holding NUL could meet it
  if (value.includes('\0')) return null;
  let out = '';
  // text from `pos` on is not yet in `out`; `runEnd` is where the last word ended
  let pos = 0;
  let runEnd = -1;
  // the group being read: its first word's charset and encoding, the joined texts
  let charset = '';
  let encoding = '';
  let text = '';
  let norm: string | null = null;
  for (let at = value.indexOf('=?'); at !== -1; ) {
    // =?charset?
    let i = at + 2;
    while (i < value.length && isCharsetChar(value.charCodeAt(i))) i++;
    // a one-letter charset: after a text ending in '=' (B's padding), libmime's regexes could
    // read "=?= =?b?" as a word of charset "= =" (no charset name is one letter)
    if (i < at + 4 || value.charCodeAt(i) !== 0x3f) return null;
    // B or Q, then ?
    const e = value.charCodeAt(i + 1);
    if ((e !== 0x42 && e !== 0x62 && e !== 0x51 && e !== 0x71) || value.charCodeAt(i + 2) !== 0x3f) return null;
    // the text up to ?=
    const close = value.indexOf('?', i + 3);
    if (close === -1 || value.charCodeAt(close + 1) !== 0x3d) return null;
    const wordCharset = value.slice(at + 2, i);
    const wordEncoding = value[i + 1].toUpperCase();
    const wordText = value.slice(i + 3, close);
    const end = close + 2;
    if (runEnd !== -1 && allSpace(value, runEnd, at)) {
      // in the run: joined to the group when it is of the same encoding and charset
      if (wordEncoding === encoding && (wordCharset === charset || wordNorm(wordCharset) === (norm ??= wordNorm(charset)))) text += wordText;
      else {
        out += wordDecoder.decodeWord(charset, encoding, text);
        charset = wordCharset;
        encoding = wordEncoding;
        text = wordText;
        norm = null;
      }
    } else {
      if (runEnd !== -1) out += wordDecoder.decodeWord(charset, encoding, text);
      out += value.slice(pos, at);
      charset = wordCharset;
      encoding = wordEncoding;
      text = wordText;
      norm = null;
    }
    pos = runEnd = end;
    at = value.indexOf('=?', end - 1);
    // "?=?": the closing '=' opens what libmime's regexes may read as a word
    if (at === end - 1) return null;
    // a text ending in '=' makes "=?" with the closing '?': libmime's regexes read on from there
    // to the next '?', a word's opening one but where text holds a '?' of its own
    if (wordText.endsWith('=')) {
      const q = value.indexOf('?', end);
      if (q !== -1 && q !== at + 1) return null;
    }
  }
  if (runEnd !== -1) out += wordDecoder.decodeWord(charset, encoding, text);
  return out + value.slice(pos);
}

function wordNorm(charset: string): string {
  return libmimeCharset.normalizeCharset(charset);
}

/** a charset character decodeWellFormedWords accepts: [A-Za-z0-9_-] (libmime's \w and '-', without RFC 2231's '*') */
function isCharsetChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/** every character of value[from, to) is white space as a JavaScript regex's \s reads it */
function allSpace(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isRegexSpace(value.charCodeAt(i))) return false;
  return true;
}

/** ECMA-262 WhiteSpace and LineTerminator: the characters \s matches */
export function isRegexSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `type/subtype; a=b` → { value, params } with lower-cased value; never throws. */
export function parseStructured(value: string | null): { value: string; params: Record<string, string> } {
  if (!value) return { value: '', params: {} };
  try {
    return structuredOf(parseHeaderValue(value));
  } catch {
    return { value: value.split(';')[0].trim().toLowerCase(), params: {} };
  }
}

/**
 * parseStructured's answer from parseHeaderValue's split of the value: for a caller that has
 * that split already (PartHead's of the top-level Content-Type, parse.ts).
 */
export function structuredOf(parsed: StructuredValue): { value: string; params: Record<string, string> } {
  // libmime names its parameters in lower case already, with string values: its object is
  // the answer, but where a '__proto__' parameter is its own key, which a copy drops
  let params = parsed.params;
  if (Object.hasOwn(params, '__proto__')) {
    params = {};
    for (const [k, v] of Object.entries(parsed.params)) params[k.toLowerCase()] = String(v);
  }
  return { value: String(parsed.value ?? '').trim().toLowerCase(), params };
}
