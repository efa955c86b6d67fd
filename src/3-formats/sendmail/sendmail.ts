// Sendmail 8 (docs/formats.md#sendmail) and its ancestors and look-alikes: the DSN form (the
// generic reader, completed from the human part's transcript, which holds the reply code
// when the Diagnostic-Code is a sysexits number or missing), the text form without a DSN part
// ("----- The following addresses had permanent fatal errors -----", "(reason: ...)",
// "----- Transcript of session follows -----"), and sendmail 5.x ("----- Unsent message
// follows -----": the transcript is all there is).
import type { BounceMessage } from '../../2-mime/message.js';
import { findCommand, findReplyCode } from '../../0-core/smtp.js';
import type { Action, Reason } from '../../0-core/schema.js';
import { findAddress, findLine, hasMarker, returnedAddressees, returnedAfter, textLines, uniqueRows, type Lines } from '../readers/native-text.js';
import { attachHints, readDeliveryStatus } from '../readers/rfc3464.js';
import { retryUntil } from '../readers/retry-until.js';
import { completeLocalPart, toIsoDate } from '../../0-core/address.js';
import { oneSpaced } from '../../0-core/text.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

// [SM sendmail/savemail.c] section rulers of the human part, lower-case, and what they say
// about the addresses under them; the last three are variants of other MTAs copying the layout
const SECTIONS: ReadonlyArray<readonly [string, Action]> = [
  ['the following addresses had permanent fatal errors', 'failed'],
  ['the following addresses had transient non-fatal errors', 'delayed'],
  ['the following addresses had successful delivery notifications', 'delivered'],
  ['the following addresses had permanent delivery errors', 'failed'], // Trend Micro relay [SOE lhost-x5-01]
  ['the following addresses had delivery errors', 'failed'], // "---The following addresses had delivery errors---" [SOE lhost-x1-*]
  ['the following addresses had delivery problems', 'failed'], // McAfee, Biglobe [SOE lhost-mcafee-*, lhost-biglobe-*]
];
export const SECTION_MARKERS = SECTIONS.map(([m]) => m);
export const TRANSCRIPT = ['----- transcript of session follows -----', '----- transcript of the session follows -----'];
const UNSENT = ['----- unsent message follows -----', '----- original message follows -----', '----- message header follows -----', '----- returned message follows -----'];
// [SM savemail.c] the body's opening line and the delay banner
const INTRO = ['the original message was received at'];
const SUBJECTS = ['returned mail:', 'warning: could not send message for past', 'postmaster notify:', 'postmaster warning:'];

/** A section ruler line ("   ----- ... -----" or "---...---") */
function isRuler(lower: string): boolean {
  const t = lower.trim();
  return t.startsWith('---') && t.endsWith('---') && t.length > 10;
}

interface Listed {
  address: string;
  action: Action;
  reason: string | null;
  expandedFrom: string | null;
}

// A bare local part on a list line ("baduser", "<baduser>"): a local recipient sendmail did
// not qualify (RFC 5321 §4.1.1.3 allows an unqualified "Postmaster" only; local delivery
// agents see bare names). Bounded: a local part is at most 64 octets (RFC 5321 §4.5.3.1.1).
const BARE_LOCAL = /^<?([A-Za-z0-9._%+=-]{1,64})>?$/;

/**
 * The address of a bare local part: the returned message's addressee with that local part.
 * Only that: a word alone on a line is no recipient unless the message went to it (a list
 * section of a look-alike may run on into other text).
 */
function qualify(local: string, returned: ReturnType<typeof returnedAfter>): string | null {
  return completeLocalPart(local, returnedAddressees(returned));
}

// "(expanded from: jo)": an alias of the local host, named without a domain
const EXPANDED_LOCAL = /^\(expanded from:\s{0,8}<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})>?\)\s*$/i;

