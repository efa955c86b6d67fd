// RFC 5965 Abuse Reporting Format: multipart/report; report-type=feedback-report with a
// message/feedback-report part (Feedback-Type, Original-Rcpt-To, ...) and the reported
// message. A complaint, never a bounce: kind 'feedback', one row per complained-about
// address (docs/formats.md#arf; docs/architecture.md#the-recipient-status-table). Also Hotmail's
// older JMRP complaints, which carry only the reported message with X-HmXmrOriginalRecipient.
import { HeaderList } from '../../2-mime/headers.js';
import { decodeText } from '../../2-mime/charset.js';
import { lfLineEnds } from '../../2-mime/line-ends.js';
import type { BounceMessage } from '../../2-mime/message.js';
import { cleanAddress, toIsoDate } from '../../0-core/address.js';
import { findAddress } from '../readers/native-text.js';
import { mtaName } from '../readers/rfc3464.js';
import { EVERY_MESSAGE, type FormatModule, type ParsedReport, type RowDraft } from '../readers/types.js';
import { addField } from '../../0-core/record.js';

const REPORT_TYPES = new Set(['message/feedback-report']);

function reportFields(msg: BounceMessage): HeaderList | null {
  const leaf = msg.leaves.find((l) => REPORT_TYPES.has(l.contentType));
  if (!leaf) return null;
  return HeaderList.parse(lfLineEnds(decodeText(leaf.body, leaf.charset)));
}

/** The addressees of the reported message (To, then Cc). */
function reportedAddressees(msg: BounceMessage): string[] {
  const h = msg.returned?.headers;
  if (!h) return [];
  // Hotmail JMRP keeps the real recipient in its own header [SOE arf-23]
  const hm = h.get('x-hmxmroriginalrecipient');
  if (hm) return [cleanAddress(hm)].filter(Boolean);
  const out: string[] = [];
  for (const v of [...h.getAll('to'), ...h.getAll('cc')]) {
    for (const piece of v.split(',')) {
      const a = findAddress(piece);
      if (a && !out.includes(a)) out.push(a);
    }
  }
  return out;
}

function parseArf(msg: BounceMessage): ParsedReport | null {
  const fields = reportFields(msg);
  const feedbackType = (fields?.get('feedback-type') ?? 'abuse').trim().toLowerCase();
  // RFC 5965 §3.2: Original-Rcpt-To (one per recipient) names who received the reported message
  let recipients = (fields?.getAll('original-rcpt-to') ?? []).map((v) => cleanAddress(v)).filter(Boolean);
  if (!recipients.length) recipients = (fields?.getAll('removal-recipient') ?? []).map((v) => cleanAddress(v)).filter(Boolean);
  if (!recipients.length) recipients = reportedAddressees(msg);
  const warnings: string[] = [];
  if (!recipients.length) {
    // providers often redact the complainant ("To: <Undisclosed Recipients>"): still one
    // complaint, about an address the report does not give
    recipients = [''];
    warnings.push('feedback report names no complained-about address (redacted)');
  }
  const raw: Record<string, string> = {};
  for (const f of fields?.fields ?? []) addField(raw, f.name, f.value);
  const rows: RowDraft[] = [...new Set(recipients)].map((recipient) => ({ recipient, feedbackType, fields: raw }));
  return {
    kind: 'feedback',
    format: 'arf',
    reportingMta: mtaName(fields?.get('reporting-mta') ?? null),
    arrivalDate: toIsoDate(fields?.get('arrival-date') ?? fields?.get('received-date') ?? null),
    recipients: rows,
    warnings,
  };
}

/** Hotmail's JMRP complaint: "complaint about message from <ip>" with the message attached. */
function isJmrp(msg: BounceMessage): boolean {
  return msg.lowerFrom.includes('@hotmail.com') && msg.lowerSubject.includes('complaint about message from') && !!msg.returned;
}

export const arf: FormatModule = {
  id: 'arf',
  description: 'RFC 5965 feedback reports (abuse complaints, FBL), and Hotmail JMRP complaints: kind feedback',
  // a part's media type is no marker kind: the score reads the parts
  markers: EVERY_MESSAGE,
  score(msg) {
    if (msg.reportType === 'feedback-report' || msg.leaves.some((l) => REPORT_TYPES.has(l.contentType))) return 95;
    return isJmrp(msg) ? 90 : 0;
  },
  parse: parseArf,
};
