// Postfix bounces (docs/formats.md#postfix): the four templates of bounce(8) (failure, delay,
// success, verify) with their message/delivery-status part, the pre-DSN plain bounces of
// Postfix before 2.3, and the "Postfix SMTP server: errors from" postmaster transcripts.
// The DSN part gives the rows; the human-readable recipient lines add what the DSN leaves
// out: the SMTP stage ("in reply to RCPT TO command"), the remote host, the alias.
import type { BounceMessage } from '../../2-mime/message.js';
import { cleanAddress } from '../../0-core/address.js';
import type { Action } from '../../0-core/schema.js';
import { findCommand } from '../../0-core/smtp.js';
import { oneSpaced } from '../../0-core/text.js';
import { findStatusInText } from '../../0-core/status.js';
import { attachHints, readDeliveryStatus } from '../readers/rfc3464.js';
import { boundedLines, humanText } from '../readers/text-util.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';
import { hasMailNameFields, hasRecipientLine, hintCount, TEMPLATE_SUBJECTS } from './structure.js';

// First body line of every template: "This is the mail system at host H." (Postfix >= 2.3)
// or "This is the $mail_name program at host H." (2.3-era and older defaults, renamed
// builds: docs/formats.md#postfix-templates, docs/formats.md#old-postfix).
// $mail_name may be several words ("This is the Mail Delivery System program at host H.").
const OPENING = /^This is the (?:mail system|[A-Za-z0-9_.-]{1,40}(?: [A-Za-z0-9_.-]{1,40}){0,3} program) at host ([A-Za-z0-9._\-[\]:]{1,255})/;
const OPENING_WORDS = 'This is the ';

// `Subject: $mail_name SMTP server: errors from <client>` over the fixed first line `Transcript of
// session follows.` [PF src/smtpd/smtpd_chat.c smtpd_chat_notify()] (docs/formats.md#postfix-server-notices)
const TRANSCRIPT_SUBJECT = 'postfix smtp server: errors from';
const TRANSCRIPT_SUBJECT_ANY_NAME = ' smtp server: errors from ';
const TRANSCRIPT_OPENING = 'Transcript of session follows.';

// mail_name is free text (postconf(5): "Mail Delivery System" is a value sites use): up to
// four words before " SMTP server: errors from "
const MAX_MAIL_NAME_WORDS = 4;

/** A postmaster transcript notice: under the default mail_name by its subject alone, under another with its fixed first line too. */
function isTranscript(msg: BounceMessage): boolean {
  const subject = msg.lowerSubject;
  if (subject.startsWith(TRANSCRIPT_SUBJECT)) return true;
  const at = subject.indexOf(TRANSCRIPT_SUBJECT_ANY_NAME);
  // the subject begins with the mail_name; a colon before it is a reply's or forward's
  // prefix ("Re: ", RFC 5322 §3.6.5), not part of a name
  const name = subject.slice(0, at);
  return at > 0 && at <= 40 && !name.includes(':') && name.trim().split(/\s+/).length <= MAX_MAIL_NAME_WORDS && msg.opening.trimStart().startsWith(TRANSCRIPT_OPENING);
}

// Markers of the template a bounce was written from (docs/formats.md#postfix-templates), when no DSN part says it.
const DELAY_MARKERS = ['# THIS IS A WARNING ONLY', 'Delayed Mail'];
const SUCCESS_MARKERS = ['successfully delivered to the destination', 'Successful Mail Delivery Report'];

// Where the SMTP client names the host it talked to: `host NAME[IP]`, `connect to NAME[IP]`,
// `with NAME[IP]` (docs/formats.md#postfix-recipient-lines [PF src/smtp/smtp_proto.c, smtp_trouble.c, smtp_connect.c]).
const HOST_KEYWORDS = ['host ', 'connect to ', 'with '];
const BRACKETED_ADDRESS = /^(?:[0-9A-Fa-f.:]{1,64}|private\/[A-Za-z0-9_-]{1,40})$/;
// [A-Za-z0-9._-] by character code: the walk back over a host name tests one a character
const HOST_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-') HOST_CHAR[c.charCodeAt(0)] = 1;
const isHostChar = (code: number) => code < 128 && HOST_CHAR[code] === 1;

