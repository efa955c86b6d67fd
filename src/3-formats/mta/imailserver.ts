// Ipswitch IMail Server bounces (docs/formats.md#imailserver) [SOE lhost-imailserver-*]:
// `X-Mailer: <SMTP32 v...>`, `Subject: Undeliverable Mail`, one line per failure
// `<reason>: <addr>` (`Unknown user: a@b`, `Invalid final delivery userid: a@b`, ...), then
// `Original message follows.`
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, returnedAfter, toLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const ORIGINAL = ['original message follows.'];
const MAILER = '<SMTP32 v'; // X-Mailer of Ipswitch IMail
// IMail's own failure labels [SOE lhost-imailserver-01, -03]
const LABELS: ReadonlyArray<readonly [string, Reason]> = [
  ['unknown user', 'userunknown'],
  ['invalid final delivery userid', 'userunknown'],
  ['user mailbox exceeds allowed size', 'mailboxfull'],
];

export const imailserver: FormatModule = {
  id: 'imailserver',
  description: 'Ipswitch IMail bounces ("Unknown user: <addr>", "Original message follows.")',
  markers: { headerValues: [['x-mailer', MAILER.toLowerCase()]] },
  score(msg) {
    // the marker is anywhere in X-Mailer, case-insensitively; IMail writes it first, as it is
    return (msg.headers.get('x-mailer') ?? '').startsWith(MAILER) ? 90 : 0;
  },
  parse(msg) {
    const t = toLines(msg.text);
    let end = findLine(t, ORIGINAL);
    if (end === -1) end = t.lines.length;
    const rows: RowDraft[] = [];
    for (let i = 0; i < end; i++) {
      const line = t.lines[i].trim();
      const colon = line.lastIndexOf(': ');
      if (colon <= 0) continue;
      const recipient = findAddress(line.slice(colon + 2));
      if (!recipient) continue;
      // "<reason>: <addr>", possibly followed by the remote reply on the next lines
      let j = i + 1;
      const more: string[] = [];
      while (j < end && t.lines[j].trim() && !findAddress(t.lines[j].slice(t.lines[j].lastIndexOf(': ') + 2))) more.push(t.lines[j++].trim());
      const label = line.slice(0, colon).toLowerCase();
      rows.push({ recipient, action: 'failed', diagnosticCode: [line.slice(0, colon), ...more].join(' ').trim() || null, reason: LABELS.find(([p]) => label.includes(p))?.[1] ?? null });
    }
    return rows.length ? { kind: 'dsn', format: 'imailserver', recipients: rows, returned: msg.returned ?? returnedAfter(t, ORIGINAL) } : null;
  },
};
