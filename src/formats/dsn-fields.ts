// RFC 3464 §2.1: message/delivery-status = per-message fields, then per-recipient groups,
// each preceded by a blank line. Real generators bend this (no per-message block, runs of
// blank lines, recipients not separated), so grouping is done field by field.
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { HeaderList, parseHeaderBlock, type HeaderField } from '../mime/headers.js';

export interface DeliveryStatusFields {
  message: HeaderList;
  recipients: HeaderList[];
  /** limits hit while reading (maxFieldLength, maxRecipients) */
  warnings: string[];
}

// RFC 3464 §2.3 per-recipient fields, plus the per-recipient X- fields seen in the wild
// (native-formats.md §1.2.3).
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

function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') {
      if (current.length) blocks.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
    if (end >= text.length) break;
  }
  if (current.length) blocks.push(current.join('\n'));
  return blocks;
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
 * Parse one delivery-status body (already transfer- and charset-decoded). Field values are
 * cut at maxFieldLength and reading stops after maxRecipients groups, each with a warning.
 */
export function parseDeliveryStatus(text: string, limits: Pick<Limits, 'maxFieldLength' | 'maxRecipients'> = DEFAULT_LIMITS): DeliveryStatusFields {
  const warnings: string[] = [];
  let fieldCut = false;
  const messageFields: HeaderField[] = [];
  const groups: HeaderField[][] = [];
  let group: HeaderField[] | null = null;
  let groupKeys = new Set<string>();
  // a block that only says Original-Recipient belongs to the next group
  let pendingOriginal: HeaderField[] = [];

  const openGroup = (): HeaderField[] => {
    const g = [...pendingOriginal];
    groupKeys = new Set(g.map((f) => f.key));
    pendingOriginal = [];
    groups.push(g);
    return g;
  };

  for (const block of splitBlocks(text)) {
    if (groups.length > limits.maxRecipients) break;
    const fields = parseHeaderBlock(block);
    if (!fields.length) continue;
    if (capFields(fields, limits.maxFieldLength)) fieldCut = true;
    const isRecipientBlock = fields.some((f) => RECIPIENT_FIELDS.has(f.key));
    if (!isRecipientBlock) {
      // per-message block (or stray X- fields): they describe the message
      messageFields.push(...fields);
      group = null;
      continue;
    }
    const onlyOriginal = fields.every((f) => f.key === 'original-recipient' || !RECIPIENT_FIELDS.has(f.key));
    if (onlyOriginal && fields.some((f) => f.key === 'original-recipient')) {
      pendingOriginal.push(...fields);
      group = null;
      continue;
    }
    group = null;
    for (const f of fields) {
      if (!group) {
        if (!RECIPIENT_FIELDS.has(f.key) && groups.length === 0) {
          // per-message fields written without the blank line before the first recipient
          messageFields.push(f);
          continue;
        }
        group = openGroup();
      } else if (
        (f.key === 'final-recipient' && groupKeys.has('final-recipient')) ||
        (f.key === 'original-recipient' && groupKeys.has('original-recipient') && groupKeys.has('final-recipient'))
      ) {
        // a second recipient written without a separating blank line
        group = openGroup();
      }
      group.push(f);
      groupKeys.add(f.key);
    }
  }
  if (pendingOriginal.length) groups.push(pendingOriginal);
  let recipients = groups.filter((g) => g.some((f) => ADDRESS_FIELDS.has(f.key) || f.key === 'action' || f.key === 'status'));
  if (recipients.length > limits.maxRecipients) {
    warnings.push(`more recipient groups than the maxRecipients limit (${limits.maxRecipients}): the rest ignored`);
    recipients = recipients.slice(0, limits.maxRecipients);
  }
  if (fieldCut) warnings.push(`a delivery-status field longer than maxFieldLength (${limits.maxFieldLength} characters): cut`);
  return { message: new HeaderList(messageFields), recipients: recipients.map((g) => new HeaderList(g)), warnings };
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