/** The NAME of the first `keyword NAME[IP]` in the text; found by indexOf, linear on any input. */
function hostInReason(text: string): string | null {
  let from = 0;
  for (;;) {
    const open = text.indexOf('[', from);
    if (open === -1) return null;
    const close = text.indexOf(']', open + 1);
    if (close === -1) return null; // no ']' after this '[' means none after any later one
    if (close - open > 66) {
      // every '[' before close - 66 pairs with this far ']': skip them all
      from = Math.max(open + 1, close - 66);
      continue;
    }
    from = open + 1;
    if (!BRACKETED_ADDRESS.test(text.slice(open + 1, close))) continue;
    let start = open;
    while (start > 0 && open - start < 255 && isHostChar(text.charCodeAt(start - 1))) start--;
    if (start === open) continue;
    const before = text.slice(Math.max(0, start - 12), start);
    if (HOST_KEYWORDS.some((k) => before.endsWith(k))) return text.slice(start, open);
  }
}

export interface RecipientLine {
  recipient: string;
  /** the "(expanded from <alias>)" address */
  expandedFrom: string | null;
  /** the reason text, unfolded */
  reason: string;
  /** the whole paragraph, unfolded */
  paragraph: string;
}

/**
 * A line that opens a recipient paragraph: `<addr>: ...` or `<addr> (expanded from ...`, or
 * `<addr>` alone when bounce_print_wrap() put what follows it on the next line (an address too
 * long to share its line with the next word).
 */
function opensRecipient(line: string): boolean {
  if (line[0] !== '<') return false;
  const gt = line.indexOf('>');
  if (gt < 2) return false;
  const after = line.slice(gt + 1, gt + 16);
  return after.startsWith(':') || after.startsWith(' (expanded from') || after.trim() === '';
}

/**
 * The recipient paragraphs of the human-readable part (docs/formats.md#postfix-recipient-lines): `<addr>: reason` or
 * `<addr> (expanded from <alias>): reason`, wrapped with indented continuation lines.
 */
export function recipientLines(text: string): RecipientLine[] {
  const out: RecipientLine[] = [];
  let current: string[] | null = null;
  const flush = () => {
    if (!current) return;
    const paragraph = oneSpaced(current.join(' ')).trim();
    current = null;
    const gt = paragraph.indexOf('>');
    const recipient = cleanAddress(paragraph.slice(1, gt));
    if (!recipient) return;
    let rest = paragraph.slice(gt + 1);
    let expandedFrom: string | null = null;
    if (rest.startsWith(' (expanded from')) {
      const close = rest.indexOf('):');
      if (close === -1) return;
      expandedFrom = cleanAddress(rest.slice(' (expanded from'.length, close)) || null;
      rest = rest.slice(close + 1);
    }
    if (!rest.startsWith(':')) return;
    out.push({ recipient, expandedFrom, reason: rest.slice(1).trim(), paragraph });
  };
  for (const raw of boundedLines(text, 4096)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (opensRecipient(line)) {
      flush();
      current = [line];
    } else if (current) {
      current.push(line.trim());
    }
  }
  flush();
  return out;
}

// What the SMTP client was doing when the connection broke or stalled: "lost connection with
// <host> while <state>", "conversation with <host> timed out while <state>"
// [PF src/smtp/smtp_trouble.c smtp_stream_except()]; the states are smtp_proto.c's `where`
// strings (smtp_helo()) and its xfer_states[] table. Only the stage's command is kept.
const STALLED = [' timed out while ', ' while '];
const STALL_STATES: ReadonlyArray<readonly [string, string]> = [
  ['receiving the initial server greeting', 'CONN'],
  ['performing the EHLO handshake', 'EHLO'],
  ['performing the HELO handshake', 'HELO'],
  ['performing the LHLO handshake', 'LHLO'],
  ['sending XFORWARD', 'XFORWARD'],
  ['sending MAIL FROM', 'MAIL'],
  ['sending RCPT TO', 'RCPT'],
  ['sending DATA command', 'DATA'],
  ['sending end of data', 'DATA'],
  ['sending final RSET', 'RSET'],
  ['sending RSET probe', 'RSET'],
  ['sending QUIT', 'QUIT'],
];

