// Reading native (plain-text) bounces: lines, marker search, addresses, recipient blocks,
// the quoted copy of the original, and RFC 3464 fields written into a text part. Shared by
// the generator modules (docs/formats.md); every scan here is bounded and linear.
import { HeaderList } from '../../2-mime/headers.js';
import type { BounceMessage, MessageView, ReturnedMessage } from '../../2-mime/message.js';
import { cleanAddress, looksLikeAddress } from '../../0-core/address.js';
import { parseDeliveryStatus } from './dsn-fields.js';
import { mtaName, rowFromGroup } from './rfc3464.js';
import type { RowDraft } from './types.js';

/** longest line looked at when matching (the raw text is kept elsewhere) */
export const MAX_LINE = 4096;

/** A message's human-readable text as lines, with a lower-cased copy for marker search. */
export interface Lines {
  lines: string[];
  lower: string[];
}

/** `text` as Lines; `whole`: text.toLowerCase(), where the caller has it. */
export function toLines(text: string, whole = text.toLowerCase()): Lines {
  const lines = text.split('\n');
  // the whole text lower-cased at once, one call instead of one a line, where that keeps
  // every character in place (not so for 'İ', which lower-cases to two)
  const lower = whole.length === text.length ? whole.split('\n') : null;
  // the common text (no CR, no line to cut): the two splits are the answer, line for line
  if (lower && !text.includes('\r') && !hasLongLine(lines)) return { lines, lower };
  const lowerLines = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    const cr = l.endsWith('\r');
    if (cr) l = l.slice(0, -1);
    // a cut line is lower-cased on its own: a final sigma's form depends on what follows it
    const cut = l.length > MAX_LINE;
    if (cut) l = l.slice(0, MAX_LINE);
    lines[i] = l;
    lowerLines[i] = lower && !cut ? (cr ? lower[i].slice(0, -1) : lower[i]) : l.toLowerCase();
  }
  return { lines, lower: lowerLines };
}

function hasLongLine(lines: readonly string[]): boolean {
  for (const l of lines) if (l.length > MAX_LINE) return true;
  return false;
}

/**
 * msg.text as Lines, made once per message (msg.view): the score() and parse() of several
 * modules read the same message's lines, and each made them again. Shared: a reader must not
 * change the arrays.
 */
export const textLines: MessageView<Lines> = (msg) => toLines(msg.text, msg.lowerText);

/** Index of the first line at or after `from` that contains one of `markers` (given lower-case); -1 when none. */
export function findLine(t: Lines, markers: readonly string[], from = 0, to = t.lines.length): number {
  for (let i = Math.max(0, from); i < Math.min(to, t.lines.length); i++) {
    const l = t.lower[i];
    for (const m of markers) if (l.includes(m)) return i;
  }
  return -1;
}

/**
 * The lines between a start marker and the next end marker: `start` is the marker line,
 * `end` the end marker's line (or the end of the text). Null when the start is missing.
 */
export function section(t: Lines, start: readonly string[], end: readonly string[], from = 0): { start: number; end: number } | null {
  const s = findLine(t, start, from);
  if (s === -1) return null;
  const e = findLine(t, end, s + 1);
  return { start: s, end: e === -1 ? t.lines.length : e };
}

/** `score` when the head of the message's text has every one of `markers` (lower-case), else 0. */
export function allMarkers(msg: BounceMessage, markers: readonly string[], score: number): number {
  const head = msg.lowerHead;
  return markers.every((m) => head.includes(m)) ? score : 0;
}

/**
 * Phrases looked for in a text as if each run of white space in the text were one space (a
 * sentence wrapped at any width: Exim's intro and list sentences), without folding the text.
 * Each phrase is found from one of its words, its anchor: the word most of the list's phrases
 * share (then the longest), so that one scan of the text serves them all (Exim's three
 * "failed:" sentences, its three "delivered" ones).
 */