/** The addresses listed under the section rulers, with their `(reason: ...)` lines. */
function listedAddresses(t: Lines, complete: ((local: string) => string | null) | null = null): Listed[] {
  const out: Listed[] = [];
  for (let i = 0; i < t.lines.length; i++) {
    const l = t.lower[i];
    if (!isRuler(l)) continue;
    const section = SECTIONS.find(([m]) => l.includes(m));
    if (!section) continue;
    for (let j = i + 1; j < t.lines.length && !isRuler(t.lower[j]); j++) {
      const line = t.lines[j].trim();
      if (!line) continue;
      const low = line.toLowerCase();
      const last = out[out.length - 1];
      if (low.startsWith('(reason:') && last) {
        last.reason = line.replace(/^\(reason:\s*/i, '').replace(/\)\s*$/, '');
        continue;
      }
      if (low.startsWith('(expanded from:') && last) {
        last.expandedFrom = findAddress(line) ?? EXPANDED_LOCAL.exec(line)?.[1] ?? null;
        continue;
      }
      if (line.startsWith('(')) continue;
      // "<a@b>", "a@b", ">>> a@b <a@b>" (Active!Hunter), "a@b [User unknown]" (X1)
      const bare = complete ? BARE_LOCAL.exec(line) : null;
      const address = findAddress(line) ?? (bare && complete ? complete(bare[1]) : null);
      if (!address) continue;
      // "a@b [User unknown]" (X1), "<a@b>   (Unknown user a@b)" (McAfee): the reason on the line
      const bracket = /\[([^[\]]{1,200})\]\s*$/.exec(line);
      const paren = /\(([^()]{1,300})\)\s*$/.exec(line);
      const reason = bracket && !bracket[1].includes('@') ? bracket[1] : paren && line.indexOf(paren[0]) > line.indexOf('@') ? paren[1] : null;
      out.push({ address, action: section[1], reason, expandedFrom: null });
    }
  }
  return out;
}

/** The transcript lines (after "----- Transcript of session follows -----" up to the next ruler). */
function transcript(t: Lines): Lines {
  const at = findLine(t, TRANSCRIPT);
  if (at === -1) return { lines: [], lower: [] };
  let end = at + 1;
  while (end < t.lines.length && !isRuler(t.lower[end])) end++;
  return { lines: t.lines.slice(at + 1, end), lower: t.lower.slice(at + 1, end) };
}

const REPLY_LINE = /^\s{0,8}([245]\d\d)[ -]/;

interface TranscriptFacts {
  reply: string | null;
  command: string | null;
  remote: string | null;
  /** the reply's first line */
  text: string | null;
  /** the whole reply, its continuation lines ("<<< 550-...") joined (null when it has one line) */
  full?: string | null;
}

// "<<< 550-5.1.1 first line" / "<<< 550 5.1.1 last line": a reply's line and its code (RFC 5321 §4.2.1)
const REPLY_CONTINUES = /^<<<\s([245]\d\d)-/;
const REPLY_PREFIX = /^<<<\s[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\s)?/;

/** The whole multi-line reply whose first line is `lines[at]` ("<<< 550-..."): first line as written, then each continuation's text. */
function wholeReply(lines: string[], at: number): string | null {
  const first = lines[at].trim();
  const m = REPLY_CONTINUES.exec(first);
  if (!m) return null;
  const parts = [first.slice(3).trim()];
  for (let j = at + 1; j < lines.length && j < at + 100; j++) {
    const l = lines[j].trim();
    if (!l.startsWith(`<<< ${m[1]}`)) break;
    parts.push(l.replace(REPLY_PREFIX, '').trim());
    if (!REPLY_CONTINUES.test(l)) break;
  }
  return parts.length > 1 ? parts.join(' ') : null;
}

/**
 * The command a reply before sendmail's own line at `at` answered. With PIPELINING
 * (RFC 2920 §3.1) sendmail writes RCPT and DATA as one group and shows only `>>> DATA`; the
 * replies come back in order, so when the session goes on with another `<<<` reply after
 * the own line (DATA's own answer: "503 ... RCPT first"), the earlier reply answered that
 * recipient's RCPT.
 */
function pipelinedCommand(lines: string[], at: number, command: string | null): string | null {
  if (command !== 'DATA') return command;
  for (let j = at + 1; j < lines.length && j < at + 200; j++) {
    const l = lines[j].trim().toLowerCase();
    if (l.includes('while talking to')) break;
    if (l.startsWith('<<< ')) return 'RCPT';
  }
  return command;
}

/**
 * What the transcript says about one recipient: the remote reply to `>>> RCPT To:<addr>`, or
 * sendmail's own `NNN x.y.z <addr>... text` line; with one recipient only, the transcript's
 * reply lines speak for it even without naming it.
 */
