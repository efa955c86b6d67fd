// A MapiReport as a standard RFC 3464 / RFC 6522 multipart/report (.eml): the human-readable
// summary, a message/delivery-status part regenerated from the rows, and the returned
// headers as text/rfc822-headers. A qmail or Exchange 2003 text bounce thus becomes a DSN
// that any client, Exchange and Sisimai read. MIME assembly and encoding: nodemailer's
// MimeNode (mailparser's sibling library).
import { trimEndChars } from '../0-core/text.js';
import { createHash } from 'node:crypto';
import MimeNode from 'nodemailer/lib/mime-node';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import { HeaderList } from '../2-mime/headers.js';
import { splitHeaderBlock } from '../2-mime/parse.js';
import { decodeUnlabelled } from '../2-mime/charset.js';
import { PROPS, type PropDef } from '../6-mapi/properties.js';
import { diagnosticField, getProp, rekey } from '../6-mapi/status-recips.js';
import type { MapiRecipient, MapiReport } from '../6-mapi/schema.js';

export interface EmlOptions {
  /** the returned original's bytes (ParseOutcome.returnedBytes): its header block becomes the text/rfc822-headers part */
  returnedBytes?: Buffer | null;
}

/** report type → RFC 3464 Action (MS-OXCMAIL §2.1.3.6.1.1, the inverse of the reader's table) */
const ACTION: Record<string, string> = {
  NDR: 'failed',
  DR: 'delivered',
  'Delayed.DR': 'delayed',
  'Relayed.DR': 'relayed',
  'Expanded.DR': 'expanded',
};

/** per-recipient fields we write ourselves; any other raw field of the row is carried over as it was */
const REGENERATED = new Set([
  'original-recipient',
  'final-recipient',
  'action',
  'status',
  'remote-mta',
  'diagnostic-code',
  'last-attempt-date',
  'will-retry-until',
  'x-supplementary-info',
  'x-display-name',
]);

const NON_ASCII = /[^\x00-\x7f]/;
// a field value must stay on its line: drop CR, LF and other controls (values are unfolded already)
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f]+/g;

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** ISO 8601 → RFC 5322 date-time (`Wed, 11 Mar 2026 14:19:58 +0000`). */
function rfc5322Date(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toUTCString().replace(/GMT$/, '+0000');
}

function fieldLine(name: string, value: string): string {
  return foldLines(`${name}: ${value.replace(CONTROLS, ' ').trim()}`, 76);
}

function rawField(fields: Record<string, string>, name: string): string | null {
  for (const [k, v] of Object.entries(fields)) if (k.toLowerCase() === name) return v;
  return null;
}

function addressType(address: string): string {
  return NON_ASCII.test(address) ? 'utf-8' : 'rfc822';
}

function recipientGroup(rcpt: MapiRecipient, action: string): string[] {
  const d = rcpt.dsn;
  const lines: string[] = [];
  if (d.originalRecipient) lines.push(fieldLine('Original-Recipient', rawField(d.fields, 'original-recipient') ?? `${addressType(d.originalRecipient)}; ${d.originalRecipient}`));
  lines.push(fieldLine('Final-Recipient', `${addressType(d.finalRecipient)}; ${d.finalRecipient}`));
  lines.push(fieldLine('Action', action));
  // RFC 3464 requires Status; a row always has one for a DSN (normalisation falls back to X.0.0)
  lines.push(fieldLine('Status', d.status ?? (action === 'failed' ? '5.0.0' : action === 'delayed' ? '4.0.0' : '2.0.0')));
  const remote = rawField(d.fields, 'remote-mta') ?? (d.remoteMta ? `dns; ${d.remoteMta}` : null);
  if (remote) lines.push(fieldLine('Remote-MTA', remote));
  const diag = rawField(d.fields, 'diagnostic-code') ?? rebuiltDiagnostic(d);
  if (diag) lines.push(fieldLine('Diagnostic-Code', diag));
  const last = rawField(d.fields, 'last-attempt-date') ?? rfc5322Date(d.lastAttemptDate);
  if (last) lines.push(fieldLine('Last-Attempt-Date', last));
  const retry = rawField(d.fields, 'will-retry-until') ?? rfc5322Date(d.willRetryUntil);
  if (retry) lines.push(fieldLine('Will-Retry-Until', retry));
  for (const [k, v] of Object.entries(d.fields)) {
    if (!REGENERATED.has(k.toLowerCase()) && /^[!-9;-~]{1,76}$/.test(k)) lines.push(fieldLine(k, v));
  }
  // MS-OXCMAIL §2.1.3.6.1: X-Supplementary-Info from PidTagSupplementaryInfo; X-Display-Name when it differs from the address
  const supp = str(getProp(rcpt, PROPS.SupplementaryInfo));
  if (supp) lines.push(fieldLine('X-Supplementary-Info', supp));
  const name = str(getProp(rcpt, PROPS.DisplayName));
  if (name && name !== d.finalRecipient) lines.push(fieldLine('X-Display-Name', name));
  return lines;
}

