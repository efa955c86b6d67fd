// Bounces inside another message (docs/formats.md#embedded-reports): a bounce attached as
// message/rfc822 (helpdesk or list-moderation forwarding; RFC 6522 allows a report that is
// not the outermost part), or a bounce forwarded by a person, quoted with "> " after
// "Begin forwarded message:" or "---------- Forwarded message ---------". When nothing in
// the outer message was recognised, the inner one gets its turn.
import type { Limits } from '../0-core/limits.js';
import type { BounceMessage } from '../2-mime/message.js';
import { parseMime } from '../2-mime/parse.js';
import { selectAndParse } from './registry.js';
import type { ParsedReport } from './readers/types.js';

// lines that open a forwarded copy, lower-case (mail clients' defaults)
const FORWARD_MARKERS = [
  'begin forwarded message:', // Apple Mail
  '---------- forwarded message ---------', // Gmail
  '-------- forwarded message --------', // Thunderbird
  '-------- original message --------', // Thunderbird (forward inline)
  '-----original message-----', // Outlook
];
const FORWARD_SUBJECT = /^\s{0,4}(?:fwd?|fw|tr|wg|rv|enc)\s{0,2}:/i;
const MAX_DEPTH = 2;

/** The text after a forwarding marker, with one level of "> " quoting removed. */
export function forwardedText(text: string, subject: string): string | null {
  const lower = text.toLowerCase();
  let at = -1;
  for (const m of FORWARD_MARKERS) {
    const i = lower.indexOf(m);
    if (i !== -1 && (at === -1 || i < at)) at = i + m.length;
  }
  let body: string;
  if (at !== -1) body = text.slice(text.indexOf('\n', at) + 1);
  else if (FORWARD_SUBJECT.test(subject) && /^>/m.test(text)) body = text;
  else return null;
  const lines = body.split('\n');
  const quoted = lines.filter((l) => l.startsWith('>')).length;
  // un-quote when the copy is quoted ("> " per line); keep lines as they are otherwise
  const out = quoted > lines.length / 3 ? lines.filter((l) => l.startsWith('>') || l.trim() === '').map((l) => l.replace(/^> ?/, '')) : lines;
  // the copy starts with its header lines (From:, Subject:, ...): drop anything before them
  const first = out.findIndex((l) => /^[A-Za-z][A-Za-z0-9-]{0,40}:\s/.test(l));
  if (first === -1) return null;
  return out.slice(first).join('\n');
}

/** A report read from a message embedded in `msg` (attached or forwarded), or null. */
export async function reportFromEmbedded(msg: BounceMessage, limits: Limits, depth = 0): Promise<{ report: ParsedReport; how: string } | null> {
  if (depth >= MAX_DEPTH) return null;
  const candidates: { bytes: Buffer; how: string }[] = [];
  for (const leaf of msg.leaves) {
    if ((leaf.contentType === 'message/rfc822' || leaf.contentType === 'message/global') && leaf.depth > 0 && leaf.body.length) {
      candidates.push({ bytes: leaf.body, how: 'the message attached to it' });
    }
  }
  const forwarded = forwardedText(msg.text, msg.subject);
  if (forwarded) candidates.push({ bytes: Buffer.from(forwarded, 'utf8'), how: 'the message forwarded in it' });
  for (const c of candidates) {
    const inner = await parseMime(c.bytes, limits);
    const { report } = selectAndParse(inner, { limits });
    if (report && report.kind === 'dsn') return { report: { ...report, returned: report.returned ?? inner.returned }, how: c.how };
    const deeper = await reportFromEmbedded(inner, limits, depth + 1);
    if (deeper) return deeper;
  }
  return null;
}
