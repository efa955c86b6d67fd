// Small, bounded helpers for reading the human-readable text of a bounce.
import { decodeUnlabelled } from '../../2-mime/charset.js';
import { gateWord, HeaderList } from '../../2-mime/headers.js';
import type { BounceMessage, MimeLeaf, ReturnedMessage } from '../../2-mime/message.js';
import { splitHeaderBlock } from '../../2-mime/parse.js';

/** The paragraph around position `at` (from firstPositions or indexOf); null when `at` is -1. */
export function paragraphAt(text: string, hay: string, at: number, needleLength: number, max = 2000): string | null {
  if (at === -1) return null;
  // both searches stay inside the window: per row the cost is bounded by `max`, not the text
  const floor = Math.max(0, at - max);
  const back = hay.slice(floor, at).lastIndexOf('\n\n');
  const start = back === -1 ? floor : floor + back + 2;
  const from = at + needleLength;
  const ceil = Math.min(hay.length, at + max);
  const fwd = from < ceil ? hay.slice(from, ceil).indexOf('\n\n') : -1;
  const end = fwd === -1 ? Math.max(ceil, from) : from + fwd;
  return text.slice(start, end).trim() || null;
}

/** Lines of `text`, each cut to `maxLine` characters (a 4 MB line is not scanned whole). */
export function boundedLines(text: string, maxLine: number): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].length > maxLine) lines[i] = lines[i].slice(0, maxLine);
  return lines;
}

/** The first human-readable leaf (text/plain, else text/html), or null. */
export function firstHumanLeaf(msg: BounceMessage): MimeLeaf | null {
  return msg.humanLeaves[0] ?? null;
}

/**
 * A text looked for in one header field's values, declared once by the format that asks:
 * the field's key and the text lower-cased, and the word the field's raw lines must hold
 * before its value is made and lower-cased (gateWord, HeaderField.mayHold: every Received
 * field of every message was unfolded for Exchange's and qmail's questions).
 */
export type HeaderNeedle = { readonly key: string; readonly text: string; readonly gate: string | null };

export function headerNeedle(name: string, text: string): HeaderNeedle {
  const lower = text.toLowerCase();
  return { key: name.toLowerCase(), text: lower, gate: gateWord(lower) };
}

/** Does any field of the needle's name contain its text (case-insensitive)? */
export function headerIncludes(msg: BounceMessage, needle: HeaderNeedle): boolean {
  const { key, text, gate } = needle;
  // most messages have none of the fields asked: the list's own look-up says so at once
  if (msg.headers.firstField(key) === undefined) return false;
  for (const f of msg.headers.fields) {
    if (f.key !== key) continue;
    if (gate !== null && f.mayHold !== undefined && !f.mayHold(gate)) continue;
    if (f.value.toLowerCase().includes(text)) return true;
  }
  return false;
}

/**
 * A returned original found inside native text (qmail's copy after its break line,
 * Postfix's pre-MIME copy ...): its header block, and the whole copy unless only the
 * headers were returned. Null when no header block can be read there.
 */
export function returnedFromBytes(bytes: Buffer, headersOnly: boolean): ReturnedMessage | null {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x20)) start++;
  const copy = bytes.subarray(start);
  if (!copy.length) return null;
  const { header } = splitHeaderBlock(copy);
  const headerText = decodeUnlabelled(header);
  const headers = HeaderList.parse(headerText);
  if (!headers.fields.length) return null;
  return { contentType: 'text', headerText, headers, bytes: headersOnly ? null : copy };
}

// Characters that end an address token in free text (whitespace, brackets, quotes, separators),
// as a table by character code (all of them are ASCII).
const ADDRESS_STOP = new Uint8Array(128);
for (const c of ' \t\n\r<>()[]"\',;:=/') ADDRESS_STOP[c.charCodeAt(0)] = 1;
const isStop = (code: number) => code < 128 && ADDRESS_STOP[code] === 1;
// An address is at most 254 characters (RFC 5321 §4.5.3.1.3); a token reaching further than
// this from its '@' is not one.
const ADDRESS_REACH = 320;
// Characters that may be compared by plain indexOf before switching to the one-pass index.
const SEARCH_BUDGET = 16_000_000;

/**
 * Position of the first occurrence of each needle (lower-cased) in `hay` (lower-cased), or -1.
 * Few needles over a short text: one indexOf each. When needles × text would exceed the
 * budget (100,000 recipients over a megabyte of text is 10^11 steps), one pass cuts the text
 * into runs between stop characters and indexes each run that holds an '@' within
 * ADDRESS_REACH of both its ends (trailing dots, a sentence's end, dropped): every character
 * is looked at once, however many '@' a run holds (fuzzing found a run of megabytes of them,
 * which a scan out from each '@' took minutes over).
 */
export function firstPositions(hay: string, needles: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (needles.length * hay.length <= SEARCH_BUDGET) {
    for (const n of needles) if (n && !out.has(n)) out.set(n, hay.indexOf(n));
    return out;
  }
  const tokens = new Map<string, number>();
  const len = hay.length;
  for (let start = 0; start < len; ) {
    while (start < len && isStop(hay.charCodeAt(start))) start++;
    let end = start;
    let at = -1;
    for (; end < len; end++) {
      const code = hay.charCodeAt(end);
      if (isStop(code)) break;
      if (code === 64 && at === -1) at = end;
    }
    if (at !== -1 && at - start <= ADDRESS_REACH && end - at <= ADDRESS_REACH) {
      let r = end;
      while (r > at + 1 && hay.charCodeAt(r - 1) === 46) r--;
      const token = hay.slice(start, r);
      if (!tokens.has(token)) tokens.set(token, start);
    }
    start = end;
  }
  for (const n of needles) if (n && !out.has(n)) out.set(n, tokens.get(n) ?? -1);
  return out;
}

// The human-readable part of a bounce is small; what follows a very long one (a pasted
// log, a huge text attachment) holds no recipient paragraphs worth a scan of megabytes.
const MAX_HUMAN_TEXT = 1024 * 1024;

/** The message's human-readable text (decoded once per message), cut to a bounded length. */
export function humanText(msg: BounceMessage): string {
  const t = msg.text;
  return t.length > MAX_HUMAN_TEXT ? t.slice(0, MAX_HUMAN_TEXT) : t;
}
