// BounceMessage: what the MIME layer hands to the format parsers.
import { HeaderList } from './headers.js';
import { decodeText } from './charset.js';
import { htmlToText } from './html.js';
import { lfLineEnds } from './line-ends.js';

export interface MimeLeaf {
  /** position in document order, 0-based */
  index: number;
  contentType: string;
  charset: string | null;
  encoding: string | null;
  disposition: string | null;
  filename: string | null;
  headers: HeaderList;
  /** transfer-decoded body bytes */
  body: Buffer;
  depth: number;
  /** index of the enclosing multipart (-1 at the root) */
  parent: number;
  /** content type of the enclosing multipart ('' at the root) */
  parentType: string;
  /** maxLineLength for leafText (set by the MIME layer) */
  maxLineLength?: number;
  /** leafText's result, kept: several parsers read the same part */
  textCache?: string;
  /** leafText cut lines longer than maxLineLength (BounceMessage.allWarnings says so once) */
  textCut?: boolean;
}

export interface DeliveryStatusPart {
  contentType: string;
  text: string;
}

export interface ReturnedMessage {
  /** message/rfc822, text/rfc822-headers, message/global-headers, message/global, or 'text' for a copy found in native text */
  contentType: string;
  /** the returned message's header block, as text */
  headerText: string;
  headers: HeaderList;
  /** the whole returned message (headers and body) when the bounce carried it, else null */
  bytes: Buffer | null;
}

export const DELIVERY_STATUS_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/xdelivery-status', // non-standard alias met in the wild (docs/formats.md#broken-mime)
  'text/delivery-status',
]);

export const RETURNED_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers', 'message/partial']);

// The opening is enough for the markers a generator writes at the top of its text.
const OPENING_BYTES = 4096;
// How much of the plain text lowerHead holds.
const HEAD_CHARS = 8192;

/** A view of a message computed once per message (BounceMessage.view), declared by the module that reads it. */
export type MessageView<T> = (msg: BounceMessage) => T;

export class BounceMessage {
  // Per-message state lives here, computed when first asked for, and goes with the message:
  // nothing outside it keeps a message alive.
  private textCache: string | null = null;
  private openingCache: string | null = null;
  private lowerDsnCache: string | null = null;
  // the views computed, and their values at the same places: a message meets one or two of the
  // few the modules declare (1.2 calls a message over the Sisimai half), where a Map was made
  // for each message that asked for one
  private viewKeys: MessageView<unknown>[] | null = null;
  private viewValues: unknown[] | null = null;
  private plainCache: string | null = null;
  private headCache: string | null = null;
  private lowerTextCache: string | null = null;
  private subjectCache: string | null = null;
  private fromCache: string | null = null;
  private lowerSubjectCache: string | null = null;
  private lowerFromCache: string | null = null;
  private humanCache: MimeLeaf[] | null = null;
  /** the input had no header block: the bare text of a bounce, as stores keep it (set by parseMime) */
  headerless = false;

  constructor(
    readonly headers: HeaderList,
    /** the raw top-level header block as text */
    readonly headerBlock: string,
    readonly contentType: string,
    readonly contentParams: Record<string, string>,
    readonly leaves: MimeLeaf[],
    readonly deliveryStatus: DeliveryStatusPart[],
    readonly returned: ReturnedMessage | null,
    readonly warnings: string[],
  ) {}

  /** report-type parameter of a multipart/report, lower-cased */
  get reportType(): string | null {
    return this.contentType === 'multipart/report' ? (this.contentParams['report-type'] ?? '').toLowerCase() || null : null;
  }

  /** decoded Subject of the bounce */
  get subject(): string {
    // decoded once: every format module's detection asks for it
    this.subjectCache ??= this.headers.decoded('subject') ?? '';
    return this.subjectCache;
  }

  /** decoded From of the bounce */
  get from(): string {
    this.fromCache ??= this.headers.decoded('from') ?? '';
    return this.fromCache;
  }

  /** subject lower-cased, once: the markers (openModules) and some twenty score and parse functions read it */
  get lowerSubject(): string {
    this.lowerSubjectCache ??= this.subject.toLowerCase();
    return this.lowerSubjectCache;
  }

  /** from lower-cased, once (as lowerSubject) */
  get lowerFrom(): string {
    this.lowerFromCache ??= this.from.toLowerCase();
    return this.lowerFromCache;
  }

  /** the human-readable leaves: text/plain, and text/html where no plain alternative exists */
  get humanLeaves(): MimeLeaf[] {
    // chosen once: the opening (detection) and the text (parsing) both start from them
    if (this.humanCache === null) {
      const plainParents = new Set<number>();
      for (const l of this.leaves) if (l.contentType === 'text/plain' && l.parentType === 'multipart/alternative') plainParents.add(l.parent);
      this.humanCache = this.leaves.filter((l) => {
        if (l.contentType === 'text/plain' || l.contentType === 'text') return true;
        if (l.contentType === 'text/html') return !plainParents.has(l.parent);
        return false;
      });
    }
    return this.humanCache;
  }

  /** all human-readable text of the bounce, decoded, LF line ends (html converted to text) */
  get text(): string {
    if (this.textCache === null) this.textCache = joinedByLf(this.humanLeaves, leafText);
    return this.textCache;
  }

  /** text/plain parts only (no html conversion): cheap, for detection */
  get plainText(): string {
    if (this.plainCache === null) this.plainCache = joinedByLf(this.leaves, plainLeafText);
    return this.plainCache;
  }

  /** the first 8 KiB of plainText, lower-cased once: the format modules' detection markers */
  get lowerHead(): string {
    if (this.headCache === null) this.headCache = this.plainText.slice(0, HEAD_CHARS).toLowerCase();
    return this.headCache;
  }

