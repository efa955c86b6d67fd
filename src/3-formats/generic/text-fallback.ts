// The generic reader of plain-text bounces (docs/architecture.md#format-selection; issue 15 item 2):
// for a failure or delay report that no generator module claimed, in any language. It opens
// when the message looks automated and failure-related (automated.ts), finds the failed
// addresses by the sentences that introduce them, by recipient labels and by the shape of
// address lines (address-lines.ts), pairs each with the reason written beside it, and as a
// last resort takes X-Failed-Recipients or the recipient of the returned message. Format id
// `text`: the generator is unknown.
import type { BounceMessage } from '../../2-mime/message.js';
import { afterGeneratedFrom, completeLocalPart, isLocalDeliveryTarget, toIsoDate } from '../../0-core/address.js';
import { parseDeliveryStatus } from '../readers/dsn-fields.js';
import { mtaName } from '../readers/rfc3464.js';
import { findReplyCode } from '../../0-core/smtp.js';
import { findStatusInText } from '../../0-core/status.js';
import { addressesIn, addressesInHeader, findAddress, inlineDeliveryStatus, joinText, toLines, type Lines } from '../readers/native-text.js';
import { humanText } from '../readers/text-util.js';
import { EVERY_MESSAGE, type FormatModule, type ParsedReport, type RowDraft } from '../readers/types.js';
import { readAddressLine, type AddressLine } from './address-lines.js';
import { automated, daemonSender, looksLikeFailureReport } from './automated.js';
import { CONTACT_WORDS, DAEMON_SENDERS, DELAY_CUES, DSN_FIELD_LABELS, SUCCESS_CUES, FAILURE_CUES, SENTENCE_FAILURE_WORDS, RECIPIENT_LABELS, SENDER_LABELS, START_CUES, STOP_CUES } from './cues.js';

// how far after a start cue or a label the addresses it introduces are looked for
const AFTER_CUE = 12;
// lines of reason text taken after an address line
const REASON_LINES = 6;
// lines of the report read at most (its own text is short; a pasted log is not)
const MAX_LINES = 2000;
// lines given to the classifier as the report's text
const HINT_LINES = 60;
const WARNING = 'bounce from an unidentified generator: read by the generic text reader';

interface Found {
  address: string;
  line: number;
  rest: string;
}

/** First line of the returned copy (or the end): addresses past it are the original's. */
function stopLine(t: Lines): number {
  const n = Math.min(t.lines.length, MAX_LINES);
  for (let i = 0; i < n; i++) {
    const low = t.lower[i];
    if (STOP_CUES.some((c) => low.includes(c))) return i;
    // a header block copied without a marker: "Received:" / "Return-Path:" at the start of a line
    if (i > 0 && (low.startsWith('received: from') || low.startsWith('return-path:')) && (i + 1 >= n || /^[\w-]{1,40}:|^\s/.test(t.lines[i + 1]))) return i;
    // the same block quoted line by line ("> Received: from ..."), as mail clients quote a copy
    if (i > 0 && (low.includes('> received: from') || low.startsWith('> return-path:'))) return i;
  }
  return n;
}

/** Addresses that are not failed recipients: the report's own sender and addressee, the original's sender. */
function ignoredAddresses(msg: BounceMessage): Set<string> {
  const out = new Set<string>();
  for (const v of [msg.from, msg.headers.get('to'), msg.returned?.headers.get('from'), msg.returned?.headers.get('sender'), msg.returned?.headers.get('return-path')]) {
    const a = findAddress(v);
    if (a) out.add(a.toLowerCase());
  }
  return out;
}

/** Is the address on this line a sender's, an identifier or a contact (a label or a contact wording before it)? */
function senderOrContactLine(lower: string): boolean {
  const t = lower.trimStart();
  if (SENDER_LABELS.some((l) => t.startsWith(l))) return true;
  const at = t.indexOf('@');
  return CONTACT_WORDS.some((w) => {
    const i = t.indexOf(w);
    return i !== -1 && i < at;
  });
}

/** A line that is an address line (alone or beside its reason) of a list; not one that says the delivery succeeded. */
function listAddress(line: string): AddressLine | null {
  const a = readAddressLine(line);
  return a && a.shape !== 'sentence' && !delivered(a.rest) ? a : null;
}