/** A Diagnostic-Code for a row that had none written (native text): `smtp;` when the text is an SMTP reply. */
function rebuiltDiagnostic(d: MapiRecipient['dsn']): string | null {
  const text = diagnosticField({ diagnosticType: d.diagnosticType, diagnosticCode: d.diagnosticCode, fields: {} });
  if (!text || d.diagnosticType) return text;
  return /^[245]\d\d[ -]/.test(text) ? `smtp; ${text}` : `X-Text; ${text}`;
}

function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1) : null;
}

/** The message/delivery-status body (RFC 3464 §2.1): per-message fields, then one group per row. */
export function deliveryStatusBody(report: MapiReport): string {
  const r = rekey(report, 'pidtag');
  const action = ACTION[r.reportType] ?? 'failed';
  const mta = r.dsn.reportingMta ?? domainOf(str(getProp(r.properties, PROPS.SenderEmailAddress))) ?? 'localhost';
  const message = [fieldLine('Reporting-MTA', `dns; ${mta}`)];
  const arrival = rfc5322Date(r.dsn.arrivalDate);
  if (arrival) message.push(fieldLine('Arrival-Date', arrival));
  const blocks = [message.join('\r\n'), ...r.recipients.map((rc) => recipientGroup(rc, action).join('\r\n'))];
  return `${blocks.join('\r\n\r\n')}\r\n`;
}

/** The returned header block: the original's own when the bounce returned it whole, else rebuilt from what the bounce told. */
function returnedHeaders(report: MapiReport, returnedBytes: Buffer | null | undefined): string | null {
  if (returnedBytes && returnedBytes.length) {
    const { header } = splitHeaderBlock(returnedBytes);
    const crlf = decodeUnlabelled(header).replace(/\r?\n/g, '\r\n');
    const text = trimEndChars(crlf, '\r\n');
    // an mbox-saved original may start with a From_ line: not a header
    const lines = text.startsWith('From ') ? text.slice(text.indexOf('\r\n') + 2) : text;
    if (lines.trim()) return `${lines}\r\n`;
  }
  const o = report.dsn.original;
  if (!o) return null;
  const out: string[] = [];
  const add = (name: string, value: string | null) => {
    if (value) out.push(fieldLine(name, value));
  };
  add('Message-ID', o.messageId);
  add('Date', rfc5322Date(o.date));
  add('From', o.from);
  add('To', o.to);
  add('Cc', o.cc);
  add('Subject', o.subject);
  add('Content-Class', o.contentClass);
  return out.length ? `${out.join('\r\n')}\r\n` : null;
}

