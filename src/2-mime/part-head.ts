// A MIME part's header block, read for the fields the MIME layer uses (Content-Type with its
// boundary, charset and name, Content-Transfer-Encoding, Content-Disposition with its filename)
// to the same values mailsplit's MimeNode gives (@zone-eu/mailsplit 5.4.x lib/mime-node.js
// parseHeaders, over lib/headers.js). MimeNode parses every field of the block into a line
// list, lower-cases every name, builds two libmime instances and a part number, and looks each
// wanted field up in the list again; this walks the block's bytes once and reads only the three
// fields. What it shares with MimeNode is libmime itself: the values go through libmime's
// parseHeaderValue (stripComments; header-value.ts where the value is plain), decodeWords and
// detectMimeType, so RFC 2231 continuations, RFC 2047 words, quotes, comments and duplicate
// parameters come out as mailsplit's. test/unit/part-head.test.ts compares the two on every part of the fixtures, the
// shared corpus and hand-made corners.
//
// The top-level block is also the message's HeaderList: read here once (readRoot), where
// parse.ts decoded and parsed it again, and where every line of it is a field or a
// continuation the three fields are found through the list, not by a walk of the block.
// Measured in-process on the shared corpus' Sisimai half (333 messages, each block read
// with PartHead and then as a HeaderList, old and new build taking turns, best of 70
// passes, a 2-core machine shared with other work: noisy): 5.0-5.3 µs a message before,
// 4.5-4.7 after; 305 of the 333 blocks take the located path (an mbox From_ line sends the
// rest to the walk).
import { isAscii } from 'node:buffer';
import path from 'node:path';
import { ownString } from '../0-core/text.js';
import { parseHeaderValue, type StructuredValue } from './header-value.js';
import { HeaderList, readHeaderBlock } from './headers.js';
import { libmime } from './libs.js';
import type { SplitNode } from './parse.js';

// mime-node.js HEADER_LINE_MIN_COST: the least a header line counts for against maxHeadSize
export const LINE_COST_FLOOR = 64;

// the wanted field names, lower case
const CONTENT_TYPE = 'content-type';
const CONTENT_DISPOSITION = 'content-disposition';
const CONTENT_TRANSFER_ENCODING = 'content-transfer-encoding';
// in the order of their slots in `bounds`
const WANTED = [CONTENT_TYPE, CONTENT_DISPOSITION, CONTENT_TRANSFER_ENCODING];

// libmime decodeHeader: a line break and the indentation after it stand for one space
const FOLD = /(?:\r?\n|\r)[ \t]*/g;
// libmime decodeHeader matches /^\s*([^:]+):(.*)$/ on the trimmed field: the name up to the
// first colon, and the rest, which `.` reads only without a line terminator (a U+2028/2029
// left in it fails the match, and the value is empty). Done here with indexOf and this test:
// the regex itself backtracks polynomially on white space (the regex audit's finding).
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
// a character outside ASCII (a boundary with one counts as none, as in mime-node.js: its UTF-8
// bytes are not its characters)
const NON_ASCII = /[^\x00-\x7f]/;

type Structured = StructuredValue;

const EMPTY: Structured = { value: '', params: {}, decodedParams: [] };

/** libmime.parseHeaderValue with comments stripped, as mime-node.js calls it; '' needs no parse. */
function structured(value: string): Structured {
  return value === '' ? EMPTY : parseHeaderValue(value, true);
}

/** libmime.decodeWords where it can change the text: an encoded word, or its joiner's NUL marker. */
function decodeWordsIfAny(text: string): string {
  if (!text.includes('=?') && !text.includes('\x00')) return text;
  try {
    return libmime.decodeWords(text);
  } catch {
    // an unknown charset: kept as is, as mime-node.js keeps it
    return text;
  }
}

/**
 * Content-Transfer-Encoding's comments: on each line, from the first '(' to the last ')'
 * after it (mime-node.js stripComments; the token is not read by parseHeaderValue, which
 * would unquote a quoted one).
 */
function dropComments(value: string): string {
  if (!value.includes('(')) return value;
  let out = '';
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : -1;
    if (c !== -1 && c !== 0x0a && c !== 0x0d && c !== 0x2028 && c !== 0x2029) continue;
    const line = value.slice(start, i);
    const open = line.indexOf('(');
    const close = line.lastIndexOf(')');
    out += open >= 0 && close > open ? line.slice(0, open) + line.slice(close + 1) : line;
    if (c !== -1) out += value[i];
    start = i + 1;
  }
  return out;
}

// JavaScript's trim() over a latin1 string: TAB, LF, VT, FF, CR, SP and NBSP
const isTrimmed = (c: number): boolean => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;

