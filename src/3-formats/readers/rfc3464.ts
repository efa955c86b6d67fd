// RFC 3464 / RFC 6533 delivery status notifications: the generic reader. Every format
// that sends a message/delivery-status part goes through here; generator modules refine
// the rows it returns (docs/formats.md#delivery-status-fields, docs/architecture.md#format-selection).
import { DEFAULT_LIMITS, type Limits } from '../../0-core/limits.js';
import type { BounceMessage } from '../../2-mime/message.js';
import { decodeWords, type HeaderList } from '../../2-mime/headers.js';
import { afterGeneratedFrom, cleanAddress, cleanOriginalAddress, isLocalDeliveryTarget, isNonSmtpAddress, looksLikeAddress, toIsoDate } from '../../0-core/address.js';
import type { Action } from '../../0-core/schema.js';
import { readDeliveryStatusGroups, splitTyped } from './dsn-fields.js';
import { addField } from '../../0-core/record.js';
import { firstPositions, paragraphAt } from './text-util.js';
import { KeyTable } from './key-table.js';
import type { ParsedReport, RowDraft } from './types.js';

// RFC 3464 §2.3.3 actions, plus the non-standard values real generators write:
// Postfix verify reports (deliverable/undeliverable, [PF src/global/sent.c]) and
// SendGrid's "expired" (corpus lhost-sendgrid-03).
export const ACTION_WORDS: Record<string, Action> = {
  failed: 'failed',
  failure: 'failed',
  delayed: 'delayed',
  delay: 'delayed',
  delivered: 'delivered',
  relayed: 'relayed',
  expanded: 'expanded',
  undeliverable: 'failed',
  deliverable: 'delivered',
  expired: 'failed',
};

// the words as nearly every report writes them, looked up whole: for such a value the general
// reading below (comments, trim, lower case, first word) leaves it as it is
const ACTION_AS_WRITTEN = new Map(Object.entries(ACTION_WORDS));

export function parseAction(value: string | null): Action | null {
  if (!value) return null;
  const exact = ACTION_AS_WRITTEN.get(value);
  if (exact !== undefined) return exact;
  const word = (value.includes('(') ? value.replace(/\([^()]{0,200}\)/g, ' ') : value).trim().toLowerCase().split(/[\s;]/)[0];
  // a Map, not the record: a word such as "constructor" is no action (the record's prototype has one)
  return ACTION_AS_WRITTEN.get(word) ?? null;
}

/** `dns; mx.example.org (comment)` → `mx.example.org` */
export function mtaName(value: string | null): string | null {
  if (!value) return null;
  // by index, not destructured, as rowFromGroup reads: compiler zone memory 2.1 -> 1.8 MB
  const rest = splitTyped(value)[1];
  // (each pattern is tried only where its first character is: most names have neither)
  let v = (rest.includes('(') ? rest.replace(/\([^()]{0,500}\)/g, ' ') : rest).trim();
  // `<rr1.example.com>` (docs/formats.md#broken-mime)
  if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1).trim();
  // `mx.example.net [192.0.2.30]` (Courier, docs/formats.md#courier): the name, not its address
  if (v.includes('[')) v = v.replace(/^([^\s[\]]{1,255})\s{1,8}\[[0-9A-Fa-f:.]{2,45}\]$/, '$1');
  if (v.endsWith('.')) v = v.slice(0, -1);
  return v || null;
}

/** What a row is read from: a recipient group, or a block of fields read as one (an MDN's). */
type Fields = Pick<HeaderList, 'fields'>;

// the fields a row is read from, by lower-case name: their first values are taken in the
// pass that copies the group into the row's record, not by one scan of the group each
const ROW_FIELDS = ['final-recipient', 'original-recipient', 'x-actual-recipient', 'diagnostic-code', 'x-display-name', 'action', 'status', 'remote-mta', 'last-attempt-date', 'will-retry-until'] as const;
const ROW_FIELD_INDEX = new KeyTable<number>(ROW_FIELDS.map((k, i) => [k, i]));

