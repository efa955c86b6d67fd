// Last resort for bounces no generator module claimed (docs/architecture.md#format-selection): a
// message that says it is a delivery failure (sender or subject) and names the failed
// address after one of the sentences bounces use for it, or in X-Failed-Recipients, or in
// RFC 3464 fields written into the text. Format id `text`: the generator is unknown.
import type { BounceMessage } from '../../2-mime/message.js';
import { addressesInHeader, findAddress, inlineDeliveryStatus, joinText, toLines, uniqueRows } from '../readers/native-text.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

// senders and subjects of delivery reports, lower-case [SOE rfc3464-37, -39] and the subjects in docs/formats.md
const BOUNCE_SENDERS = ['mailer-daemon', 'postmaster', 'mail delivery', 'mail.delivery', 'mmsc'];
const BOUNCE_SUBJECTS = ['undeliver', 'delivery fail', 'delivery status', 'delivery notification', 'returned mail', 'returning to sender', 'returning message', 'failure notice', 'mail failed', 'not delivered', 'delivery problem', 'nondeliver', 'non-deliver', 'delivery error', 'mail delivery'];
// sentences after which a failed address follows on the same line or the next lines
const INTROS = [
  'did not reach the following recipient', // "Did not reach the following recipient: a@b"
  'failed addresses follow', // "|---- Failed addresses follow: ----|" then " a@b ... unknown host"
  'could not be delivered to', // "Could not be delivered to: <a@b>"
  'unable to deliver message to',
  'delivery failed:', // "Delivery failed: a@b"
  'following recipients returned permanent errors:',
  'delivery to the following recipient',
  'following address(es) failed',
  'was not delivered to',
  'recipient address:',
];
const MAX_FOLLOWING = 6;

function rowsAfterIntros(msg: BounceMessage): RowDraft[] {
  const t = toLines(msg.text);
  const rows: RowDraft[] = [];
  for (let i = 0; i < t.lines.length && i < 400; i++) {
    const low = t.lower[i];
    const intro = INTROS.find((p) => low.includes(p));
    if (!intro) continue;
    const rest = t.lines[i].slice(low.indexOf(intro) + intro.length);
    const sameLine = findAddress(rest);
    if (sameLine) {
      let after = rest.slice(rest.indexOf('@')).replace(/^[^\s]*\s*/, '').replace(/^[.\s:-]+/, '');
      if (!after) {
        // the details follow on the next lines of the paragraph
        const next: string[] = [];
        for (let j = i + 1; j < t.lines.length && j <= i + MAX_FOLLOWING && t.lines[j].trim(); j++) next.push(t.lines[j]);
        after = joinText(next);
      }
      rows.push({ recipient: sameLine, action: 'failed', diagnosticCode: after || null });
      continue;
    }
    // addresses on the following lines, each possibly followed by "... reason"
    for (let j = i + 1; j < t.lines.length && j <= i + MAX_FOLLOWING; j++) {
      const line = t.lines[j].trim();
      if (!line) {
        if (rows.length) break;
        continue;
      }
      if (line.startsWith('|') || line.startsWith('---')) break;
      const a = findAddress(line);
      if (!a) break;
      const after = line.slice(line.indexOf(a) + a.length).replace(/^[>\s.:,-]+/, '').trim();
      rows.push({ recipient: a, action: 'failed', diagnosticCode: after || null });
    }
  }
  return rows;
}

function parseFallback(msg: BounceMessage): ParsedReport | null {
  let rows = uniqueRows(rowsAfterIntros(msg));
  if (!rows.length) {
    const inline = inlineDeliveryStatus(toLines(msg.text));
    if (inline) return { kind: 'dsn', format: 'text', reportingMta: inline.reportingMta, recipients: inline.recipients };
  }
  if (!rows.length) rows = addressesInHeader(msg, 'x-failed-recipients').map((recipient) => ({ recipient, action: 'failed' }));
  if (!rows.length) return null;
  const text = joinText(toLines(msg.text).lines.slice(0, 60));
  for (const r of rows) r.hint = text || null;
  return { kind: 'dsn', format: 'text', recipients: rows, warnings: ['bounce from an unidentified generator: read by the generic text reader'] };
}

export const textFallback: FormatModule = {
  id: 'text',
  description: 'last resort: a delivery-failure message from an unidentified generator (failed address after a known sentence, X-Failed-Recipients, or inline DSN fields)',
  markers: { from: BOUNCE_SENDERS, subject: BOUNCE_SUBJECTS },
  score(msg) {
    if (msg.reportType === 'feedback-report') return 0;
    return 3;
  },
  parse: parseFallback,
};