/** The command of the stage a broken or stalled session was in, when the reason names one. */
function stalledCommand(text: string): string | null {
  if (!text.startsWith('lost connection with ') && !text.startsWith('conversation with ')) return null;
  for (const marker of STALLED) {
    const at = text.indexOf(marker);
    if (at === -1) continue;
    const state = text.slice(at + marker.length);
    return STALL_STATES.find(([s]) => state.startsWith(s))?.[1] ?? null;
  }
  return null;
}

export interface ReasonParts {
  remoteMta: string | null;
  /** the remote server's reply, when the reason quotes one */
  reply: string | null;
  command: string | null;
}

/** Read the parts of a Postfix reason text (docs/formats.md#postfix-recipient-lines). */
export function reasonParts(reason: string): ReasonParts {
  let text = reason;
  let command: string | null = null;
  // "... (in reply to RCPT TO command)": the stage the reply answered
  const stage = text.lastIndexOf(' (in reply to ');
  if (stage !== -1 && text.endsWith(' command)')) {
    command = findCommand(text.slice(stage + 2, -1));
    text = text.slice(0, stage);
  }
  command ??= stalledCommand(text);
  const host = hostInReason(text);
  let reply: string | null = null;
  const said = text.indexOf('] said: ');
  if (said !== -1) reply = text.slice(said + '] said: '.length).trim() || null;
  const refused = text.indexOf('] refused to talk to me: ');
  if (refused !== -1) {
    reply = text.slice(refused + '] refused to talk to me: '.length).trim() || null;
    command ??= 'CONN';
  }
  return { remoteMta: host, reply, command };
}

function templateAction(msg: BounceMessage, opening: string): Action {
  const subject = msg.subject;
  if (DELAY_MARKERS.some((m) => opening.includes(m) || subject.includes(m))) return 'delayed';
  if (SUCCESS_MARKERS.some((m) => opening.includes(m) || subject.includes(m))) return 'delivered';
  return 'failed';
}

/** The recipient lines by the addresses they name (address, then alias), lower-cased. */
function indexLines(lines: RecipientLine[]): { byRecipient: Map<string, RecipientLine>; byAlias: Map<string, RecipientLine> } {
  const byRecipient = new Map<string, RecipientLine>();
  const byAlias = new Map<string, RecipientLine>();
  for (const l of lines) {
    const r = l.recipient.toLowerCase();
    if (!byRecipient.has(r)) byRecipient.set(r, l);
    const a = l.expandedFrom?.toLowerCase();
    if (a && !byAlias.has(a)) byAlias.set(a, l);
  }
  return { byRecipient, byAlias };
}

function lineFor(row: RowDraft, index: ReturnType<typeof indexLines>, only: RecipientLine | null): RecipientLine | null {
  const want = row.recipient.toLowerCase();
  const orig = row.originalRecipient?.toLowerCase();
  return (
    index.byRecipient.get(want) ??
    (orig ? (index.byAlias.get(orig) ?? index.byRecipient.get(orig)) : undefined) ??
    // one DSN group and one paragraph describe the same recipient even when an alias or a
    // rewrite made the addresses differ (corpus lhost-postfix-31)
    only
  );
}

/** Add what the human-readable line knows to a row from the DSN part; never overwrite the DSN. */
function refine(row: RowDraft, line: RecipientLine): void {
  const parts = reasonParts(line.reason);
  row.hint = line.paragraph;
  row.smtpCommand ??= parts.command;
  row.remoteMta ??= parts.remoteMta;
  row.originalRecipient ??= line.expandedFrom;
}