function transcriptFacts(tr: Lines, address: string, only: boolean): TranscriptFacts {
  const { lines, lower } = tr;
  const lowAddr = address.toLowerCase();
  let remote: string | null = null;
  let command: string | null = null;
  let session: TranscriptFacts | null = null;
  let own: TranscriptFacts | null = null;
  let first: TranscriptFacts | null = null;
  // the remote's last reply in this session: sendmail follows a refusal that concerns
  // several recipients (a DATA reply) with its own line per recipient, same code,
  // "554 5.7.1 <a@b>... Service unavailable" [SM sendmail/deliver.c giveresponse()]
  let lastRemote: TranscriptFacts | null = null;
  // "... while talking to HOST:" opens a session; a reply before any ">>>" command in it is
  // the answer to the connection itself, the greeting (RFC 5321 §3.1, §4.3.2 "CONNECTION
  // ESTABLISHMENT"): its command is CONN [SM sendmail/usersmtp.c smtpinit]
  let inSession = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    // the line's lower-cased copy (toLines), trimmed: lower-casing neither makes nor drops white space
    const low = lower[i].trim();
    if (low.startsWith('... while talking to') || low.startsWith('while talking to')) {
      remote = /talking to\s+([^\s:]{1,255})/i.exec(line)?.[1]?.replace(/\.$/, '') ?? null;
      command = null;
      lastRemote = null;
      inSession = true;
      continue;
    }
    if (low.startsWith('>>> ')) {
      command = findCommand(line) ?? line.slice(4).split(/[\s:]/, 1)[0].toUpperCase();
      if (low.includes(lowAddr)) {
        // the reply to our RCPT for this address
        const next = lines[i + 1]?.trim() ?? '';
        if (next.startsWith('<<<')) session = { reply: findReplyCode(next.slice(3)), command, remote, text: next.slice(3).trim(), full: wholeReply(lines, i + 1) };
      }
      continue;
    }
    if (low.startsWith('<<< ')) {
      const facts = { reply: findReplyCode(line.slice(3)), command: command ?? (inSession ? 'CONN' : null), remote, text: line.slice(3).trim(), full: wholeReply(lines, i) };
      // a reply's first line stands for the reply (its continuations are in `full`)
      const prev = lines[i - 1]?.trim() ?? '';
      if (!(REPLY_CONTINUES.test(prev) && prev.startsWith(`<<< ${facts.reply}`))) lastRemote = facts;
      // the remote's answer naming this recipient, whatever command it answered
      if (!session && low.includes(lowAddr)) session = facts;
      if (!first) first = facts;
      continue;
    }
    const m = REPLY_LINE.exec(line);
    if (!m) continue;
    if (low.includes(lowAddr) && !own) own = lastRemote?.reply === m[1] ? { ...lastRemote, command: pipelinedCommand(lines, i, lastRemote.command) } : { reply: m[1], command: null, remote, text: line };
    else if (!first) first = { reply: m[1], command: null, remote, text: line };
  }
  return session ?? own ?? (only && first ? first : { reply: null, command: null, remote: null, text: null });
}

const SMTP_TYPE = /^\s*smtp;\s*/i;

/**
 * A reply's text as sameFirstLine compares it: without its "smtp;" type, each run of white
 * space one space, trimmed, lower case. oneSpaced folds only the runs that are not one space
 * already, where /\s+/g replaced every single space of the text (one match each), most of the
 * comparison's cost.
 */
export function squashReply(x: string): string {
  return oneSpaced(x.replace(SMTP_TYPE, '')).trim().toLowerCase();
}

/** Is `diagnostic` (a Diagnostic-Code value) the transcript reply's first line, give or take spacing? */
function sameFirstLine(diagnostic: string, first: string): boolean {
  const d = squashReply(diagnostic);
  return d.length > 0 && squashReply(first).startsWith(d);
}

/** `<addr>... text` (sendmail's status line for one recipient, no reply code) → text */
function ownStatusLine(lines: string[], address: string): string | null {
  const prefix = `<${address.toLowerCase()}>... `;
  for (const l of lines) {
    const t = l.trim();
    if (t.toLowerCase().startsWith(prefix)) return t.slice(prefix.length).trim() || null;
  }
  return null;
}

/**
 * Transcript lines that are neither SMTP dialogue nor sendmail's reply lines: a local mailer's
 * output. With `about`, only the lines naming that recipient (the address, or its local part
 * as a word).
 */