function reportMessageId(r: MapiReport): string {
  const label = r.reportType.toLowerCase().replace(/\./g, '-');
  const id = r.dsn.messageId?.trim().replace(/^<|>$/g, '') ?? '';
  const at = id.lastIndexOf('@');
  if (at > 0 && /^[!-~]{3,900}$/.test(id) && !id.includes('<') && !id.includes('>')) return `<${id.slice(0, at)}.${label}${id.slice(at)}>`;
  const h = createHash('sha256').update(`${r.source}\0${r.reportType}\0${str(getProp(r.properties, PROPS.TransportMessageHeaders)) ?? ''}`).digest('hex');
  return `<${h.slice(0, 32)}.${label}@bouncemapi.invalid>`;
}

function mailbox(name: string | null, address: string | null): { name: string; address: string } | null {
  if (!address) return null;
  return { name: name && name !== address ? name : '', address };
}

/** Render one report as an RFC 3464 multipart/report message (CRLF line ends). */
export async function renderEml(report: MapiReport, options: EmlOptions = {}): Promise<Buffer> {
  const r = rekey(report, 'pidtag');
  const p = r.properties;
  const get = (prop: PropDef) => str(getProp(p, prop));
  const messageId = reportMessageId(r);
  const boundaryBase = createHash('sha256').update(messageId).digest('hex').slice(0, 24);
  const dsnBody = deliveryStatusBody(r);
  // non-ASCII addresses or diagnostics need RFC 6533's global form (UTF-8 allowed), named in report-type too (RFC 6533 §6)
  const global = NON_ASCII.test(dsnBody);
  const reportType = global ? 'global-delivery-status' : 'delivery-status';
  const root = new MimeNode(`multipart/report; report-type=${reportType}`, { newline: 'win', baseBoundary: boundaryBase });

  const sender = get(PROPS.SenderEmailAddress);
  const reportingMta = r.dsn.reportingMta;
  const from = mailbox(get(PROPS.SenderName), sender) ?? { name: 'Mail Delivery System', address: `MAILER-DAEMON@${reportingMta ?? 'localhost'}` };
  // the report goes to the original's sender (MAPI: PR_REPORT_ENTRYID else the sender, docs/mapi.md#report-message), else to whom the bounce went
  const bounceTo = HeaderList.parse(get(PROPS.TransportMessageHeaders) ?? '').get('to');
  const to = mailbox(get(PROPS.OriginalSenderName), get(PROPS.OriginalSenderEmailAddress)) ?? bounceTo;
  const date = get(PROPS.ClientSubmitTime);
  const inReplyTo = get(PROPS.InReplyToId);
  root.setHeader('From', from);
  if (to) root.setHeader('To', to);
  root.setHeader('Subject', get(PROPS.Subject) ?? '');
  if (date) root.setHeader('Date', new Date(date));
  root.setHeader('Message-ID', messageId);
  if (inReplyTo) {
    root.setHeader('In-Reply-To', inReplyTo);
    root.setHeader('References', get(PROPS.InternetReferences) ?? inReplyTo);
  }
  root.setHeader('Auto-Submitted', 'auto-replied'); // RFC 3834 §5

  root.createChild('text/plain; charset=utf-8').setContent(get(PROPS.Body) ?? '');

  const dsnPart = root.createChild(global ? 'message/global-delivery-status' : 'message/delivery-status');
  if (global) dsnPart.setHeader('Content-Transfer-Encoding', '8bit');
  dsnPart.setContent(dsnBody);

  const headers = returnedHeaders(r, options.returnedBytes);
  if (headers) {
    // raw UTF-8 header fields (EAI addresses, unencoded subjects) are RFC 6533's message/global-headers
    if (NON_ASCII.test(headers)) root.createChild('message/global-headers').setHeader('Content-Transfer-Encoding', '8bit').setContent(headers);
    else root.createChild('text/rfc822-headers').setContent(headers);
  }

  let out = await root.build();
  if (r.reportType === 'NDR') {
    // Exchange Online marks its NDRs with this header, empty (docs/mapi.md#eml-writer); MimeNode drops empty headers, so it goes in front
    out = Buffer.concat([Buffer.from('X-MS-Exchange-Message-Is-Ndr:\r\n'), out]);
  }
  return out;
}