function rowFromLine(line: RecipientLine, action: Action): RowDraft {
  const parts = reasonParts(line.reason);
  const diagnostic = parts.reply ?? line.reason;
  return {
    recipient: line.recipient,
    originalRecipient: line.expandedFrom,
    action,
    status: findStatusInText(diagnostic),
    diagnosticType: parts.reply ? 'smtp' : null,
    diagnosticCode: diagnostic || null,
    smtpCommand: parts.command,
    remoteMta: parts.remoteMta,
    hint: line.paragraph,
    fields: {},
  };
}

// ---- "Postfix SMTP server: errors from CLIENT" postmaster notices (docs/formats.md#postfix-server-notices) ----

interface Turn {
  from: 'in' | 'out';
  text: string;
}

function transcriptTurns(text: string): Turn[] {
  const turns: Turn[] = [];
  for (const raw of boundedLines(text, 4096)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const t = line.trim();
    if (t.startsWith('In:') || t.startsWith('Out:')) {
      const from = t.startsWith('In:') ? 'in' : 'out';
      turns.push({ from, text: t.slice(from === 'in' ? 3 : 4).trim() });
    } else if (turns.length && /^\s/.test(line) && t) {
      // a long command or reply wrapped onto an indented line
      turns[turns.length - 1].text += ` ${t}`;
    }
  }
  return turns;
}

function parseTranscript(msg: BounceMessage, text: string): ParsedReport | null {
  const turns = transcriptTurns(text);
  if (!turns.length) return null;
  let reportingMta: string | null = null;
  const rows: { recipient: string; command: string; reply: string | null }[] = [];
  let lastCommand: string | null = null;
  let lastRcpt: (typeof rows)[number] | null = null;
  for (const t of turns) {
    if (t.from === 'in') {
      lastCommand = (t.text.split(/[\s:]/, 1)[0] ?? '').toUpperCase();
      lastRcpt = null;
      if (lastCommand === 'RCPT') {
        const m = /^RCPT\s{0,4}TO:\s{0,4}<([^<>]{1,512})>/i.exec(t.text);
        if (m) {
          lastRcpt = { recipient: cleanAddress(m[1]), command: 'RCPT', reply: null };
          if (lastRcpt.recipient) rows.push(lastRcpt);
        }
      }
      continue;
    }
    const code = /^([2-5])\d\d[\s-]/.exec(t.text)?.[1];
    if (!reportingMta && !lastCommand && t.text.startsWith('220 ')) reportingMta = t.text.slice(4).split(/\s/, 1)[0] || null;
    if (code !== '4' && code !== '5') continue;
    // a refused RCPT concerns its recipient; a refusal later in the session, every
    // recipient accepted so far
    if (lastRcpt) lastRcpt.reply ??= t.text;
    else for (const r of rows) if (!r.reply) Object.assign(r, { reply: t.text, command: lastCommand ?? r.command });
  }
  const failed = rows.filter((r) => r.reply);
  if (!failed.length) return null;
  return {
    kind: 'dsn',
    format: 'postfix',
    reportingMta,
    recipients: failed.map((r) => ({
      recipient: r.recipient,
      action: r.reply!.startsWith('5') ? 'failed' : 'delayed',
      diagnosticType: 'smtp',
      diagnosticCode: r.reply,
      smtpCommand: r.command,
      fields: {},
    })),
  };
}

// ---- the module ----