/** One recipient group → a row draft; null when it names no recipient at all. */
export function rowFromGroup(group: Fields): RowDraft | null {
  const first: (string | null)[] = [null, null, null, null, null, null, null, null, null, null];
  const fields: Record<string, string> = {};
  for (const f of group.fields) {
    addField(fields, f.name, f.value);
    const i = ROW_FIELD_INDEX.get(f.key);
    if (i !== undefined && first[i] === null) first[i] = f.value;
  }
  // read by index, not by array destructuring: that steps an iterator, and its code made this
  // function's TurboFan compile larger: its compiler zone memory over /tmp/bm10 8.1 -> 5.8 MB
  // (node --turbo-filter=rowFromGroup --turbo-stats)
  const finalRaw = first[0];
  const origRaw = first[1];
  const actualRaw = first[2];
  const diag = first[3];
  const displayName = first[4];
  const action = first[5];
  const status = first[6];
  const remoteMta = first[7];
  const lastAttempt = first[8];
  const retryUntil = first[9];
  let recipient = '';
  if (finalRaw) {
    const typed = splitTyped(finalRaw);
    recipient = cleanAddress(typed[1], typed[0]);
  }
  let original: string | null = null;
  if (origRaw) {
    const typed = splitTyped(origRaw);
    original = cleanOriginalAddress(typed[1], typed[0]) || null;
  }
  if (actualRaw) {
    const typed = splitTyped(actualRaw);
    const actual = cleanAddress(typed[1], typed[0]);
    if (!recipient) recipient = actual;
    else if (!original && actual && actual.toLowerCase() !== recipient.toLowerCase()) original = actual;
  }
  if (!recipient && original) recipient = original;
  // a pipe or file delivery (Sendmail's X-Actual-Recipient "|/usr/bin/procmail", a Final-Recipient
  // naming a mailbox file) is reported under the address it was generated from (issue 15 item 5)
  if (isLocalDeliveryTarget(recipient) && original && !isLocalDeliveryTarget(original)) {
    recipient = original;
    original = null;
  }
  // a Final-Recipient of another address type (RFC 3464 §2.3.2: "x400;" and gateways' types)
  // has no internet form; the Original-Recipient the sender gave (RFC 3464 §2.3.1) is reported instead
  // (and so has an Exchange-encapsulated or proxy address, [MS-OXCMAIL] IMCEAEX-..., "EX:")
  else if (recipient && (!looksLikeAddress(recipient) || isNonSmtpAddress(recipient)) && !isLocalDeliveryTarget(recipient) && original && looksLikeAddress(original) && !isNonSmtpAddress(original)) {
    recipient = original;
    original = null;
  }
  if (!recipient) return null;

  let diagnosticType: string | null = null;
  let diagnosticCode: string | null = null;
  if (diag) {
    const typed = splitTyped(diag);
    diagnosticType = typed[0] ? typed[0].toLowerCase() : null;
    // encoded-words inside Diagnostic-Code (Amazon SES, docs/formats.md#amazonses)
    diagnosticCode = decodeWords(typed[1]) || null;
  }
  return {
    recipient,
    originalRecipient: original,
    displayName: displayName ? decodeWords(displayName).trim() || null : null,
    action: parseAction(action),
    status,
    diagnosticType,
    diagnosticCode,
    remoteMta: mtaName(remoteMta),
    lastAttemptDate: toIsoDate(lastAttempt),
    willRetryUntil: toIsoDate(retryUntil),
    fields,
  };
}

/**
 * Read every delivery-status part of the message (there may be several reports). Each
 * recipient group becomes its row draft as soon as it is read: the groups' fields are never
 * all held at once (README, Limits: memory).
 */
export function readDeliveryStatus(
  msg: BounceMessage,
  limits: Limits = DEFAULT_LIMITS,
): { reportingMta: string | null; arrivalDate: string | null; recipients: RowDraft[]; warnings: string[] } {
  let reportingMta: string | null = null;
  let arrivalDate: string | null = null;
  const recipients: RowDraft[] = [];
  const warnings: string[] = [];
  const onGroup = (group: Fields) => {
    const row = rowFromGroup(group);
    if (row) recipients.push(row);
  };
  for (const part of msg.deliveryStatus) {
    const parsed = readDeliveryStatusGroups(part.text, limits, onGroup);
    for (const w of parsed.warnings) if (!warnings.includes(w)) warnings.push(w);
    reportingMta ??= mtaName(parsed.message.get('reporting-mta'));
    arrivalDate ??= toIsoDate(parsed.message.get('arrival-date'));
  }
  return { reportingMta, arrivalDate, recipients, warnings };
}

