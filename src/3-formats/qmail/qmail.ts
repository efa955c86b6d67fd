// qmail bounces: QSBMF (docs/formats.md#qmail, docs/formats.md#qmail-texts) and the relatives in docs/formats.md#qmail-variants (netqmail,
// notqmail, vpopmail and qmail-ldap texts, indimail's MIME bounces, Yahoo's qmail-style
// "Failure Notice"). The body is paragraphs: an introduction, one `<address>:` paragraph
// per failed recipient, a break paragraph beginning with "-", then the original message.
import type { BounceMessage } from '../../2-mime/message.js';
import type { Reason } from '../../0-core/schema.js';
import { findCommand } from '../../0-core/smtp.js';
import { findStatusInText } from '../../0-core/status.js';
import { firstHumanLeaf, headerIncludes, headerNeedle, humanText, returnedFromBytes } from '../readers/text-util.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

// Introductions: the first line of the body.
const QSBMF_INTRO = 'Hi. This is the'; // QSBMF §2: the body begins with these characters, exactly
export const YAHOO_INTRO = 'Sorry, we were unable to deliver your message to the following address'; // docs/formats.md#yahoo [SOE lhost-yahoo-01]

// Break lines whose copy is headers only (docs/formats.md#qmail-variants: "--- Below this line is a copy of the mail header.")
const HEADERS_ONLY_BREAK = 'copy of the mail header';

// qmail's own texts (qmail-remote, qmail-local, and the patches of docs/formats.md#qmail-variants). They decide the
// reason when no remote server spoke: a remote reply carries its own words, which the
// classifier reads. First match wins.
const OWN_TEXTS: ReadonlyArray<readonly [string, Reason, string]> = [
  ['no mailbox here by that name', 'userunknown', 'qmail-local (#5.1.1), vpopmail (docs/formats.md#qmail-texts, docs/formats.md#qmail-variants)'],
  ["couldn't find any host named", 'hostunknown', 'qmail-remote (#5.1.2) (docs/formats.md#qmail-texts)'],
  ["couldn't find any host by that name", 'hostunknown', 'qmail-remote (#4.1.2) (docs/formats.md#qmail-texts)'],
  ["couldn't find a mail exchanger or ip address", 'notaccept', 'qmail-remote (#5.4.4): no MX and no address, the domain takes no mail (docs/formats.md#qmail-texts)'],
  ["wasn't able to establish an smtp connection", 'networkerror', 'qmail-remote (#4.4.1) (docs/formats.md#qmail-texts)'],
  ["although i'm listed as a best-preference mx", 'networkerror', 'qmail-remote (#5.4.6), MX points back to us (docs/formats.md#qmail-texts)'],
  ['but connection died', 'networkerror', 'qmail-remote (#4.4.2) (docs/formats.md#qmail-texts)'],
  ['cname lookup failed temporarily', 'networkerror', 'qmail-remote (#4.4.3) (docs/formats.md#qmail-texts)'],
  ['already has my delivered-to line', 'networkerror', 'qmail-local looping (#5.4.6) (docs/formats.md#qmail-texts)'],
  ['mail is looping', 'networkerror', 'vpopmail (docs/formats.md#qmail-variants)'],
  ['partial final lines', 'contenterror', 'qmail-remote (#5.6.2) (docs/formats.md#qmail-texts)'],
  ['unable to contact ldap server', 'systemerror', 'qmail-ldap (#4.4.3) (docs/formats.md#qmail-variants)'],
  ['temporary failure in ldap lookup', 'systemerror', 'qmail-ldap (#4.4.3) (docs/formats.md#qmail-variants)'],
  ['illegal value in ldap attribute', 'systemerror', 'qmail-ldap (#5.3.5) (docs/formats.md#qmail-variants)'],
  ['error while executing qmail-forward', 'systemerror', 'qmail-ldap (#5.4.4) (docs/formats.md#qmail-variants)'],
  ['administrativly disabled', 'suspend', 'qmail-ldap (sic) (docs/formats.md#qmail-variants)'],
  ['administratively disabled', 'suspend', 'qmail-ldap (docs/formats.md#qmail-variants)'],
  ['maximum size the user accepts', 'exceedlimit', 'qmail-ldap "The message exeeded the maximum size the user accepts" (docs/formats.md#qmail-variants)'],
  ['account is locked', 'suspend', 'vpopmail vdelivermail (docs/formats.md#qmail-variants)'],
  ['is over quota', 'mailboxfull', 'vpopmail "user is over quota" / "domain is over quota" (docs/formats.md#qmail-variants)'],
  ['disk quota exceeded', 'mailboxfull', 'qmail-local delivery (docs/formats.md#qmail-variants)'],
  ['auto creation of maildir failed', 'systemerror', 'vpopmail (#5.9.8) (docs/formats.md#qmail-variants)'],
  ['unable to chdir to maildir', 'systemerror', 'qmail-local (#4.2.1) (docs/formats.md#qmail-texts)'],
  ['temporary error on maildir delivery', 'systemerror', 'qmail-local (#4.3.0) (docs/formats.md#qmail-texts)'],
  ['.qmail file is writable', 'systemerror', 'qmail-local (#4.7.0) (docs/formats.md#qmail-texts)'],
  ['out of memory', 'systemerror', 'qmail-local (#4.3.0) (docs/formats.md#qmail-texts)'],
  ['this message has been in the queue too long', 'expired', 'qmail-send queue lifetime (docs/formats.md#qmail)'],
];

