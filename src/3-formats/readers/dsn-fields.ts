// RFC 3464 §2.1: message/delivery-status = per-message fields, then per-recipient groups,
// each preceded by a blank line. Real generators bend this (no per-message block, runs of
// blank lines, recipients not separated), so grouping is done field by field.
import { DEFAULT_LIMITS, type Limits } from '../../0-core/limits.js';
import { HeaderList, parseHeaderBlock, type HeaderField } from '../../2-mime/headers.js';

export interface DeliveryStatusFields {
  message: HeaderList;
  recipients: HeaderList[];
  /** limits hit while reading (maxFieldLength, maxRecipients) */
  warnings: string[];
}

// RFC 3464 §2.3 per-recipient fields, plus the per-recipient X- fields seen in the wild
// (docs/formats.md#delivery-status-fields).
const RECIPIENT_FIELDS = new Set([
  'original-recipient',
  'final-recipient',
  'action',
  'status',
  'remote-mta',
  'diagnostic-code',
  'last-attempt-date',
  'final-log-id',
  'will-retry-until',
  'localized-diagnostic', // RFC 6533 §4.1
  'x-actual-recipient', // sendmail
  'x-display-name', // Exchange
  'x-supplementary-info', // Exchange / MS-OXCMAIL
]);

/** fields that open a recipient (or say which one it is) */
const ADDRESS_FIELDS = new Set(['final-recipient', 'original-recipient', 'x-actual-recipient']);

/** Is text[start, end) blank (`trim() === ''`: \s only)? */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80 || !/\s/.test(text[i])) return false;
  }
  return true;
}

/** Cut over-long field values in place (maxFieldLength); true when one was cut. */
function capFields(fields: HeaderField[], max: number): boolean {
  let cut = false;
  for (const f of fields) {
    if (f.value.length > max) {
      f.value = f.value.slice(0, max);
      cut = true;
    }
  }
  return cut;
}

/** Blocks of fields, in order, sorted into the per-message fields and per-recipient groups. */
class Grouper {
  readonly messageFields: HeaderField[] = [];
  readonly groups: HeaderField[][] = [];
  private group: HeaderField[] | null = null;
  private groupKeys = new Set<string>();
  /** a block that only says Original-Recipient belongs to the next group */
  private pendingOriginal: HeaderField[] = [];

  add(fields: HeaderField[]): void {
    let recipientBlock = false;
    let onlyOriginal = true;
    let original = false;
    for (const f of fields) {
      if (f.key === 'original-recipient') original = true;
      if (RECIPIENT_FIELDS.has(f.key)) {
        recipientBlock = true;
        if (f.key !== 'original-recipient') onlyOriginal = false;
      }
    }
    this.group = null;
    if (!recipientBlock) {
      // per-message block (or stray X- fields): they describe the message
      for (const f of fields) this.messageFields.push(f);
      return;
    }
    if (onlyOriginal && original) {
      for (const f of fields) this.pendingOriginal.push(f);
      return;
    }
    for (const f of fields) {
      if (!this.group) {
        if (!RECIPIENT_FIELDS.has(f.key) && this.groups.length === 0) {
          // per-message fields written without the blank line before the first recipient
          this.messageFields.push(f);
          continue;
        }
        this.openGroup();
      } else if (
        (f.key === 'final-recipient' && this.groupKeys.has('final-recipient')) ||
        (f.key === 'original-recipient' && this.groupKeys.has('original-recipient') && this.groupKeys.has('final-recipient'))
      ) {
        // a second recipient written without a separating blank line
        this.openGroup();
      }
      this.group!.push(f);
      this.groupKeys.add(f.key);
    }
  }

  finish(): void {
    if (this.pendingOriginal.length) this.groups.push(this.pendingOriginal);
  }

  private openGroup(): void {
    const g = this.pendingOriginal;
    this.pendingOriginal = [];
    this.groupKeys = new Set();
    for (const f of g) this.groupKeys.add(f.key);
    this.groups.push(g);
    this.group = g;
  }
}

const isRecipientGroup = (g: HeaderField[]) => g.some((f) => ADDRESS_FIELDS.has(f.key) || f.key === 'action' || f.key === 'status');

/**
 * Parse one delivery-status body (already transfer- and charset-decoded). Field values are
 * cut at maxFieldLength and reading stops after maxRecipients groups, each with a warning.
 * Blocks (runs of non-blank lines) are read where they stand in the text, one pass.
 */
// the indentation of a field block, at most (a gateway that indents the whole status part)
const MAX_INDENT = 16;

/**
 * A field block whose every line is indented (a gateway that quotes or indents the status
 * part) read as if it were not: RFC 5322 §2.2.3 would take an indented first line for the
 * continuation of nothing and lose the block. Lines indented deeper keep their folding.
 */
function dedent(block: string): string {
  const c = block.charCodeAt(0);
  if (c !== 32 && c !== 9) return block;
  let n = 0;
  while (n < block.length && n < MAX_INDENT && (block[n] === ' ' || block[n] === '\t')) n++;
  const lines = block.split('\n');
  const indent = block.slice(0, n);
  if (!lines.every((l) => l.startsWith(indent) || !l.trim())) return block;
  return lines.map((l) => l.slice(n)).join('\n');
}

export function parseDeliveryStatus(text: string, limits: Pick<Limits, 'maxFieldLength' | 'maxRecipients'> = DEFAULT_LIMITS): DeliveryStatusFields {
  const warnings: string[] = [];
  let fieldCut = false;
  const grouper = new Grouper();
  let blockStart = -1;
  let blockEnd = 0;
  for (let start = 0; ; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const blank = isBlank(text, start, end);
    if (!blank) {
      if (blockStart === -1) blockStart = start;
      blockEnd = end;
    }
    const last = end >= text.length;
    if ((blank || last) && blockStart !== -1) {
      if (grouper.groups.length > limits.maxRecipients) break;
      const fields = parseHeaderBlock(dedent(text.slice(blockStart, blockEnd)));
      blockStart = -1;
      if (fields.length) {
        if (capFields(fields, limits.maxFieldLength)) fieldCut = true;
        grouper.add(fields);
      }
    }
    if (last) break;
    start = end + 1;
  }
  grouper.finish();
  let recipients = grouper.groups.filter(isRecipientGroup);
  if (recipients.length > limits.maxRecipients) {
    warnings.push(`more recipient groups than the maxRecipients limit (${limits.maxRecipients}): the rest ignored`);
    recipients = recipients.slice(0, limits.maxRecipients);
  }
  if (fieldCut) warnings.push(`a delivery-status field longer than maxFieldLength (${limits.maxFieldLength} characters): cut`);
  return { message: new HeaderList(grouper.messageFields), recipients: recipients.map((g) => new HeaderList(g)), warnings };
}

/** `type; value` → [type|null, value]; a value without a type keeps type null. */
export function splitTyped(value: string): [string | null, string] {
  const semi = value.indexOf(';');
  if (semi > 0) {
    const type = value.slice(0, semi).trim();
    // a type is one token (rfc822, smtp, dns, x-postfix, utf-8 ...), not "550 5.1.1 <a"
    if (/^[A-Za-z][A-Za-z0-9._-]{0,40}$/.test(type)) return [type, value.slice(semi + 1).trim()];
  }
  return [null, value.trim()];
}