/** Does the text beside an address say it was delivered ("(successfully delivered to mailbox)": Sendmail's success list)? */
function delivered(rest: string): boolean {
  if (!rest) return false;
  const low = rest.toLowerCase();
  return SUCCESS_CUES.some((c) => low.includes(c));
}

// a list line naming only a local part: "jo", "<jo>", "jo:" or "jo... reason" (RFC 5321 §4.1.2 atext and dots)
const LOCAL_PART_LINE = /^\s{0,16}(?:[-*•]\s{1,4})?<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})>?(?::|\.\.\.|\s{2,}|$)/;

/**
 * What completes a bare local part: the returned message's recipients (an address with the
 * same local part), else the domain of the daemon that sent the report (a local delivery
 * failed on that host: Sendmail's "jo... User unknown" names the user of its own host).
 */
interface Completion {
  known: readonly string[];
  domain: string | null;
}
const NO_COMPLETION: Completion = { known: [], domain: null };

/**
 * The address a local-part-only list line stands for; null when it is no such line. A known
 * address completes any such line; the report's domain only a line that cannot be a label or
 * prose: the local part alone, bracketed, or before Sendmail's "..." (savemail.c "%s... %s").
 */
function localPartLine(line: string, c: Completion, runOn = false): { address: string; rest: string } | null {
  if (!c.known.length && !c.domain) return null;
  const m = LOCAL_PART_LINE.exec(line);
  // a pipe or a file is no local part (deliveryTargetLine reads those)
  if (!m || isLocalDeliveryTarget(m[1])) return null;
  const rest = line.slice(m[0].length).replace(/^[\s.:-]+/, '').trim();
  const known = completeLocalPart(m[1], c.known);
  if (known) return { address: known, rest };
  if (!c.domain || m[1].startsWith('.') || m[1].endsWith('.')) return null;
  const ends = m[0].trimEnd();
  // a word alone on the line right after an unfinished sentence ends that sentence ("... to
  // the following\n address\n a@b", HTML text wrapped by its converter): no local part
  const alone = !runOn && !line.slice(m[0].length).trim() && !ends.endsWith(':');
  if (!alone && !ends.endsWith('...')) return null;
  return { address: `${m[1]}@${c.domain}`, rest };
}

// a list line naming a pipe or a file instead of an address: Sendmail's `"|/usr/bin/x"` and
// `/var/mail/jo` (savemail.c prints q_paddr), Exim's "pipe to |cmd" / "save to /file" (deliver.c)
const DELIVERY_TARGET_LINE = /^\s{0,16}(?:(?:pipe|save) to\s{1,4})?"?[|/]/i;

/**
 * A pipe or file list line reported under the address it was generated from, which the
 * lines under it name (Sendmail "(expanded from: <jo@example.net>)" or a bare local part,
 * Exim "generated by jo@example.net"): the address, completed like a bare local part when
 * it is one. Null when the line is no such line or names no parent.
 */
function deliveryTargetLine(t: Lines, j: number, stop: number, completion: Completion): Found | null {
  if (t.lines[j].includes('@') || !DELIVERY_TARGET_LINE.test(t.lines[j])) return null;
  for (let k = j + 1; k < stop && k <= j + REASON_LINES && t.lines[k].trim(); k++) {
    const after = afterGeneratedFrom(t.lines[k]);
    if (after === null) continue;
    const named = findAddress(after);
    if (named) return isLocalDeliveryTarget(named) ? null : { address: named, line: j, rest: '' };
    const local = /^[\s:]*<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})>?/.exec(after);
    const address = local ? completeLocal(local[1], completion) : null;
    return address ? { address, line: j, rest: '' } : null;
  }
  return null;
}

/** A bare local part completed from the returned message's recipients, else with the reporting daemon's domain. */
function completeLocal(local: string, c: Completion): string | null {
  if (local.startsWith('.') || local.endsWith('.')) return null;
  return completeLocalPart(local, c.known) ?? (c.domain ? `${local}@${c.domain}` : null);
}