// qmail-remote's words for the stage a remote server refused (docs/formats.md#qmail-texts, docs/formats.md#qmail-variants).
const STAGES: ReadonlyArray<readonly [string, string]> = [
  ['does not like recipient', 'RCPT'],
  ['but sender was rejected', 'MAIL'],
  ['but my name was rejected', 'HELO'],
  ['but greeting failed', 'CONN'],
  ['failed on data command', 'DATA'],
  ['failed after i sent the message', 'DATA'],
  ['most progress was rcpt to', 'RCPT'], // MX-fallback patch (docs/formats.md#qmail-variants)
  ['most progress was mail from', 'MAIL'],
  ['most progress was data', 'DATA'],
];

// The host qmail-remote talked to, as it names it (docs/formats.md#qmail-texts).
const REMOTE_HOST = [
  /Connected to ([0-9A-Fa-f.:]{3,45}) but/,
  /(?:^|\s)([0-9A-Fa-f.:]{3,45}) (?:does not like recipient|failed on DATA command|failed after I sent the message)/,
  /Giving up on ([0-9A-Fa-f.:]{3,45})\./,
  /remote host ([0-9A-Fa-f.:]{3,45}) said/,
];

/** `<addr>:` (trailing blanks allowed): the first line of a recipient paragraph (QSBMF §2). */
function recipientOf(line: string): string | null {
  const t = line.trimEnd();
  if (t.length < 4 || t[0] !== '<' || !t.endsWith('>:')) return null;
  const addr = t.slice(1, -2);
  if (!addr || addr.includes('<') || addr.includes('>') || addr.length > 1024) return null;
  return addr;
}

interface Paragraph {
  recipient: string;
  lines: string[];
}

interface QsbmfBody {
  intro: string;
  paragraphs: Paragraph[];
  /** the break line, null when none was found */
  breakLine: string | null;
}

/** Split QSBMF text (from its introduction on) into recipient paragraphs and the break. */
export function splitQsbmf(text: string): QsbmfBody {
  const lines = text.split('\n');
  const paragraphs: Paragraph[] = [];
  const intro: string[] = [];
  let current: Paragraph | null = null;
  let inIntro = true;
  let breakLine: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const blank = line.trim() === '';
    const addr = recipientOf(line);
    if (addr !== null) {
      current = { recipient: addr, lines: [] };
      paragraphs.push(current);
      inIntro = false;
      continue;
    }
    if (blank) {
      if (inIntro && intro.length) inIntro = false;
      current = null;
      continue;
    }
    // QSBMF: the break paragraph is the only one that begins with "-"
    if (!current && line.startsWith('-')) {
      breakLine = line.trim();
      break;
    }
    if (current) current.lines.push(line);
    else if (inIntro) intro.push(line.trim());
  }
  return { intro: intro.join(' '), paragraphs, breakLine };
}

function stageOf(lower: string): string | null {
  for (const [phrase, cmd] of STAGES) if (lower.includes(phrase)) return cmd;
  return findCommand(lower);
}

