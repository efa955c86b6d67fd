// Oracle/Sun Java System Messaging Server and its ancestor PMDF (docs/formats.md#messagingserver)
// [SOE lhost-messagingserver-*]: `Subject: Delivery Notification: Delivery has failed`,
// `This report relates to a message you sent with the following header fields:`, per
// recipient `Recipient address:` / `Reason:` / `Diagnostic code: smtp;550 ...` /
// `Remote system: dns;...`, and the RFC 3464 fields either in a DSN part or written into the
// same text part.
import type { BounceMessage } from '../../2-mime/message.js';
import { findAddress, hasMarker, inlineDeliveryStatus, textLines } from '../readers/native-text.js';
import { attachHints, mtaName, readDeliveryStatus } from '../readers/rfc3464.js';
import { splitTyped } from '../readers/dsn-fields.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

const INTRO = 'this report relates to a message you sent with the following header fields';
const SUBJECT = 'Delivery Notification: ';

function textRows(msg: BounceMessage): RowDraft[] {
  const t = msg.view(textLines);
  const rows: RowDraft[] = [];
  let current: RowDraft | null = null;
  for (let i = 0; i < t.lines.length; i++) {
    const line = t.lines[i].trim();
    const low = t.lower[i].trim();
    if (low.startsWith('recipient address:')) {
      const a = findAddress(line.slice(line.indexOf(':') + 1));
      current = a ? { recipient: a, action: 'failed' } : null;
      if (current) rows.push(current);
    } else if (current && low.startsWith('reason:')) current.hint = line.slice(7).trim();
    else if (current && low.startsWith('diagnostic code:')) {
      const [type, text] = splitTyped(line.slice(line.indexOf(':') + 1).trim());
      current.diagnosticType = type?.toLowerCase() ?? null;
      current.diagnosticCode = text || null;
    } else if (current && low.startsWith('remote system:')) current.remoteMta = mtaName(line.slice(line.indexOf(':') + 1).trim());
    else if (/^(reporting-mta|action|final-recipient|original-envelope-id)\s{0,4}:/.test(low)) break;
  }
  return rows;
}

function parseMessagingServer(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  const text = textRows(msg);
  let rows: RowDraft[] = [];
  let reportingMta: string | null = null;
  let arrivalDate: string | null = null;
  if (msg.deliveryStatus.length) {
    const ds = readDeliveryStatus(msg, ctx.limits);
    rows = ds.recipients;
    reportingMta = ds.reportingMta;
    arrivalDate = ds.arrivalDate;
  }
  if (!rows.length) {
    const inline = inlineDeliveryStatus(msg.view(textLines));
    if (inline) {
      rows = inline.recipients;
      reportingMta = inline.reportingMta;
    }
  }
  if (!rows.length) rows = text;
  if (!rows.length) return null;
  const byAddress = new Map(text.map((r) => [r.recipient.toLowerCase(), r]));
  for (const row of rows) {
    const tr = byAddress.get(row.recipient.toLowerCase());
    if (!tr || tr === row) continue;
    if (!row.diagnosticCode) {
      row.diagnosticCode = tr.diagnosticCode ?? null;
      row.diagnosticType ??= tr.diagnosticType ?? null;
    }
    row.hint ??= tr.hint ?? null;
  }
  attachHints(msg, rows);
  return { kind: 'dsn', format: 'messagingserver', reportingMta, arrivalDate, recipients: rows };
}

export const messagingserver: FormatModule = {
  id: 'messagingserver',
  description: 'Oracle/Sun Messaging Server and PMDF bounces ("This report relates to a message you sent ...")',
  markers: { text: [INTRO], subject: [SUBJECT.toLowerCase()] },
  score(msg) {
    const text = msg.lowerHead;
    if (hasMarker(text, [INTRO])) return 75;
    return msg.subject.startsWith(SUBJECT) && msg.deliveryStatus.length ? 40 : 0;
  },
  parse: parseMessagingServer,
};

