// Does a message look like an automated failure or delay report, whatever its language and
// generator? Two conditions, both needed: it was sent by software (a null reverse-path, a
// daemon sender, Auto-Submitted, X-Failed-Recipients, a failure subject, a returned message,
// or no header block at all: a stored bounce text), and it speaks of a failure (subject,
// X-Failed-Recipients, a failure wording or an SMTP failure code in its opening text).
// Automated mail that is no failure stays out: feedback reports, challenge-response requests,
// read receipts, newsletters and notifications (auto-generated, but without failure words).
import type { BounceMessage } from '../../2-mime/message.js';
import { rejectedDisposition } from './mdn-rejection.js';
import { isAutoReply } from './rfc3834.js';
import { isSpace } from '../readers/native-text.js';
import { CHALLENGE_CUES, DAEMON_SENDERS, FAILURE_CUES, FAILURE_SUBJECTS, SUCCESS_CUES } from './cues.js';

// what of the text is looked at for the failure wording (a report says so near its top)
const OPENING_CHARS = 8192;
// RFC 3463 enhanced status of a failure or delay (4.x.x, 5.x.x) after a reply code or alone
// on a line part: "550 5.1.1", "#5.1.1", "(5.7.1)". Bounded digits; no nested repetition.
const FAILURE_CODE = /(?:^|[\s#('"[])[45]\.[0-7]\.\d{1,3}(?=[\s)'".,;:\]]|$)/gm;
// RFC 5321 §4.2 reply codes of a refusal with some text after them, at a line's start or after "said:"
const FAILURE_REPLY = /(?:^|said:\s{0,4}|returned\s{0,4}'|<<<\s{0,4})[45][0-5]\d[ -][A-Za-z0-9<#]/m;

/** RFC 5321 §4.5.5: delivery reports are sent with a null reverse-path (Return-Path: <>). */
export function nullSender(msg: BounceMessage): boolean {
  for (const v of msg.headers.getAll('return-path')) if (onlyAngles(v)) return true;
  return false;
}

/**
 * Is `v` nothing but angle brackets and white space (/\s/)? Read in place: the text-fallback
 * score asks it of every message, and a copy with them replaced was made for each.
 */
export function onlyAngles(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 60 && c !== 62 && !isSpace(c)) return false;
  }
  return true;
}

/** RFC 3834 §5: Auto-Submitted with any value but "no" marks a message sent by software. */
function autoSubmitted(msg: BounceMessage): string | null {
  const v = msg.headers.get('auto-submitted');
  if (!v) return null;
  const value = v.trim().toLowerCase();
  return value && value !== 'no' ? value : null;
}

export function daemonSender(msg: BounceMessage): boolean {
  const from = msg.lowerFrom;
  return DAEMON_SENDERS.some((s) => from.includes(s));
}

// a person forwarding a report: "Fwd:", "Fw:", and the prefixes mail clients write in other
// languages (German "WG:", French "TR:", Spanish "RV:", Italian "I:", Dutch "Doorst:"); or
// answering one: "Re:" (RFC 5322 §3.6.5) and its German "AW:", Nordic "SV:", Dutch "Antw:",
// Portuguese "RES:"; or an auto-reply to one: "Auto:" (RFC 3834 §3.1.5), Request Tracker's
// "AutoReply:" (its etc/initialdata Autoreply template). The report's subject comes after.
const FORWARDED = /^\s{0,4}(?:fwd?|wg|tr|rv|i|doorst|vs|vl|fs|pd|re|aw|sv|antw|res|auto|autoreply)\s{0,2}:/i;

export function failureSubject(msg: BounceMessage): boolean {
  const subject = msg.lowerSubject;
  return subject !== '' && !FORWARDED.test(subject) && FAILURE_SUBJECTS.some((s) => subject.includes(s));
}

/**
 * Mail sent to a list or a newsletter's subscribers: RFC 2369 §3.2 List-Unsubscribe is what
 * list managers and bulk senders add (RFC 8058 one-click as well); a failure subject there
 * is an article's title ("Why your e-mail delivery failed"), not a daemon's notice.
 */
function listMail(msg: BounceMessage): boolean {
  return msg.headers.has('list-unsubscribe');
}

/**
 * Mail a person wrote in a mail client: a User-Agent field (the client's name, as
 * Thunderbird, Mutt and Apple Mail write it; RFC 5536 §3.2.13 defines it for netnews). A
 * failure subject there is the person's own title ("Undeliverable mail"). In-Reply-To and
 * References say nothing: Postfix (src/bounce/bounce_notify_util.c), Exim (deliver.c) and
 * Exchange set them on their bounces to point at the returned message.
 */
function personsMail(msg: BounceMessage): boolean {
  return msg.headers.has('user-agent');
}

/** Sent by software (one of the signs above). */
export function automated(msg: BounceMessage): boolean {
  return (
    // no header field at all: a stored bounce text (with or without the empty line before it)
    msg.headerless ||
    msg.headers.fields.length === 0 ||
    // the daemon's From before the null Return-Path: the text-fallback score asks this of every
    // message, and the From is already lower-cased (the markers read it), where the Return-Path
    // fields are looked up and each read (Sisimai half: 311 of 333 have a daemon sender, 203 a
    // null reverse-path)
    daemonSender(msg) ||
    nullSender(msg) ||
    autoSubmitted(msg) !== null ||
    msg.headers.has('x-failed-recipients') ||
    (failureSubject(msg) && !listMail(msg) && !personsMail(msg)) ||
    msg.returned !== null
  );
}

/** The opening of the human text, lower case (bounded). */
function opening(msg: BounceMessage): string {
  const head = msg.lowerHead;
  if (head) return head;
  // no text/plain part: the human text (html converted), cut
  return msg.text.slice(0, OPENING_CHARS).toLowerCase();
}

/** Does the opening text say a delivery failed or is delayed? */
export function failureWording(msg: BounceMessage): boolean {
  const text = opening(msg);
  if (FAILURE_CUES.some((c) => text.includes(c))) return true;
  return codeOutsideTrace(text) || FAILURE_REPLY.test(text);
}

// how many lines up a folded Received field is followed to its name
const MAX_FOLDED_LINES = 12;

/** Is the line holding `at` part of a Received trace field (its first line or a fold of it)? */
function inTraceField(text: string, at: number): boolean {
  let start = text.lastIndexOf('\n', at) + 1;
  for (let i = 0; i < MAX_FOLDED_LINES; i++) {
    const c = text[start];
    if (c !== ' ' && c !== '\t') return text.startsWith('received:', start) || text.startsWith('> received:', start);
    if (start === 0) return false;
    start = text.lastIndexOf('\n', start - 2) + 1;
  }
  return false;
}

/**
 * An enhanced status code (RFC 3463) in the text, not counting version numbers on the trace
 * lines of a copy ("by mx.example (CommuniGate Pro SMTP 5.0.9)", RFC 5321 §4.4 lets the
 * "with"/"by" clauses carry any comment): those say nothing about a failure.
 */
function codeOutsideTrace(text: string): boolean {
  FAILURE_CODE.lastIndex = 0;
  for (let m = FAILURE_CODE.exec(text); m; m = FAILURE_CODE.exec(text)) {
    if (!inTraceField(text, m.index + 1)) return true;
  }
  return false;
}

/** A positive delivery notice (relayed, delivered) that names no failure in its opening. */
function successNotice(msg: BounceMessage): boolean {
  const text = opening(msg);
  return SUCCESS_CUES.some((c) => text.includes(c)) && !failureWording(msg);
}

/**
 * A challenge-response request: the recipient's filter asks the sender to confirm before it
 * delivers. Not a failed delivery (issue 15 item 6); looked for in the subject and the opening.
 */
export function challengeResponse(msg: BounceMessage): boolean {
  const subject = msg.lowerSubject;
  const text = opening(msg).slice(0, 3000);
  return CHALLENGE_CUES.some((c) => subject.includes(c) || text.includes(c));
}

/**
 * A read receipt or other RFC 8098 MDN whose disposition is not a rejection ("displayed",
 * "dispatched", "processed"): the Subject "Read:" (Outlook's receipt) or a
 * disposition-notification report without "deleted"/"failed" in its fields.
 */
export function receiptNotFailure(msg: BounceMessage): boolean {
  if (msg.reportType === 'disposition-notification') {
    const mdn = msg.leavesOfType('message/disposition-notification');
    if (!mdn.length) return false;
    return !rejectedDisposition(mdn.map((l) => l.body.toString('latin1')).join('\n'));
  }
  return /^(?:read|gelesen|lu|leído|letto|gelezen)\s{0,2}:/i.test(msg.subject.trim());
}

/** Automated, about a failure or delay, and none of the automated messages that are not. */
export function looksLikeFailureReport(msg: BounceMessage): boolean {
  if (msg.reportType === 'feedback-report') return false;
  // a multipart/report of report-type delivery-status says what it is (RFC 6522 §3,
  // RFC 3464 §2) even when its status part is missing or unreadable: its human part is read
  const dsnReport = msg.reportType === 'delivery-status';
  if (!dsnReport && !automated(msg)) return false;
  const failing = dsnReport || failureSubject(msg) || msg.headers.has('x-failed-recipients') || failureWording(msg);
  if (!failing || (!msg.headers.has('x-failed-recipients') && successNotice(msg))) return false;
  // an auto-reply (RFC 3834) that mentions delivery is still an auto-reply
  return !challengeResponse(msg) && !receiptNotFailure(msg) && !isAutoReply(msg);
}
