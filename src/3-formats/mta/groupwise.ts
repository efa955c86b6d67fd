// Novell GroupWise Internet Agent (GWIA) notices (docs/formats.md#groupwise): `X-Mailer: Novell
// GroupWise Internet Agent <version>` (Micro Focus KB 7001239: the header GWIA writes on the
// MIME it creates), an intro line such as "The message that you sent was undeliverable to the
// following:", then one indented entry per recipient, `<address or GroupWise user ID>
// (<reason>)`, then "Information about your message:" and, cut to the size the administrator
// set, the original (ConsoleOne GWIA help, "Amount of Original Message to Return to Sender
// When Message is Undeliverable", 2 KB by default). The entries are read by structure: a
// sentence ending in a colon that says the delivery failed, then indented lines each naming
// one recipient first, its reason after it; a user ID without a domain is completed from the
// returned copy's recipients, else with the notice's own domain.
import type { BounceMessage } from '../../2-mime/message.js';
import type { Reason } from '../../0-core/schema.js';
import { completeLocalPart } from '../../0-core/address.js';
import { findAddress, returnedAddressees, toLines } from '../readers/native-text.js';
import { statusPartWithText } from '../readers/rfc3464.js';
import { humanText } from '../readers/text-util.js';
import { FAILURE_CUES } from '../generic/cues.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

const MAILER = 'groupwise internet agent';
// the intro line GWIA writes (Sympa's bounce analyser reads GroupWise 7 reports by it)
const INTRO = 'undeliverable to the following';
// an entry: the recipient first (an address or a user ID), then its reason; indented, or at
// the margin when it is an address (older agents write the list unindented). The reason
// starts at the first character after the gap, however wide the gap: one way to split the
// line only, so the pattern is linear by construction (a bounded gap before '.{0,1000}' could
// be split many ways, and the regex audit's fuzzing said so on a loaded machine)
const ENTRY = /^([ \t]{0,16})([^\s()<>]{1,254}|<[^\s<>]{1,254}>)(?:[ \t]+([^ \t].{0,999}))?$/;
// reasons whose meaning GroupWise's documentation gives: a user ID that no post office holds
// is a user that does not exist (Novell GroupWise 6.5 Troubleshooting 2, "Message Has
// Undeliverable Status between Post Offices": "the user to whom the message is addressed does
// not exist in the post office")
const REASONS: ReadonlyArray<readonly [string, Reason]> = [['not on post office', 'userunknown']];
// lines of the notice read at most; entries at most
const MAX_LINES = 400;
const MAX_ENTRIES = 500;

function isGwia(msg: BounceMessage): boolean {
  return (msg.headers.get('x-mailer') ?? '').toLowerCase().includes(MAILER);
}

/** The reason written after the recipient: its parentheses dropped. */
function reasonOf(rest: string | undefined): string | null {
  const s = (rest ?? '').trim();
  const inner = s.startsWith('(') && s.endsWith(')') ? s.slice(1, -1).trim() : s;
  return inner || null;
}

function readEntries(msg: BounceMessage): RowDraft[] {
  const t = toLines(humanText(msg));
  const n = Math.min(t.lines.length, MAX_LINES);
  const from = findAddress(msg.from);
  const domain = from ? from.slice(from.lastIndexOf('@') + 1) : null;
  // the returned copy's addressees complete a GroupWise user ID
  const known = returnedAddressees(msg.returned);
  for (let i = 0; i < n; i++) {
    const low = t.lower[i].trimEnd();
    if (!low.endsWith(':') || !(low.includes(INTRO) || FAILURE_CUES.some((c) => low.includes(c)))) continue;
    let j = i + 1;
    while (j < n && !t.lines[j].trim()) j++;
    const rows: RowDraft[] = [];
    for (; j < n && rows.length < MAX_ENTRIES; j++) {
      const m = ENTRY.exec(t.lines[j].trimEnd());
      if (!m || (!m[1] && !m[2].includes('@'))) break;
      const token = m[2].replace(/^<|>$/g, '');
      const recipient = token.includes('@') ? findAddress(token) : completeLocalPart(token, known) ?? (domain ? `${token}@${domain}` : null);
      if (!recipient) break;
      const reason = reasonOf(m[3]);
      const low = (reason ?? '').toLowerCase();
      rows.push({ recipient, action: 'failed', diagnosticCode: reason, hint: reason, reason: REASONS.find(([p]) => low.includes(p))?.[1] ?? null });
    }
    if (rows.length) return rows;
  }
  return [];
}

function parseGroupwise(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  const text = readEntries(msg);
  const withPart = statusPartWithText(msg, ctx.limits, 'groupwise', text, (r, tr) => {
    r.diagnosticCode ??= tr.diagnosticCode ?? null;
  });
  if (withPart) return withPart;
  return text.length ? { kind: 'dsn', format: 'groupwise', recipients: text } : null;
}

export const groupwise: FormatModule = {
  id: 'groupwise',
  description: 'Novell GroupWise Internet Agent notices ("... undeliverable to the following:", indented "<recipient> (<reason>)" entries)',
  markers: { headerValues: [['x-mailer', MAILER]], text: [INTRO] },
  score(msg) {
    const head = msg.lowerHead;
    const intro = head.includes(INTRO);
    if (isGwia(msg)) {
      // GWIA writes this header on every message it sends: only a failure notice is ours
      if (intro) return 85;
      const subject = msg.lowerSubject;
      return subject.includes('undeliverable') || FAILURE_CUES.some((c) => head.includes(c)) ? 60 : 0;
    }
    return intro ? 45 : 0;
  },
  parse: parseGroupwise,
};