function mailerOutput(lines: string[], about: string | null = null): string | null {
  let out = lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('>>>') && !l.startsWith('<<<') && !/while talking to/i.test(l) && !REPLY_LINE.test(l));
  if (about) {
    const address = about.toLowerCase();
    const local = address.slice(0, address.lastIndexOf('@'));
    const names = (l: string) => {
      const low = l.toLowerCase();
      if (low.includes(address)) return true;
      if (local.length < 2) return false;
      for (let at = low.indexOf(local); at !== -1; at = low.indexOf(local, at + 1)) {
        const before = low[at - 1] ?? ' ';
        const after = low[at + local.length] ?? ' ';
        if (!/[a-z0-9._-]/.test(before) && !/[a-z0-9_-]/.test(after)) return true;
      }
      return false;
    };
    out = out.filter(names);
  }
  return out.length ? out.join('\n') : null;
}

// What a local delivery agent prints about a recipient, where the reason's usual phrase
// tables would not take it as decisive. The agent's line comes above sendmail's generic one
// ("Service unavailable" for EX_UNAVAILABLE) and names the cause.
const AGENT_TEXTS: ReadonlyArray<{ agent: string; phrase: string; reason: Reason; from: string }> = [
  // mailerr("550 5.1.1", "%s: User unknown", name), printed after "mail.local: " when not in LMTP mode
  { agent: 'mail.local: ', phrase: ': user unknown', reason: 'userunknown', from: 'sendmail mail.local/mail.local.c deliver(), flush_error()' },
];

function agentReason(said: string): Reason | null {
  for (const line of said.toLowerCase().split('\n')) {
    const hit = AGENT_TEXTS.find((a) => line.startsWith(a.agent) && line.includes(a.phrase));
    if (hit) return hit.reason;
  }
  return null;
}

/** Complete DSN rows from the transcript (reply code, command, remote host) where the DSN fields are silent. */
function completeFromTranscript(rows: RowDraft[], t: Lines): void {
  const tr = transcript(t);
  const lines = tr.lines;
  if (!lines.length) return;
  for (const row of rows) {
    if (!row.diagnosticCode) {
      // sendmail's own line for the recipient, without a reply: "<a@b>... Deferred: Name
      // server: b.: host name lookup failure" [SM sendmail/deliver.c]: the cause behind a
      // queue expiry (X.4.7), which RFC 3463 asks to report
      const own = ownStatusLine(lines, row.recipient);
      if (own) {
        row.diagnosticCode = own;
        row.hint = [row.hint, own].filter(Boolean).join('\n');
      }
    }
    // a local mailer's (diagnostic type X-Unix) own output lines, which sendmail copies into
    // the transcript ahead of its verdict ("maildrop: maildir over quota." before "550 5.0.0
    // <a@b>... Insufficient permission") [SM sendmail/deliver.c]: they name the cause
    if (row.diagnosticType?.toLowerCase().startsWith('x-unix')) {
      // with several recipients, the agent's lines that name this one (procmail, dovecot-lda
      // and mail.local put the user or the mailbox path in their messages)
      const said = mailerOutput(lines, rows.length === 1 ? null : row.recipient);
      if (said) {
        row.hint = [row.hint, said].filter(Boolean).join('\n');
        row.reason ??= agentReason(said);
      }
    }
    const f = transcriptFacts(tr, row.recipient, rows.length === 1);
    if (!f.reply) continue;
    const diagReply = findReplyCode(row.diagnosticCode);
    if (diagReply) {
      // the same reply in the transcript tells which command it answered (">>> DATA")
      if (diagReply === f.reply) {
        row.smtpCommand ??= f.command;
        row.remoteMta ??= f.remote;
        // sendmail's Diagnostic-Code keeps the first line of a multi-line reply; the
        // transcript has every line [SM sendmail/deliver.c, usersmtp.c reply()]
        // a field cut shorter than the reply's first line (a bare "550") gives way to the line
        if (f.text && row.diagnosticCode && sameFirstLine(row.diagnosticCode, f.text)) {
          const whole = f.full ?? f.text;
          if (f.full || whole.length > row.diagnosticCode.replace(/^\s*smtp;\s*/i, '').trim().length) row.diagnosticCode = whole;
        }
      }
      continue;
    }
    // the transcript reply must agree with the row's class to speak for it
    const status = row.status?.trim()[0];
    if (status && status !== f.reply[0] && !(status === '5' && f.reply[0] === '4')) continue;
    row.smtpReplyCode = f.reply;
    row.smtpCommand ??= f.command;
    row.remoteMta ??= f.remote;
    if (f.text) row.hint = [row.hint, f.text].filter(Boolean).join('\n');
  }
}