/** The addresses a cue or label introduces: after it on its line, else the list under it. */
function introduced(t: Lines, i: number, from: number, stop: number, ignored: Set<string>, completion: Completion = NO_COMPLETION): Found[] {
  const out: Found[] = [];
  const rest = t.lines[i].slice(from);
  const same = readAddressLine(rest);
  if (same && !ignored.has(same.address.toLowerCase())) {
    out.push({ address: same.address, line: i, rest: same.shape === 'sentence' ? rest.slice(rest.indexOf('@')) : same.rest });
    return out;
  }
  // indented detail lines under an address (its reason, read by besideReason) do not end the
  // list: they widen the window, at most REASON_LINES of them per address
  let end = i + AFTER_CUE;
  let details = 0;
  let indent = -1;
  for (let j = i + 1; j < stop && j <= end; j++) {
    const line = t.lines[j];
    if (!line.trim()) {
      if (out.length) break;
      continue;
    }
    if (out.length && indentOf(line) > indent && details < REASON_LINES && !listAddress(line)) {
      details++;
      end++;
      continue;
    }
    details = 0;
    indent = indentOf(line);
    const delivery = deliveryTargetLine(t, j, stop, completion);
    if (delivery) {
      out.push(delivery);
      continue;
    }
    const runOn = !out.length && j > 0 && /[\p{L},]\s*$/u.test(t.lines[j - 1]);
    const local = line.includes('@') ? null : localPartLine(line, completion, runOn);
    if (local) {
      out.push({ address: local.address, line: j, rest: local.rest });
      continue;
    }
    const a = listAddress(line);
    if (!a) {
      // a list ends at its first line that names no address (sentences about it may follow)
      if (out.length) break;
      // an intro may run over two lines before its list
      if (j > i + 2) break;
      continue;
    }
    if (!ignored.has(a.address.toLowerCase()) && !senderOrContactLine(t.lower[j])) out.push({ address: a.address, line: j, rest: reasonOf(a) });
  }
  if (out.length) out.push(...laterParagraphHeads(t, out[out.length - 1], stop, ignored));
  return out;
}

// recipient paragraphs read after a list at most (a report has a few; hostile text may have thousands)
const MAX_PARAGRAPH_HEADS = 500;

/**
 * The recipient paragraphs after the first: QSBMF (cr.yp.to/proto/qsbmf.txt §2: `<address>:`
 * over its reason lines, a blank line between paragraphs), Exim's deliver.c (an indented
 * address over its indented reason) and the clones of both write one paragraph per recipient,
 * each headed by an address line. A paragraph is another recipient's when its first line is an
 * address line with the first head's indentation and shape (alone, with or without a colon).
 */
function laterParagraphHeads(t: Lines, head: Found, stop: number, ignored: Set<string>): Found[] {
  const out: Found[] = [];
  const first = t.lines[head.line];
  const shape = readAddressLine(first)?.shape;
  if (shape !== 'alone') return out;
  const indent = indentOf(first);
  const colon = first.trimEnd().endsWith(':');
  let j = head.line + 1;
  while (out.length < MAX_PARAGRAPH_HEADS) {
    // past this paragraph's lines, then the blank lines after them
    while (j < stop && t.lines[j].trim()) j++;
    if (j >= stop) break;
    while (j < stop && !t.lines[j].trim()) j++;
    if (j >= stop) break;
    const line = t.lines[j];
    const a = listAddress(line);
    if (!a || a.shape !== 'alone' || indentOf(line) !== indent || line.trimEnd().endsWith(':') !== colon) break;
    if (!ignored.has(a.address.toLowerCase()) && !senderOrContactLine(t.lower[j])) out.push({ address: a.address, line: j, rest: reasonOf(a) });
    j++;
  }
  return out;
}

/** Columns of leading white space (a tab counts as one). */
function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

const WORD_CHAR = /[a-z0-9_-]/;

/** Tier 1 and 2: addresses after the sentences that introduce failed recipients, then after recipient labels. */
function afterCues(t: Lines, stop: number, cues: readonly string[], ignored: Set<string>, completion: Completion = NO_COMPLETION): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < stop; i++) {
    const low = t.lower[i];
    for (const c of cues) {
      const at = low.indexOf(c);
      // a cue starts a word: "recipient:" is not the end of "final-recipient:"
      if (at === -1 || (at > 0 && WORD_CHAR.test(low[at - 1]))) continue;
      out.push(...introduced(t, i, at + c.length, stop, ignored, completion));
      break;
    }
  }
  return out;
}

/** Tier 3: lines that are an address alone or an address beside its reason. */
function addressLines(t: Lines, stop: number, ignored: Set<string>): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < stop; i++) {
    if (!t.lines[i].includes('@') || senderOrContactLine(t.lower[i])) continue;
    const a = listAddress(t.lines[i]);
    if (a && !ignored.has(a.address.toLowerCase()) && !isRole(a.address)) out.push({ address: a.address, line: i, rest: reasonOf(a) });
  }
  return out;
}