/**
 * The report of a generator that writes a status part beside its own text: the part's rows,
 * each completed by `fill` from the row the text gives for the same address, with their
 * hints; null when the message has no status part or the part names no recipient (the
 * module then reads its text alone).
 */
export function statusPartWithText(
  msg: BounceMessage,
  limits: Limits,
  format: string,
  textRows: readonly RowDraft[],
  fill: (row: RowDraft, fromText: RowDraft) => void,
): ParsedReport | null {
  if (!msg.deliveryStatus.length) return null;
  const ds = readDeliveryStatus(msg, limits);
  if (!ds.recipients.length) return null;
  const byAddress = new Map(textRows.map((r) => [r.recipient.toLowerCase(), r]));
  for (const row of ds.recipients) {
    const fromText = byAddress.get(row.recipient.toLowerCase());
    if (fromText) fill(row, fromText);
  }
  attachHints(msg, ds.recipients);
  return { kind: 'dsn', format, reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate, recipients: ds.recipients, warnings: ds.warnings };
}

/**
 * Give each row the human-readable paragraph about its recipient (Postfix's
 * `<addr>: host ... said: ... (in reply to RCPT TO command)`, sendmail's `(reason: ...)`):
 * the classifier and the reply/command finders read it where the DSN fields are terse.
 */
export function attachHints(msg: BounceMessage, rows: RowDraft[]): void {
  if (!rows.length) return;
  const text = msg.text;
  if (!text) return;
  const lower = msg.lowerText;
  const wanted = rows.filter((r) => !r.hint && r.recipient).map((r) => r.recipient.toLowerCase());
  const positions = firstPositions(lower, wanted);
  for (const row of rows) {
    if (row.hint || !row.recipient) continue;
    const needle = row.recipient.toLowerCase();
    row.hint = paragraphAt(text, lower, positions.get(needle) ?? -1, needle.length, 2000);
  }
  reportUnderParent(rows);
}

/**
 * A pipe or file delivery left without its Original-Recipient is reported under the address
 * the human paragraph about it says it was generated from (Postfix bounce_notify_util.c
 * "(expanded from <addr>)", Exim "generated by addr"), when it names one (issue 15 item 5).
 */
function reportUnderParent(rows: RowDraft[]): void {
  for (const row of rows) {
    if (!isLocalDeliveryTarget(row.recipient) || !row.hint) continue;
    const after = afterGeneratedFrom(row.hint);
    const token = after ? firstAddressToken(after) : null;
    const parent = token ? cleanAddress(token) : '';
    if (looksLikeAddress(parent) && !isLocalDeliveryTarget(parent)) row.recipient = parent;
  }
}

// characters that end an address token written in running text
const TOKEN_END = ` \t\r\n<>()"',;:`;

/** The address token around the first '@' of `s` (a linear scan, no backtracking); null when there is none. */
function firstAddressToken(s: string): string | null {
  const at = s.indexOf('@');
  if (at <= 0) return null;
  let from = at;
  while (from > 0 && !TOKEN_END.includes(s[from - 1])) from--;
  let to = at + 1;
  while (to < s.length && !TOKEN_END.includes(s[to])) to++;
  return from < at && to > at + 1 ? s.slice(from, to) : null;
}

export function parseRfc3464(msg: BounceMessage, format = 'rfc3464', limits: Limits = DEFAULT_LIMITS): ParsedReport | null {
  if (!msg.deliveryStatus.length) return null;
  const ds = readDeliveryStatus(msg, limits);
  if (!ds.recipients.length) return null;
  attachHints(msg, ds.recipients);
  return { kind: 'dsn', format, reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate, recipients: ds.recipients, warnings: ds.warnings };
}
