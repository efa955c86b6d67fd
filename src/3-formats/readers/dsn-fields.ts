// RFC 3464 §2.1: message/delivery-status = per-message fields, then per-recipient groups,
// each preceded by a blank line. Real generators bend this (no per-message block, runs of
// blank lines, recipients not separated), so grouping is done field by field.
import { DEFAULT_LIMITS, type Limits } from '../../0-core/limits.js';
import { parseHeaderBlock, type HeaderField } from '../../2-mime/headers.js';
import { keySet } from './key-table.js';

export interface DeliveryStatusFields {
  /** the per-message fields (looked up by lower-case name, as a group's) */
  message: FieldGroup;
  recipients: FieldGroup[];
  /** limits hit while reading (maxFieldLength, maxRecipients) */
  warnings: string[];
}

// RFC 3464 §2.3 per-recipient fields, plus the per-recipient X- fields seen in the wild
// (docs/formats.md#delivery-status-fields).
const RECIPIENT_FIELDS = keySet([
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
const ADDRESS_FIELDS = keySet(['final-recipient', 'original-recipient', 'x-actual-recipient']);

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

/**
 * One recipient group's fields, looked up by lower-case name. A group holds a handful of
 * fields: a scan finds one as fast as an index would, and a report of 100,000 groups costs
 * no Map (and no list per name) for each of them.
 */
export class FieldGroup {
  constructor(readonly fields: HeaderField[]) {}

  /** first raw (unfolded) value of the field `key` (lower case), or null */
  get(key: string): string | null {
    for (const f of this.fields) if (f.key === key) return f.value;
    return null;
  }

  has(key: string): boolean {
    return this.get(key) !== null;
  }

  getAll(key: string): string[] {
    const out: string[] = [];
    for (const f of this.fields) if (f.key === key) out.push(f.value);
    return out;
  }
}

/**
 * Blocks of fields, in order, sorted into the per-message fields and per-recipient groups.
 * Each group is handed on as soon as it is complete (at the end of the block that opened it),
 * so a report's groups are never all held at once.
 */
class Grouper {
  readonly messageFields: HeaderField[] = [];
  /** groups opened so far (the maxRecipients check counts them) */
  opened = 0;
  private group: HeaderField[] | null = null;
  private groupHasFinal = false;
  private groupHasOriginal = false;
  /** a block that only says Original-Recipient belongs to the next group */
  private pendingOriginal: HeaderField[] = [];

  constructor(private readonly emit: (fields: HeaderField[]) => void) {}

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
        if (!RECIPIENT_FIELDS.has(f.key) && this.opened === 0) {
          // per-message fields written without the blank line before the first recipient
          this.messageFields.push(f);
          continue;
        }
        this.openGroup();
      } else if ((f.key === 'final-recipient' && this.groupHasFinal) || (f.key === 'original-recipient' && this.groupHasOriginal && this.groupHasFinal)) {
        // a second recipient written without a separating blank line
        this.openGroup();
      }
      this.group!.push(f);
      if (f.key === 'final-recipient') this.groupHasFinal = true;
      else if (f.key === 'original-recipient') this.groupHasOriginal = true;
    }
    // a group never goes on past its block
    this.close();
  }

  finish(): void {
    if (this.pendingOriginal.length) {
      this.opened++;
      this.emit(this.pendingOriginal);
      this.pendingOriginal = [];
    }
  }

  private openGroup(): void {
    this.close();
    const g = this.pendingOriginal;
    this.pendingOriginal = [];
    this.groupHasFinal = false;
    this.groupHasOriginal = false;
    for (const f of g) {
      if (f.key === 'final-recipient') this.groupHasFinal = true;
      else if (f.key === 'original-recipient') this.groupHasOriginal = true;
    }
    this.opened++;
    this.group = g;
  }

  private close(): void {
    if (this.group) this.emit(this.group);
    this.group = null;
  }
}

const isRecipientGroup = (g: HeaderField[]) => g.some((f) => ADDRESS_FIELDS.has(f.key) || f.key === 'action' || f.key === 'status');

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

/**
 * Read one delivery-status body (already transfer- and charset-decoded), handing each
 * recipient group to `onGroup` in order as soon as it is read; returns the per-message
 * fields. Field values are cut at maxFieldLength and reading stops after maxRecipients
 * groups, each with a warning. Blocks (runs of non-blank lines) are read where they stand in
 * the text, one pass.
 */
export function readDeliveryStatusGroups(
  text: string,
  limits: Pick<Limits, 'maxFieldLength' | 'maxRecipients'>,
  onGroup: (group: FieldGroup) => void,
): { message: FieldGroup; warnings: string[] } {
  const warnings: string[] = [];
  let fieldCut = false;
  let kept = 0;
  let over = false;
  const grouper = new Grouper((fields) => {
    if (!isRecipientGroup(fields)) return;
    if (kept >= limits.maxRecipients) over = true;
    else {
      kept++;
      onGroup(new FieldGroup(fields));
    }
  });
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
      if (grouper.opened > limits.maxRecipients) break;
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
  if (over) warnings.push(`more recipient groups than the maxRecipients limit (${limits.maxRecipients}): the rest ignored`);
  if (fieldCut) warnings.push(`a delivery-status field longer than maxFieldLength (${limits.maxFieldLength} characters): cut`);
  // a scan of a handful of fields, not a Map made for two look-ups (HeaderList)
  return { message: new FieldGroup(grouper.messageFields), warnings };
}

/** Parse one delivery-status body into its per-message fields and its recipient groups (readDeliveryStatusGroups, collected). */
export function parseDeliveryStatus(text: string, limits: Pick<Limits, 'maxFieldLength' | 'maxRecipients'> = DEFAULT_LIMITS): DeliveryStatusFields {
  const recipients: FieldGroup[] = [];
  const { message, warnings } = readDeliveryStatusGroups(text, limits, (g) => recipients.push(g));
  return { message, recipients, warnings };
}

/** `type; value` → [type|null, value]; a value without a type keeps type null. */
export function splitTyped(value: string): [string | null, string] {
  const semi = value.indexOf(';');
  // the common form "rfc822; a@b": a token at the start, then ';' (one test of its characters,
  // no slice, trim and pattern for the type)
  if (semi > 0 && semi <= 41 && isTypeToken(value, semi)) return [value.slice(0, semi), value.slice(semi + 1).trim()];
  if (semi > 0) {
    const type = value.slice(0, semi).trim();
    // a type is one token (rfc822, smtp, dns, x-postfix, utf-8 ...), not "550 5.1.1 <a"
    if (/^[A-Za-z][A-Za-z0-9._-]{0,40}$/.test(type)) return [type, value.slice(semi + 1).trim()];
  }
  return [null, value.trim()];
}

// [A-Za-z0-9._-] by character code, and the letters a type starts with
const TOKEN_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z]/.test(ch)) TOKEN_CHAR[c] = 2;
  else if (/[0-9._-]/.test(ch)) TOKEN_CHAR[c] = 1;
}

/** Is value[0, end) a type token as splitTyped's pattern reads one (a letter, then [A-Za-z0-9._-])? */
function isTypeToken(value: string, end: number): boolean {
  const first = value.charCodeAt(0);
  if (first >= 128 || TOKEN_CHAR[first] !== 2) return false;
  for (let i = 1; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || TOKEN_CHAR[c] === 0) return false;
  }
  return true;
}
