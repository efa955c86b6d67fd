// Ipswitch IMail Server bounces (docs/formats.md#imailserver) [SOE lhost-imailserver-*]:
// `X-Mailer: <SMTP32 v...>`, `Subject: Undeliverable Mail`, one line per failure naming the
// recipient last, after the failure's label (`Unknown user: a@b`, `Invalid final delivery
// userid: a@b`), possibly followed by the remote reply on the next lines, then `Original
// message follows.` and the returned message as text. Read by structure, not by the labels'
// wording: a line whose last token is an address (after a colon or not, bracketed or not) is
// a failure line, its text before the address the label; a line whose last token is a host
// only (`<label>: example.net`) names the recipients of the returned copy at that host. A
// line that begins with a reply code is the remote reply, read as the diagnostic of the
// failure above it.
import type { Reason } from '../../0-core/schema.js';
import type { ReturnedMessage } from '../../2-mime/message.js';
import { findAddress, findLine, joinText, returnedAddressees, returnedAfter, textLines, uniqueRows } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const ORIGINAL = ['original message follows.'];
const MAILER = '<SMTP32 v'; // X-Mailer of Ipswitch IMail
// IMail's own failure labels [SOE lhost-imailserver-01, -03]
const LABELS: ReadonlyArray<readonly [string, Reason]> = [
  ['unknown user', 'userunknown'],
  ['invalid final delivery userid', 'userunknown'],
  ['user mailbox exceeds allowed size', 'mailboxfull'],
];
// lines under a failure line read as its detail at most
const MAX_DETAIL = 12;
// a remote reply (RFC 5321 §4.2: three digits, then a space or a hyphen)
const REPLY = /^\d{3}[ -]/;
// a host name as the last token: labels of letters, digits and hyphens (RFC 1035 §2.3.1)
const HOST = /^\[?((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.){1,16}[A-Za-z]{2,63})\]?\.?$/;

/** The last whitespace-separated token of a line and the text before it. */
function lastToken(line: string): { label: string; token: string } {
  // scanned back from the end by hand: a regular expression anchored at the end would retry
  // every start position of a long token (quadratic on hostile lines)
  let at = line.length;
  while (at > 0 && line[at - 1] !== ' ' && line[at - 1] !== '\t') at--;
  return at <= 0 ? { label: '', token: line } : { label: line.slice(0, at).trim(), token: line.slice(at) };
}

/** Recipients of the returned copy (To, Cc) at `host`. */
function returnedAt(returned: ReturnedMessage | null, host: string): string[] {
  return returnedAddressees(returned).filter((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase() === host);
}

/** The label of a failure line ("Unknown user: a@b" -> "Unknown user"), without its closing colon. */
function labelOf(text: string): string {
  // trailing colons and spaces dropped by hand (an end-anchored class would retry every start)
  let end = text.length;
  while (end > 0 && (text[end - 1] === ':' || text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end).trim();
}

export const imailserver: FormatModule = {
  id: 'imailserver',
  description: 'Ipswitch IMail bounces ("<label>: <addr>" lines, "Original message follows.")',
  markers: { headerValues: [['x-mailer', MAILER.toLowerCase()]] },
  score(msg) {
    // the marker is anywhere in X-Mailer, case-insensitively; IMail writes it first, as it is
    return (msg.headers.get('x-mailer') ?? '').startsWith(MAILER) ? 90 : 0;
  },
  parse(msg) {
    const t = msg.view(textLines);
    let end = findLine(t, ORIGINAL);
    if (end === -1) end = t.lines.length;
    const returned = msg.returned ?? returnedAfter(t, ORIGINAL);
    // the failure lines first: each names its recipients after its label
    const failures: { line: number; label: string; recipients: string[] }[] = [];
    for (let i = 0; i < end; i++) {
      const line = t.lines[i].trim();
      if (!line || REPLY.test(line)) continue;
      const { label, token } = lastToken(line);
      if (!label) continue;
      const address = token.includes('@') ? findAddress(token) : null;
      const host = address ? null : HOST.exec(token)?.[1]?.toLowerCase() ?? null;
      const recipients = address ? [address] : host ? returnedAt(returned, host) : [];
      if (recipients.length) failures.push({ line: i, label: labelOf(label), recipients });
    }
    const rows: RowDraft[] = [];
    failures.forEach((f, k) => {
      // what IMail writes under a failure (the remote reply and its heading) belongs to it
      const to = Math.min(k + 1 < failures.length ? failures[k + 1].line : end, f.line + 1 + MAX_DETAIL);
      const detail = joinText(t.lines.slice(f.line + 1, to));
      const low = f.label.toLowerCase();
      const reason = LABELS.find(([p]) => low.includes(p))?.[1] ?? null;
      for (const recipient of f.recipients) rows.push({ recipient, action: 'failed', diagnosticCode: [f.label, detail].join(' ').trim() || null, reason });
    });
    const unique = uniqueRows(rows);
    return unique.length ? { kind: 'dsn', format: 'imailserver', recipients: unique, returned } : null;
  },
};
