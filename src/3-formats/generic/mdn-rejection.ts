// A delivery agent's rejection sent as a message disposition notification (issue 15 item 6).
// RFC 5429 §2.1 (Sieve "reject") has the agent refuse a message it already accepted by
// sending an MDN (RFC 8098) whose disposition type is "deleted"; Pigeonhole (Dovecot's Sieve,
// lib-sieve/sieve-actions.c) and Cyrus (sieve/script.c) send it with the Subject
// "Automatically rejected mail", "Auto-Submitted: auto-replied (rejected)", a human part
// "Your message to <addr> was automatically rejected:" / "The following reason was given:",
// and Final-Recipient / Original-Recipient in the MDN part. RFC 3798 (obsoleted by 8098)
// also let a disposition carry "failed" or "error" modifiers for the same outcome. A read
// receipt ("displayed", "dispatched", "processed") is none of this.
import type { BounceMessage } from '../../2-mime/message.js';
import { decodeUnlabelled } from '../../2-mime/charset.js';
import { parseDeliveryStatus } from '../readers/dsn-fields.js';
import { findAddress, joinText, toLines } from '../readers/native-text.js';
import { rowFromGroup } from '../readers/rfc3464.js';
import { headerIncludes, headerNeedle, humanText } from '../readers/text-util.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

// RFC 8098 §3.2.6: "Disposition: action-mode/sending-mode; disposition-type[/modifier]".
// "deleted" is a rejection only when the agent did it (RFC 5429 §2.1: "automatic-action");
// done by hand ("manual-action", Outlook's "Not read:") the reader threw it away unread, and
// it had been delivered (RFC 8098 §3.2.6.2). RFC 3798's "failed"/"error" are failures either way.
const REJECTED_DISPOSITIONS = ['failed', 'error'];
const AGENT_DELETED = 'deleted';
const AUTOMATIC_ACTION = 'automatic-action';

/** Does an MDN's Disposition field (at a line's start) name a rejection? One pass, line by line. */
export function rejectedDisposition(mdn: string): boolean {
  for (const raw of mdn.split('\n')) {
    const line = raw.trimStart().toLowerCase();
    if (!line.startsWith('disposition')) continue;
    const colon = line.indexOf(':');
    if (colon === -1 || line.slice('disposition'.length, colon).trim() !== '') continue;
    const semi = line.indexOf(';', colon);
    const type = semi === -1 ? '' : line.slice(semi + 1);
    if (REJECTED_DISPOSITIONS.some((d) => type.includes(d))) return true;
    if (type.includes(AGENT_DELETED) && line.slice(colon + 1, semi).includes(AUTOMATIC_ACTION)) return true;
  }
  return false;
}
// Pigeonhole's and Cyrus's subject and Auto-Submitted value
const REJECT_SUBJECT = 'automatically rejected mail';
const REJECT_AUTO_SUBMITTED = headerNeedle('auto-submitted', 'rejected');
// the human part's sentences: Pigeonhole "Your message to <%s> was automatically rejected:",
// Cyrus and Dovecot's deliver "The following reason was given:"
const TO_SENTENCE = 'your message to';
const REASON_MARKERS = ['was automatically rejected:', 'the following reason was given:'];

/** The MDN part's text (RFC 8098 §3: message/disposition-notification), '' when there is none. */
function mdnText(msg: BounceMessage): string {
  return msg
    .leavesOfType('message/disposition-notification')
    .map((l) => decodeUnlabelled(l.body))
    .join('\n');
}

function isRejection(msg: BounceMessage): boolean {
  if (msg.reportType !== 'disposition-notification') return false;
  if (rejectedDisposition(mdnText(msg))) return true;
  return msg.lowerSubject.includes(REJECT_SUBJECT) || headerIncludes(msg, REJECT_AUTO_SUBMITTED);
}

/** The reason the human part gives: the text after its marker, to the end of that paragraph. */
function reasonText(text: string): string | null {
  const t = toLines(text);
  for (let i = 0; i < t.lines.length && i < 200; i++) {
    for (const m of REASON_MARKERS) {
      const at = t.lower[i].indexOf(m);
      if (at === -1) continue;
      const lines = [t.lines[i].slice(at + m.length)];
      for (let j = i + 1; j < t.lines.length && j < i + 20 && t.lines[j].trim(); j++) lines.push(t.lines[j]);
      return joinText(lines) || null;
    }
  }
  return null;
}

function recipientInText(text: string): string | null {
  const t = toLines(text);
  for (let i = 0; i < t.lines.length && i < 200; i++) {
    const at = t.lower[i].indexOf(TO_SENTENCE);
    if (at !== -1) return findAddress(t.lines[i].slice(at + TO_SENTENCE.length));
  }
  return null;
}

/** The returned message's recipient: Delivered-To (RFC 9228) or X-Original-To, else its single To. */
function returnedRecipient(msg: BounceMessage): string | null {
  const h = msg.returned?.headers;
  if (!h) return null;
  for (const name of ['original-recipient', 'x-original-to', 'delivered-to']) {
    const a = findAddress(h.get(name));
    if (a) return a;
  }
  const to = h.getAll('to');
  return to.length === 1 && !to[0].includes(',') ? findAddress(to[0]) : null;
}

function parseRejection(msg: BounceMessage): ParsedReport | null {
  const text = humanText(msg);
  const reason = reasonText(text);
  const fields = parseDeliveryStatus(mdnText(msg));
  const rows: RowDraft[] = [];
  // an MDN has one recipient group: its fields stand in the first block (RFC 8098 §3.1)
  const group = fields.recipients[0] ?? fields.message;
  const fromFields = group ? rowFromGroup(group) : null;
  const recipient = fromFields?.recipient || recipientInText(text) || returnedRecipient(msg);
  if (!recipient) return null;
  rows.push({
    recipient,
    originalRecipient: fromFields?.originalRecipient ?? null,
    action: 'failed',
    diagnosticCode: reason,
    hint: joinText(toLines(text).lines.slice(0, 40)) || null,
  });
  return { kind: 'dsn', format: 'mdn-rejection', recipients: rows };
}

export const mdnRejection: FormatModule = {
  id: 'mdn-rejection',
  description: 'a delivery agent\'s rejection sent as an RFC 8098 disposition notification (Sieve reject, RFC 5429: Pigeonhole, Cyrus)',
  markers: { headerValues: [['content-type', 'disposition-notification']] },
  // standard band (score.ts): a standard structure any delivery agent writes
  score: (msg) => (isRejection(msg) ? 20 : 0),
  parse: parseRejection,
};