/** Does text[start, end) (bytes read as latin1), trimmed, spell `name` (lower case ASCII) in any case? */
function namedAs(text: string, start: number, end: number, name: string): boolean {
  while (start < end && isTrimmed(text.charCodeAt(start))) start++;
  while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    // ASCII letters fold by 0x20; no other latin1 byte lower-cases to an ASCII letter
    let c = text.charCodeAt(start + i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== name.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * A field's value as headers.js getFirst gives it: the bytes as UTF-8 where they are valid
 * UTF-8 (else as latin1), line breaks and their indentation as one space, after the colon,
 * trimmed.
 */
function fieldValue(bytes: Buffer, latin1: string, ascii: boolean, start: number, colon: number, end: number): string {
  // the line end before the next field is folding white space the trim drops: left out,
  // a field on one line needs no unfolding
  if (end > start && bytes[end - 1] === 0x0a) end--;
  if (end > start && bytes[end - 1] === 0x0d) end--;
  if (ascii) {
    // ASCII reads the same as UTF-8 and as latin1, and has no U+2028/2029 to fail the match:
    // the value is what follows the name's colon (a fold holds no colon, so unfolding the
    // value alone is unfolding the field), trimmed
    let value = latin1.slice(colon + 1, end);
    if (value.includes('\n') || value.includes('\r')) value = value.replace(FOLD, ' ');
    return value.trim();
  }
  let text = bytes.toString('utf8', start, end);
  if (text.includes('\uFFFD')) text = bytes.toString('latin1', start, end);
  if (text.includes('\n') || text.includes('\r')) text = text.replace(FOLD, ' ');
  const field = text.trim();
  const at = field.indexOf(':');
  if (at <= 0) return '';
  const value = field.slice(at + 1);
  return LINE_TERMINATOR.test(value) ? '' : value.trim();
}

/** A part header block's readings: a function of its bytes alone (for a part that is not the top level), and it has no boundary. */
interface Readings {
  readonly contentType: string | false;
  readonly charset: string | false;
  readonly encoding: string | false;
  readonly disposition: string | false;
  readonly filename: string | false;
  readonly multipart: string | false;
}

// The readings of part header blocks met before, by their bytes read as latin1. A generator
// writes the same few part headers into every bounce ("Content-Type: message/delivery-status",
// "Content-Description: Undelivered Message"): 71-73 % of the part blocks in the shared
// corpus' folders repeat an earlier one, and a repeat costs a Map look-up (the key a slice of
// the message's text) instead of a parse (0.8-2 us a block). Only blocks below the top level
// and of at most KNOWN_BLOCK_MAX bytes (a boundary makes a multipart's block unique, and a long
// block is rarely met twice); cleared when full, so it stays small. The same build with and
// without it, in-process, taking turns (the Sisimai half, where every block repeats after the
// first pass): scanParts 9.6-10.0 -> 8.1-8.6 us a message, parseMimeSync 19.1 -> 16.8 (best).
const KNOWN_BLOCKS = new Map<string, Readings>();
/**
 * `max`: the longest message (bytes, read as latin1) that is read as one string and whose
 * header values are slices of it (README, Limits, memory). A setting, not a constant, so that
 * a test reads every message both ways and compares (test/unit/text-retention.test.ts).
 */
export const SLICED_TEXT = { max: 1024 * 1024 };
const KNOWN_BLOCKS_MAX = 512;
const KNOWN_BLOCK_MAX = 512;

export class PartHead implements SplitNode {
  readonly type = 'node' as const;
  readonly root: boolean;
  /** the enclosing multipart whose delimiter ends this part (mime-node.js _parentBoundaryOwner) */
  readonly _parentBoundaryOwner: PartHead | false;
  /** the boundary of this part's own parts; false when it is none or not ASCII */
  _boundary: string | false = false;
  /**
   * The scanner met this node's close-delimiter line (scan.ts): the message holds
   * `--boundary--`, which parse.ts then need not search for.
   */
  closeSeen = false;
  /** header bytes added so far */
  _headerlen = 0;
  parsed = false;
  multipart: string | false = false;
  contentType: string | false = false;
  charset: string | false = false;
  /** '' when the field is absent, as mime-node.js leaves it */
  encoding: string | false = false;
  disposition: string | false = false;
  filename: string | false = false;
  private cost = 0;
  // the lines added: [from, to) of `source` while they lie end to end in it, else `lines`
  private source: Buffer | null = null;
  // `source` read as latin1, when the caller has it (the scanner does)
  private sourceText: string | null = null;
  private from = 0;
  private to = 0;
  private lines: Buffer[] | null = null;
  private block: Buffer | null = null;
  /** the top-level block as the message's HeaderList, and its text, where parseHeaders read it so (readRoot) */
  rootHeaders: HeaderList | null = null;
  rootHeaderText: string | null = null;
  /** where rootHeaders is read: the Content-Type value this node split, and the split (parseHeaderValue with comments stripped) */
  rootType: { header: string; split: StructuredValue } | null = null;

  constructor(public parentNode: PartHead | false) {
    this.root = !parentNode;
    this._parentBoundaryOwner = parentNode || false;
  }

  /** Adds a header line; true when it is the empty line that ends the block. */
  addHeaderChunk(line: Buffer): boolean {
    return this.addHeaderLine(line, 0, line.length);
  }

  /**
   * addHeaderChunk(source.subarray(start, end)) without the view: the scanner's lines lie end
   * to end in the message, and the block is one view on it. `sourceText`, the source read as
   * latin1, spares parseHeaders reading the block again.
   */
  addHeaderLine(source: Buffer, start: number, end: number, sourceText?: string): boolean {
    if (this.source === source && start === this.to) this.to = end;
    else if (this.source === null && this.lines === null) {
      this.source = source;
      // a big message's text is not sliced: each value cut from it (the subject, a part's
      // content type) would keep the whole of it alive as long as the message and its result
      // (README, Limits, memory); the block is read as a string of its own instead
      this.sourceText = sourceText !== undefined && sourceText.length <= SLICED_TEXT.max ? sourceText : null;
      this.from = start;
      this.to = end;
    } else {
      this.lines ??= this.source ? [this.source.subarray(this.from, this.to)] : [];
      this.source = null;
      this.sourceText = null;
      this.lines.push(source.subarray(start, end));
    }
    const length = end - start;
    this._headerlen += length;
    const ends = (length === 1 && source[start] === 0x0a) || (length === 2 && source[start] === 0x0d && source[start + 1] === 0x0a);
    this.cost += ends ? length : Math.max(length, LINE_COST_FLOOR);
    return ends;
  }

  /** What the lines count for against maxHeadSize, with `extra` bytes of a line not added yet. */
  headerCost(extra?: number): number {
    return this.cost + (extra ? Math.max(extra, LINE_COST_FLOOR) : 0);
  }

  /** The header block's bytes as they were added. */
  getHeaders(): Buffer {
    if (!this.parsed) this.parseHeaders();
    return this.block as Buffer;
  }

  parseHeaders(): void {
    if (this.parsed) return;
    this.parsed = true;
    const source = this.source;
    const sourceText = this.sourceText;
    const block = source ? source.subarray(this.from, this.to) : this.lines ? Buffer.concat(this.lines, this._headerlen) : Buffer.alloc(0);
    this.block = block;
    // the block lives on in the view or the copy
    this.source = null;
    this.sourceText = null;
    this.lines = null;

    // the first field of each wanted name: [start, end) of its bytes, name included; a field
    // is sliced up to the next one, and the line ends it keeps read as folding white space,
    // which the value's trim drops
    const bounds = [-1, -1, -1, -1, -1, -1, -1, -1, -1];
    // headers.js splits the block, less its trailing CR and LF bytes, at LF (a CR before it
    // going with it); a line opening with SP or HTAB continues the field before it, and a
    // field's name is what comes before the first colon of the field, continuation lines
    // included
    //
    // The block is read as latin1 text, one character a byte, at the same offsets as `bytes`:
    // a string's indexOf is a V8 builtin, a Buffer's a call into C++ per line.
    let bytes = block;
    let text: string;
    let lo = 0;
    if (source && sourceText !== null) {
      bytes = source;
      text = sourceText;
      lo = this.from;
    } else text = block.toString('latin1');
    // a part's block read before (the same bytes): its readings again
    const key = !this.root && block.length <= KNOWN_BLOCK_MAX ? text.slice(lo, lo + block.length) : null;
    const known = key === null ? undefined : KNOWN_BLOCKS.get(key);
    if (known !== undefined) {
      this.take(known);
      return;
    }
    let end = lo + block.length;
    while (end > lo && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
    // an ASCII block (most are) has its values sliced from the latin1 text, not decoded again
    const ascii = isAscii(block);
    if (!(this.root && sourceText !== null && ascii && this.readRoot(text, lo, end, block, bounds))) walk(text, lo, end, bounds);
    this.readFields(bytes, text, ascii, bounds);
    // a block with a boundary is kept out: its boundary makes it one of a kind, and its
    // Buffer (a slice of Node's shared pool) would keep an 8 KB slab alive
    if (key !== null && this._boundary === false) {
      if (KNOWN_BLOCKS.size >= KNOWN_BLOCKS_MAX) KNOWN_BLOCKS.clear();
      // the key and the values as strings of their own: a slice of the message's text would
      // keep that whole text alive as long as the entry
      KNOWN_BLOCKS.set(text === sourceText ? block.toString('latin1') : key, this.readings());
    }
  }

  /** What parseHeaders read from the block (for KNOWN_BLOCKS). */
  private readings(): Readings {
    const own = (v: string | false) => (v === false ? v : ownString(v));
    const { contentType, charset, encoding, disposition, filename, multipart } = this;
    return { contentType: own(contentType), charset: own(charset), encoding: own(encoding), disposition: own(disposition), filename: own(filename), multipart: own(multipart) };
  }

  private take(r: Readings): void {
    this.contentType = r.contentType;
    this.charset = r.charset;
    this.encoding = r.encoding;
    this.disposition = r.disposition;
    this.filename = r.filename;
    this.multipart = r.multipart;
    // only blocks without a boundary are kept
    this._boundary = false;
  }

  /**
   * The top-level block read once: as the HeaderList the message keeps (rootHeaders, from the
   * block read as latin1, which for ASCII without ESC is decodeUnlabelled's reading; a copy,
   * not a slice of the message's text, which the list's reading walks faster), and, when every
   * line of it is a field or a continuation (readHeaderBlock's `regular`), the wanted fields
   * found through that list instead of walking the block again: in such a block the walk's
   * fields are the list's, name for name. False when the walk must run.
   */
  private readRoot(text: string, lo: number, end: number, block: Buffer, bounds: number[]): boolean {
    const headerText = block.toString('latin1');
    // ISO-2022-JP in an ASCII block is decoded by decodeUnlabelled (parse.ts reads such a block)
    if (headerText.includes('\x1b')) return false;
    const read = readHeaderBlock(headerText);
    this.rootHeaders = new HeaderList(read.fields);
    this.rootHeaderText = headerText;
    if (!read.regular) return false;
    for (let slot = 0; slot < WANTED.length; slot++) {
      const field = this.rootHeaders.firstField(WANTED[slot]);
      if (field !== undefined && !locate(text, lo, end, field.name, bounds, slot * 3)) return false;
    }
    return true;
  }

  /** The node's fields from the wanted fields' bounds (the walk's or readRoot's). */
  private readFields(bytes: Buffer, text: string, ascii: boolean, bounds: number[]): void {
    // read by index, not by array destructuring (an iterator stepped nine times), as rowFromGroup
    // (rfc3464.ts) reads its fields: compiler zone memory of readFields over /tmp/bm10 4.8 -> 3.6 MB
    const ct = bounds[0];
    const ctEnd = bounds[1];
    const ctColon = bounds[2];
    const cd = bounds[3];
    const cdEnd = bounds[4];
    const cdColon = bounds[5];
    const cte = bounds[6];
    const cteEnd = bounds[7];
    const cteColon = bounds[8];

    const dispositionField = cd < 0 ? '' : fieldValue(bytes, text, ascii, cd, cdColon, cdEnd);
    const disposition = structured(dispositionField);
    let contentHeader = '';
    if (ct >= 0) contentHeader = fieldValue(bytes, text, ascii, ct, ctColon, ctEnd);
    else {
      // no Content-Type: the filename's extension names the type, else the disposition does
      if (disposition.params.filename) {
        const extension = path.parse(disposition.params.filename).ext.replace(/^\./, '');
        if (extension) contentHeader = libmime.detectMimeType(extension);
      }
      if (!contentHeader) contentHeader = /^attachment$/i.test(disposition.value) ? 'application/octet-stream' : 'text/plain';
    }
    const type = structured(contentHeader);
    // the top-level Content-Type's split, for the message's own reading of it (parse.ts)
    if (this.rootHeaders !== null && ct >= 0) this.rootType = { header: contentHeader, split: type };

    this.encoding = dropComments(cte < 0 ? '' : fieldValue(bytes, text, ascii, cte, cteColon, cteEnd))
      .toLowerCase()
      .trim();
    this.contentType = (type.value || '').toLowerCase().trim() || false;
    this.charset = type.params.charset || false;
    const dispositionValue = (disposition.value || '').toLowerCase().trim();
    this.disposition = dispositionValue ? decodeWordsIfAny(dispositionValue) : false;

    let filename = disposition.params.filename || type.params.name || false;
    if (filename) {
      // an RFC 2231 value was decoded by parseHeaderValue already, and is not decoded twice
      const decoded = disposition.params.filename ? (disposition.decodedParams ?? []).includes('filename') : (type.decodedParams ?? []).includes('name');
      if (!decoded) filename = decodeWordsIfAny(filename);
    }
    this.filename = filename;

    const contentType = this.contentType;
    const slash = contentType ? contentType.indexOf('/') : -1;
    this.multipart = (contentType && slash > 0 && contentType.slice(0, slash) === 'multipart' && contentType.slice(slash + 1)) || false;
    // RFC 2046 §5.1.1: a boundary is ASCII and does not end in white space; one that is not
    // ASCII counts as none (mime-node.js)
    const boundary = (type.params.boundary || '').trimEnd();
    // kept as the string (mime-node.js makes a Buffer of it, and measures its UTF-8 length):
    // the scanner compares it with the message read as latin1, where an ASCII string's
    // characters are its bytes. The library over the Sisimai half, this change alone against
    // the build before it, per-message fastest of 20 rounds, five runs taking turns: 0.8-1.7 us
    // a message less (an A/A run of one build against itself: -1.6 to +0.1)
    this._boundary = boundary && !NON_ASCII.test(boundary) ? boundary : false;
  }
}

/**
 * headers.js's fields of text[lo, end): each wanted one's first field noted in `bounds`. A line
 * opening with SP or HTAB continues the field before it, and a field's name is what comes
 * before its first colon, continuation lines included.
 */
function walk(text: string, lo: number, end: number, bounds: number[]): void {
  let fieldStart = lo;
  let colon = -1;
  // the first colon at or after the line being read, found once for all lines before it
  // (a search per line would run to the block's end from each colon-less line)
  let nextColon = -2;
  for (let pos = lo; pos < end; ) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1 || nl >= end) nl = end;
    if (pos > lo && text.charCodeAt(pos) !== 0x20 && text.charCodeAt(pos) !== 0x09) {
      if (colon >= 0) wanted(text, fieldStart, colon, pos, bounds);
      fieldStart = pos;
      colon = -1;
    }
    if (colon < 0 && nextColon !== -1) {
      if (nextColon < pos) nextColon = text.indexOf(':', pos);
      if (nextColon !== -1 && nextColon < nl) colon = nextColon;
    }
    pos = nl + 1;
  }
  if (colon >= 0) wanted(text, fieldStart, colon, end, bounds);
}

/**
 * The field named `name` (as written) that comes first in text[lo, end), noted in `bounds` at
 * `slot` as walk notes it: [start, end, colon]. Only for a block whose every line is a field
 * or a continuation: there a line that opens with the name, then SP/HTAB and a colon, is the
 * first field of that name, and it runs to the next line that opens with neither SP nor HTAB.
 */
function locate(text: string, lo: number, end: number, name: string, bounds: number[], slot: number): boolean {
  for (let at = text.indexOf(name, lo); at !== -1 && at < end; at = text.indexOf(name, at + 1)) {
    if (at !== lo && text.charCodeAt(at - 1) !== 0x0a) continue;
    let colon = at + name.length;
    while (colon < end && (text.charCodeAt(colon) === 0x20 || text.charCodeAt(colon) === 0x09)) colon++;
    if (colon >= end || text.charCodeAt(colon) !== 0x3a) continue;
    let fieldEnd = end;
    for (let pos = colon; ; ) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1 || nl + 1 >= end) break;
      const c = text.charCodeAt(nl + 1);
      if (c !== 0x20 && c !== 0x09) {
        fieldEnd = nl + 1;
        break;
      }
      pos = nl + 1;
    }
    bounds[slot] = at;
    bounds[slot + 1] = fieldEnd;
    bounds[slot + 2] = colon;
    return true;
  }
  return false;
}

/** Notes field [start, end) and its colon in `bounds` when it is the first of a wanted name (name before `colon`). */
function wanted(text: string, start: number, colon: number, end: number, bounds: number[]): void {
  // a name is at least as long as the one it may be, white space around it aside
  const len = colon - start;
  let slot = -1;
  if (len < CONTENT_TYPE.length) return;
  if (namedAs(text, start, colon, CONTENT_TYPE)) slot = 0;
  else if (len >= CONTENT_DISPOSITION.length && namedAs(text, start, colon, CONTENT_DISPOSITION)) slot = 3;
  else if (len >= CONTENT_TRANSFER_ENCODING.length && namedAs(text, start, colon, CONTENT_TRANSFER_ENCODING)) slot = 6;
  if (slot >= 0 && bounds[slot] < 0) {
    bounds[slot] = start;
    bounds[slot + 1] = end;
    bounds[slot + 2] = colon;
  }
}