function remoteHostOf(text: string): string | null {
  for (const re of REMOTE_HOST) {
    const m = re.exec(text);
    if (m) return m[1];
  }
  return null;
}

/** The remote server's reply inside a paragraph: after "Remote host said:" or "remote host X said:". */
function remoteReplyOf(text: string, lower: string): string | null {
  let at = lower.indexOf('remote host said:');
  let len = 'remote host said:'.length;
  if (at === -1) {
    const m = /remote host [0-9A-Fa-f.:]{3,45} said:/.exec(lower);
    if (!m) return null;
    at = m.index;
    len = m[0].length;
  }
  let reply = text.slice(at + len);
  // qmail's own sentences after the reply are not part of it
  for (const tail of [' Giving up on ', " I'm not going to try again"]) {
    const cut = reply.indexOf(tail);
    if (cut !== -1) reply = reply.slice(0, cut);
  }
  return reply.trim() || null;
}

// HCMSSC: qmail's own code on its own texts, "(#5.1.1)" (§2.2). Bounded.
const HCMSSC = /\(#([245]\.\d{1,3}\.\d{1,3})(?:\.\d{1,3})?\)/g;

function lastHcmssc(text: string): string | null {
  let last: string | null = null;
  HCMSSC.lastIndex = 0;
  for (let m = HCMSSC.exec(text); m; m = HCMSSC.exec(text)) last = m[1];
  return last;
}

function rowOf(p: Paragraph): RowDraft {
  // qmail turns blank lines inside a report into "/" lines (docs/formats.md#qmail)
  const diagnostic = p.lines
    .map((l) => l.trim())
    .filter((l) => l && l !== '/')
    .join(' ');
  const lower = diagnostic.toLowerCase();
  const reply = remoteReplyOf(diagnostic, lower);
  let reason: Reason | null = null;
  if (!reply) {
    for (const [phrase, r] of OWN_TEXTS) {
      if (lower.includes(phrase)) {
        reason = r;
        break;
      }
    }
  }
  // Yahoo writes a bare reply as "550: <addr>: User unknown" ([SOE lhost-yahoo-07])
  const bare = reply ? null : /^([245]\d\d):? /.exec(diagnostic);
  return {
    recipient: p.recipient,
    smtpReplyCode: bare ? bare[1] : null,
    action: 'failed', // QSBMF reports permanent failures only (§2.1)
    status: (reply ? findStatusInText(reply) : null) ?? lastHcmssc(diagnostic),
    diagnosticType: reply || bare ? 'smtp' : null,
    diagnosticCode: diagnostic || null,
    smtpCommand: stageOf(lower),
    remoteMta: remoteHostOf(diagnostic),
    reason,
    fields: {},
  };
}

function reportingHost(intro: string): string | null {
  // "Hi. This is the qmail-send program at mx.example.org."
  const m = / program at ([A-Za-z0-9._\-[\]:]{1,255})/.exec(intro);
  return m ? m[1].replace(/\.$/, '') || null : null;
}

/** The copy of the original after the break line, when it is in the same text leaf. */
function copyAfterBreak(msg: BounceMessage, breakLine: string): ReturnType<typeof returnedFromBytes> {
  const leaf = firstHumanLeaf(msg);
  if (!leaf) return null;
  const at = leaf.body.indexOf(breakLine, 0, 'latin1');
  if (at === -1) return null;
  const nl = leaf.body.indexOf(0x0a, at);
  if (nl === -1) return null;
  return returnedFromBytes(leaf.body.subarray(nl + 1), breakLine.includes(HEADERS_ONLY_BREAK));
}

// How far into the text the structure may begin: an intro is a paragraph or two.
const MAX_INTRO = 8192;

/**
 * Where QSBMF text begins: qmail-send's own greeting, Yahoo's, or else (a clone that rewrote
 * the intro, in any language) the start of the text when its structure is QSBMF's: an intro
 * paragraph, then `<address>:` paragraphs, then a break paragraph beginning with "-"
 * (QSBMF §2.1, cr.yp.to/proto/qsbmf.txt). -1 when none.
 */
function qsbmfStart(text: string): { at: number; greeting: boolean } {
  for (const intro of [QSBMF_INTRO, YAHOO_INTRO]) {
    const at = text.indexOf(intro);
    if (at !== -1 && at <= MAX_INTRO) return { at, greeting: true };
  }
  return { at: 0, greeting: false };
}

interface QsbmfReading {
  body: QsbmfBody;
  start: number;
  /** the body began with a known greeting (qmail-send's or Yahoo's) */
  greeting: boolean;
}

/** The QSBMF reading of a message, computed once (score and parse both ask). */
const qsbmfView = (msg: BounceMessage): QsbmfReading | null => {
  const text = humanText(msg);
  const { at, greeting } = qsbmfStart(text);
  let from = at;
  while (from < text.length && (text[from] === '\n' || text[from] === ' ' || text[from] === '\t')) from++;
  const body = splitQsbmf(text.slice(from, from + 4 * 1024 * 1024));
  if (!body.paragraphs.length) return null;
  // without a greeting the intro must be there and be short: the recipients follow it; the
  // break paragraph introduces the copy, which a MIME-bouncing qmail (indimail, the MIME
  // bounce patches, docs/formats.md#qmail-variants) attaches as a part of its own instead
  if (!greeting && (!body.intro || body.intro.length > MAX_INTRO || (!body.breakLine && !msg.returned))) return null;
  return { body, start: from, greeting };
};

export function parseQmail(msg: BounceMessage, format: string): ParsedReport | null {
  const reading = msg.view(qsbmfView);
  if (!reading) return null;
  const { body } = reading;
  const recipients = body.paragraphs.map(rowOf);
  // the copy after the break: in the same text for classic qmail and Yahoo; indimail
  // sends it as a message/rfc822 part, which the MIME layer already holds (docs/formats.md#qmail-variants)
  const returned = body.breakLine && !msg.returned ? copyAfterBreak(msg, body.breakLine) : null;
  return {
    kind: 'dsn',
    format,
    reportingMta: reportingHost(body.intro),
    arrivalDate: null,
    recipients,
    returned: returned ?? undefined,
  };
}

// Headers that only qmail and its forks write on a bounce (docs/formats.md#qmail-variants).
const INVOKED_FOR_BOUNCE = headerNeedle('received', 'invoked for bounce');

function qmailHeaders(msg: BounceMessage): boolean {
  return headerIncludes(msg, INVOKED_FOR_BOUNCE) || msg.headers.has('x-bounced-address');
}

// A structure-only reading needs a sign that a mail system wrote the message: its sender
// (RFC 5321 §4.5.5: a notification goes out with a null reverse-path; qmail-send signs its
// bounces MAILER-DAEMON, QSBMF §2) or qmail's own headers.
const DAEMON_SENDERS = ['mailer-daemon', 'postmaster', 'mail delivery', 'mailer'];

function fromMailSystem(msg: BounceMessage): boolean {
  const from = msg.lowerFrom;
  if (DAEMON_SENDERS.some((d) => from.includes(d))) return true;
  const path = msg.headers.get('return-path');
  return (path !== null && path.replace(/\s/g, '') === '<>') || qmailHeaders(msg);
}

// the line after a `<address>:` line: where a QSBMF recipient paragraph shows in the text
const RECIPIENT_LINE_END = '>:\n';

export const qmail: FormatModule = {
  id: 'qmail',
  description: 'qmail, netqmail, notqmail (QSBMF "Hi. This is the qmail-send program"), vpopmail and qmail-ldap texts, indimail MIME bounces, and QSBMF clones with intros of their own',
  // the greeting, or the shape of a recipient paragraph's first line (checked as structure in score)
  markers: { opening: [QSBMF_INTRO], text: [RECIPIENT_LINE_END] },
  score(msg) {
    const opening = msg.opening;
    if (opening.startsWith(QSBMF_INTRO)) return 80;
    if (qmailHeaders(msg) && opening.includes(QSBMF_INTRO)) return 70;
    // an intro of its own (a clone, a translation): the structure alone, from a mail system;
    // below the modules that know a clone's own intro (x2, x4, yahoo)
    const reading = msg.view(qsbmfView);
    if (reading && !reading.greeting && fromMailSystem(msg)) return 50;
    return 0;
  },
  parse(msg) {
    return parseQmail(msg, 'qmail');
  },
};