/** The reason an address line states: after the address, or before it on a "reason: <address>" line. */
function reasonOf(a: AddressLine): string {
  return a.shape === 'labelled' ? a.before.slice(0, -1).trim() : a.rest;
}

/** Tier 4: an address inside a sentence that says the delivery to it failed ("Delivery to a@b failed permanently."). */
function failureSentences(t: Lines, stop: number, ignored: Set<string>): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < stop; i++) {
    if (!t.lines[i].includes('@') || senderOrContactLine(t.lower[i])) continue;
    const low = t.lower[i];
    if (!FAILURE_CUES.some((c) => low.includes(c)) && !SENTENCE_FAILURE_WORDS.some((w) => low.includes(w))) continue;
    const a = readAddressLine(t.lines[i]);
    if (a && !ignored.has(a.address.toLowerCase()) && !isRole(a.address)) out.push({ address: a.address, line: i, rest: a.rest });
  }
  return out;
}

/** Report-role mailboxes (RFC 2142): named in footers, rarely the failed recipient of a list-less text. */
function isRole(address: string): boolean {
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
  return local === 'postmaster' || local === 'mailer-daemon' || local === 'abuse' || local === 'hostmaster';
}

/** Does a text carry an SMTP reply code or an enhanced status? */
function hasCode(s: string): boolean {
  return findReplyCode(s) !== null || findStatusInText(s) !== null;
}

/** The reason written beside an address: the rest of its line, then the lines under it up to a blank line. */
function besideReason(t: Lines, f: Found, stop: number): string {
  const parts: string[] = [];
  if (/[A-Za-z0-9]/.test(f.rest)) parts.push(f.rest);
  for (let j = f.line + 1; j < stop && j <= f.line + REASON_LINES; j++) {
    const line = t.lines[j];
    // the next address of a list ends this one's reason
    if (!line.trim() || listAddress(line)) break;
    if (START_CUES.some((c) => t.lower[j].includes(c))) break;
    parts.push(line);
  }
  return joinText(parts);
}

/** The paragraph (non-blank lines, at most REASON_LINES) next to line `from`, across one run of blank lines, going `step` (-1 up, +1 down). */
function nextParagraph(t: Lines, from: number, step: 1 | -1, stop: number): string[] {
  let j = from + step;
  for (let n = 0; j >= 0 && j < stop && !t.lines[j].trim() && n < REASON_LINES; n++) j += step;
  const out: string[] = [];
  for (; j >= 0 && j < stop && t.lines[j].trim() && out.length < REASON_LINES; j += step) out.push(t.lines[j]);
  return step === -1 ? out.reverse() : out;
}

/** Does a paragraph state a failure, so that it is about the address beside it (not a greeting or the footer)? */
function saysFailure(text: string): boolean {
  const low = text.toLowerCase();
  return FAILURE_CUES.some((c) => low.includes(c)) || SENTENCE_FAILURE_WORDS.some((w) => low.includes(w));
}

/**
 * The reason around an address alone on its line with nothing under it: the paragraph before
 * and the one after, each when it states the failure or when the sentence runs across the
 * address ("Delivery of email to this address / "a@b" / has failed due to a full mailbox.").
 * A paragraph naming another address, or past the returned copy, is no part of it; a footer
 * ("Please contact your administrator") says no failure and continues no sentence.
 */
function aroundReason(t: Lines, line: number, stop: number): string {
  const before = nextParagraph(t, line, -1, stop);
  const after = nextParagraph(t, line, 1, stop);
  const parts: string[] = [];
  const mine = (p: string[]) => p.length > 0 && !p.some((l) => l.includes('@'));
  if (mine(before)) {
    const text = joinText(before);
    if (saysFailure(text) || !/[.!?:]$/.test(text.trimEnd())) parts.push(text);
  }
  if (mine(after)) {
    const text = joinText(after);
    if (saysFailure(text) || /^[a-z]/.test(text.trimStart())) parts.push(text);
  }
  return joinText(parts);
}

// paragraphs with an SMTP code kept per report: a report has a few; hostile text may have thousands
const MAX_CODE_PARAGRAPHS = 64;

