// SMTP reply codes and the command they answered, read from diagnostic text.
// Every pattern here is anchored or uses bounded repetition: diagnostic text is hostile input.
import { oneSpaced } from './text.js';

// RFC 5321 §4.2: a reply is a 3-digit code (first digit 2-5) then SP or '-'.
const REPLY_AT_START = /^\s{0,8}(?:[A-Za-z-]{1,20};\s{0,4})?([245][0-5]\d)(?=[\s-]|$)/;
// markers after which MTAs quote the remote reply (Postfix "said:", qmail "Remote host said:",
// Exchange "returned '", sendmail transcript "<<< ", Exim "]: ")
const REPLY_AFTER_MARKER = /(?:said:|returned\s'|<<<|\]:|error:|reply:|response:|was:)\s{0,8}'?"?([245][0-5]\d)(?=[\s-]|$)/i;
const REPLY_ANYWHERE = /(?:^|[\s'"(:;])([245][0-5]\d)(?=[ -][0-9A-Za-z<#])/;

// RFC 5321 §4.2.1: the last line of a multi-line reply carries the code followed by SP.
const FAILURE_LAST_LINE = /(?:^|\s)([45][0-5]\d) /;

/** The SMTP reply code in a diagnostic text, or null. */
export function findReplyCode(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.length > 4096 ? text.slice(0, 4096) : text;
  const code = REPLY_AT_START.exec(t)?.[1] ?? REPLY_AFTER_MARKER.exec(t)?.[1] ?? REPLY_ANYWHERE.exec(t)?.[1] ?? null;
  // a greeting's "220-" continuation that ends in a refusal ("220-laposte 421 4.2.1 Service
  // refuse", corpus rhost-franceptt-11): the code that ends the reply is the refusal's
  if (code?.[0] === '2') {
    const at = t.indexOf(`${code}-`);
    const last = at === -1 ? null : FAILURE_LAST_LINE.exec(t.slice(at + 4));
    if (last) return last[1];
  }
  return code;
}

// a refusal's or deferral's code anywhere (4xx, 5xx), as REPLY_ANYWHERE reads any reply
const FAILURE_REPLY_ANYWHERE = /(?:^|[\s'"(:;])([45][0-5]\d)(?=[ -][0-9A-Za-z<#])/;

/**
 * The reply code of a failed or delayed row: a session transcript quotes the replies that
 * went well before the one that failed ("250 2.1.0 Ok" to MAIL, then "550 5.1.1" to RCPT),
 * and a positive reply never explains a failure (RFC 5321 §4.2.1: 2yz is completion).
 */
export function findFailureReplyCode(text: string | null | undefined): string | null {
  const code = findReplyCode(text);
  if (code === null || code[0] === '4' || code[0] === '5' || !text) return code;
  const t = text.length > 4096 ? text.slice(0, 4096) : text;
  return FAILURE_REPLY_ANYWHERE.exec(t)?.[1] ?? null;
}

// Command phrases, most specific first. Sources: Postfix "(in reply to X command)"
// [PF smtp_proto.c]; Exim "SMTP error from remote mail server after RCPT TO:" [EXIM
// transports/smtp.c]; qmail-remote texts [QMAIL-SRC]; sendmail transcripts ">>> RCPT To:";
// Yahoo "[RCPT_TO]" (docs/formats.md#yahoo); Trend Micro "Sent <<< RCPT TO".
export const COMMAND_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['in reply to end of data', 'DATA'],
  ['after end of data', 'DATA'],
  ['in reply to data', 'DATA'],
  ['in reply to rcpt to', 'RCPT'],
  ['in reply to rcpt', 'RCPT'],
  ['in reply to mail from', 'MAIL'],
  ['in reply to mail', 'MAIL'],
  ['in reply to ehlo', 'EHLO'],
  ['in reply to helo', 'HELO'],
  ['in reply to starttls', 'STARTTLS'],
  ['in reply to auth', 'AUTH'],
  ['in reply to xforward', 'XFORWARD'],
  ['in reply to quit', 'QUIT'],
  ['after rcpt to', 'RCPT'],
  ['after mail from', 'MAIL'],
  ['after data', 'DATA'],
  ['after initial connection', 'CONN'],
  ['after sending data block', 'DATA'],
  ['after pipelined rcpt to', 'RCPT'], // Exim 4.9x with PIPELINING: "after pipelined RCPT TO:<addr>" [EXIM transports/smtp.c]
  ['after pipelined mail from', 'MAIL'],
  ['after pipelined data', 'DATA'],
  ['after ehlo', 'EHLO'], // Exim "SMTP error from remote mail server after EHLO host:" [EXIM transports/smtp.c]
  ['after helo', 'HELO'],
  ['after starttls', 'STARTTLS'],
  ['>>> rcpt to', 'RCPT'],
  ['>>> mail from', 'MAIL'],
  ['>>> data', 'DATA'],
  ['>>> ehlo', 'EHLO'],
  ['>>> helo', 'HELO'],
  ['<<< rcpt to', 'RCPT'],
  ['<<< mail from', 'MAIL'],
  ['[rcpt_to]', 'RCPT'],
  ['[mail_from]', 'MAIL'],
  ['[data]', 'DATA'],
  ['does not like recipient', 'RCPT'],
  ['but sender was rejected', 'MAIL'],
  ['failed on data command', 'DATA'],
  ['failed after i sent the message', 'DATA'],
  ['but my name was rejected', 'HELO'],
  ['rcpt to:', 'RCPT'],
  ['mail from:', 'MAIL'],
];

// Each phrase's first word (its first two when the first is short: "in reply"): the few keys
// are looked for once per text, and a phrase only where its key is (most texts name no
// command, and 41 searches per text were a steady share of normalisation).
function keyOf(phrase: string): string {
  const space = phrase.indexOf(' ');
  if (space === -1 || space >= 3) return space === -1 ? phrase : phrase.slice(0, space);
  const second = phrase.indexOf(' ', space + 1);
  return second === -1 ? phrase : phrase.slice(0, second);
}
const COMMAND_KEYS = [...new Set(COMMAND_PHRASES.map(([p]) => keyOf(p)))];
const COMMAND_TABLE = COMMAND_PHRASES.map(([phrase, cmd]) => ({ phrase, cmd, key: COMMAND_KEYS.indexOf(keyOf(phrase)) }));
// What each key is looked for by in the text before it is folded: folding changes only white
// space, so a key without a space is in the folded text exactly where it is in the lower-case
// one; a key with a space ("in reply") can be there only where its longest word is.
const KEY_PROBES = COMMAND_KEYS.map((k) => {
  const words = k.split(' ');
  return { probe: words.reduce((a, b) => (b.length > a.length ? b : a)), exact: words.length === 1 };
});

// Two case-blind patterns asked of the text as written, before any copy of it is made. Without
// the u flag, /i folds only where both sides stay ASCII or both do not (ECMA-262
// Canonicalize), and toLowerCase makes ASCII of only 'K' (Kelvin sign, U+212A) and 'İ' (an 'i'
// then U+0307); no word below has a 'k', nor an 'i' that ends it or stands before U+0307: every
// text whose folded lower case holds a phrase is a text both match. Written out as literals
// (the regex audit checks only those); test/unit/smtp-command.test.ts derives both from
// COMMAND_PHRASES and fails when the table and these part.
//  1. every key's probe (KEY_PROBES): most texts hold none (318 of the corpus' 572 diagnostics
//     and hints), and one pass of this stands in for a lower-cased copy and a search per probe
//     (~580 -> ~155 ns a text)
const ANY_PROBE = /reply|after|>>>|<<<|\[rcpt_to\]|\[mail_from\]|\[data\]|does|but|failed|rcpt|mail/i;
//  2. each phrase's first two words, white space between them as folding leaves it: a probe
//     alone is a common word ("mail" is in a third of the texts), the two words are in the few
//     texts that name a command (15 of the 113 texts the probes let through; ~330 ns a text,
//     asked only of those); without them, the lower-cased copy, the searches per probe and the
//     folding cost ~2 us a text
const ANY_PREFIX =
  /in\s+(?:reply)|after\s+(?:end|rcpt|mail|data|initial|sending|pipelined|ehlo|helo|starttls)|>>>\s+(?:rcpt|mail|data|ehlo|helo)|<<<\s+(?:rcpt|mail)|\[rcpt_to\]|\[mail_from\]|\[data\]|does\s+(?:not)|but\s+(?:sender|my)|failed\s+(?:on|after)|rcpt\s+(?:to:)|mail\s+(?:from:)/i;

/** findCommand's two gates, for the test that keeps them in step with COMMAND_PHRASES. */
export const COMMAND_GATES = { anyProbe: ANY_PROBE, anyPrefix: ANY_PREFIX } as const;

// the keys' marks of one call (findCommand is synchronous): not an array made per text
const keyMarks = new Int8Array(COMMAND_KEYS.length);

/** The SMTP command a failure answered, from the text around it; null when unknown. */
export function findCommand(text: string | null | undefined): string | null {
  if (!text) return null;
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  if (!ANY_PROBE.test(head) || !ANY_PREFIX.test(head)) return null;
  const lower = head.toLowerCase();
  // 1: there, -1: not there, 0: to be looked for in the folded text
  const keys = keyMarks;
  let maybe = false;
  for (let k = 0; k < KEY_PROBES.length; k++) {
    const { probe, exact } = KEY_PROBES[k];
    keys[k] = !lower.includes(probe) ? -1 : exact ? 1 : 0;
    if (keys[k] !== -1) maybe = true;
  }
  if (!maybe) return null;
  // folded text ("(in reply\n    to RCPT TO command)") reads as one line (lowerSpaced)
  const t = oneSpaced(lower);
  // the phrase tables are ordered by specificity; among the specific "in reply to"/"after"
  // forms the first match wins, the generic forms only when nothing specific matched
  for (const { phrase, cmd, key } of COMMAND_TABLE) {
    if (keys[key] === 0) keys[key] = t.includes(COMMAND_KEYS[key]) ? 1 : -1;
    if (keys[key] === 1 && t.includes(phrase)) return cmd;
  }
  return null;
}
