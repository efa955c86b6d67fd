// IBM/HCL Domino and the old Lotus SMTP MTA (docs/formats.md#domino).
// * Domino: `Subject: DELIVERY FAILURE: <reason>`; body `Your message` / `Subject: ...` /
//   `was not delivered to:` / `<addr>` / `because:` / `<reason>`; newer versions add a DSN part
//   (Diagnostic-Code type X-Notes).
// * Lotus SMTP MTA ("Notes"): `------- Failure Reasons  --------` / reason / address /
//   `------- Returned Message --------`.
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, joinText, textLines } from '../readers/native-text.js';
import { attachHints, readDeliveryStatus } from '../readers/rfc3464.js';
import type { FormatModule, ParseContext, RowDraft } from '../readers/types.js';

const NOT_DELIVERED = 'was not delivered to:';
const BECAUSE = 'because:';
const SUBJECT = 'delivery failure:';
// A Delay report (mail still pending in the router's queue, "no additional user action is
// required") keeps the failure report's layout under `Subject: DELAYED: <subject>`; HCL Domino
// admin help, "Defining when to send transfer and delivery Delay reports"
// (https://help.hcltechsw.com/domino/10.0.1/admin/conf_definingwhentosendtransferanddeliverydelayreports_t.html)
const DELAY_SUBJECT = 'delayed:';
// Notes/Domino reason sentences and their meaning [SOE lhost-domino-*, lhost-notes-*]
const NOTES_REASONS: ReadonlyArray<readonly [string, Reason]> = [
  ['not listed in domino directory', 'userunknown'],
  ['not listed in public name & address book', 'userunknown'],
  ['no such user', 'userunknown'],
  ['maximum hop count exceeded', 'networkerror'], // routing loop between servers
];

export function reasonOf(text: string): Reason | null {
  const low = text.toLowerCase();
  return NOTES_REASONS.find(([p]) => low.includes(p))?.[1] ?? null;
}

export const domino: FormatModule = {
  id: 'domino',
  description: 'IBM/HCL Domino bounces ("DELIVERY FAILURE:", "was not delivered to:" / "because:"), text or RFC 3464 with X-Notes diagnostics',
  markers: { text: [NOT_DELIVERED], subject: [SUBJECT] },
  score(msg) {
    const subject = msg.lowerSubject;
    const text = msg.lowerHead;
    if (text.includes(NOT_DELIVERED) && text.includes(BECAUSE)) return subject.startsWith(SUBJECT) || subject.startsWith(DELAY_SUBJECT) ? 90 : 60;
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
    const t = msg.view(textLines);
    const at = findLine(t, [NOT_DELIVERED]);
    const because = findLine(t, [BECAUSE], at + 1);
    if (at === -1 || because === -1) return null;
    const addresses = t.lines.slice(at + 1, because).map((l) => findAddress(l)).filter((a): a is string => !!a);
    let end = because + 1;
    while (end < t.lines.length && (t.lines[end].trim() === '' || /^\s/.test(t.lines[end])) && end < because + 40) end++;
    // the reason is the indented paragraph after "because:"; the subject repeats it
    const text = joinText(t.lines.slice(because + 1, end)) || msg.subject.replace(/^(?:delivery failure|delayed):\s*/i, '');
    const action = msg.lowerSubject.startsWith(DELAY_SUBJECT) ? 'delayed' : 'failed';
    const rows: RowDraft[] = addresses.map((recipient) => ({ recipient, action, diagnosticCode: text || null, reason: reasonOf(text) }));
    return rows.length ? { kind: 'dsn', format: 'domino', recipients: rows } : null;
  },
};
