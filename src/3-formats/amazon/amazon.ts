// Amazon SES and Amazon WorkMail (docs/formats.md#amazon-family).
// * SES e-mail bounces: multipart/report from MAILER-DAEMON@...amazonses.com; the
//   Diagnostic-Code wraps the remote reply in SES's own summary
//   (`5.1.0 - Unknown address error 550-'5.7.1 ... Access denied' (delivery attempts: 0)`) or
//   appends the last reply of an expired message (`554 4.4.7 Message expired: unable to deliver
//   in 840 minutes.<421 4.4.2 Connection timed out>`): the remote reply is the real diagnosis.
// * SES event notifications sent by e-mail through SNS: a JSON object (`notificationType`
//   Bounce | Complaint | Delivery) in a text/plain body.
// * WorkMail: the same DSN fields written into the text part (quoted-printable).
import type { BounceMessage } from '../../2-mime/message.js';
import { cleanAddress, toIsoDate } from '../../0-core/address.js';
import type { Action, Kind, OriginalMessage, Reason } from '../../0-core/schema.js';
import { inlineDeliveryStatus, isSpace, toLines } from '../readers/native-text.js';
import { attachHints, mtaName, parseAction, readDeliveryStatus } from '../readers/rfc3464.js';
import { EVERY_MESSAGE, type FormatModule, type ParseContext, type ParsedReport, type RowDraft } from '../readers/types.js';

