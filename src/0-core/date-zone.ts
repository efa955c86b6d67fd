// Date.parse without the machine's time zone. V8 reads a date-time that names no zone in the
// local zone of the machine (ECMA-262 §21.4.3.2: "When the UTC offset representation is absent,
// date-only forms are interpreted as a UTC time and date-time forms are interpreted as a local
// time"; V8's legacy parser, src/date/dateparser*.{h,cc}, does the same for the other forms), so
// the same bounce gave another `date` on a machine in Tokyo than on one in UTC. A date must
// name its zone (RFC 5322 §3.3), and an unknown zone is read as "-0000" (RFC 5322 §4.3), UTC
// with no local-time information: a date with no zone at all is read the same way here.

/**
 * A zone V8's parser reads: a zone word standing alone (UT, UTC, GMT, Z and the North American
 * zones of RFC 5322 §4.3, the zone words of V8's KeywordTable), or a sign and digits right after the
 * time of day ("23:34:45 -0400", "23:34:45+04:00"). Bounded: no nested repetition.
 */
const ZONE = /(?:^|[^A-Za-z])(?:UTC?|GMT|Z|[CEMP][SD]T)(?![A-Za-z])|\d:\d{2}(?::\d{2}(?:\.\d{1,9})?)?[ \t]{0,4}(?:[AaPp][Mm][ \t]{0,4})?[+-]\d/i;
/** ECMA-262's date-only forms (YYYY, YYYY-MM, YYYY-MM-DD), which it already reads as UTC */
const DATE_ONLY = /^[ \t]*\d{4}(?:-\d{2}(?:-\d{2})?)?[ \t]*$/;

/** Does Date.parse read `v` in the machine's local time? */
export function readsLocalTime(v: string): boolean {
  const plain = v.includes('(') ? v.replace(/\([^()]{0,100}\)/g, ' ') : v;
  return !DATE_ONLY.test(plain) && !ZONE.test(plain);
}

/** Date.parse, with a date that names no zone read as UTC wherever the code runs. */
export function parseDateAsUtc(v: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t) || !readsLocalTime(v)) return t;
  // t is the wall-clock time less the local offset at that instant: add the offset back
  return t - new Date(t).getTimezoneOffset() * 60000;
}