/** The host in the report's From (MAILER-DAEMON@host): sendmail's $j, MyHostName. */
function daemonHost(msg: BounceMessage): string | null {
  const a = findAddress(msg.from);
  return a ? a.slice(a.lastIndexOf('@') + 1) : null;
}

/**
 * The address an expanded recipient was sent to, as Sendmail's own DSN names it: savemail.c
 * writes `Final-Recipient:` as "the name from the RCPT command" (the alias the failing address
 * was expanded from, a bare local part completed with MyHostName) and the failing address as
 * `X-Actual-Recipient:`. Its text form shows the same pair as the listed address over
 * "(expanded from: ...)", so a text without the DSN part gives the same row. The text names
 * the nearest alias only; for one level of aliasing that is the RCPT name.
 */
function rcptName(l: Listed, host: string | null): string | null {
  const from = l.expandedFrom;
  if (!from || from.toLowerCase() === l.address.toLowerCase()) return null;
  if (from.includes('@')) return from;
  return host ? `${from}@${host}` : null;
}

/** The text form: rows from the listed addresses, completed from the transcript. */
export function parseSendmailText(msg: BounceMessage, format: string): ParsedReport | null {
  const t = msg.view(textLines);
  const returned = msg.returned ?? returnedAfter(t, UNSENT);
  const listed = listedAddresses(t, (local) => qualify(local, returned));
  if (!listed.length) return null;
  const tr = transcript(t);
  const lines = tr.lines;
  const host = daemonHost(msg);
  const rows: RowDraft[] = listed.map((l) => {
    const f = transcriptFacts(tr, l.address, listed.length === 1);
    const root = rcptName(l, host);
    // the "(reason: ...)" line and a Diagnostic-Code hold a multi-line reply's first line only;
    // with neither, sendmail's own line for the recipient ("<a@b>... Deferred: ...")
    const diag = l.reason ? (f.full && f.text && sameFirstLine(l.reason, f.text) ? f.full : l.reason) : (f.full ?? f.text ?? ownStatusLine(lines, l.address));
    return {
      recipient: root ?? l.address,
      originalRecipient: root ? null : l.expandedFrom,
      ...(root ? { fields: { 'X-Actual-Recipient': `rfc822; ${l.address}` } } : {}),
      action: l.action,
      diagnosticType: diag && (findReplyCode(diag) || f.reply) ? 'smtp' : null,
      diagnosticCode: diag,
      smtpReplyCode: findReplyCode(diag) ?? f.reply,
      smtpCommand: f.command,
      remoteMta: f.remote,
      hint: [l.reason, f.text].filter(Boolean).join('\n') || null,
    };
  });
  const arrivalDate = receivedAt(t);
  fillRetryUntil(rows, arrivalDate, msg.text);
  return { kind: 'dsn', format, arrivalDate, recipients: uniqueRows(rows), returned: returned ?? undefined };
}

/** The arrival date that savemail.c's opening line states: "The original message was received at <date>". */
function receivedAt(t: Lines): string | null {
  const at = findLine(t, INTRO);
  if (at === -1) return null;
  const line = t.lines[at];
  return toIsoDate(line.slice(line.toLowerCase().indexOf(INTRO[0]) + INTRO[0].length));
}

/** A delayed row without a stated Will-Retry-Until gets the one the warning's lifetime gives. */
function fillRetryUntil(rows: RowDraft[], arrival: string | null | undefined, text: string): void {
  for (const r of rows) if (r.action === 'delayed' && !r.willRetryUntil) r.willRetryUntil = retryUntil(arrival, text);
}

/**
 * A Final-Recipient without a local part ("RFC822; @mx.example.org": a route left without its
 * mailbox) names no mailbox. sendmail's own list above the transcript names the address it
 * failed: the listed addresses that no other group holds stand in for such groups, in order,
 * when they are as many. The raw field stays in `fields`.
 */
