// bytes → BounceMessage, on mailparser's own lower layer (@zone-eu/mailsplit): it keeps the
// delivery-status part separate from the human text and keeps undeclared 8-bit bytes
// (docs/architecture.md#libraries). Embedded messages are not split (ignoreEmbedded): only the returned
// original's header block is needed, and it is read from the leaf's bytes.
//
// Issue 18, second stop (top-level block read once, its Content-Type split once, blank part
// blocks over the bytes, ISO-2022-JP through EUC-JP, QP runs, ISO-2022-JP encoded words):
// parseMimeSync alone on the Sisimai half, old and new build in alternate processes, best
// of 50 passes, 18.1-19.4 us a message before, 17.3-17.4 after; with what the parsers read
// (subject, from, opening, text, every body) 31.7-34.5 before, 27.9-28.9 after. A 2-core
// machine shared with four other engineers: the medians moved two-fold between runs.
import { Splitter } from '@zone-eu/mailsplit';
import type { Limits } from '../0-core/limits.js';
import { DEFAULT_LIMITS } from '../0-core/limits.js';
import { decodeUnlabelled } from './charset.js';
import { HeaderList, parseStructured, structuredOf } from './headers.js';
import { readMediaType } from './media-type.js';
import { mentionsSubtype, salvagePart } from './salvage.js';
import { LINE_COST_FLOOR, PartHead, SLICED_TEXT } from './part-head.js';
import { decodeQuotedPrintable } from './qp.js';
import { lfLineEnds } from './line-ends.js';
import { scanParts } from './scan.js';

const DELIVERY_STATUS_SALVAGE = ['message/delivery-status', 'message/global-delivery-status'];
const DELIVERY_STATUS_SUBTYPES = DELIVERY_STATUS_SALVAGE.map((t) => t.slice(t.indexOf('/') + 1));
const RETURNED_SALVAGE = ['message/rfc822', 'text/rfc822-headers', 'message/global-headers'];
import {
  BounceMessage,
  DELIVERY_STATUS_TYPES,
  RETURNED_TYPES,
  type DeliveryStatusPart,
  type MimeLeaf,
  type ReturnedMessage,
} from './message.js';

export interface SplitNode {
  type: 'node';
  root: boolean;
  parentNode: SplitNode | false;
  multipart: string | false;
  contentType: string | false;
  charset: string | false;
  encoding: string | false;
  disposition: string | false;
  filename: string | false;
  getHeaders(): Buffer;
}

export interface NodeState {
  node: SplitNode;
  index: number;
  depth: number;
  chunks: Buffer[];
  size: number;
  skipped: boolean;
}

/**
 * A leaf whose body is joined and transfer-decoded on first read, and whose header block is
 * parsed on first read: most leaves (attachments, images) are never looked at by a parser.
 */
class SplitLeaf implements MimeLeaf {
  private bodyCache: Buffer | null = null;
  private headersCache: HeaderList | null;
  textCache?: string;

  constructor(
    readonly index: number,
    readonly contentType: string,
    readonly charset: string | null,
    readonly encoding: string | null,
    readonly disposition: string | null,
    readonly filename: string | null,
    readonly depth: number,
    readonly parent: number,
    readonly parentType: string,
    private readonly chunks: Buffer[],
    private readonly size: number,
    private readonly node: SplitNode,
    rootHeaders: HeaderList | null,
    readonly maxLineLength: number,
  ) {
    this.headersCache = rootHeaders;
  }

  get body(): Buffer {
    if (this.bodyCache === null) this.bodyCache = decodeTransfer(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size), this.encoding);
    return this.bodyCache;
  }

  get headers(): HeaderList {
    if (this.headersCache === null) this.headersCache = HeaderList.parse(decodeUnlabelled(this.node.getHeaders()));
    return this.headersCache;
  }
}

