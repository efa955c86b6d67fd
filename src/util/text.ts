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
