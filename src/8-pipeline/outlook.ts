// An Outlook item (.msg) given as input, recognised by content (a Compound File): a delivery
// report item gives its rows back as StatusRecips was given them (src/6-mapi/report-item.ts);
// a read receipt is recognised and gives no rows; any other item (an IPM.Note holding a
// forwarded or saved bounce, an attached .eml or embedded message) is written out as the MIME
// message it stands for and read like any other (docs/mapi.md#reading-report-items).
import type { Limits } from '../0-core/limits.js';
import type { ParseResult } from '../0-core/schema.js';
import { toIsoDate } from '../0-core/address.js';
import type { BounceMessage } from '../2-mime/message.js';
import { readMsgItem, isCompoundFile, type MsgItem } from '../2-mime/msg-item.js';
import { isTnef, readTnef } from '../2-mime/tnef.js';
import type { ParsedReport } from '../3-formats/readers/types.js';
import { PROPS } from '../6-mapi/properties.js';
import { itemKind, reportFromItem } from '../6-mapi/report-item.js';
import type { ParseOutcome } from './parse.js';
import { emptyResult, errorResult, fillTable } from './result.js';

// an item's properties by their ids in the MAPI property table
const PID = Object.fromEntries(Object.entries(PROPS).map(([k, p]) => [k, p.id])) as Record<keyof typeof PROPS, number>;

/** Header fields of the transport headers that describe the item's old MIME body, not the one written here. */
const BODY_FIELDS = new Set(['content-type', 'content-transfer-encoding', 'mime-version', 'content-disposition']);