/** The paragraphs (from a line with an SMTP code or status to a blank line) of the report's own text, in order. */
function codeParagraphs(t: Lines, stop: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < stop && out.length < MAX_CODE_PARAGRAPHS; i++) {
    if (!hasCode(t.lines[i])) continue;
    // a reply is often wrapped over the next lines
    const lines: string[] = [];
    let j = i;
    for (; j < stop && j < i + REASON_LINES && t.lines[j].trim(); j++) lines.push(t.lines[j]);
    out.push(joinText(lines));
    i = Math.max(i, j - 1);
  }
  return out;
}

function isDelay(t: Lines, stop: number, msg: BounceMessage): boolean {
  const subject = msg.lowerSubject;
  if (subject.includes('delay') || subject.includes('warning:') || DELAY_CUES.some((c) => subject.includes(c))) return true;
  for (let i = 0; i < stop && i < 200; i++) if (DELAY_CUES.some((c) => t.lower[i].includes(c))) return true;
  return false;
}

/** The domain of the daemon that sent the report (MAILER-DAEMON@host, postmaster@host), lower case; null for another sender. */
function reportDomain(msg: BounceMessage): string | null {
  if (!daemonSender(msg)) return null;
  const a = findAddress(msg.from);
  return a ? a.slice(a.lastIndexOf('@') + 1).toLowerCase() : null;
}

/** Every recipient address the returned message's header names (Delivered-To, X-Original-To, To, Cc). */
function returnedRecipients(msg: BounceMessage): string[] {
  return addressesIn(msg.returned?.headers, ['delivered-to', 'x-original-to', 'to', 'cc']);
}

/**
 * The recipient of the returned message: whom it was delivered to, else its single To. None
 * when the attached message is itself a report (a bounce of a bounce, a report relayed by a
 * gateway): the report inside is read instead (embedded.ts), and its recipients are the
 * failed ones, not the addressee of the report.
 */
function returnedRecipient(msg: BounceMessage): string | null {
  const h = msg.returned?.headers;
  if (!h) return null;
  const type = (h.get('content-type') ?? '').toLowerCase();
  const from = (h.get('from') ?? '').toLowerCase();
  if (type.includes('multipart/report') || DAEMON_SENDERS.some((d) => from.includes(d))) return null;
  for (const name of ['original-recipient', 'x-original-to', 'delivered-to', 'envelope-to']) {
    const a = findAddress(h.get(name));
    if (a) return a;
  }
  const to = h.getAll('to').join(',');
  const all = to.split(',').map((p) => findAddress(p)).filter((a): a is string => a !== null);
  return all.length === 1 ? all[0] : null;
}

// header lines of a copy written into the text, read at most (a header block is short)
const COPY_HEADER_LINES = 80;
const HEADER_LINE = /^([A-Za-z][\w-]{0,40}):[ \t]?(.*)$/;

/**
 * The recipient of a copy of the returned message written into the text after its marker
 * ("------ This is a copy of the message, including all the headers." and the like, STOP_CUES):
 * its header block (RFC 5322 §2.2, with folded lines) is read as the attached message's would be.
 */
