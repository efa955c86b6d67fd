// RFC 5322 header blocks: split into fields, unfold, look up case-insensitively.
import { parseHeaderValue, type StructuredValue } from './header-value.js';
import { decodeIso2022Jp } from './charset.js';
import { libmime, libmimeCharset } from './libs.js';

export interface HeaderField {
  /** field name as written */
  name: string;
  /** lower-cased name */
  key: string;
  /** unfolded value, not RFC 2047-decoded; folding whitespace collapsed to one space */
  value: string;
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
  // a slice and a regex per line were a steady share of parse time
  const fields: HeaderField[] = [];
  let regular = true;
  let empty = false;
  // the field being read (pushed when it starts); its value grows by its continuation lines
  let current: HeaderField | null = null;
  const len = text.length;
  for (let start = 0; start < len; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    let lineEnd = end;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const lineStart = start;
    start = end + 1;
    if (lineEnd === lineStart) {
      // an empty line (or a lone CR): skipped, the field before it kept open; irregular when
      // a line follows it (the empty line that ends a header block is part of the block)
      empty = true;
      continue;
    }
    if (empty) regular = false;
    const first = text.charCodeAt(lineStart);
    if (first === 0x20 || first === 0x09) {
      // a continuation line: folding whitespace becomes one space
      if (current) {
        const piece = trimmedSlice(text, lineStart, lineEnd);
        if (piece) current.value += ` ${piece}`;
      } else regular = false;
      continue;
    }
    // the field name: printable ASCII without ':' (33-126 but 58); "Name :" is tolerated
    let i = lineStart;
    for (let c = first; i < lineEnd && c >= 33 && c <= 126 && c !== 58; c = text.charCodeAt(++i));
    let colon = i;
    while (colon < lineEnd && (text.charCodeAt(colon) === 0x20 || text.charCodeAt(colon) === 0x09)) colon++;
    current = null;
    // neither a field nor a continuation (an mbox "From " line, garbage): skipped
    if (i === lineStart || colon >= lineEnd || text.charCodeAt(colon) !== 58) {
      regular = false;
      continue;
    }
    const name = text.slice(lineStart, i);
    current = { name, key: name.toLowerCase(), value: trimmedSlice(text, colon + 1, lineEnd) };
    fields.push(current);
  }
  return { fields, regular };
}

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

export class HeaderList {
  // each name's first field only: a list per name was an array made for every field of every
  // block, where nearly all names occur once and getAll (the rest) is asked of a few
  private readonly first = new Map<string, HeaderField>();

  constructor(readonly fields: HeaderField[]) {
    // set from the last field back, so that the first of a name is the one kept: one Map
    // operation a field, not a look-up and then a set
    for (let i = fields.length - 1; i >= 0; i--) this.first.set(fields[i].key, fields[i]);
  }

  static parse(text: string): HeaderList {
    return new HeaderList(parseHeaderBlock(text));
  }

  has(key: string): boolean {
    return this.first.has(key.toLowerCase());
  }

  /** the first field of the name (lower case), or undefined */
  firstField(key: string): HeaderField | undefined {
    return this.first.get(key);
  }

  /** first raw (unfolded) value, or null */
  get(key: string): string | null {
    const f = this.first.get(key.toLowerCase());
    return f ? f.value : null;
  }

  /** every value of the field, in order */
  getAll(key: string): string[] {
    const k = key.toLowerCase();
    if (!this.first.has(k)) return [];
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
      if (!charset.includes('2022')) return libmime.decodeWord(charset, encoding, text);
      // RFC 2231 §5: a language after '*' is no part of the charset name
      const star = charset.indexOf('*');
      if (libmimeCharset.normalizeCharset(star >= 0 ? charset.slice(0, star) : charset) !== ISO_2022_JP) return libmime.decodeWord(charset, encoding, text);
      return decodeIso2022Jp(Buffer.from(libmime.decodeWord('binary', encoding, text), 'latin1'));
    },
  },
});

/** RFC 2047 encoded-words → text, as libmime.decodeWords gives it; never throws. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return wordDecoder.decodeWords(value);
  } catch {
    return value;
  }
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