// `<summary> NNN-'<remote reply>'` inside an SES Diagnostic-Code
const QUOTED_REPLY = /\b([245]\d\d)-'([^']{1,2000})'/;
// `... Message expired ... <NNN x.y.z text>`: the last reply before SES gave up, matched
// from the text's last '<' to its end (anchored both ends: one linear try, no scan of starts)
const LAST_REPLY = /^<([245]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?\s([^<>]{0,1000})>$/;

/** The remote reply inside an SES/WorkMail diagnostic, as code, enhanced status and text. */
function innerReply(diag: string | null | undefined): { reply: string; status: string | null; text: string; quoted: boolean } | null {
  if (!diag) return null;
  const q = QUOTED_REPLY.exec(diag);
  if (q) {
    const status = /^\s{0,4}([245]\.\d{1,3}\.\d{1,3})\b/.exec(q[2])?.[1] ?? null;
    return { reply: q[1], status, text: `${q[1]} ${q[2].trim()}`, quoted: true };
  }
  const trimmed = diag.trim();
  const last = trimmed.lastIndexOf('<');
  const l = last === -1 ? null : LAST_REPLY.exec(trimmed.slice(last));
  if (l) return { reply: l[1], status: l[2] ?? null, text: `${l[1]} ${l[2] ? `${l[2]} ` : ''}${l[3].trim()}`, quoted: false };
  return null;
}

function refineRows(rows: RowDraft[]): void {
  for (const row of rows) {
    const inner = innerReply(row.diagnosticCode);
    if (!inner) continue;
    if (inner.quoted) {
      // SES's summary ("Unknown address error") is its guess; the quoted reply is the remote's
      // word (the summary stays in the raw Diagnostic-Code field)
      row.hint = null;
      row.diagnosticCode = inner.text;
    } else {
      // "Message expired: unable to deliver in N minutes.<last reply>": SES gave up (expired);
      // the last reply gives the code the expiry hid (RFC 3463 X.4.7 asks for the underlying cause)
      row.hint = inner.text;
      row.reason = 'expired';
    }
    row.smtpReplyCode = inner.reply;
    if (inner.status && inner.status[0] === inner.reply[0]) row.status = inner.status;
  }
}

// ---- SES event notifications (JSON) ----

// bounceSubType values whose meaning is definite [Amazon SES Developer Guide, "Amazon SNS
// notification contents"; docs/formats.md#amazon-family]; General / Undetermined are left to the diagnostic text
const SUBTYPE_REASONS: Record<string, Reason> = {
  NoEmail: 'userunknown',
  Suppressed: 'suppressed',
  OnAccountSuppressionList: 'suppressed',
  MailboxFull: 'mailboxfull',
  MessageTooLarge: 'mesgtoobig',
  ContentRejected: 'contenterror',
  AttachmentRejected: 'contenterror',
};

const MAX_JSON = 1024 * 1024;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The SES event in the body: bare, or inside an SNS envelope's "Message" string. */
function sesEvent(text: string): Json | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start || end - start > MAX_JSON) return null;
  let raw = text.slice(start, end + 1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // long lines broken by a relay with "!" + newline + space (a JSON string never holds a raw newline)
    raw = raw.replace(/!\n /g, '');
    try {
      parsed = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  let event = obj(parsed);
  if (event && typeof event.Message === 'string' && !event.notificationType) {
    try {
      event = obj(JSON.parse(event.Message));
    } catch {
      return null;
    }
  }
  return event && (event.notificationType || event.eventType) ? event : null;
}

function originalOf(event: Json): OriginalMessage | null {
  const mail = obj(event.mail);
  if (!mail) return null;
  const common = obj(mail.commonHeaders) ?? {};
  const list = (v: unknown) => arr(v).filter((x): x is string => typeof x === 'string').join(', ') || null;
  return {
    messageId: str(common.messageId) ?? (str(mail.messageId) ? `<${str(mail.messageId)}>` : null),
    subject: str(common.subject),
    from: list(common.from) ?? str(mail.source),
    to: list(common.to),
    cc: list(common.cc),
    date: toIsoDate(str(common.date)) ?? toIsoDate(str(mail.timestamp)),
    contentClass: null,
  };
}

function parseSesEvent(event: Json): ParsedReport | null {
  const type = str(event.notificationType) ?? str(event.eventType) ?? '';
  const original = originalOf(event);
  if (type === 'Bounce') {
    const bounce = obj(event.bounce) ?? {};
    const subtype = str(bounce.bounceSubType) ?? '';
    const permanent = str(bounce.bounceType) === 'Permanent';
    const rows: RowDraft[] = [];
    for (const r of arr(bounce.bouncedRecipients)) {
      const rec = obj(r);
      const address = cleanAddress(str(rec?.emailAddress));
      if (!rec || !address) continue;
      const diag = str(rec.diagnosticCode);
      const semi = diag ? diag.indexOf(';') : -1;
      const typed = diag && semi > 0 && semi < 20 && !/\s/.test(diag.slice(0, semi));
      rows.push({
        recipient: address,
        action: parseAction(str(rec.action)) ?? (permanent ? 'failed' : 'delayed'),
        status: str(rec.status),
        diagnosticType: typed ? diag!.slice(0, semi).trim().toLowerCase() : null,
        diagnosticCode: diag ? (typed ? diag.slice(semi + 1).trim() : diag) : null,
        lastAttemptDate: toIsoDate(str(bounce.timestamp)),
        reason: SUBTYPE_REASONS[subtype] ?? null,
        fields: Object.fromEntries(Object.entries(rec).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      });
    }
    refineRows(rows);
    return rows.length ? { kind: 'dsn', format: 'amazonses', reportingMta: mtaName(str(bounce.reportingMTA)), recipients: rows, original } : null;
  }
  if (type === 'Complaint') {
    const complaint = obj(event.complaint) ?? {};
    const feedbackType = str(complaint.complaintFeedbackType) ?? 'abuse';
    const rows: RowDraft[] = arr(complaint.complainedRecipients)
      .map((r) => cleanAddress(str(obj(r)?.emailAddress)))
      .filter(Boolean)
      .map((recipient) => ({ recipient, feedbackType, lastAttemptDate: toIsoDate(str(complaint.timestamp)) }));
    return rows.length ? { kind: 'feedback' as Kind, format: 'amazonses', recipients: rows, original } : null;
  }
  if (type === 'Delivery') {
    const delivery = obj(event.delivery) ?? {};
    const response = str(delivery.smtpResponse);
    const rows: RowDraft[] = arr(delivery.recipients)
      .map((r) => cleanAddress(str(r)))
      .filter(Boolean)
      .map((recipient) => ({
        recipient,
        action: 'delivered' as Action,
        diagnosticType: response ? 'smtp' : null,
        diagnosticCode: response,
        lastAttemptDate: toIsoDate(str(delivery.timestamp)),
      }));
    return rows.length ? { kind: 'dsn', format: 'amazonses', reportingMta: mtaName(str(delivery.reportingMTA)), recipients: rows, original } : null;
  }
  return null;
}

// ---- detection ----

export function isSnsNotification(msg: BounceMessage): boolean {
  const from = msg.lowerFrom;
  if (from.includes('@sns.amazonaws.com') || msg.headers.has('x-amz-sns-message-id')) return true;
  if (msg.subject === 'AWS Notification Message') return true;
  // the opening of the text after its leading white space, read in place: trimStart() made a
  // copy of the whole text of every message (the score is asked of all of them)
  const text = msg.plainText;
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  return text.startsWith('{"notificationType"', start) || text.slice(start, start + 200).includes('"Type" : "Notification"');
}

function fromSes(msg: BounceMessage): boolean {
  const from = msg.lowerFrom;
  return (from.includes('mailer-daemon@') && from.includes('amazonses.com')) || msg.headers.has('x-ses-outgoing');
}

const WORKMAIL_MAILER = 'amazon workmail';

function isWorkMail(msg: BounceMessage): boolean {
  return (msg.headers.get('x-mailer') ?? '').toLowerCase().startsWith(WORKMAIL_MAILER);
}

export const amazonses: FormatModule = {
  id: 'amazonses',
  description: 'Amazon SES: e-mail bounces (remote reply inside SES\'s summary) and SES event notifications (Bounce, Complaint, Delivery JSON sent through SNS)',
  // an SNS notification is recognised by its JSON body: the score reads it
  markers: EVERY_MESSAGE,
  score(msg) {
    if (isSnsNotification(msg)) return 90;
    if (fromSes(msg) && !isWorkMail(msg) && msg.deliveryStatus.length) return 80;
    return 0;
  },
  parse(msg, ctx: ParseContext) {
    if (!msg.deliveryStatus.length) {
      const event = sesEvent(msg.plainText);
      return event ? parseSesEvent(event) : null;
    }
    const ds = readDeliveryStatus(msg, ctx.limits);
    if (!ds.recipients.length) return null;
    attachHints(msg, ds.recipients);
    refineRows(ds.recipients);
    return { kind: 'dsn', format: 'amazonses', reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate, recipients: ds.recipients, warnings: ds.warnings };
  },
};

export const amazonworkmail: FormatModule = {
  id: 'amazonworkmail',
  description: 'Amazon WorkMail bounces (DSN fields written into the quoted-printable text part)',
  markers: { headerValues: [['x-mailer', WORKMAIL_MAILER]] },
  score(msg) {
    return isWorkMail(msg) ? 90 : 0;
  },
  parse(msg, ctx: ParseContext) {
    let rows: RowDraft[] = [];
    let reportingMta: string | null = null;
    if (msg.deliveryStatus.length) {
      const ds = readDeliveryStatus(msg, ctx.limits);
      rows = ds.recipients;
      reportingMta = ds.reportingMta;
    }
    if (!rows.length) {
      const inline = inlineDeliveryStatus(toLines(msg.plainText));
      if (!inline) return null;
      rows = inline.recipients;
      reportingMta = inline.reportingMta;
    }
    refineRows(rows);
    return { kind: 'dsn', format: 'amazonworkmail', reportingMta, recipients: rows };
  },
};