function inlineCopyRecipient(t: Lines, stop: number): string | null {
  if (stop >= t.lines.length) return null;
  const fields = new Map<string, string[]>();
  let last: string | null = null;
  let started = false;
  for (let i = stop + 1; i < t.lines.length && i <= stop + COPY_HEADER_LINES; i++) {
    const line = t.lines[i];
    if (!line.trim()) {
      if (started) break;
      continue;
    }
    if (started && /^[ \t]/.test(line) && last) {
      const values = fields.get(last)!;
      values[values.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (!m) {
      if (started) break;
      return null;
    }
    started = true;
    last = m[1].toLowerCase();
    fields.set(last, [...(fields.get(last) ?? []), m[2]]);
  }
  const from = (fields.get('from') ?? []).join(',').toLowerCase();
  if (DAEMON_SENDERS.some((d) => from.includes(d))) return null;
  for (const name of ['original-recipient', 'x-original-to', 'delivered-to', 'envelope-to']) {
    const a = findAddress(fields.get(name)?.[0]);
    if (a) return a;
  }
  const to = (fields.get('to') ?? []).join(',').split(',').map((p) => findAddress(p)).filter((a): a is string => a !== null);
  return to.length === 1 ? to[0] : null;
}

/** A pipe or file delivery is reported under the address it was generated from, when its reason names it. */
function parentOf(row: { address: string; reason: string }): { address: string; reason: string } {
  if (!isLocalDeliveryTarget(row.address)) return row;
  const after = afterGeneratedFrom(row.reason);
  const parent = after ? findAddress(after) : null;
  return parent && !isLocalDeliveryTarget(parent) ? { ...row, address: parent } : row;
}

/** Rows by address, in order of first mention; a later mention's reason is kept when it carries the code the first lacks. */
function merge(found: { address: string; reason: string }[]): { address: string; reason: string }[] {
  const by = new Map<string, { address: string; reason: string }>();
  for (const f of found) {
    const k = f.address.toLowerCase();
    const had = by.get(k);
    if (!had) by.set(k, { ...f });
    else if (!hasCode(had.reason) && hasCode(f.reason)) had.reason = had.reason ? `${had.reason} ${f.reason}` : f.reason;
    else if (!had.reason && f.reason) had.reason = f.reason;
  }
  return [...by.values()];
}

function parseText(msg: BounceMessage): ParsedReport | null {
  if (!looksLikeFailureReport(msg)) return null;
  const t = toLines(humanText(msg));
  const stop = stopLine(t);
  const ignored = ignoredAddresses(msg);
  // the lines between the start and the copy, as addresses with their reasons, tier by tier
  // the returned message's recipients complete a list line that names only a local part
  const completion: Completion = { known: returnedRecipients(msg), domain: reportDomain(msg) };
  let found = afterCues(t, stop, START_CUES, ignored, completion);
  if (!found.length) found = afterCues(t, stop, RECIPIENT_LABELS, ignored);
  if (!found.length) found = addressLines(t, stop, ignored);
  if (!found.length) found = failureSentences(t, stop, ignored);
  if (!found.length) found = afterCues(t, stop, DSN_FIELD_LABELS, ignored);
  const failedHeader = addressesInHeader(msg, 'x-failed-recipients');
  // Exim's X-Failed-Recipients lists exactly the failed ones: the text only gives their reasons
  if (failedHeader.length) {
    const inText = new Map(found.map((f) => [f.address.toLowerCase(), f]));
    found = failedHeader.map((address) => inText.get(address.toLowerCase()) ?? { address, line: -1, rest: '' });
  }
  let rows: { address: string; reason: string }[] = merge(found.map((f) => parentOf({ address: f.address, reason: f.line === -1 ? '' : besideReason(t, f, stop) })));
  // one address alone on its line: the sentences around it are its reason
  if (rows.length === 1 && !rows[0].reason) {
    const f = found.find((x) => x.line !== -1 && x.address.toLowerCase() === rows[0].address.toLowerCase());
    if (f) rows[0].reason = aroundReason(t, f.line, stop);
  }
  // the same addresses again, further down (Exchange's diagnostic section): their lines may hold the code
  if (rows.length && rows.some((r) => !hasCode(r.reason))) {
    const named = new Set(rows.map((r) => r.address.toLowerCase()));
    const again = addressLines(t, stop, ignored).filter((f) => named.has(f.address.toLowerCase()));
    rows = merge([...rows, ...again.map((f) => ({ address: f.address, reason: besideReason(t, f, stop) }))]);
  }
  // RFC 3464 fields written into the text (PMDF, gateways, stored reports): merged with what
  // the human text says about the same recipients, or alone when it names none
  const inline = inlineDeliveryStatus(t);
  if (!rows.length && !inline) {
    const last = returnedRecipient(msg) ?? (msg.returned ? null : inlineCopyRecipient(t, stop));
    if (last) rows = [{ address: last, reason: '' }];
  }
  if (!rows.length && !inline) return null;
  // a reason without a code takes the report's code paragraph: the one about this address,
  // or, for a report about one recipient, its first
  const paragraphs = rows.some((r) => !hasCode(r.reason)) ? codeParagraphs(t, stop) : [];
  const lowerParagraphs = paragraphs.map((p) => p.toLowerCase());
  for (const r of rows) {
    if (hasCode(r.reason) || !paragraphs.length) continue;
    const k = lowerParagraphs.findIndex((p) => p.includes(r.address.toLowerCase()));
    const code = k !== -1 ? paragraphs[k] : rows.length === 1 ? paragraphs[0] : null;
    if (code) r.reason = r.reason ? `${r.reason} ${code}` : code;
  }
  const action = isDelay(t, stop, msg) ? 'delayed' : 'failed';
  // the report's text speaks for its recipient only when it names one: with several, each
  // row's hint is its own lines, so one row's code never lands on another row
  const whole = joinText(t.lines.slice(0, Math.min(stop, HINT_LINES))) || null;
  const named = new Set([...rows.map((r) => r.address.toLowerCase()), ...(inline?.recipients ?? []).map((f) => f.recipient.toLowerCase())]);
  const hint = named.size <= 1 ? whole : null;
  const recipients: RowDraft[] = rows.map((r) => ({ recipient: r.address, action, diagnosticCode: r.reason || null, hint: hint ?? (r.reason || null) }));
  const perMessage = statusPartFields(msg);
  return {
    kind: 'dsn',
    format: 'text',
    reportingMta: inline?.reportingMta ?? perMessage.reportingMta,
    arrivalDate: perMessage.arrivalDate,
    recipients: mergeFields(recipients, inline?.recipients ?? [], hint),
    warnings: [WARNING],
  };
}

/**
 * The per-message fields of a status part that names no recipient (RFC 3464 §2.2: Postfix
 * writes them alone when its delivery log is gone): the rows come from the text, the
 * reporting MTA and the arrival date still from here.
 */
function statusPartFields(msg: BounceMessage): { reportingMta: string | null; arrivalDate: string | null } {
  for (const part of msg.deliveryStatus) {
    const fields = parseDeliveryStatus(part.text).message;
    const reportingMta = mtaName(fields.get('reporting-mta'));
    if (reportingMta) return { reportingMta, arrivalDate: toIsoDate(fields.get('arrival-date')) };
  }
  return { reportingMta: null, arrivalDate: null };
}

/**
 * A generic Status field (X.0.0, RFC 3463 §3.1: "other undefined status") gives way to the
 * specific code of the same class that the human text about the recipient states (issue 15
 * item 4: keep the most specific evidence).
 */
function specificStatus(field: string | null | undefined, human: string | null | undefined): string | null {
  if (!field) return findStatusInText(human) ?? null;
  if (!field.endsWith('.0.0')) return field;
  const stated = findStatusInText(human);
  return stated && stated[0] === field[0] && !stated.endsWith('.0.0') ? stated : field;
}

/**
 * Rows from the human text and rows from DSN fields in the text, one per recipient: the
 * fields' Action, Status, Remote-MTA and dates stand; the human reason fills a missing
 * Diagnostic-Code; recipients only one of them names are kept too.
 */
function mergeFields(human: RowDraft[], fields: RowDraft[], hint: string | null): RowDraft[] {
  if (!fields.length) return human;
  const byAddress = new Map(fields.map((f) => [f.recipient.toLowerCase(), f]));
  // a human row may name the Original-Recipient of a group (the address the sender wrote)
  for (const f of fields) if (f.originalRecipient && !byAddress.has(f.originalRecipient.toLowerCase())) byAddress.set(f.originalRecipient.toLowerCase(), f);
  const merged = new Set<RowDraft>();
  const out: RowDraft[] = [];
  for (const h of human) {
    const f = byAddress.get(h.recipient.toLowerCase());
    if (!f) {
      out.push(h);
      continue;
    }
    if (merged.has(f)) continue;
    merged.add(f);
    out.push({ ...h, ...f, action: f.action ?? h.action, status: specificStatus(f.status, h.diagnosticCode), diagnosticCode: f.diagnosticCode ?? h.diagnosticCode, hint: h.diagnosticCode ?? hint });
  }
  for (const f of fields) if (!merged.has(f)) out.push({ ...f, hint: f.hint ?? hint });
  return out;
}

export const textFallback: FormatModule = {
  id: 'text',
  description: 'last resort: an automated failure or delay report from an unidentified generator, in any language (failed addresses by their cues, labels and line shapes, X-Failed-Recipients, inline DSN fields, or the returned message)',
  // asked of every message: a stored bounce text has no header to hold a marker, and its
  // evidence is structure and wording in any language; the conditions are cheap
  markers: EVERY_MESSAGE,
  // lastResort band (score.ts). Only the cheap header signs here: the wording is looked for
  // in parse(), which runs only when no generator module read the message
  score: (msg) => (msg.reportType !== 'feedback-report' && automated(msg) ? 3 : 0),
  parse: parseText,
};