/** Decode a body by its Content-Transfer-Encoding; lenient, never throws. */
export function decodeTransfer(raw: Buffer, encoding: string | null): Buffer {
  switch (encoding) {
    case 'base64': {
      // Node's decoder skips whitespace; a truncated final quantum is decoded as far as it goes.
      return Buffer.from(raw.toString('latin1'), 'base64');
    }
    case 'quoted-printable':
      // libqp's decoding over the bytes (qp.ts): no latin1 string and regex passes per body
      return decodeQuotedPrintable(raw);
    default:
      return raw;
  }
}

/**
 * Header block of a message held in `bytes` (up to the first empty line). `text`, the bytes
 * read as latin1 where the caller has it, finds the line ends with a string's indexOf (a V8
 * builtin; a Buffer's is a call into C++ per line).
 */
export function splitHeaderBlock(bytes: Buffer, text?: string): { header: Buffer; bodyOffset: number } {
  // Every byte read is checked against the length first, and one return makes the result: a
  // read past the end (an empty input, a last line without a blank one after it) and a
  // subarray call first met on a rare path (an empty first line) each threw TurboFan's code
  // for this away (node --trace-deopt over /tmp/bm10: "out of bounds", "insufficient type
  // feedback for call").
  const n = bytes.length;
  // the header block is bytes [0, end); the body starts at `body`
  let end = n;
  let body = n;
  if (n > 0 && bytes[0] === 0x0a) {
    // an empty first line means no headers at all
    end = 0;
    body = 1;
  } else if (n > 1 && bytes[0] === 0x0d && bytes[1] === 0x0a) {
    end = 0;
    body = 2;
  } else {
    for (let i = 0; ; ) {
      const nl = text === undefined ? bytes.indexOf(0x0a, i) : text.indexOf('\n', i);
      const next = nl + 1;
      if (nl === -1 || next === n) break;
      if (bytes[next] === 0x0a) {
        end = next;
        body = next + 1;
        break;
      }
      if (next + 1 < n && bytes[next] === 0x0d && bytes[next + 1] === 0x0a) {
        end = next;
        body = next + 2;
        break;
      }
      i = next;
    }
  }
  return { header: end === n ? bytes : bytes.subarray(0, end), bodyOffset: body };
}

/** At most `max` bytes of a header block, cut at a line end where one is near (maxHeaderBytes). */
export function capHeader(header: Buffer, max: number, warnings: string[], what: string): Buffer {
  if (header.length <= max) return header;
  warnings.push(`${what} header block is ${header.length} bytes, larger than maxHeaderBytes (${max}): the rest ignored`);
  const nl = header.lastIndexOf(0x0a, max);
  return header.subarray(0, nl > 0 ? nl + 1 : max);
}

function returnedFromLeaf(leaf: Pick<MimeLeaf, 'contentType' | 'body'>, limits: Limits, warnings: string[]): ReturnedMessage {
  const body = leaf.body;
  // Postfix and qmail prepend the envelope sender; an mbox-saved original may carry a From_ line.
  const { header } = splitHeaderBlock(body);
  const headerText = decodeUnlabelled(capHeader(header, limits.maxHeaderBytes, warnings, 'returned message'));
  const headersOnly = leaf.contentType === 'text/rfc822-headers' || leaf.contentType === 'message/global-headers';
  return {
    contentType: leaf.contentType,
    headerText,
    headers: HeaderList.parse(headerText),
    bytes: headersOnly ? null : body,
  };
}

// An empty first line: RFC 5322 §2.1's empty header block, then the body.
const NO_HEADER = Buffer.from('\n');
// RFC 5322 §3.6.8 field-name: printable ASCII but ':' — narrowed to the characters real field
// names use (letters, digits, '-', '_', '.'), so that a text opening with "[https://..." or
// "Note - see below:" is not taken for a header; WSP before the colon is RFC 822's obsolete form.
const FIELD_START = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,76}[ \t]{0,8}:/;

/**
 * Does the input begin with something other than a header field? ESP webhooks, helpdesks and
 * databases store a bounce's text without its header block (issue 15): such a text is read
 * as the body of a message without headers. A first line that is empty is RFC 5322's own
 * header-less form and needs nothing; an mbox "From " line (or its ">From " quoting) left at
 * the top is treated as a header line, as it was before.
 */