  /**
   * text lower-cased, once: the recipients' paragraphs (rfc3464 attachHints) and the text's
   * lines (native-text textLines) read it. Where the text is the plain text and no longer than
   * the head, it is lowerHead itself (the markers made it already), not a second lower-casing.
   */
  get lowerText(): string {
    if (this.lowerTextCache === null) {
      const text = this.text;
      this.lowerTextCache = text.length <= HEAD_CHARS && this.plainText === text ? this.lowerHead : text.toLowerCase();
    }
    return this.lowerTextCache;
  }

  /**
   * The first few KB of the first human-readable leaf, decoded, LF line ends, leading blank
   * lines dropped: enough for the markers a generator writes at the top of its text, without
   * decoding or converting whole parts.
   */
  get opening(): string {
    if (this.openingCache === null) {
      const leaf = this.humanLeaves[0];
      if (!leaf) this.openingCache = '';
      else if (openingIsWholeText(leaf)) {
        // the whole leaf fits: its text (decoded once, kept for the parsers) is the opening
        this.openingCache = leafText(leaf).trimStart();
      } else {
        const bytes = leaf.body.subarray(0, OPENING_BYTES);
        // markers are ASCII, and ASCII bytes stay ASCII in the stateful ISO-2022 charsets
        // outside their escape sequences: their (slow) decoder is not needed to find them
        const head = /^iso-2022/i.test(leaf.charset ?? '') ? bytes.toString('latin1') : decodeText(bytes, leaf.charset);
        this.openingCache = lfLineEnds(head).trimStart();
      }
    }
    return this.openingCache;
  }

  /** The delivery-status parts' text, lower-cased: where format markers and fingerprints look for DSN fields. */
  get lowerDeliveryStatus(): string {
    this.lowerDsnCache ??= joinedByLf(this.deliveryStatus, (d) => d.text.toLowerCase());
    return this.lowerDsnCache;
  }

  /** `view` of this message, computed on the first call and kept with the message. */
  view<T>(view: MessageView<T>): T {
    const keys = this.viewKeys;
    if (keys !== null) for (let i = 0; i < keys.length; i++) if (keys[i] === view) return this.viewValues![i] as T;
    const value = view(this);
    // added after it is computed: a view may ask for another one
    (this.viewKeys ??= []).push(view);
    (this.viewValues ??= []).push(value);
    return value;
  }

  /** The MIME layer's warnings and what reading the text found (a cut line), each once. */
  allWarnings(): string[] {
    const out = [...this.warnings];
    const cut = this.leaves.find((l) => l.textCut);
    if (cut) out.push(`text lines longer than maxLineLength (${cut.maxLineLength} characters) cut for the text parsers`);
    return out;
  }

  leavesOfType(type: string): MimeLeaf[] {
    return this.leaves.filter((l) => l.contentType === type);
  }
}

/**
 * Is `opening`, for this leaf, its whole leafText? When the body fits in OPENING_BYTES, is not
 * HTML (converted in leafText) nor ISO-2022 (read as latin1 for the opening), and no line can
 * be cut (a decoded text has no more characters than bytes): then the one decode serves both,
 * where the opening decoded the bytes and leafText decoded them again (decodeText 35 ms of a
 * 7.1 s --jobs 0 profile of /tmp/bm50).
 */
function openingIsWholeText(leaf: MimeLeaf): boolean {
  return (
    leaf.body.length <= OPENING_BYTES &&
    leaf.contentType !== 'text/html' &&
    !/^iso-2022/i.test(leaf.charset ?? '') &&
    (leaf.maxLineLength === undefined || leaf.maxLineLength >= leaf.body.length)
  );
}

/**
 * The texts of `items` (those `textOf` gives one for) joined by LF. A loop, not
 * filter().map().join(): map() over no items gives an array of another elements kind than
 * over some, and the join TurboFan had optimised for the one was thrown away on meeting the
 * other ("wrong map" in get text, get lowerHead and get lowerDeliveryStatus, 3-5 deopts a run
 * over /tmp/bm10, node --trace-deopt).
 */
function joinedByLf<T>(items: readonly T[], textOf: (item: T) => string | null): string {
  let out = '';
  let first = true;
  for (let i = 0; i < items.length; i++) {
    const text = textOf(items[i]);
    if (text === null) continue;
    out = first ? text : out + '\n' + text;
    first = false;
  }
  return out;
}

/** a text/plain leaf's text; null for any other leaf */
function plainLeafText(leaf: MimeLeaf): string | null {
  return leaf.contentType === 'text/plain' ? leafText(leaf) : null;
}

/** a leaf's body as text (LF line ends; html converted) */
export function leafText(leaf: MimeLeaf): string {
  if (leaf.textCache !== undefined) return leaf.textCache;
  let text = decodeText(leaf.body, leaf.charset);
  text = lfLineEnds(text);
  if (leaf.contentType === 'text/html') text = htmlToText(text);
  // no text parser scans a megabyte line whole (maxLineLength); the raw bytes stay in `body`
  if (leaf.maxLineLength !== undefined) {
    const capped = capLines(text, leaf.maxLineLength);
    if (capped !== text) leaf.textCut = true;
    text = capped;
  }
  leaf.textCache = text;
  return text;
}

/**
 * Lines longer than `max` cut to `max` characters (maxLineLength): every text parser reads
 * `text`, so none of them scans a megabyte line whole. One pass; the same string when nothing is cut.
 */
export function capLines(text: string, max: number): string {
  if (text.length <= max) return text;
  let out: string[] | null = null;
  let start = 0;
  let kept = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > max) {
      out ??= [];
      out.push(text.slice(kept, start + max));
      kept = end;
    }
    start = end + 1;
  }
  if (!out) return text;
  out.push(text.slice(kept));
  return out.join('');
}
