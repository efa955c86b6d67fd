// Matching for the provider tables: plain substring search and bounded scans (the text is
// hostile input: no regular expression here can backtrack).
import type { CodeRule, Phrase, Rule, Verdict } from './types.js';

/** how far the second part of an ordered pair may start after the first one ends */
export const PAIR_GAP = 160;

/**
 * Where `phrase` occurs in `text`, or -1 (for a pair: where its first part starts). A pair is
 * found in one pass: the next b is looked for only once the a's have moved past it, and the
 * a's too far before it are skipped, so many a's and one far b cost no more than a scan.
 */
export function phraseAt(text: string, phrase: Phrase): number {
  if (typeof phrase === 'string') return text.indexOf(phrase);
  const [a, b] = phrase;
  let next = -1;
  for (let at = text.indexOf(a); at !== -1; ) {
    const end = at + a.length;
    if (next < end) {
      next = text.indexOf(b, end);
      if (next === -1) return -1; // no b after this a, nor after any later one
    }
    if (next - end <= PAIR_GAP) return at;
    // an a close enough to this b ends at next - PAIR_GAP or later
    at = text.indexOf(a, Math.max(at + 1, next - PAIR_GAP - a.length));
  }
  return -1;
}

/** The first rule (in table order) whose phrase occurs in `text`. */
export function firstRule(text: string, rules: readonly Rule[]): Verdict | null {
  for (const rule of rules) if (phraseAt(text, rule.phrase) !== -1) return { reason: rule.reason, from: rule.from };
  return null;
}

/** A code table's verdict for `code`, citing `page`. */
export function byCode(code: string | null, table: Readonly<Record<string, CodeRule>>, page: string): Verdict | null {
  if (!code) return null;
  const hit = Object.hasOwn(table, code) ? table[code] : undefined;
  return hit ? { reason: hit.reason, from: `${page}: ${code}${hit.note ? ` (${hit.note})` : ''}` } : null;
}

const CODE_CHAR = /[A-Za-z0-9_-]/;

/** The token after `marker` (case-insensitive), up to `max` characters of [A-Za-z0-9_-]. */
export function tokenAfter(raw: string, marker: string, max = 12): string | null {
  const at = raw.toLowerCase().indexOf(marker.toLowerCase());
  if (at === -1) return null;
  const start = at + marker.length;
  let end = start;
  while (end < raw.length && end - start < max && CODE_CHAR.test(raw[end])) end++;
  return end > start ? raw.slice(start, end) : null;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** digits starting at `at` (at most `max`), or null when there are none or more than max */
function digitsAt(s: string, at: number, max: number): string | null {
  let end = at;
  while (end < s.length && isDigit(s[end])) end++;
  return end === at || end - at > max ? null : s.slice(at, end);
}

/**
 * The first RFC 3463 enhanced code ("5.7.606") in the first `limit` characters of `raw`,
 * standing alone (not inside a version number or an address), or null. The subject is one
 * digit, 0 to 7 (the subjects RFC 3463 §3 defines), which tells "4.7.500" from Exim's
 * "4.96.1".
 */
export function enhancedCode(raw: string, limit = 4096): string | null {
  const s = raw.length > limit ? raw.slice(0, limit) : raw;
  for (let at = s.indexOf('.'); at !== -1; at = s.indexOf('.', at + 1)) {
    const cls = s[at - 1];
    if (cls !== '2' && cls !== '4' && cls !== '5') continue;
    const before = s[at - 2];
    if (before !== undefined && (isDigit(before) || before === '.')) continue;
    const subject = digitsAt(s, at + 1, 1);
    if (!subject || subject > '7') continue;
    const dot = at + 1 + subject.length;
    if (s[dot] !== '.') continue;
    const detail = digitsAt(s, dot + 1, 3);
    if (!detail) continue;
    const after = s[dot + 1 + detail.length];
    if (after !== undefined && (after === '.' || isDigit(after))) continue;
    return `${cls}.${subject}.${detail}`;
  }
  return null;
}
