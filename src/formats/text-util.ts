// Small, bounded helpers for reading the human-readable text of a bounce.
import { decodeText, decodeUnlabelled } from '../mime/charset.js';
import { HeaderList } from '../mime/headers.js';
import type { BounceMessage, MimeLeaf, ReturnedMessage } from '../mime/message.js';
import { splitHeaderBlock } from '../mime/parse.js';

/** The paragraph (blank-line delimited, at most `max` characters) that mentions `needle`; null when absent. */
export function paragraphAbout(text: string, needle: string, max = 2000, lowerText?: string): string | null {
  if (!needle || !text) return null;
  const hay = lowerText ?? text.toLowerCase();
  const at = hay.indexOf(needle.toLowerCase());
  if (at === -1) return null;
  const floor = Math.max(0, at - max);
  let start = hay.lastIndexOf('\n\n', at);
  start = start < floor ? floor : start + 2;
  let end = hay.indexOf('\n\n', at + needle.length);
  if (end === -1 || end > at + max) end = Math.min(hay.length, at + max);
  return text.slice(start, end).trim() || null;
}

/** Lines of `text`, each cut to `maxLine` characters (a 4 MB line is not scanned whole). */
export function boundedLines(text: string, maxLine: number): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].length > maxLine) lines[i] = lines[i].slice(0, maxLine);
  return lines;
}

// ---- cheap views for detection: computed once per message, shared by every module ----


const OPENING_BYTES = 4096;
const openingCache = new WeakMap<BounceMessage, string>();

/** The first human-readable leaf (text/plain, else text/html), or null. */
export function firstHumanLeaf(msg: BounceMessage): MimeLeaf | null {
  return msg.humanLeaves[0] ?? null;
}

/**
 * The first few KB of the first human-readable leaf, decoded, LF line ends, leading blank
 * lines dropped: enough for the markers a generator writes at the top of its text, without
 * decoding or converting whole parts.
 */
export function openingText(msg: BounceMessage): string {
  let t = openingCache.get(msg);
  if (t === undefined) {
    const leaf = firstHumanLeaf(msg);
    t = leaf ? decodeText(leaf.body.subarray(0, OPENING_BYTES), leaf.charset).replace(/\r\n?/g, '\n').replace(/^\s+/, '') : '';
    openingCache.set(msg, t);
  }
  return t;
}

/** Does any header `name` contain `needle` (case-insensitive)? */
export function headerIncludes(msg: BounceMessage, name: string, needle: string): boolean {
  const n = needle.toLowerCase();
  for (const v of msg.headers.getAll(name)) if (v.toLowerCase().includes(n)) return true;
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
