// Row drafts from the format parsers → normalised table rows. The reason and the hard/soft
// verdict are left for the classify stage (src/5-classify), which src/8-pipeline/parse.ts
// runs next on each row.
import type { RowDraft } from '../3-formats/readers/types.js';
import type { Limits } from '../0-core/limits.js';
import type { ReturnedMessage } from '../2-mime/message.js';
import { decodeWords, type HeaderField } from '../2-mime/headers.js';
import { lowerDomain, toIsoDate } from '../0-core/address.js';
import type { Action, Kind, OriginalMessage, RecipientRow } from '../0-core/schema.js';
import { setOwn } from '../0-core/record.js';
import { findCommand, findFailureReplyCode, findReplyCode } from '../0-core/smtp.js';
import { findFailureStatusInText, findStatusInText, isGenericStatus, parseStatusField, preferStatus, statusClass, statusFromReplyCode } from '../0-core/status.js';

// RFC 5321 §4.5.3.1.3 allows 254 characters in a path; a longer "address" is garbage, kept
// in part (the raw value stays in `fields`).
const MAX_ADDRESS = 1024;

function cut(value: string | null | undefined, max: number, warnings: string[], what: string): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= max) return value;
  warnings.push(`${what} longer than maxFieldLength (${max} characters): cut`);
  return value.slice(0, max);
}

/** The raw fields, each value cut at `max`; the draft's own record when none needs it (the common case). */
function cutFields(raw: Record<string, string>, max: number, warnings: string[]): Record<string, string> {
  let fits = true;
  for (const k in raw) if (typeof raw[k] !== 'string' || raw[k].length > max) fits = false;
  if (fits) return raw;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) setOwn(fields, k, cut(v, max, warnings, `field ${k.slice(0, 80)}`) ?? '');
  return fields;
}

function actionFromStatus(status: string | null): Action | null {
  switch (statusClass(status)) {
    case '2':
      return 'delivered';
    case '4':
      return 'delayed';
    case '5':
      return 'failed';
    default:
      return null;
  }
}

/** last resort status by action (RFC 3464 Appendix B: a gateway falls back to X.0.0) */
function fallbackStatus(action: Action): string {
  if (action === 'failed') return '5.0.0';
  if (action === 'delayed') return '4.0.0';
  return '2.0.0';
}

type Base = Omit<RecipientRow, 'action' | 'status' | 'smtpReplyCode' | 'smtpCommand' | 'reason' | 'bounceType'>;
type Derived = Pick<RecipientRow, 'action' | 'status' | 'smtpReplyCode' | 'smtpCommand' | 'reason' | 'bounceType'>;

/** the row with its keys in the documented (schema) order */
function ordered(b: Base, d: Derived): RecipientRow {
  return {
    recipient: b.recipient,
    displayName: b.displayName,
    originalRecipient: b.originalRecipient,
    action: d.action,
    status: d.status,
    diagnosticType: b.diagnosticType,
    diagnosticCode: b.diagnosticCode,
    smtpReplyCode: d.smtpReplyCode,
    smtpCommand: d.smtpCommand,
    remoteMta: b.remoteMta,
    lastAttemptDate: b.lastAttemptDate,
    willRetryUntil: b.willRetryUntil,
    reason: d.reason,
    feedbackType: b.feedbackType,
    fields: b.fields,
    bounceType: d.bounceType,
  };
}

/** A normalised row and the further text its reason may be read from (the draft's hint, cut to the limit). */
export interface NormalizedRow {
  /** complete but for `reason` and `bounceType`, which the classify stage sets */
  row: RecipientRow;
  hint: string | null;
}

// the reason a row has until the classify stage has read it
const UNCLASSIFIED = 'undefined';