export interface SpacedPhrases {
  readonly groups: ReadonlyArray<{ anchor: string; phrases: ReadonlyArray<{ words: readonly string[]; anchor: number }> }>;
}

/** `phrases`: words of no white space, one space between them. */
export function spacedPhrases(phrases: readonly string[]): SpacedPhrases {
  const split = phrases.map((phrase) => {
    const words = phrase.split(' ');
    if (words.some((w) => !w || /\s/.test(w))) throw new Error(`not a spaced phrase: ${JSON.stringify(phrase)}`);
    return words;
  });
  const shared = (w: string) => split.filter((ws) => ws.includes(w)).length;
  const groups = new Map<string, { words: readonly string[]; anchor: number }[]>();
  for (const words of split) {
    let anchor = 0;
    for (let i = 1; i < words.length; i++) {
      const a = shared(words[i]) - shared(words[anchor]);
      if (a > 0 || (a === 0 && words[i].length > words[anchor].length)) anchor = i;
    }
    const group = groups.get(words[anchor]) ?? [];
    group.push({ words, anchor });
    groups.set(words[anchor], group);
  }
  return { groups: [...groups].map(([anchor, list]) => ({ anchor, phrases: list })) };
}

/**
 * Is the UTF-16 code unit `c` white space as /\s/ and trim() read it (ECMA-262 WhiteSpace and
 * LineTerminator)? The runs oneSpaced folds.
 */
export const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));

/**
 * Does oneSpaced(text) (0-core/text.ts) contain one of `phrases`? The same answer without
 * folding the text (Exim's score folded the 8 KB head of every Google bounce, ~5 us, to find
 * nothing). In the folded text every maximal run of white space is one space, so a phrase is
 * there when, at an occurrence of its anchor, the words before and after follow one another
 * across runs of white space of any length: the first word may end a longer word, the last
 * may begin one, the words between are whole. Each occurrence of an anchor is checked once
 * against the phrase's length: linear in the text for a given list.
 */
export function hasSpacedPhrase(text: string, phrases: SpacedPhrases): boolean {
  for (const g of phrases.groups) {
    for (let at = text.indexOf(g.anchor); at !== -1; at = text.indexOf(g.anchor, at + 1)) {
      for (const p of g.phrases) if (spacedAround(text, p.words, p.anchor, at)) return true;
    }
  }
  return false;
}

function spacedAround(text: string, words: readonly string[], anchor: number, at: number): boolean {
  let pos = at + words[anchor].length;
  for (let j = anchor + 1; j < words.length; j++) {
    let q = pos;
    while (q < text.length && isSpace(text.charCodeAt(q))) q++;
    if (q === pos || !text.startsWith(words[j], q)) return false;
    pos = q + words[j].length;
  }
  pos = at;
  for (let j = anchor - 1; j >= 0; j--) {
    let q = pos;
    while (q > 0 && isSpace(text.charCodeAt(q - 1))) q--;
    const start = q - words[j].length;
    if (q === pos || start < 0 || !text.startsWith(words[j], start)) return false;
    pos = start;
  }
  return true;
}

/** Does the text contain one of the markers (lower-case) in its first `maxChars` characters? */
export function hasMarker(lowerText: string, markers: readonly string[], maxChars = 64 * 1024): boolean {
  const hay = lowerText.length > maxChars ? lowerText.slice(0, maxChars) : lowerText;
  for (const m of markers) if (hay.includes(m)) return true;
  return false;
}

// local@domain: a local part without spaces, brackets or quotes (at most 256 characters), a
// domain of DNS characters (at most 253) or an address literal. Scanned by hand around each
// '@' rather than by a regular expression: neither side can cross another '@', so every
// character is looked at a bounded number of times (linear on hostile text).
const LOCAL_STOP = new Set(' \t\r\n<>()[]"\',;:@');
const isDomainChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '.' || c === '-';
const isLiteralChar = (c: string) => isDomainChar(c) || c === ':';