/**
 * Bytes of white-space-only lines (spaces or tabs, not empty) before a header field at the
 * top of the input: padding that tools which store messages leave there. They are not RFC
 * 5322's empty line (which would end an empty header block), so the header after them is
 * read as the header. 0 when there are none, or when no header field follows them.
 */
export function paddingBeforeHeader(bytes: Buffer): number {
  let at = 0;
  for (let lines = 0; lines < 8 && at < bytes.length && at < 4096; lines++) {
    let i = at;
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
    if (i === at) break; // a line that does not start with white space
    if (bytes[i] === 0x0d) i++;
    if (bytes[i] !== 0x0a) return 0; // text after the white space: an indented first line
    at = i + 1;
  }
  if (at === 0) return 0;
  const end = bytes.indexOf(0x0a, at);
  const next = bytes.subarray(at, end === -1 ? Math.min(bytes.length, at + 200) : Math.min(end, at + 200)).toString('latin1');
  return FIELD_START.test(next) ? at : 0;
}

export function startsWithoutHeader(bytes: Buffer): boolean {
  let start = 0;
  // a UTF-8 byte order mark before the first line (editors save one)
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  if (start >= bytes.length) return false;
  const c = bytes[start];
  if (c === 0x0a || c === 0x0d) return false;
  // the first line opening with "From " or ">From ", or with FIELD_START, read over the bytes
  // (every message asks this: a line end searched, a latin1 string made of the line and a
  // pattern run cost more than these few byte tests). Neither reads past a line end (no
  // character of theirs is LF) nor past 1 + 76 + 8 + 1 bytes, inside the 200 the line is cut to.
  if (bytesAre(bytes, start, FROM_LINE) || (c === 0x3e && bytesAre(bytes, start + 1, FROM_LINE))) return false;
  return !fieldStartAt(bytes, start);
}

const FROM_LINE = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "

/** Are bytes[at, at + want.length) the bytes of `want`? */
function bytesAre(bytes: Buffer, at: number, want: readonly number[]): boolean {
  for (let i = 0; i < want.length; i++) if (bytes[at + i] !== want[i]) return false;
  return true;
}

// FIELD_START's classes by byte: 1 a letter or digit, 2 '_', '.' or '-', 3 SP or HTAB
const FIELD_CLASS = new Uint8Array(256);
for (let b = 0; b < 128; b++) {
  const ch = String.fromCharCode(b);
  if (/[A-Za-z0-9]/.test(ch)) FIELD_CLASS[b] = 1;
  else if (/[_.-]/.test(ch)) FIELD_CLASS[b] = 2;
  else if (ch === ' ' || ch === '\t') FIELD_CLASS[b] = 3;
}

/**
 * FIELD_START at bytes[at]: a letter or digit, up to 76 more of [A-Za-z0-9_.-], up to 8 SP or
 * HTAB, then ':'. The three runs are of disjoint classes, so the pattern holds exactly when the
 * longest run of each fits its bound and a ':' follows (no shorter run could be followed by
 * what the next part needs).
 */
function fieldStartAt(bytes: Buffer, at: number): boolean {
  if (at >= bytes.length || FIELD_CLASS[bytes[at]] !== 1) return false;
  let i = at + 1;
  while (i < bytes.length && i - at <= 77 && (FIELD_CLASS[bytes[i]] === 1 || FIELD_CLASS[bytes[i]] === 2)) i++;
  if (i - at > 77) return false;
  const spaces = i;
  while (i < bytes.length && i - spaces <= 8 && FIELD_CLASS[bytes[i]] === 3) i++;
  if (i - spaces > 8) return false;
  return bytes[i] === 0x3a;
}

/**
 * Bare CR line ends (classic Mac OS; the sample corpus ships such copies,
 * docs/formats.md#broken-mime) → LF, so that the splitter finds headers and boundaries. Only when the message has
 * no LF at all: a CR inside an LF message is data.
 */