export function normalizeRow(d: RowDraft, kind: Kind, limits: Limits, warnings: string[]): NormalizedRow {
  const diagnosticCode = cut(d.diagnosticCode, limits.maxFieldLength, warnings, 'Diagnostic-Code');
  const hint = d.hint ? (d.hint.length > limits.maxFieldLength ? d.hint.slice(0, limits.maxFieldLength) : d.hint) : null;
  const fields = d.fields ? cutFields(d.fields, limits.maxFieldLength, warnings) : {};
  const base: Base = {
    recipient: lowerDomain(cut(d.recipient ?? '', MAX_ADDRESS, warnings, 'recipient address') ?? ''),
    displayName: cut(d.displayName, limits.maxFieldLength, warnings, 'display name'),
    originalRecipient: d.originalRecipient ? lowerDomain(cut(d.originalRecipient, MAX_ADDRESS, warnings, 'original recipient address') ?? '') : null,
    diagnosticType: cut(d.diagnosticType, limits.maxFieldLength, warnings, 'diagnostic type'),
    diagnosticCode,
    remoteMta: cut(d.remoteMta, limits.maxFieldLength, warnings, 'Remote-MTA'),
    lastAttemptDate: d.lastAttemptDate ?? null,
    willRetryUntil: d.willRetryUntil ?? null,
    feedbackType: d.feedbackType ?? null,
    fields,
  };

  if (kind !== 'dsn') {
    return { row: ordered(base, { action: null, status: null, smtpReplyCode: null, smtpCommand: null, reason: UNCLASSIFIED, bounceType: 'none' }), hint };
  }

  // a row the report calls failed or delayed is explained by a failure's codes, never by the
  // positive replies a transcript quotes before it (RFC 5321 §4.2.1, RFC 3463 §3.1: 2.X.X is success)
  const failing = d.action === 'failed' || d.action === 'delayed';
  const replyIn = failing ? findFailureReplyCode : findReplyCode;
  const statusIn = failing ? findFailureStatusInText : findStatusInText;
  // without a diagnostic of its own, the line of the human text that names this recipient
  // ("addr: 550 5.1.1 ..." in a list of several) speaks for it before the paragraph around it
  const own = diagnosticCode ? null : lineNaming(hint, base.recipient);
  const smtpReplyCode = d.smtpReplyCode ?? replyIn(diagnosticCode) ?? replyIn(own) ?? replyIn(hint);
  const smtpCommand = d.smtpCommand ?? findCommand(diagnosticCode) ?? findCommand(hint);
  const fieldStatus = parseStatusField(d.status);
  // a generic field (X.0.0: RFC 3463 §3.1 "other undefined status") yields to the code that
  // line states for the recipient (issue 15 item 4)
  const textStatus = statusIn(diagnosticCode) ?? (fieldStatus ? (isGenericStatus(fieldStatus) ? statusIn(own) : null) : (statusIn(own) ?? statusIn(hint)));
  let status = preferStatus(fieldStatus, textStatus, smtpReplyCode);
  let action = d.action ?? actionFromStatus(status) ?? actionFromStatus(statusFromReplyCode(smtpReplyCode)) ?? 'failed';
  if (!status) {
    const byReply = statusFromReplyCode(smtpReplyCode);
    // a reply code only speaks for the row when its class fits the action
    if (byReply && (action === 'failed' ? byReply[0] !== '2' : action === 'delayed' ? byReply[0] === '4' : byReply[0] === '2')) status = byReply;
    else status = fallbackStatus(action);
  }
  return { row: ordered(base, { action, status, smtpReplyCode, smtpCommand, reason: UNCLASSIFIED, bounceType: 'none' }), hint };
}

// how much of a line naming the recipient is read (a hostile line may be megabytes)
const MAX_OWN_LINE = 1000;

/** The line of `text` that names `recipient` (its first mention), bounded; null when none does. */
function lineNaming(text: string | null, recipient: string): string | null {
  if (!text || !recipient) return null;
  // as written first (the common case), then case aside: no lower-cased copy per row for nothing
  let at = text.indexOf(recipient);
  if (at === -1) at = text.toLowerCase().indexOf(recipient.toLowerCase());
  if (at === -1) return null;
  const from = text.lastIndexOf('\n', at) + 1;
  const nl = text.indexOf('\n', at);
  const to = Math.min(nl === -1 ? text.length : nl, from + MAX_OWN_LINE);
  return text.slice(from, to);
}

/** The returned original's summary (`original`: docs/architecture.md#the-recipient-status-table). */
export function originalFrom(returned: ReturnedMessage | null | undefined): OriginalMessage | null {
  if (!returned) return null;
  const h = returned.headers;
  if (!h.fields.length) return null;
  // each field by its lower-case key (HeaderList.firstField): get() lower-cased the name again,
  // and a closure a call read the decoded ones
  return {
    messageId: trimmedValue(h.firstField('message-id')),
    subject: decodedValue(h.firstField('subject')),
    from: decodedValue(h.firstField('from')),
    to: decodedValue(h.firstField('to')),
    cc: decodedValue(h.firstField('cc')),
    date: toIsoDate(h.firstField('date')?.value ?? null),
    contentClass: trimmedValue(h.firstField('content-class')),
  };
}

/** the field's value trimmed, null when absent or empty */
function trimmedValue(f: HeaderField | undefined): string | null {
  return f ? f.value.trim() || null : null;
}

/** the field's value with its RFC 2047 words decoded, trimmed, null when absent or empty */
function decodedValue(f: HeaderField | undefined): string | null {
  return f ? decodeWords(f.value).trim() || null : null;
}
