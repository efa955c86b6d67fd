// Netscape Messaging Server 3.x/4.x bounces and the servers that copied its notice
// (docs/formats.md#netscape): an intro line "This Message was undeliverable due to the
// following reason:", one or more reason paragraphs, then the recipients, either as
// `Recipient: <addr>` / `Reason: <reply>` pairs (the "rejected by a remote mail server"
// notice) or as `<addr>` lines under "The following recipients did not receive this
// message:", and the footer "Please reply to <postmaster>" / "if you feel this message to be
// in error." Sources: Loki Technologies' ReturnToSenderServlet.java (com.lokitech.mail, 1999,
// which prints the notice, several `<addr>` on one line, in a multipart/report with no status
// part); notices quoted whole on linux-kernel ("Fwd: Mail System Error - Returned Mail",
// 2004-07-13, Verizon) and on Ubuntu Forums (2010-10-28, Netvigator). A status part, when
// there is one, often names no recipient, so the text is read whatever it says. The intro
// raises the score; recipients are read by structure (labels, bracketed address lines), not
// by the reason's wording, which varies with the failure.
import type { BounceMessage } from '../../2-mime/message.js';
import type { Reason } from '../../0-core/schema.js';
import { findAddress, joinText, toLines, type Lines } from '../readers/native-text.js';
import { mtaName, statusPartWithText } from '../readers/rfc3464.js';
import { parseDeliveryStatus } from '../readers/dsn-fields.js';
import { humanText } from '../readers/text-util.js';
import { DAEMON_SENDERS } from '../generic/cues.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

const INTRO = 'this message was undeliverable due to the following reason';
const FOOTER = 'if you feel this message to be in error';
// the sentence above the list (Loki's servlet), kept by servers that dropped intro and footer
const LIST = 'the following recipients did not receive this message:';
// the footer's first line names the postmaster: its address is no recipient
const REPLY_TO = 'please reply to';
// labels of the per-recipient pairs
const RECIPIENT = 'recipient:';
const REASON = 'reason:';
// reason paragraphs whose meaning the wording settles (ReturnToSenderServlet.java's
// HOST_NOT_FOUND and INVALID_RECIPIENT texts), matched with runs of spaces made single
const REASONS: ReadonlyArray<readonly [string, Reason]> = [
  ['destination computer was not found', 'hostunknown'],
  ['destination computer did not like the recipient', 'userunknown'],
];
// the channel named before an address on a list line (Majordomo 2's bounce parser
// documentation quotes "User quota exceeded: SMTP <a@b>" from these notices)
const CHANNEL = /^[A-Za-z]{1,10}$/;
// lines of the report read at most
const MAX_LINES = 400;

/** From a mail system (RFC 5321 §4.5.1 postmaster, a MAILER-DAEMON, a "Mail Administrator"). */
function automatedSender(msg: BounceMessage): boolean {
  const from = msg.lowerFrom;
  return DAEMON_SENDERS.some((d) => from.includes(d)) || from.includes('mail administrator');
}

/** The `<...>`-bracketed addresses of a line and the text left around them (bounded scan). */
function bracketed(line: string): { addresses: string[]; rest: string } {
  const addresses: string[] = [];
  let rest = '';
  let from = 0;
  for (let open = line.indexOf('<'); open !== -1 && addresses.length < 64; open = line.indexOf('<', from)) {
    const close = line.indexOf('>', open + 1);
    if (close === -1 || close - open > 320) break;
    const a = findAddress(line.slice(open + 1, close));
    if (!a) break;
    addresses.push(a);
    rest += line.slice(from, open);
    from = close + 1;
  }
  return { addresses, rest: (rest + line.slice(from)).trim() };
}

/**
 * The recipients a list line names: `<a@b>`, `<a@b>, <c@d>` (several on one line, as Loki's
 * servlet prints them), a bare `a@b`, or one bracketed address beside its own reason.
 */
function listLine(line: string): { addresses: string[]; reason: string | null } | null {
  const s = line.trim();
  if (!s.includes('@')) return null;
  const b = bracketed(s);
  if (b.addresses.length) {
    // alone, several, or after the channel it went by ("SMTP <a@b>")
    if (!/[^\s,;]/.test(b.rest) || CHANNEL.test(b.rest)) return { addresses: b.addresses, reason: null };
    // the reply as written, its address kept ("Remote host said: 550 <a@b>... User unknown")
    return b.addresses.length === 1 ? { addresses: b.addresses, reason: s } : null;
  }
  const a = /\s/.test(s) ? null : findAddress(s);
  return a ? { addresses: [a], reason: null } : null;
}