function normaliseBareCr(bytes: Buffer): Buffer {
  if (bytes.indexOf(0x0a) !== -1 || bytes.indexOf(0x0d) === -1) return bytes;
  const out = Buffer.from(bytes);
  for (let i = out.indexOf(0x0d); i !== -1; i = out.indexOf(0x0d, i + 1)) out[i] = 0x0a;
  return out;
}

// A message that is not multipart has one part: its header block and the rest. Such a message
// is read with PartHead (MimeNode's reading), the part the splitter would make of it, without the
// line-by-line pass and the stream round trip (qmail, Exim and other plain-text bounces were
// a third of the corpus, and this halves their time in the MIME layer, ~40 to ~19 us). Anything
// that may be multipart, or a header block big enough to meet the splitter's head limit,
// goes through the splitter.
// 'multipart' as MTAs write it (lower, capitalised, upper case), found in the head; another
// spelling (MultiPart) is caught by the parsed node's own multipart flag below. Looked for in
// the message read as latin1 where the caller has it (one character a byte: a string's
// indexOf finds what a Buffer's finds, at the same offset, without a call into C++ each), in
// the bytes otherwise (as Buffers: a string needle is encoded again on every search)
const MULTIPART_SPELLINGS = ['ultipart', 'ULTIPART'];
const MULTIPART_BYTES = MULTIPART_SPELLINGS.map((w) => Buffer.from(w));

export function singlePart(bytes: Buffer, limits: Limits, text?: string, split = splitHeaderBlock(bytes, text)): NodeState | null {
  const { bodyOffset } = split;
  if ((LINE_COST_FLOOR + 1) * bodyOffset > limits.maxHeaderBytes) return null;
  if (text !== undefined) {
    const head = text.slice(0, bodyOffset);
    if (head.includes(MULTIPART_SPELLINGS[0]) || head.includes(MULTIPART_SPELLINGS[1])) return null;
  } else {
    const head = bytes.subarray(0, bodyOffset);
    if (head.indexOf(MULTIPART_BYTES[0]) !== -1 || head.indexOf(MULTIPART_BYTES[1]) !== -1) return null;
  }
  const node = new PartHead(false);
  node.addHeaderLine(bytes, 0, bodyOffset, text);
  node.parseHeaders();
  if (node.multipart) return null;
  const body = bytes.subarray(bodyOffset);
  return { node, index: 0, depth: 0, chunks: body.length ? [body] : [], size: body.length, skipped: false };
}

/** The splitter's config: MimeNode takes the same (libmime's options ride on it). */
function splitterConfig(limits: Limits) {
  return {
    ignoreEmbedded: true as const,
    maxHeadSize: limits.maxHeaderBytes,
    // one more than allowed, so that hitting our limit is ours to report
    maxChildNodes: limits.maxMimeParts + 1,
  };
}

interface PartList {
  states: NodeState[];
  byNode: Map<SplitNode, NodeState>;
}

/** Takes the splitter's node and body events into NodeStates, within the depth and part limits. */
function partCollector(limits: Limits) {
  const states: NodeState[] = [];
  const byNode = new Map<SplitNode, NodeState>();
  let current: NodeState | null = null;
  let partLimitHit = false;
  let depthLimitHit = false;
  return {
    accept(data: { type: string; value?: Buffer; node?: SplitNode }): void {
      if (data.type === 'node') {
        const node = (data.node ?? data) as SplitNode;
        const parent = node.parentNode ? byNode.get(node.parentNode) : undefined;
        const depth = parent ? parent.depth + 1 : 0;
        const skipped = (parent?.skipped ?? false) || depth > limits.maxMimeDepth || states.length >= limits.maxMimeParts;
        if (depth > limits.maxMimeDepth) depthLimitHit = true;
        if (states.length >= limits.maxMimeParts) partLimitHit = true;
        const state: NodeState = { node, index: states.length, depth, chunks: [], size: 0, skipped };
        byNode.set(node, state);
        if (!skipped) states.push(state);
        current = state;
      } else if (data.type === 'body' && current && !current.skipped && data.value) {
        current.chunks.push(data.value);
        current.size += data.value.length;
      }
    },
    finish(warnings: string[]): PartList {
      if (depthLimitHit) warnings.push(`MIME nesting deeper than maxMimeDepth (${limits.maxMimeDepth}): deeper parts ignored`);
      if (partLimitHit) warnings.push(`more MIME parts than maxMimeParts (${limits.maxMimeParts}): the rest ignored`);
      return { states, byNode };
    },
  };
}