function mendRecipients(rows: RowDraft[], t: Lines, warnings: string[]): void {
  const noMailbox = (r: RowDraft) => !r.recipient || r.recipient.startsWith('@');
  const broken = rows.filter(noMailbox);
  if (!broken.length) return;
  const held = new Set(rows.filter((r) => !noMailbox(r)).map((r) => r.recipient.toLowerCase()));
  const spare = listedAddresses(t)
    .map((l) => l.address)
    .filter((a) => !held.has(a.toLowerCase()));
  if (spare.length !== broken.length) return;
  broken.forEach((r, i) => {
    warnings.push(`Final-Recipient ${JSON.stringify(r.recipient)} names no mailbox: ${spare[i]} from the human-readable list used`);
    r.recipient = spare[i];
  });
}

function parseSendmail(msg: BounceMessage, ctx: ParseContext, format = 'sendmail'): ParsedReport | null {
  if (msg.deliveryStatus.length) {
    const ds = readDeliveryStatus(msg, ctx.limits);
    if (ds.recipients.length) {
      const t = msg.view(textLines);
      mendRecipients(ds.recipients, t, ds.warnings);
      attachHints(msg, ds.recipients);
      completeFromTranscript(ds.recipients, t);
      fillRetryUntil(ds.recipients, ds.arrivalDate ?? receivedAt(t), msg.text);
      return { kind: 'dsn', format, reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate, recipients: ds.recipients, warnings: ds.warnings };
    }
  }
  return parseSendmailText(msg, format);
}

/** Sendmail's fingerprints: subject, the opening line, the section rulers. */
function sendmailScore(msg: BounceMessage): number {
  const lower = msg.lowerHead;
  let score = 0;
  if (hasMarker(lower, SECTION_MARKERS)) score += 30;
  if (hasMarker(lower, TRANSCRIPT)) score += 15;
  if (hasMarker(lower, INTRO)) score += 10;
  const subject = msg.lowerSubject;
  if (SUBJECTS.some((s) => subject.startsWith(s))) score += 10;
  if ((msg.headers.get('auto-submitted') ?? '').toLowerCase().startsWith('auto-generated (')) score += 10; // [SM savemail.c]
  return score;
}

export const sendmail: FormatModule = {
  id: 'sendmail',
  description: 'Sendmail 8 bounces: RFC 3464 with the transcript, or text only ("----- The following addresses had permanent fatal errors -----")',
  // 40 points need a section ruler (30), or the transcript (15) with all three others (10 each)
  markers: { text: [...SECTION_MARKERS, ...TRANSCRIPT] },
  score(msg) {
    const s = sendmailScore(msg);
    return s >= 40 ? 20 + s : 0;
  },
  parse(msg, ctx) {
    return parseSendmail(msg, ctx);
  },
};

// ---- sendmail 5.x: no MIME, no address list; "NNN <addr>... text" lines in the transcript

// "550 <a@b>... User unknown" (5.x); sendmail 8 writes the same line without the MIME
// sections, the address as given (bracketed or not) and the enhanced code after the reply
// code when it has one: "550 5.1.1 a@b... User unknown" [SM sendmail/deliver.c giveresponse()]
const V5_CODES = /^([245]\d\d)(?: [245]\.\d{1,3}\.\d{1,3})? /;
const V5_ADDRESS = /^<?([^<>\s@]{1,256}@[^<>\s@]{1,255})>?$/;

/** `[code, address, text]` of such a line, null when it is none (found by indexOf: the domain's dots and "..." would make a pattern backtrack). */
function v5Summary(line: string): [string, string, string] | null {
  const codes = V5_CODES.exec(line);
  if (!codes) return null;
  const rest = line.slice(codes[0].length);
  const dots = rest.indexOf('...');
  if (dots === -1 || dots > 520) return null;
  const address = V5_ADDRESS.exec(rest.slice(0, dots));
  if (!address) return null;
  return [codes[1], address[1], rest.slice(dots + 3).trim().slice(0, 1000)];
}
const V5_HOST = /^([245]\d\d) ([A-Za-z0-9.-]{1,255}) \(\w{1,20}\)\.\.\.\s?(.{0,1000})$/;