/** Where the notice ends: the footer, or a copy of the original's header block. */
function endOf(t: Lines, from: number): number {
  const n = Math.min(t.lines.length, MAX_LINES);
  for (let i = from; i < n; i++) {
    const low = t.lower[i];
    if (low.includes(REPLY_TO) || low.includes(FOOTER)) return i;
  }
  return n;
}

function readText(t: Lines): RowDraft[] {
  const intro = t.lower.findIndex((l, i) => i < MAX_LINES && l.includes(INTRO));
  const from = intro === -1 ? 0 : intro + 1;
  const end = endOf(t, from);
  const rows: RowDraft[] = [];
  const reasonLines: string[] = [];
  const listed: RowDraft[] = [];
  let pair: RowDraft | null = null;
  let inReason = false;
  for (let i = from; i < end; i++) {
    const line = t.lines[i];
    const low = t.lower[i].trim();
    if (low.startsWith(RECIPIENT)) {
      const a = findAddress(line.slice(line.indexOf(':') + 1));
      pair = a ? { recipient: a, action: 'failed' } : null;
      if (pair) rows.push(pair);
      inReason = false;
      continue;
    }
    if (pair && low.startsWith(REASON)) {
      pair.diagnosticCode = line.slice(line.indexOf(':') + 1).trim() || null;
      inReason = true;
      continue;
    }
    if (!low) {
      pair = null;
      inReason = false;
      continue;
    }
    // a reply wrapped under its "Reason:" label
    if (pair && inReason) {
      pair.diagnosticCode = joinText([pair.diagnosticCode ?? '', line]);
      continue;
    }
    const list = listLine(line);
    if (list) for (const a of list.addresses) listed.push({ recipient: a, action: 'failed', diagnosticCode: list.reason });
    // the sentence that introduces the list says no cause; any other sentence may
    else if (!pair && !low.includes(LIST)) reasonLines.push(line);
  }
  // the list layout: every listed address failed for the reason written above it
  const reason = joinText(reasonLines) || null;
  const flat = (reason ?? '').toLowerCase().replace(/\s+/g, ' ');
  const known = REASONS.find(([p]) => flat.includes(p))?.[1] ?? null;
  for (const r of listed) {
    r.diagnosticCode ??= reason;
    r.hint = reason;
    r.reason = known;
  }
  // one row per address: a reply line ("Remote host said: 550 <a@b> ...") and the list may both name it
  const seen = new Map(rows.map((r) => [r.recipient.toLowerCase(), r]));
  for (const r of listed) {
    const had = seen.get(r.recipient.toLowerCase());
    if (!had) {
      seen.set(r.recipient.toLowerCase(), r);
      rows.push(r);
    } else if (r.diagnosticCode && r.diagnosticCode !== reason && had.diagnosticCode === reason) had.diagnosticCode = r.diagnosticCode;
  }
  return rows;
}

/** The per-message fields of the status part (it often names no recipient). */
function perMessage(msg: BounceMessage): { reportingMta: string | null } {
  for (const part of msg.deliveryStatus) {
    const reportingMta = mtaName(parseDeliveryStatus(part.text).message.get('reporting-mta'));
    if (reportingMta) return { reportingMta };
  }
  return { reportingMta: null };
}

function parseNetscape(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  const text = readText(toLines(humanText(msg)));
  const withPart = statusPartWithText(msg, ctx.limits, 'netscape', text, (r, tr) => {
    if (!r.diagnosticCode) r.diagnosticCode = tr.diagnosticCode ?? null;
  });
  if (withPart) return withPart;
  if (!text.length) return null;
  return { kind: 'dsn', format: 'netscape', reportingMta: perMessage(msg).reportingMta, recipients: text };
}

export const netscape: FormatModule = {
  id: 'netscape',
  description: 'Netscape/iPlanet Messaging Server 3-4 bounces ("This Message was undeliverable due to the following reason:", Recipient:/Reason: pairs or an <addr> list)',
  markers: { text: [INTRO, FOOTER, LIST] },
  score(msg) {
    const head = msg.lowerHead;
    if (head.includes(INTRO)) return 75;
    // the footer or the list sentence alone: the intro may be customised, the structure is the same
    if (head.includes(FOOTER) && head.includes(REPLY_TO)) return 35;
    return head.includes(LIST) && automatedSender(msg) ? 30 : 0;
  },
  parse: parseNetscape,
};