/** The parts of a message located in one synchronous pass (scan.ts); null where the splitter itself must run. */
export function scanSplit(bytes: Buffer, limits: Limits, warnings: string[], text?: string, rootHeadEnd?: number): PartList | null {
  const events = scanParts(bytes, splitterConfig(limits), text, rootHeadEnd);
  if (!events) return null;
  const parts = partCollector(limits);
  for (const e of events) parts.accept(e);
  return parts.finish(warnings);
}

/** The parts of a message, as mailsplit's splitter emits them, within the depth and part limits. */
export async function splitParts(bytes: Buffer, limits: Limits, warnings: string[]): Promise<PartList> {
  const parts = partCollector(limits);
  await new Promise<void>((resolve) => {
    const splitter: NodeJS.EventEmitter & { end(b: Buffer): void } = new Splitter(splitterConfig(limits)) as never;
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    splitter.on('data', (data: { type: string; value?: Buffer }) => parts.accept(data));
    splitter.on('end', done);
    splitter.on('error', (err: Error) => {
      warnings.push(`MIME structure could not be read completely: ${err.message}`);
      done();
    });
    splitter.end(bytes);
  });
  return parts.finish(warnings);
}

/**
 * Is the block, read as latin1, white space only (`trim() === ''`)? Asked of every part's
 * header block, which nearly always opens with a field: answered at its first byte, without
 * reading the block into a string. ECMAScript's WhiteSpace and LineTerminator in latin1 are
 * TAB, LF, VT, FF, CR, SP and NBSP.
 */
export function isBlank(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) {
    const c = block[i];
    if (!((c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0)) return false;
  }
  return true;
}

// a body line that opens a MIME header block: "Content-Type: type/subtype"
const CONTENT_TYPE_LINE = /^content-type[ \t]{0,8}:[ \t]{0,8}[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}/i;

/**
 * A part whose header fields stand after an empty line: RFC 2046 §5.1.1 puts a body part's
 * header right after its boundary line, so an empty line there ends an empty header block and
 * makes the fields body text (generators that print the boundary with "\r\n\r\n" do so,
 * and the part becomes text/plain holding its own header). When a part has no header field
 * and its body opens with a Content-Type line, that header block is read as the part's own.
 * Null when the part is not such a part.
 */
function reheaded(s: NodeState, limits: Limits, warnings: string[]): NodeState | null {
  if (s.depth === 0 || s.skipped || !s.chunks.length) return null;
  if (!isBlank(s.node.getHeaders())) return null;
  return headerAfterBlank(s, limits, warnings);
}

/**
 * reheaded's rare part, a function of its own: inlined into the leaf loop (leavesOf) it made
 * that loop's TurboFan compile larger for the few parts it reads.
 */
function headerAfterBlank(s: NodeState, limits: Limits, warnings: string[]): NodeState | null {
  const first = s.chunks[0];
  let at = 0;
  while (at < first.length && (first[at] === 0x0a || first[at] === 0x0d)) at++;
  if (!CONTENT_TYPE_LINE.test(first.subarray(at, at + 160).toString('latin1'))) return null;
  const body = (s.chunks.length === 1 ? first : Buffer.concat(s.chunks, s.size)).subarray(at);
  const inner = singlePart(body, limits);
  if (!inner) return null;
  const note = 'a MIME part with its header fields after an empty line: read as its header';
  if (!warnings.includes(note)) warnings.push(note);
  return { ...inner, index: s.index, depth: s.depth, node: Object.assign(inner.node, { parentNode: s.node.parentNode }) };
}