/** Start of a quoted local part ending just before the '@' at `at` (RFC 5322 §3.4.1 `"john doe"@x`), or -1. */
function quotedLocalStart(s: string, at: number): number {
  if (s[at - 1] !== '"') return -1;
  for (let i = at - 2; i >= 0 && at - i <= 256; i--) {
    const c = s[i];
    if (c === '\n' || c === '\r') return -1;
    if (c === '"' && s[i - 1] !== '\\') return i + 1 < at - 1 ? i : -1;
  }
  return -1;
}

/** The address around the '@' at `at`, or null. */
function addressAt(s: string, at: number): string | null {
  const quoted = quotedLocalStart(s, at);
  let start = quoted === -1 ? at : quoted;
  if (quoted === -1) while (start > 0 && at - start < 256 && !LOCAL_STOP.has(s[start - 1])) start--;
  if (start === at) return null;
  let end = at + 1;
  if (s[end] === '[') {
    end++;
    while (end < s.length && end - at < 48 && isLiteralChar(s[end])) end++;
    if (s[end] !== ']') return null;
    end++;
  } else {
    while (end < s.length && end - at <= 253 && isDomainChar(s[end])) end++;
    // a domain does not end in a dot or a hyphen ("... at a@b.example.")
    while (end > at + 1 && (s[end - 1] === '.' || s[end - 1] === '-')) end--;
    if (end === at + 1) return null;
  }
  return s.slice(start, end);
}

/** The first mailbox address in `s` (trailing dots stripped, domain lower-cased); null when none. */
export function findAddress(s: string | null | undefined): string | null {
  if (!s) return null;
  const text = s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const raw = addressAt(text, at);
    if (!raw) continue;
    const a = cleanAddress(raw);
    if (looksLikeAddress(a)) return a;
  }
  return null;
}

/** Every mailbox address in a header such as X-Failed-Recipients (comma separated, folded, repeated). */
export function addressesInHeader(msg: BounceMessage, name: string): string[] {
  return addressesIn(msg.headers, [name]);
}

/**
 * Every mailbox address the fields `names` of a header block hold, in order, each once
 * (case aside): the returned copy's To and Cc name whom the bounced message was for.
 */
export function addressesIn(headers: HeaderList | null | undefined, names: readonly string[]): string[] {
  const out: string[] = [];
  if (!headers) return out;
  const seen = new Set<string>();
  for (const name of names) {
    for (const value of headers.getAll(name)) {
      for (const piece of value.split(',')) {
        const a = findAddress(piece);
        if (a && !seen.has(a.toLowerCase())) {
          seen.add(a.toLowerCase());
          out.push(a);
        }
      }
    }
  }
  return out;
}

/** Whom the returned copy was addressed to (To, Cc): what completes a bounce's bare local part. */
export function returnedAddressees(returned: ReturnedMessage | null | undefined): string[] {
  return addressesIn(returned?.headers, ['to', 'cc']);
}

export interface Block {
  /** the recipient the block is about (null when its head line names none, e.g. an Exim pipe) */
  address: string | null;
  head: string;
  /** the lines after the head line, as written */
  body: string[];
}

/**
 * Split `lines[from, to)` into recipient blocks: a line for which `isHead` is true opens a
 * block, the lines after it belong to it until the next head line. Lines before the first
 * head are ignored.
 */
export function splitBlocks(t: Lines, from: number, to: number, isHead: (line: string, lower: string) => boolean, addressOf: (line: string) => string | null = findAddress): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (let i = Math.max(0, from); i < Math.min(to, t.lines.length); i++) {
    const line = t.lines[i];
    if (isHead(line, t.lower[i])) {
      current = { address: addressOf(line), head: line, body: [] };
      blocks.push(current);
    } else if (current) {
      current.body.push(line);
    }
  }
  return blocks;
}

/** Lines trimmed and joined with single spaces, blank lines dropped: one diagnostic string. */
export function joinText(lines: readonly string[]): string {
  const parts: string[] = [];
  for (const l of lines) {
    const s = l.trim();
    if (s) parts.push(s);
  }
  return parts.join(' ');
}

