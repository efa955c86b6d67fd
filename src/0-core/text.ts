// String helpers that stay linear on hostile input (a regex like /[._-]+$/ is quadratic
// on a long run of those characters that does not reach the end).

/** `s` without leading and trailing characters from `chars`. */
export function trimChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start])) start++;
  while (end > start && chars.includes(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** `s` without trailing characters from `chars`. */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * `s` as a string of its own. V8 makes a slice of 13 characters or more a view that keeps the
 * whole string it was cut from alive (a SlicedString): a value cut from a message's text and
 * kept past the message (a cache of answers) kept that whole text, megabytes for a big
 * message. A copy through UTF-16 code units holds exactly the same characters (lone
 * surrogates too). For values a cache keeps: made once per new entry.
 */
export function ownString(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le');
}

/** `s` lower-cased, each run of white space as one space: the form phrase tables are matched in. */
export function lowerSpaced(s: string): string {
  return oneSpaced(s.toLowerCase());
}

/**
 * `s` with each run of white space as one space: s.replace(/\s+/g, ' '), but only the runs
 * that are not already one space are replaced (a line end, a tab, two spaces): the same
 * result with a few replacements instead of one a word (over the lower-cased heads of the
 * Sisimai half: 3.60 -> 2.19 us a head, in-process A/B, CPU time).
 */
export function oneSpaced(s: string): string {
  return s.replace(/\s{2,}|[^\S ]/g, ' ');
}


/**
 * Diagnostic text in the form the phrases are written in: lower case, whitespace runs as
 * one space, and the `550-5.1.1 ` / `550 5.1.1 ` prefixes of reply lines dropped so that a
 * phrase wrapped across the lines of a multi-line reply still reads as one
 * (docs/formats.md#multi-line-replies: Postfix joins `550-5.7.1 ... multiple` and `550 5.7.1 addresses`).
 */
export function prepareText(raw: string | null | undefined, max = PREPARED_MAX): string {
  if (!raw) return '';
  return preparedFrom(lowerSpaced(raw.length > max ? raw.slice(0, max) : raw));
}

/** The longest diagnostic prepareText reads. */
export const PREPARED_MAX = 16384;

// a reply line's prefix, with the space before it (kept) when it is not at the start
const REPLY_PREFIX = /(^| )[245]\d\d(?:-(?:[245]\.\d{1,3}\.\d{1,3} )?| [245]\.\d{1,3}\.\d{1,3} )/g;

/**
 * prepareText of a text already folded by lowerSpaced (and at most PREPARED_MAX long):
 * folded.replace(REPLY_PREFIX, '$1').trim(), its matches found one after another as replace
 * finds them and the text between them joined by hand. A replacement with '$1' goes through
 * the engine's general replace, which cost twice the pattern's own search (~214 -> ~112 ns a
 * text over the corpus' diagnostics and hints, warm; see the commit).
 */
export function preparedFrom(folded: string): string {
  REPLY_PREFIX.lastIndex = 0;
  let m = REPLY_PREFIX.exec(folded);
  if (m === null) return folded.trim();
  let out = '';
  let last = 0;
  do {
    out += folded.slice(last, m.index) + m[1];
    last = REPLY_PREFIX.lastIndex;
  } while ((m = REPLY_PREFIX.exec(folded)) !== null);
  return (out + folded.slice(last)).trim();
}
