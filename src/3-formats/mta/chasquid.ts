// chasquid, an SMTP server in Go (docs/formats.md#chasquid). Its notices come from one
// template, dsnTemplate in internal/queue/dsn.go: since 1.0 a multipart/report with a
// message/global-delivery-status part, before that the same text without MIME structure.
// Each recipient is one "Technical details" entry: a line naming the address, its kind and
// what happened, then the last error on the next, indented line.
import type { BounceMessage } from '../../2-mime/message.js';
import { findLine, returnedAfter, textLines, type Lines } from '../readers/native-text.js';
import { parseRfc3464 } from '../readers/rfc3464.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

// The Message-ID every chasquid notice has: "<chasquid-dsn-" + a random id + "@" + domain.
const MESSAGE_ID = '<chasquid-dsn-';
// Its sender, "Mail Delivery System <postmaster-dsn@DOMAIN>".
const SENDER = 'postmaster-dsn@';
// The intro sentence, since 1.0 and before (lower case, as the text markers are matched).
const INTRO = 'delivery of your message to the following recipient(s) failed permanently:';
const INTRO_OLD = 'delivery to the following recipient(s) failed permanently:';
// The heading of the per-recipient entries: "Technical details:" since 1.0, "----- Technical details -----" before.
const DETAILS = 'technical details';
// Where the original starts in the notices before 1.0.
const ORIGINAL = ['----- original message -----'];

// What an entry says happened, after `- "ADDRESS" (TYPE) ` (dsn.go's three wordings: the
// oldest release had only the first). A recipient the queue gave up on after retrying
// (Status 4.0.0 in the delivery-status part) has expired, whatever its last error was.
const OUTCOMES: ReadonlyArray<{ words: string; timedOut: boolean }> = [
  { words: 'failed with error:', timedOut: false },
  { words: 'failed permanently with error:', timedOut: false },
  { words: 'failed repeatedly and timed out, last error:', timedOut: true },
];

interface Entry {
  address: string;
  /** EMAIL, PIPE or FORWARD: chasquid's recipient types (queue.proto) */
  type: string;
  timedOut: boolean;
  error: string;
}

/** One `- "ADDRESS" (TYPE) <outcome>` line, or null. */
function entryHead(line: string): Omit<Entry, 'error'> | null {
  if (!line.startsWith('- "')) return null;
  const close = line.indexOf('" (', 3);
  if (close === -1) return null;
  const typeEnd = line.indexOf(') ', close + 3);
  if (typeEnd === -1) return null;
  const rest = line.slice(typeEnd + 2).trim();
  const outcome = OUTCOMES.find((o) => rest === o.words);
  if (!outcome) return null;
  return { address: line.slice(3, close), type: line.slice(close + 3, typeEnd), timedOut: outcome.timedOut };
}

/** The entries under the Technical details heading: each head line, and its indented error lines. */
function technicalDetails(t: Lines): Entry[] {
  const heading = findLine(t, [DETAILS]);
  if (heading === -1) return [];
  const entries: Entry[] = [];
  let current: Entry | null = null;
  for (let i = heading + 1; i < t.lines.length; i++) {
    const line = t.lines[i];
    const head = entryHead(line);
    if (head) {
      current = { ...head, error: '' };
      entries.push(current);
    } else if (current && line.startsWith('    ')) {
      current.error = current.error ? `${current.error} ${line.trim()}` : line.trim();
    } else if (line.trim()) break; // the original message, or anything after the list
    else if (entries.length) current = null;
  }
  return entries;
}

function rowOf(e: Entry): RowDraft {
  return {
    recipient: e.address,
    action: 'failed',
    // the delivery-status part, when there is one, writes 5.0.0 and 4.0.0: the same split
    status: e.timedOut ? '4.0.0' : '5.0.0',
    diagnosticType: 'smtp',
    diagnosticCode: e.error || null,
    reason: e.timedOut ? 'expired' : null,
  };
}

function parseChasquid(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  const t = msg.view(textLines);
  const entries = technicalDetails(t);
  if (msg.deliveryStatus.length) {
    const report = parseRfc3464(msg, 'chasquid', ctx.limits);
    if (!report) return null;
    // the text says which recipients timed out: their queue gave up on them
    const timedOut = new Set(entries.filter((e) => e.timedOut).map((e) => e.address.toLowerCase()));
    for (const r of report.recipients) if (timedOut.has(r.recipient.toLowerCase())) r.reason = 'expired';
    return report;
  }
  if (!entries.length) return null;
  return { kind: 'dsn', format: 'chasquid', recipients: entries.map(rowOf), returned: msg.returned ?? returnedAfter(t, ORIGINAL) };
}

export const chasquid: FormatModule = {
  id: 'chasquid',
  description: 'chasquid (Go MTA): multipart/report DSNs since 1.0, and the plain-text notices before it',
  markers: { headerValues: [['message-id', MESSAGE_ID]], from: [SENDER], text: [INTRO, INTRO_OLD] },
  score(msg) {
    // only chasquid writes its Message-ID; its layout alone (a clone with other IDs) ranks lower
    if ((msg.headers.get('message-id') ?? '').trimStart().startsWith(MESSAGE_ID)) return 85;
    const text = msg.lowerHead;
    return (text.includes(INTRO) || text.includes(INTRO_OLD)) && text.includes(DETAILS) ? 65 : 0;
  },
  parse: parseChasquid,
};