// A queue warning before the MIME sections (sendmail 8.6 envelope.c): subject "warning: cannot
// send message for %s" (after "Returned mail: "), and in the transcript "Warning: message still
// undelivered after %s" / "Will keep trying until message is %s old"; the last two are also
// sendmail 8's envelope.c lines.
const WARNING_SUBJECT = 'warning: cannot send message for';
const WARNING_LINES = ['warning: message still undelivered after', 'will keep trying until message is'];

function isQueueWarning(msg: BounceMessage, t: Lines): boolean {
  return msg.lowerSubject.includes(WARNING_SUBJECT) || findLine(t, WARNING_LINES) !== -1;
}

export function parseV5(msg: BounceMessage): ParsedReport | null {
  const t = msg.view(textLines);
  const lines = transcript(t).lines;
  if (!lines.length) return null;
  const rows: RowDraft[] = [];
  let remote: string | null = null;
  let command: string | null = null;
  let lastRemoteReply: string | null = null;
  let lastRemoteText: string | null = null;
  const hostFailures: { host: string; reply: string; text: string }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const low = line.toLowerCase();
    // "While talking to host:" (5.x), "... while talking to host.:" (8.x)
    if (low.startsWith('while talking to') || low.startsWith('... while talking to')) {
      remote = /talking to\s+([^\s:]{1,255})/i.exec(line)?.[1]?.replace(/\.$/, '') ?? null;
      command = null;
      lastRemoteReply = null;
      lastRemoteText = null;
      continue;
    }
    if (low.startsWith('>>> ')) {
      command = findCommand(line) ?? line.slice(4).split(/[\s:]/, 1)[0].toUpperCase();
      continue;
    }
    if (low.startsWith('<<< ')) {
      lastRemoteReply = findReplyCode(line.slice(4));
      lastRemoteText = line.slice(4).trim();
      continue;
    }
    const summary = v5Summary(line);
    if (summary) {
      const [code, address, text] = summary;
      // "554 <a@b>... 550 Host unknown": the remote reply inside sendmail's summary
      const inner = /^([245]\d\d)\s/.exec(text)?.[1] ?? null;
      const reply = lastRemoteReply ?? inner ?? code;
      const diag = lastRemoteText && lastRemoteReply ? `${lastRemoteText}\n${text}` : text;
      rows.push({
        recipient: findAddress(address) ?? address,
        action: 'failed',
        diagnosticType: 'smtp',
        diagnosticCode: diag || null,
        smtpReplyCode: reply,
        smtpCommand: lastRemoteReply ? command : null,
        remoteMta: lastRemoteReply ? remote : null,
        hint: line,
      });
      lastRemoteReply = null;
      lastRemoteText = null;
      continue;
    }
    const host = V5_HOST.exec(line);
    if (host) hostFailures.push({ host: host[2].toLowerCase(), reply: host[1], text: host[3] });
  }
  if (!rows.length && hostFailures.length && msg.returned === null) {
    // only host-level lines ("421 example.com (smtp)... Deferred: ..."): the recipients are
    // the returned message's addressees at that host
    const ret = returnedAfter(t, UNSENT);
    const to = [...(ret?.headers.getAll('to') ?? []), ...(ret?.headers.getAll('cc') ?? [])].join(',');
    for (const piece of to.split(',')) {
      const a = findAddress(piece);
      if (!a) continue;
      const domain = a.slice(a.lastIndexOf('@') + 1).toLowerCase();
      const f = hostFailures.find((h) => h.host === domain || h.host.endsWith(`.${domain}`));
      if (f) rows.push({ recipient: a, action: 'failed', diagnosticCode: f.text, smtpReplyCode: f.reply, remoteMta: f.host, hint: f.text });
    }
  }
  if (!rows.length) return null;
  if (isQueueWarning(msg, t)) {
    // still queued: the transcript's "Deferred:" lines are a warning's, not a failure's
    for (const r of rows) r.action = 'delayed';
  } else if (msg.lowerSubject.includes('cannot send message for')) {
    // "Returned mail: Cannot send message for 4 days" [SM 5.x queue timeout]: the queue gave up
    for (const r of rows) if (r.smtpReplyCode?.startsWith('4')) r.reason = 'expired';
  }
  return { kind: 'dsn', format: 'v5sendmail', recipients: uniqueRows(rows), returned: msg.returned ?? returnedAfter(t, UNSENT) };
}
