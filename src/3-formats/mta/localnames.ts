// Notices of a mail system that name each failed mailbox by its local part only, the mailbox
// being the system's own (docs/formats.md#localnames): AOL's older notices list the screen
// names that refused the mail under a sentence ending in a colon, one a line, with no domain.
// Read by structure, in any wording: a failure sentence ending in ':' (its words from the
// generic reader's FAILURE_CUES), then a list of bare local parts (RFC 5322 §3.2.3 dot-atom
// text), completed from the returned copy's recipients when it names them, else with the
// domain of the notice's own sender (RFC 5321 §2.3.5: a mailbox is a local part at a domain;
// the domain these names belong to is the reporting system's).
// Claimed only where no address names a recipient: a notice that writes addresses is read by
// the generic reader or its generator's module.
import type { BounceMessage } from '../../2-mime/message.js';
import { completeLocalPart } from '../../0-core/address.js';
import { findAddress, joinText, returnedAddressees, toLines } from '../readers/native-text.js';
import { humanText } from '../readers/text-util.js';
import { DAEMON_SENDERS, FAILURE_CUES, STOP_CUES } from '../generic/cues.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

// a local part alone on its line, at any indent, bulleted or not (RFC 5322 atext and dots)
const LOCAL_PART = /^\s{0,16}(?:[-*•]\s{1,4})?([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}){0,8})\s*$/;
// lines of the notice read at most, names taken at most
const MAX_LINES = 300;
const MAX_NAMES = 100;

/** The sender's domain when the sender is a mail system, else null. */
function systemDomain(msg: BounceMessage): string | null {
  const from = msg.lowerFrom;
  if (!DAEMON_SENDERS.some((d) => from.includes(d))) return null;
  const a = findAddress(msg.from);
  return a ? a.slice(a.lastIndexOf('@') + 1).toLowerCase() : null;
}

function parseLocalNames(msg: BounceMessage): ParsedReport | null {
  if (msg.deliveryStatus.length) return null;
  const domain = systemDomain(msg);
  if (!domain) return null;
  const t = toLines(humanText(msg));
  let stop = Math.min(t.lines.length, MAX_LINES);
  for (let i = 0; i < stop; i++) if (STOP_CUES.some((c) => t.lower[i].includes(c))) stop = i;
  // addresses that name no recipient: the notice's sender and addressee
  const ignored = new Set([findAddress(msg.from), findAddress(msg.headers.get('to'))].filter((a): a is string => !!a).map((a) => a.toLowerCase()));
  const named = (line: string) => {
    const a = findAddress(line);
    return a !== null && !ignored.has(a.toLowerCase());
  };
  for (let i = 0; i < stop; i++) {
    const line = t.lines[i].trimEnd();
    if (!line.endsWith(':') || named(line)) continue;
    // the intro: the paragraph ending in this line says the delivery failed
    let first = i;
    while (first > 0 && t.lines[first - 1].trim()) first--;
    const intro = joinText(t.lines.slice(first, i + 1));
    const low = intro.toLowerCase();
    if (!FAILURE_CUES.some((c) => low.includes(c))) continue;
    let j = i + 1;
    while (j < stop && !t.lines[j].trim()) j++;
    const names: string[] = [];
    for (; j < stop && names.length < MAX_NAMES; j++) {
      const m = LOCAL_PART.exec(t.lines[j]);
      if (!m) break;
      names.push(m[1]);
    }
    // the list ends at a blank line or the end of the notice, not inside a sentence
    if (!names.length || (j < stop && t.lines[j].trim())) continue;
    // an address anywhere else names the recipients itself: not this layout
    for (let k = 0; k < stop; k++) if ((k < first || k > j) && named(t.lines[k])) return null;
    // the returned copy names the full address when it is there; else the mailbox is the system's
    const known = returnedAddressees(msg.returned);
    const rows: RowDraft[] = names.map((n) => ({ recipient: completeLocalPart(n, known) ?? `${n}@${domain}`, action: 'failed', diagnosticCode: intro, hint: intro }));
    return { kind: 'dsn', format: 'localnames', recipients: rows };
  }
  return null;
}

export const localnames: FormatModule = {
  id: 'localnames',
  description: "a mail system's notice naming failed mailboxes by local part only (AOL screen names), completed with the notice's own domain",
  markers: { from: DAEMON_SENDERS },
  // hint band (score.ts): a layout seen only through its structure; parse() declines any
  // notice that writes an address for a recipient
  score: (msg) => (msg.deliveryStatus.length === 0 && msg.reportType !== 'feedback-report' ? 30 : 0),
  parse: parseLocalNames,
};