interface Prepared {
  bytes: Buffer;
  headerless: boolean;
  warnings: string[];
  /** `bytes` read as latin1, where the caller made that string (parseMimeSync) */
  text?: string;
}

function prepare(input: Buffer): Prepared {
  const warnings: string[] = [];
  const padding = paddingBeforeHeader(input);
  if (padding) input = input.subarray(padding);
  const headerless = startsWithoutHeader(input);
  // a text with no header block is all body: read it as a message whose header block is empty
  const bytes = headerless ? Buffer.concat([NO_HEADER, normaliseBareCr(input)]) : normaliseBareCr(input);
  if (headerless) warnings.push('no header block: the input is read as the bare text of a bounce');
  return { bytes, headerless, warnings };
}

/**
 * Parse a message into a BounceMessage without waiting on anything: the common case (scan.ts).
 * Null for the rare message that mailsplit's splitter must read (parseMime does).
 */
export function parseMimeSync(input: Buffer, limits: Limits = DEFAULT_LIMITS): BounceMessage | null {
  const prepared = prepare(input);
  // the message read as latin1 once, for the line searches of both readings. A big one is not
  // (its single-part and closing-boundary searches go over the bytes): held here until the
  // parts are made, the string cost as much memory again as the message (README, Limits,
  // memory), and saved little of its time. scanParts still reads one of its own while it scans
  // a multipart one, which its PartHeads slice nothing from (part-head.ts, SLICED_TEXT)
  const text = prepared.bytes.length <= SLICED_TEXT.max ? prepared.bytes.toString('latin1') : undefined;
  prepared.text = text;
  // the top-level block's end, found once for both readings (-1 for scanParts: no empty line ends it)
  const split = splitHeaderBlock(prepared.bytes, text);
  const single = singlePart(prepared.bytes, limits, text, split);
  const rootHeadEnd = split.header.length < split.bodyOffset ? split.bodyOffset : -1;
  const parts = single ? { states: [single], byNode: new Map<SplitNode, NodeState>() } : scanSplit(prepared.bytes, limits, prepared.warnings, text, rootHeadEnd);
  return parts ? fromParts(prepared, parts, limits) : null;
}

/**
 * Parse a message into a BounceMessage. Never rejects for malformed input: what could
 * be read is returned, with warnings for what could not.
 */
export async function parseMime(input: Buffer, limits: Limits = DEFAULT_LIMITS): Promise<BounceMessage> {
  const sync = parseMimeSync(input, limits);
  if (sync) return sync;
  const prepared = prepare(input);
  return fromParts(prepared, await splitParts(prepared.bytes, limits, prepared.warnings), limits);
}

// How far from the end the closing delimiter is looked for in the latin1 text: an epilogue is
// short. V8's backward string search is naive, so the window also bounds what a hostile run
// of near-matches costs; beyond it Buffer#lastIndexOf (Boyer-Moore-Horspool) searches all.
const CLOSING_WINDOW = 16 * 1024;

/**
 * Does the message hold the closing delimiter of `boundary` (RFC 2046 §5.1.1)? Looked for in
 * the tail of the latin1 text where there is one: Buffer#lastIndexOf encodes the needle on
 * every call. A boundary with a non-ASCII character is searched as UTF-8 bytes, as
 * Buffer#lastIndexOf encodes it.
 */
export function hasClosingBoundary(bytes: Buffer, boundary: string, text?: string): boolean {
  const delimiter = `--${boundary}--`;
  if (text !== undefined && !/[^\x00-\x7f]/.test(delimiter)) {
    const tail = text.length > CLOSING_WINDOW ? text.slice(text.length - CLOSING_WINDOW) : text;
    if (tail.lastIndexOf(delimiter) !== -1) return true;
    if (tail === text) return false;
  }
  return bytes.lastIndexOf(delimiter) !== -1;
}

