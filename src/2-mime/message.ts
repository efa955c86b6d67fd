// BounceMessage: what the MIME layer hands to the format parsers.
import { HeaderList } from './headers.js';
import { decodeText } from './charset.js';
import { htmlToText } from './html.js';

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
  /** maxLineLength for leafText, and where a cut is noted (set by the MIME layer) */
  textLimit?: { maxLineLength: number; warnings: string[] };
  /** leafText's result, kept: several parsers read the same part */
  textCache?: string;
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
  'message/xdelivery-status', // non-standard alias met in the wild (native-formats.md §7.3)
  'text/delivery-status',
]);

export const RETURNED_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers', 'message/partial']);

export class BounceMessage {
  private textCache: string | null = null;
  private plainCache: string | null = null;
  private headCache: string | null = null;
  private subjectCache: string | null = null;
  private fromCache: string | null = null;
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
    if (this.textCache === null) {
      this.textCache = this.humanLeaves.map((l) => leafText(l)).join('\n');
    }
    return this.textCache;
  }

  /** text/plain parts only (no html conversion): cheap, for detection */
  get plainText(): string {
    if (this.plainCache === null) {
      this.plainCache = this.leaves
        .filter((l) => l.contentType === 'text/plain')
        .map((l) => leafText(l))
        .join('\n');
    }
    return this.plainCache;
  }

  /** the first 8 KiB of plainText, lower-cased once: the format modules' detection markers */
  get lowerHead(): string {
    if (this.headCache === null) this.headCache = this.plainText.slice(0, 8192).toLowerCase();
    return this.headCache;
  }

  leavesOfType(type: string): MimeLeaf[] {
    return this.leaves.filter((l) => l.contentType === type);
  }
}

/** a leaf's body as text (LF line ends; html converted) */
export function leafText(leaf: MimeLeaf): string {
  if (leaf.textCache !== undefined) return leaf.textCache;
  let text = decodeText(leaf.body, leaf.charset);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (leaf.contentType === 'text/html') text = htmlToText(text);
  // no text parser scans a megabyte line whole (maxLineLength); the raw bytes stay in `body`
  if (leaf.textLimit) text = capLines(text, leaf.textLimit.maxLineLength, leaf.textLimit.warnings);
  leaf.textCache = text;
  return text;
}

/**
 * Lines longer than `max` cut to `max` characters (maxLineLength): every text parser reads
 * `text`, so none of them scans a megabyte line whole. One pass; no copy when nothing is cut.
 */
export function capLines(text: string, max: number, warnings: string[]): string {
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
  const note = `text lines longer than maxLineLength (${max} characters) cut for the text parsers`;
  if (!warnings.includes(note)) warnings.push(note);
  return out.join('');
}