/** `host mx.example.org [192.0.2.1]` / `mx.example.org [192.0.2.1]` → `mx.example.org` */
export function hostBeforeBracket(s: string): string | null {
  const text = s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s;
  // each '[' that opens an address literal, the name just before it (scans cannot overlap:
  // neither a name nor the spaces before '[' contain '[')
  for (let open = text.indexOf('['); open !== -1; open = text.indexOf('[', open + 1)) {
    let close = open + 1;
    while (close < text.length && close - open <= 46 && isLiteralChar(text[close])) close++;
    if (text[close] !== ']' || close - open < 3) continue;
    let end = open;
    while (end > 0 && open - end < 4 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    let start = end;
    while (start > 0 && end - start < 254 && isDomainChar(text[start - 1])) start--;
    let host = text.slice(start, end);
    while (host.endsWith('.')) host = host.slice(0, -1);
    if (host && /[A-Za-z0-9]/.test(host[0])) return host;
  }
  return null;
}

/** Rows keyed by address keep only the first row per address (bilingual bounces list everyone twice). */
export function uniqueRows(rows: RowDraft[]): RowDraft[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.recipient.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The original message quoted after a marker line (`------ This is a copy of the message`,
 * `----- Original message -----`, ...): its header block, for the result's `original`.
 * Indented copies (FML) are un-indented. Null when the marker or the headers are missing.
 */
export function returnedAfter(t: Lines, markers: readonly string[], from = 0): ReturnedMessage | null {
  const at = findLine(t, markers, from);
  if (at === -1) return null;
  // each line's white space counted in place (leadingSpace), where a trim() copy told a blank
  // line and a regex match measured the indent, line after line
  const lines = t.lines;
  let i = at + 1;
  while (i < lines.length && leadingSpace(lines[i]) === lines[i].length) i++;
  const indent = i < lines.length ? leadingSpace(lines[i]) : 0;
  const head: string[] = [];
  for (; i < lines.length && head.length < 500; i++) {
    const l = lines[i];
    const space = leadingSpace(l);
    if (space === l.length) break;
    head.push(indent ? l.slice(Math.min(indent, space)) : l);
  }
  const headerText = head.join('\n');
  const headers = HeaderList.parse(headerText);
  if (!headers.fields.length) return null;
  return { contentType: 'text', headerText, headers, bytes: null };
}

/** How many of `l`'s first characters are white space (isSpace: what a regex's \s matches at its start); all of them on a line trim() leaves empty. */
export function leadingSpace(l: string): number {
  let n = 0;
  while (n < l.length && isSpace(l.charCodeAt(n))) n++;
  return n;
}

// RFC 3464 field names that start the machine-readable block when a generator writes it
// into a text part instead of a message/delivery-status part (PMDF / Messaging Server,
// Amazon WorkMail: docs/formats.md#amazonworkmail).
const INLINE_DSN_START = /^(reporting-mta|final-recipient|original-recipient|original-envelope-id)\s{0,4}:/;

/** Rows read from RFC 3464 fields written inline in the text (null when there are none). */
export function inlineDeliveryStatus(t: Lines, from = 0, to = t.lines.length): { reportingMta: string | null; recipients: RowDraft[] } | null {
  let start = -1;
  for (let i = from; i < Math.min(to, t.lines.length); i++) {
    if (INLINE_DSN_START.test(t.lower[i])) {
      start = i;
      break;
    }
  }
  if (start === -1) return null;
  const parsed = parseDeliveryStatus(t.lines.slice(start, to).join('\n'));
  const recipients: RowDraft[] = [];
  for (const g of parsed.recipients) {
    const row = rowFromGroup(g);
    if (row) recipients.push(row);
  }
  if (!recipients.length) return null;
  return { reportingMta: mtaName(parsed.message.get('reporting-mta')), recipients };
}