/**
 * Did the scanner meet the close-delimiter of `boundary` as the top-level node's (a line
 * `--boundary--`, PartHead.closeSeen)? Then the message holds it, and hasClosingBoundary
 * would find it: its search from the end (V8's backward string search compares at every
 * position) is ~320 ns a multipart message of the Sisimai half (best of 200), the scan's answer
 * ~nothing (parseMimeSync over the half, per-message fastest of 40 rounds, taking turns:
 * 10.94 -> 10.80 us). Where the node read another boundary (one with trailing white space,
 * which PartHead trims), or the splitter read the message, hasClosingBoundary searches.
 */
function closeSeen(node: SplitNode, boundary: string): boolean {
  return node instanceof PartHead && node.closeSeen && node._boundary === boundary;
}

// characters that send parseHeaderValue to libmime, whose stripComments option (PartHead's
// reading) may then change the split: without them both readings are header-value.ts's split
const LIBMIME_VALUE = /[(\\*]/;

/**
 * parseStructured(value) for the top-level Content-Type: PartHead's split of it where PartHead
 * read that same value (as it does for an ASCII block without comments, escapes or RFC 2231
 * parameters in the field), split again otherwise.
 */
function rootContentType(read: PartHead | null, value: string | null): ReturnType<typeof parseStructured> {
  const known = read?.rootType;
  if (known && value && known.header === value && !LIBMIME_VALUE.test(value)) return structuredOf(known.split);
  return parseStructured(value);
}

function fromParts({ bytes, headerless, warnings, text }: Prepared, { states, byNode }: PartList, limits: Limits): BounceMessage {
  const root = states[0];
  let headerText = '';
  let headers = new HeaderList([]);
  let contentType = 'text/plain';
  let contentParams: Record<string, string> = {};
  if (root) {
    // the block as PartHead read it (readRoot), where it did; decoded and read here otherwise
    const read = root.node instanceof PartHead && root.node.rootHeaders !== null ? root.node : null;
    headerText = read ? (read.rootHeaderText as string) : decodeUnlabelled(root.node.getHeaders());
    headers = read ? read.rootHeaders! : HeaderList.parse(headerText);
    const ct = rootContentType(read, headers.get('content-type'));
    contentType = ct.value ? readMediaType(ct.value).type : 'text/plain';
    contentParams = ct.params;
  } else {
    headerText = plainHeaderText(bytes, limits, warnings);
    headers = HeaderList.parse(headerText);
  }

  if (root && contentType.startsWith('multipart/') && contentParams.boundary && !closeSeen(root.node, contentParams.boundary) && !hasClosingBoundary(bytes, contentParams.boundary, text)) {
    warnings.push('the closing MIME boundary is missing: the message may be truncated');
  }

  const leaves = leavesOf(states, byNode, headers, limits, warnings);
  // no leaf at all (a multipart whose boundary never occurs): its body is all there is to read
  if (!leaves.length && bytes.length) leaves.push(wholeBodyLeaf(bytes, headers, limits));

  const deliveryStatus: DeliveryStatusPart[] = [];
  let returned: ReturnedMessage | null = null;
  for (const leaf of leaves) {
    if (DELIVERY_STATUS_TYPES.has(leaf.contentType)) {
      // RFC 6533: global DSNs are UTF-8; classic ones should be 7-bit but are not always.
      let text = decodeUnlabelled(leaf.body);
      text = lfLineEnds(text);
      deliveryStatus.push({ contentType: leaf.contentType, text });
    } else if (!returned && RETURNED_TYPES.has(leaf.contentType) && leaf.depth > 0) {
      returned = returnedFromLeaf(leaf, limits, warnings);
    }
  }
  if (!deliveryStatus.length && mentionsSubtype(bytes, DELIVERY_STATUS_SUBTYPES, text) && !attachedReport(leaves)) {
    returned = salvageReport(text ?? bytes.toString('latin1'), deliveryStatus, returned, limits, warnings);
  }

  const msg = new BounceMessage(headers, headerText, contentType, contentParams, leaves, deliveryStatus, returned, warnings);
  msg.headerless = headerless;
  return msg;
}

// fromParts' rarer paths, each a function of its own: TurboFan compiled them into fromParts,
// the largest compile of a cold run over /tmp/bm10 (node --turbo-stats), for a few messages.

/** The splitter failed before the first node: the bytes' header block, read as a plain message's. */
function plainHeaderText(bytes: Buffer, limits: Limits, warnings: string[]): string {
  const { header } = splitHeaderBlock(bytes);
  return decodeUnlabelled(capHeader(header, limits.maxHeaderBytes, warnings, 'top-level'));
}

/** The leaves of a message (its parts that are no multipart), in document order. */
function leavesOf(states: NodeState[], byNode: Map<SplitNode, NodeState>, headers: HeaderList, limits: Limits, warnings: string[]): MimeLeaf[] {
  const leaves: MimeLeaf[] = [];
  for (const original of states) {
    if (original.node.multipart) continue;
    const s = reheaded(original, limits, warnings) ?? original;
    const parentState = s.node.parentNode ? byNode.get(s.node.parentNode) : undefined;
    const encoding = s.node.encoding ? String(s.node.encoding).toLowerCase() : null;
    // a malformed type ("text/plain charset=x", "plain/text") must not drop the part from the text
    const media = readMediaType(s.node.contentType || 'text/plain');
    leaves.push(
      new SplitLeaf(
        leaves.length,
        media.type,
        s.node.charset ? String(s.node.charset) : media.charset,
        encoding,
        s.node.disposition || null,
        s.node.filename || null,
        s.depth,
        parentState ? parentState.index : -1,
        parentState && parentState.node.multipart ? `multipart/${parentState.node.multipart}` : '',
        s.chunks,
        s.size,
        s.node,
        s.index === 0 ? headers : null,
        limits.maxLineLength,
      ),
    );
  }
  return leaves;
}

/** The one leaf of a message without any: its body after the header block, read as text/plain. */
function wholeBodyLeaf(bytes: Buffer, headers: HeaderList, limits: Limits): MimeLeaf {
  const { bodyOffset } = splitHeaderBlock(bytes);
  return {
    index: 0,
    contentType: 'text/plain',
    charset: null,
    encoding: null,
    disposition: null,
    filename: null,
    headers,
    body: bytes.subarray(bodyOffset),
    depth: 0,
    parent: -1,
    parentType: '',
    maxLineLength: limits.maxLineLength,
  };
}

/**
 * A delivery-status part inside an attached message is that message's, read with it
 * (src/3-formats/embedded.ts), not a part of this one's broken structure.
 */
function attachedReport(leaves: MimeLeaf[]): boolean {
  return leaves.some((l) => l.contentType === 'message/rfc822' && l.depth > 0 && mentionsSubtype(l.body, DELIVERY_STATUS_SUBTYPES));
}

/**
 * A message that names a delivery-status part its MIME structure did not give: the part (added
 * to `deliveryStatus`) and the returned message after it recovered from the raw text, where
 * they can be. Answers the returned message: `returned`, or the one recovered.
 */
function salvageReport(raw: string, deliveryStatus: DeliveryStatusPart[], returned: ReturnedMessage | null, limits: Limits, warnings: string[]): ReturnedMessage | null {
  const ds = salvagePart(raw, DELIVERY_STATUS_SALVAGE);
  if (!ds) return returned;
  let text = decodeUnlabelled(Buffer.from(ds.body, 'latin1'));
  text = lfLineEnds(text);
  deliveryStatus.push({ contentType: ds.type, text });
  warnings.push(`${ds.type} part recovered from a malformed MIME structure`);
  if (returned) return returned;
  const ret = salvagePart(raw.slice(ds.end), RETURNED_SALVAGE);
  return ret ? returnedFromLeaf({ contentType: ret.type, body: Buffer.from(ret.body, 'latin1') }, limits, warnings) : null;
}