function parsePostfix(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  // the human text, decoded once per message and shared with the DSN reader's hints
  const text = humanText(msg);
  if (isTranscript(msg)) return parseTranscript(msg, text);
  const lines = recipientLines(text);
  const opening = OPENING.exec(msg.opening);
  const ds = msg.deliveryStatus.length ? readDeliveryStatus(msg, ctx.limits) : null;
  if (ds && ds.recipients.length) {
    const index = indexLines(lines);
    const only = ds.recipients.length === 1 && lines.length === 1 ? lines[0] : null;
    for (const row of ds.recipients) {
      const line = lineFor(row, index, only);
      if (line) refine(row, line);
    }
    // rows the text does not name get the generic reader's paragraph search
    attachHints(msg, ds.recipients);
    return {
      kind: 'dsn',
      format: 'postfix',
      reportingMta: ds.reportingMta ?? (opening ? opening[1].replace(/\.$/, '') : null),
      arrivalDate: ds.arrivalDate,
      recipients: ds.recipients,
      warnings: ds.warnings,
    };
  }
  // the recipient log was gone: no line, no group, only the returned message (docs/formats.md#postfix-structure)
  if (!lines.length && ds && text.includes(REPORT_UNAVAILABLE)) return unavailableReport(msg, ds.reportingMta, ds.arrivalDate);
  // Postfix before 2.3: no delivery-status part, only the text (docs/formats.md#old-postfix)
  if (!lines.length) return null;
  const action = templateAction(msg, msg.opening);
  return {
    kind: 'dsn',
    format: 'postfix',
    reportingMta: opening ? opening[1].replace(/\.$/, '') : null,
    recipients: lines.map((l) => rowFromLine(l, action)),
  };
}

// bounce_diagnostic_log() writes this, for the failure template only, when the recipient log
// cannot be read: the DSN part then has no per-recipient group [PF src/bounce/bounce_notify_util.c].
const REPORT_UNAVAILABLE = '--- Delivery report unavailable ---';
// smtpd names the recipient in its Received header only when the message had exactly one:
// `for <addr>; date` [PF src/smtpd/smtpd.c, "If there is only one recipient, list the recipient"].
const RECEIVED_FOR = /\bfor <([^<>\s]{1,320})>;/;

/** A failure whose recipient log was lost: the one recipient the returned message's newest Received names, if it names one. */
function unavailableReport(msg: BounceMessage, reportingMta: string | null | undefined, arrivalDate: string | null | undefined): ParsedReport | null {
  const received = msg.returned?.headers.getAll('received')[0] ?? '';
  const m = RECEIVED_FOR.exec(received.slice(0, 2048));
  const recipient = m ? cleanAddress(m[1]) : '';
  if (!recipient) return null;
  return {
    kind: 'dsn',
    format: 'postfix',
    reportingMta: reportingMta ?? null,
    arrivalDate: arrivalDate ?? null,
    recipients: [{ recipient, action: 'failed', fields: {} }],
    warnings: ['the bounce says its delivery report is unavailable: the recipient is the one the returned message was received for'],
  };
}

function hasPostfixDsnFields(msg: BounceMessage): boolean {
  // X-Postfix-Queue-ID / X-Postfix-Sender, per-message (docs/formats.md#postfix)
  return msg.deliveryStatus.some((p) => p.text.includes('X-Postfix-'));
}

export const postfix: FormatModule = {
  id: 'postfix',
  description: 'Postfix bounce(8) templates (failure, delay, success, verify), customised or translated, with X-$mail_name DSN fields, pre-2.3 text bounces, SMTP server error transcripts',
  // OPENING begins with OPENING_WORDS; X-Postfix- fields are in a delivery-status part; a
  // reworded template still comes from MAILER-DAEMON (structure.ts grades the rest)
  markers: { subject: [TRANSCRIPT_SUBJECT_ANY_NAME, ...TEMPLATE_SUBJECTS], opening: [OPENING_WORDS], hasDeliveryStatus: true, from: ['mailer-daemon'] },
  score(msg) {
    const subject = msg.lowerSubject;
    if (isTranscript(msg)) return 60;
    if (OPENING.test(msg.opening) || hasPostfixDsnFields(msg)) return 60;
    // $mail_name renamed (postconf(5) mail_name): the DSN fields are the daemon's own
    if (hasMailNameFields(msg)) return 60;
    // a reworded or translated template: Postfix's recipient lines and the fixed parts
    // around the template (docs/formats.md#postfix-structure)
    if (hasRecipientLine(msg.lowerHead)) {
      const hints = hintCount(msg);
      if (hints >= 3) return 55;
      if (hints >= 2) return 45;
    }
    if (TEMPLATE_SUBJECTS.includes(subject) && msg.lowerFrom.includes('mailer-daemon')) return 40;
    return 0;
  },
  parse(msg, ctx) {
    return parsePostfix(msg, ctx);
  },
};