/** The transport headers (PidTagTransportMessageHeaders) without their body-describing fields, CRLF lines. */
function keptHeaders(raw: string): string[] {
  const out: string[] = [];
  let keep = true;
  for (const line of raw.split(/\r?\n/)) {
    if (!line) continue;
    if (line[0] === ' ' || line[0] === '\t') {
      if (keep) out.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    keep = colon > 0 && !BODY_FIELDS.has(line.slice(0, colon).trim().toLowerCase());
    if (keep) out.push(line);
  }
  return out;
}

/** A header value on one line (no control characters from the item's strings). */
const oneLine = (s: string) => s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();

/** The item as a MIME message: its headers, its text, and its attached messages as message/rfc822 parts. */
function itemToMime(item: MsgItem, depth: number, maxDepth: number): Buffer {
  const p = item.props;
  const transport = p.string(PID.TransportMessageHeaders);
  const headers = transport ? keptHeaders(transport) : [];
  if (!transport) {
    const from = p.string(PID.SenderEmailAddress);
    const name = p.string(PID.SenderName);
    if (from) headers.push(`From: ${name && name !== from ? `"${oneLine(name).replace(/"/g, '')}" ` : ''}<${oneLine(from)}>`);
    const to = p.string(PID.DisplayTo);
    if (to) headers.push(`To: ${oneLine(to)}`);
    const subject = p.string(PID.Subject);
    if (subject) headers.push(`Subject: ${oneLine(subject)}`);
    const date = toIsoDate(p.string(PID.ClientSubmitTime));
    if (date) headers.push(`Date: ${new Date(date).toUTCString().replace('GMT', '+0000')}`);
    const id = p.string(PID.InternetMessageId);
    if (id) headers.push(`Message-ID: ${oneLine(id)}`);
  }
  const boundary = `=_bouncemapi_item_${depth}`;
  const parts: Buffer[] = [];
  const body = p.string(PID.Body);
  const html = p.binary(PID.Html) ?? (p.string(PID.Html) !== null ? Buffer.from(p.string(PID.Html)!, 'utf8') : null);
  if (body !== null) parts.push(Buffer.from(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`, 'utf8'));
  else if (html) parts.push(Buffer.concat([Buffer.from('Content-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'), html, Buffer.from('\r\n')]));
  for (const a of item.attachments) {
    const inner = attachedMessage(a, depth, maxDepth);
    if (inner) parts.push(Buffer.concat([Buffer.from('Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n'), inner, Buffer.from('\r\n')]));
  }
  const head = [...headers, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`].join('\r\n');
  const chunks: Buffer[] = [Buffer.from(`${head}\r\n\r\n`)];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\n`), part);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** An attachment that is a message: embedded (PR_ATTACH_METHOD 5), an attached .eml, or an attached .msg. */
function attachedMessage(a: MsgItem['attachments'][number], depth: number, maxDepth: number): Buffer | null {
  if (a.embedded) return depth + 1 < maxDepth ? itemToMime(a.embedded, depth + 1, maxDepth) : null;
  const data = a.props.binary(PID.AttachDataBinary);
  if (!data || !data.length) return null;
  const name = (a.props.string(PID.AttachLongFilename) ?? a.props.string(PID.AttachFilename) ?? '').toLowerCase();
  const tag = (a.props.string(PID.AttachMimeTag) ?? '').toLowerCase();
  if (tag === 'message/rfc822' || name.endsWith('.eml')) return data;
  if (isCompoundFile(data) && depth + 1 < maxDepth) {
    try {
      return itemToMime(readMsgItem(data, { maxDepth: maxDepth - depth - 1, maxObjects: 2048 }), depth + 1, maxDepth);
    } catch {
      return null;
    }
  }
  return null;
}

/** The first delivery report item embedded in `item` (a forwarded or saved NDR), depth first. */
function embeddedReport(item: MsgItem, depth: number, maxDepth: number): MsgItem | null {
  if (depth >= maxDepth) return null;
  for (const a of item.attachments) {
    if (!a.embedded) continue;
    if (itemKind(a.embedded).action) return a.embedded;
    const deeper = embeddedReport(a.embedded, depth + 1, maxDepth);
    if (deeper) return deeper;
  }
  return null;
}

function reportOutcome(item: MsgItem, source: string, limits: Limits, note: string | null, explain: boolean): ParseOutcome {
  const kind = itemKind(item);
  const read = reportFromItem(item, kind.action!);
  const result: ParseResult = {
    ...emptyResult(source),
    warnings: note ? [note] : [],
    messageId: read.messageId,
    date: read.date,
    subject: read.subject,
    from: read.from,
    headerBlock: read.headerBlock,
    original: read.report.original ?? null,
  };
  fillTable(result, read.report, limits, explain);
  // the original, when the item carries it (an NDR embeds it as attachment 0), for writers that embed it
  const original = item.attachments.map((a) => attachedMessage(a, 0, limits.maxMimeDepth)).find((b) => b !== null) ?? null;
  return { result, returnedBytes: original };
}

/** Parse an Outlook item; `analyzeMime` reads the MIME message an ordinary item stands for. */
export async function analyzeOutlookItem(bytes: Buffer, source: string, limits: Limits, analyzeMime: (mime: Buffer) => Promise<ParseOutcome>, explain = false): Promise<ParseOutcome> {
  let item: MsgItem;
  try {
    item = readMsgItem(bytes, { maxDepth: limits.maxMimeDepth, maxObjects: Math.min(2048, limits.maxRecipients) });
  } catch (e) {
    return { result: errorResult(source, `${(e as Error).message}`), returnedBytes: null };
  }
  const kind = itemKind(item);
  if (kind.readReceipt) {
    return { result: { ...emptyResult(source), warnings: [`a read receipt (${kind.messageClass}): it reports reading, not delivery`], subject: item.props.string(PID.Subject) }, returnedBytes: null };
  }
  if (kind.action) return reportOutcome(item, source, limits, null, explain);
  const inner = embeddedReport(item, 0, limits.maxMimeDepth);
  if (inner) return reportOutcome(inner, source, limits, `report read from the report item embedded in this Outlook item (${kind.messageClass})`, explain);
  const outcome = await analyzeMime(itemToMime(item, 0, limits.maxMimeDepth));
  const result = { ...outcome.result, warnings: [`read from an Outlook item (${kind.messageClass}) as the MIME message it stands for`, ...outcome.result.warnings] };
  return { ...outcome, result };
}

/** Media types and the file name a TNEF part goes by (MS-OXTNEF §1; winmail.dat by convention). */
const TNEF_TYPES = new Set(['application/ms-tnef', 'application/vnd.ms-tnef']);

/** The delivery report a message carries as a TNEF part (a report Exchange kept in MAPI form), or null. */
export function reportFromTnef(msg: BounceMessage, limits: Limits): ParsedReport | null {
  for (const leaf of msg.leaves) {
    if (!TNEF_TYPES.has(leaf.contentType) && (leaf.filename ?? '').toLowerCase() !== 'winmail.dat') continue;
    if (!isTnef(leaf.body)) continue;
    let item: MsgItem;
    try {
      item = readTnef(leaf.body, { maxObjects: Math.min(2048, limits.maxRecipients) });
    } catch {
      continue;
    }
    const kind = itemKind(item);
    if (kind.action) return reportFromItem(item, kind.action).report;
  }
  return null;
}
