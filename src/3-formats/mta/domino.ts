// IBM/HCL Domino and the old Lotus SMTP MTA (native-formats.md §5.8).
// * Domino: `Subject: DELIVERY FAILURE: <reason>`; body `Your message` / `Subject: ...` /
//   `was not delivered to:` / `<addr>` / `because:` / `<reason>`; newer versions add a DSN part
//   (Diagnostic-Code type X-Notes).
// * Lotus SMTP MTA ("Notes"): `------- Failure Reasons  --------` / reason / address /
//   `------- Returned Message --------`.
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, joinText, returnedAfter, toLines } from '../readers/native-text.js';
import { attachHints, readDeliveryStatus } from '../readers/rfc3464.js';
import type { FormatModule, ParseContext, RowDraft } from '../readers/types.js';

const NOT_DELIVERED = 'was not delivered to:';
const BECAUSE = 'because:';
const SUBJECT = 'delivery failure:';
// Notes/Domino reason sentences and their meaning [SOE lhost-domino-*, lhost-notes-*]
const NOTES_REASONS: ReadonlyArray<readonly [string, Reason]> = [
  ['not listed in domino directory', 'userunknown'],
  ['not listed in public name & address book', 'userunknown'],
  ['no such user', 'userunknown'],
  ['maximum hop count exceeded', 'networkerror'], // routing loop between servers
];

function reasonOf(text: string): Reason | null {
  const low = text.toLowerCase();
  return NOTES_REASONS.find(([p]) => low.includes(p))?.[1] ?? null;
}

export const domino: FormatModule = {
  id: 'domino',
  description: 'IBM/HCL Domino bounces ("DELIVERY FAILURE:", "was not delivered to:" / "because:"), text or RFC 3464 with X-Notes diagnostics',
  markers: { text: [NOT_DELIVERED], subject: [SUBJECT] },
  score(msg) {
    const subject = msg.subject.toLowerCase();
    const text = msg.lowerHead;
    if (text.includes(NOT_DELIVERED) && text.includes(BECAUSE)) return subject.startsWith(SUBJECT) ? 90 : 60;
    if (subject.startsWith(SUBJECT) && msg.deliveryStatus.some((d) => d.text.toLowerCase().includes('x-notes;'))) return 80;
    return 0;
  },
  parse(msg, ctx: ParseContext) {
    if (msg.deliveryStatus.length) {
      const ds = readDeliveryStatus(msg, ctx.limits);
      if (ds.recipients.length) {
        for (const r of ds.recipients) r.reason ??= reasonOf(r.diagnosticCode ?? '');
        attachHints(msg, ds.recipients);
        return { kind: 'dsn', format: 'domino', reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate, recipients: ds.recipients, warnings: ds.warnings };
      }
    }
    const t = toLines(msg.text);
    const at = findLine(t, [NOT_DELIVERED]);
    const because = findLine(t, [BECAUSE], at + 1);
    if (at === -1 || because === -1) return null;
    const addresses = t.lines.slice(at + 1, because).map((l) => findAddress(l)).filter((a): a is string => !!a);
    let end = because + 1;
    while (end < t.lines.length && (t.lines[end].trim() === '' || /^\s/.test(t.lines[end])) && end < because + 40) end++;
    // the reason is the indented paragraph after "because:"; the subject repeats it
    const text = joinText(t.lines.slice(because + 1, end)) || msg.subject.replace(/^delivery failure:\s*/i, '');
    const rows: RowDraft[] = addresses.map((recipient) => ({ recipient, action: 'failed', diagnosticCode: text || null, reason: reasonOf(text) }));
    return rows.length ? { kind: 'dsn', format: 'domino', recipients: rows } : null;
  },
};

const FAILURE_REASONS = '------- failure reasons';
const RETURNED = ['------- returned message'];

export const notes: FormatModule = {
  id: 'notes',
  description: 'Lotus SMTP MTA bounces ("------- Failure Reasons --------" / "------- Returned Message --------")',
  markers: { text: [FAILURE_REASONS] },
  score(msg) {
    return 85;
  },
  parse(msg) {
    const t = toLines(msg.text);
    const start = findLine(t, [FAILURE_REASONS]);
    let end = findLine(t, RETURNED, start + 1);
    if (start === -1) return null;
    if (end === -1) end = t.lines.length;
    // reason line(s), then the address; repeated per recipient
    const rows: RowDraft[] = [];
    let reason: string[] = [];
    for (let i = start + 1; i < end; i++) {
      const line = t.lines[i].trim();
      if (!line) continue;
      const a = !/\s/.test(line) ? findAddress(line) : null;
      if (a) {
        const text = joinText(reason);
        rows.push({ recipient: a, action: 'failed', diagnosticCode: text || null, reason: reasonOf(text) });
        reason = [];
      } else reason.push(line);
    }
    return rows.length ? { kind: 'dsn', format: 'notes', recipients: rows, returned: msg.returned ?? returnedAfter(t, RETURNED) } : null;
  },
};
