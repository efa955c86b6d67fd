// Addresses and dates as bounces write them → the table's normal form.
import { trimChars, trimEndChars } from './text.js';
import { parseDateAsUtc } from './date-zone.js';

/** RFC 6533 §3 utf-8-addr-xtext: `\x{HEX}` escapes for non-ASCII and specials. */
function decodeUtf8Xtext(s: string): string {
  if (!s.includes('\\x{')) return s;
  return s.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (_, hex: string) => {
    const cp = parseInt(hex, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : _;
  });
}

/** RFC 3461 xtext (`+2B` for '+') used in ORCPT values written into Original-Recipient. */
// Only the xtext escapes of '+' and '=' are undone: `user+AB@x` is far more often a
// plain sub-address than an escaped byte.
function decodeXtext(s: string): string {
  return s.replace(/\+2B/g, '+').replace(/\+3D/g, '=');
}

const SPACE = /\s/;
const CONTROL = /[\x00-\x1f\x7f]/;
const CONTROLS = /[\x00-\x1f\x7f]/g;
// quotes and white space around an address; trailing punctuation from the sentence around it
const LEADING_JUNK = `"' \t\r\n\f\v\u00a0`;
const TRAILING_JUNK = `${LEADING_JUNK}.,;:`;

// RFC 3464 §2.1.2 / RFC 6533 §3: an address-type and ';' before the address, when it is
// written into a value that is not split by type ("rfc822;a@b" in text, "x400; ..."). The
// registered types are known; any other atom before ';' (an "x-" extension type, a gateway's
// own) is dropped too when an address follows it (an unquoted local part has no ';', RFC 5322 §3.4.1)
const ADDRESS_TYPE = /^(rfc822|utf-8|x400|x-local|unknown)[ \t]{0,4};[ \t]{0,4}/i;
const OTHER_TYPE = /^([A-Za-z][A-Za-z0-9-]{0,31})[ \t]{0,4};[ \t]{0,4}(?=[^;\s]{0,256}@)/;
// Exchange proxy addresses (Microsoft: "Add or remove email addresses for a mailbox",
// proxyAddresses): "SMTP:" marks the primary address, "smtp:" a secondary one
const SMTP_PROXY = /^smtp:(?=[^@\s]{1,256}@)/i;
// RFC 5321 §4.1.2 Path: an obsolete source route "@a,@b:" before the mailbox, to be ignored (RFC 5321 Appendix C)
const SOURCE_ROUTE = /^@[^\s:@,]{1,255}(?:,[ \t]{0,4}@[^\s:@,]{1,255}){0,16}:/;
// RFC 5322 §3.4.1 quoted local part: '"' qtext or quoted-pair '"' then '@'
const QUOTED_LOCAL = /^"(?:[^"\\\r\n]|\\.){1,256}"@/;
// Microsoft's IMCEA encapsulation of a non-SMTP address in an SMTP one ([MS-OXCMAIL],
// encapsulated addresses: "IMCEA" + address type + "-" + the address, characters not allowed there written
// "+" and two hex digits, then "@" and the encapsulating domain): an encapsulated SMTP
// address is decoded; other types (EX, X400, FAX) have no SMTP form and stay as written
const IMCEA_SMTP = /^imceasmtp-([^@\s]{1,512})@[^@\s]{1,255}$/i;

function decodeImcea(payload: string): string {
  return payload.replace(/\+([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// An address as nearly every field writes it: atom characters, one '@', a host name, nothing
// to undo. For such a value every step of cleanAddress below leaves it as it is (no type, comment,
// bracket, route, proxy prefix, quote, space, control character or trailing punctuation; an
// IMCEA form is left to the full path), so its domain is lower-cased at once: one test
// instead of a dozen (~1 us an address; Final- and Original-Recipient of every DSN row).
const PLAIN_ADDRESS = /^[A-Za-z0-9_%+=-][A-Za-z0-9._%+=-]{0,255}@[A-Za-z0-9.-]{0,254}[A-Za-z0-9-]$/;
const IMCEA = /^imcea/i;

/** A quoted local part kept whole (its quotes, and the spaces inside them); the rest cleaned as usual. */
function withQuotedLocal(v: string, rest: (s: string) => string): string | null {
  const m = QUOTED_LOCAL.exec(v);
  if (!m) return null;
  return m[0] + rest(v.slice(m[0].length));
}

/**
 * A typed address field value (`rfc822; <a@B.example> (comment)`, `utf-8; ...`, or a bare
 * address) → the address with its domain lower-cased; '' when nothing address-like is left.
 * Also undone: an address type written into the value, Exchange's "SMTP:" proxy prefix and
 * IMCEA encapsulation, a source route; a quoted local part keeps its quotes.
 */
export function cleanAddress(value: string | null | undefined, type?: string | null): string {
  if (!value) return '';
  let v = value.trim();
  if (PLAIN_ADDRESS.test(v) && !IMCEA.test(v)) return lowerDomain(v);
  let t = (type ?? '').toLowerCase();
  const typed = ADDRESS_TYPE.exec(v) ?? OTHER_TYPE.exec(v);
  if (typed) {
    t ||= typed[1].toLowerCase();
    v = v.slice(typed[0].length);
  }
  // comments (RFC 3464 §2.1.1 allows them; bounded, non-nested), not inside a quoted local part
  if (v.includes('(') && !QUOTED_LOCAL.test(trimChars(v, ' <\t'))) v = v.replace(/\([^()]{0,1000}\)/g, ' ').trim();
  const lt = v.indexOf('<');
  if (lt !== -1) {
    const gt = v.indexOf('>', lt + 1);
    const inner = gt === -1 ? v.slice(lt + 1) : v.slice(lt + 1, gt);
    if (inner.includes('@') || !v.slice(0, lt).includes('@')) v = inner;
  }
  v = v.trim();
  if (SOURCE_ROUTE.test(v)) v = v.replace(SOURCE_ROUTE, '');
  if (SMTP_PROXY.test(v)) v = v.slice(5);
  const quoted = withQuotedLocal(v, (domain) => trimEndChars(domain, TRAILING_JUNK).replace(/\s+/g, ''));
  if (quoted !== null) v = quoted;
  else {
    v = trimEndChars(trimChars(v, LEADING_JUNK), TRAILING_JUNK);
    // a quoted whole address "a@b" (not a quoted local part "a b"@c)
    if (v.startsWith('"') && v.endsWith('"') && v.indexOf('"', 1) === v.length - 1) v = v.slice(1, -1);
    if (v.toLowerCase().startsWith('mailto:')) v = v.slice(7);
    if (SMTP_PROXY.test(v)) v = v.slice(5);
  }
  if (t === 'utf-8') v = decodeUtf8Xtext(v);
  if (quoted === null && SPACE.test(v)) v = v.replace(/\s+/g, '');
  // control characters (NUL, ESC ...) are never part of an address (RFC 5321 §4.1.2)
  if (CONTROL.test(v)) v = v.replace(CONTROLS, '');
  const imcea = IMCEA_SMTP.exec(v);
  if (imcea) {
    const inner = decodeImcea(imcea[1]);
    if (looksLikeAddress(inner)) v = inner;
  }
  return lowerDomain(v);
}

/**
 * An address with no SMTP form of its own: a non-SMTP address encapsulated by Exchange
 * ([MS-OXCMAIL] "IMCEA" + type + "-": IMCEAEX for a legacyExchangeDN, IMCEAX400, IMCEAFAX ...,
 * an IMCEASMTP one being decoded by cleanAddress), or an "EX:"/"X400:" proxy address
 * (proxyAddresses) written where an address should be. A row under one is reported under the
 * SMTP address the report gives beside it (the Original-Recipient) when there is one.
 */
export function isNonSmtpAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  return /^imcea(?!smtp-)[a-z0-9]{1,16}-/i.test(address) || /^(?:ex|x400):/i.test(address);
}

/**
 * A pipe or file delivery named where an address should be (`|/usr/bin/procmail`,
 * `/var/mail/jo`, Sendmail's and Postfix's quoted `"|/usr/bin/x"@host`): Exim, Postfix and
 * Sendmail write these for deliveries an alias or .forward generated, and name the address
 * they were generated from beside them; that address is the recipient to report.
 */
export function isLocalDeliveryTarget(address: string | null | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('"') ? address.slice(1) : address;
  return a.startsWith('|') || a.startsWith('/');
}

/** Original-Recipient may carry the ORCPT xtext form (`a+2Bb@x`). */
export function cleanOriginalAddress(value: string | null | undefined, type?: string | null): string {
  const a = cleanAddress(value, type);
  return a.includes('+') ? lowerDomain(decodeXtext(a)) : a;
}

export function lowerDomain(addr: string): string {
  const at = addr.lastIndexOf('@');
  if (at === -1) return addr;
  // a domain of ASCII without capitals (nearly all) is its own lower case: read in place, no
  // slice and copy to compare (corpus rows' addresses, warm: see the commit)
  let i = at + 1;
  for (let c: number; i < addr.length && ((c = addr.charCodeAt(i)) < 65 || (c > 90 && c < 128)); i++);
  if (i === addr.length) return addr;
  const domain = addr.slice(at + 1);
  const lower = domain.toLowerCase();
  // a domain already in lower case (nearly all): the address itself, not a new string joined
  // from two pieces that every later Map key or comparison must first flatten (~0.25 -> ~0.13 us
  // an address with its use as a Map key, over the corpus' addresses)
  return lower === domain ? addr : addr.slice(0, at + 1) + lower;
}

/** Is this plausibly a mailbox address (local@domain)? */
export function looksLikeAddress(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (!(at > 0 && at < s.length - 1 && s.length <= 512)) return false;
  // white space only inside a quoted local part (RFC 5322 §3.4.1)
  return QUOTED_LOCAL.test(s) ? !/\s/.test(s.slice(at)) : !/\s/.test(s);
}

// RFC 5322 §3.3 date-time as nearly every MTA writes it ("Thu, 29 Apr 2010 00:00:00 +0900"):
// its fields stand at fixed places, so they are read there and made into a time as Date.UTC
// makes it, which costs a fraction of Date.parse's reading of the string. Any other form, and values out of
// range (day 32, hour 24, second 60, a year the engine reads its own way), go to Date.parse.
// Names are looked up by the three character codes at their place, packed into one small
// integer (ASCII only; -1 for anything else): no slice of the string, no hash of it.
function key3(s: string, at: number): number {
  const a = s.charCodeAt(at);
  const b = s.charCodeAt(at + 1);
  const c = s.charCodeAt(at + 2);
  return a < 128 && b < 128 && c < 128 ? (a << 14) | (b << 7) | c : -1;
}
const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => key3(d, 0)));
const MONTHS = new Map(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [key3(m, 0), i]));
// after the day: " Mon YYYY HH:MM:SS +ZZZZ", each field at a fixed place
const AFTER_DAY = ' Mon YYYY HH:MM:SS +ZZZZ'.length;

/** The two-digit number written at s[at], or -1 when either character is no digit (or past the end: NaN compares false). */
function twoDigitsAt(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The four-digit number written at s[at], or -1. */
function fourDigitsAt(s: string, at: number): number {
  const hi = twoDigitsAt(s, at);
  const lo = twoDigitsAt(s, at + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/** `[Www, ]D Mon YYYY HH:MM:SS +ZZZZ` → epoch milliseconds; NaN when `v` is not in that form. */
function parseRfc5322(v: string): number {
  let at = 0;
  if (v.charCodeAt(3) === 44 && WEEKDAYS.has(key3(v, 0))) {
    at = 4; // "Thu," and one or two spaces
    if (v.charCodeAt(at) === 32) at++;
    if (v.charCodeAt(at) === 32) at++;
  }
  // (fields read by character code and fixed-width digit readers: a loop over the digits and
  // one-character strings for the separators were its largest costs in a CPU profile; the
  // corpus' dates, warm, in-process A/B: see the commit)
  const oneDigitDay = v.charCodeAt(at + 1) === 32;
  const d0 = v.charCodeAt(at) - 48;
  const day = oneDigitDay ? (d0 >= 0 && d0 <= 9 ? d0 : -1) : twoDigitsAt(v, at);
  at += oneDigitDay ? 1 : 2;
  if (v.length !== at + AFTER_DAY || v.charCodeAt(at) !== 32 || v.charCodeAt(at + 4) !== 32 || v.charCodeAt(at + 9) !== 32 || v.charCodeAt(at + 12) !== 58 || v.charCodeAt(at + 15) !== 58 || v.charCodeAt(at + 18) !== 32) return NaN;
  const month = MONTHS.get(key3(v, at + 1));
  const year = fourDigitsAt(v, at + 5);
  const h = twoDigitsAt(v, at + 10);
  const min = twoDigitsAt(v, at + 13);
  const s = twoDigitsAt(v, at + 16);
  const signCode = v.charCodeAt(at + 19);
  const sign = signCode === 43 ? 1 : signCode === 45 ? -1 : 0;
  const zh = twoDigitsAt(v, at + 20);
  const zm = twoDigitsAt(v, at + 22);
  if (month === undefined || day < 1 || day > 31 || year < 1970 || year > 2200 || h < 0 || h > 23 || min < 0 || min > 59 || s < 0 || s > 59) return NaN;
  if (!sign || zh < 0 || zh > 23 || zm < 0 || zm > 59) return NaN;
  // Date.UTC(year, month, day, h, min - offset, s) worked out here (ECMA-262 MakeDay, MakeTime:
  // the day, the hours, minutes and seconds each add on linearly, so a day past the month's
  // end runs on into the next month, as it does in Date.parse, and a zone's offset past the
  // hour or the day does the same); the builtin call was a third of this function's time
  return (daysBeforeMonth(year, month) + day - 1) * 86400000 + ((h * 60 + min - sign * (zh * 60 + zm)) * 60 + s) * 1000;
}

/**
 * Days from 1970-01-01 to the first of `month` (0-11) of `year` (1970 or later), proleptic
 * Gregorian: H. Hinnant's days_from_civil ("chrono-Compatible Low-Level Date Algorithms"),
 * isoFromEpoch's algorithm the other way.
 */
function daysBeforeMonth(year: number, month: number): number {
  // March-based years: January and February count with the year before
  const y = month < 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month < 2 ? month + 10 : month - 2;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + Math.floor((153 * mp + 2) / 5);
  return era * 146097 + doe - 719468;
}

/** '00' to '99', each made once: the fields of the ISO form by look-up, not a string made per field */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

/**
 * Epoch milliseconds (a whole second, years 1970-2200) as Date.prototype.toISOString writes
 * them, without a Date: the civil date from the day number by H. Hinnant's days-to-civil
 * algorithm ("chrono-Compatible Low-Level Date Algorithms", civil_from_days). A Date and its
 * toISOString were two thirds of toIsoDate's time (~0.5 us of ~0.8, two or three dates a message).
 */
function isoFromEpoch(t: number): string {
  const days = Math.floor(t / 86400000);
  const secs = (t - days * 86400000) / 1000;
  if (days !== lastDay) {
    lastDayPrefix = dayPrefix(days);
    lastDay = days;
  }
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs - h * 3600) / 60);
  return `${lastDayPrefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[secs - h * 3600 - m * 60]}.000Z`;
}

// The last day isoFromEpoch wrote and its "YYYY-MM-DDT": the dates of one message (its own,
// the report's, the original's) mostly fall on one day, and the civil date is then not worked
// out again (with TWO_DIGITS and the whole second known, ~355 -> ~255 ns a date over the
// corpus' dates, warm, in-process A/B: see the commit).
let lastDay = -1;
let lastDayPrefix = '';

/** Day `days` after 1970-01-01 as "YYYY-MM-DDT". */
function dayPrefix(days: number): string {
  // March-based years of 400-year eras; 719468 days from 0000-03-01 to 1970-01-01
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
}

/** The first and last epoch milliseconds toIsoDate accepts (years 1970 to 2200). */
const FIRST_MS = Date.UTC(1970, 0, 1);
const END_MS = Date.UTC(2201, 0, 1);

const COMMENTS = /\([^()]{0,100}\)/g;

/**
 * A date-time without its comments (RFC 5322 §3.2.2 CFWS, at most 100 characters, not
 * nested), each replaced by a space, trimmed again. Nearly every comment is one zone name at
 * the end ("+0900 (JST)"): that one is cut off where it starts, without the pattern.
 */
export function withoutComments(v: string): string {
  const open = v.indexOf('(');
  if (open === -1) return v.trim();
  const close = v.length - 1;
  if (v.charCodeAt(close) === 41 && close - open - 1 <= 100 && v.indexOf('(', open + 1) === -1 && v.indexOf(')') === close) return v.slice(0, open).trim();
  return v.replace(COMMENTS, ' ').trim();
}

/** RFC 5322 / 3464 date-time → ISO 8601 UTC, or null when it cannot be read. */
export function toIsoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  // a value that starts and ends with printable ASCII (nearly all: header values come trimmed)
  // has nothing for trim() to drop, which is white space, line ends, NBSP, BOM and the like
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  let v = first > 32 && first < 127 && last > 32 && last < 127 ? value : value.trim();
  if (v.length > 200) return null;
  if (v.includes('(')) v = withoutComments(v);
  let t = parseRfc5322(v);
  // the common form, a whole second (parseRfc5322 reads whole seconds only: no modulo of a
  // double here) in the years read: written out without a Date
  if (t >= FIRST_MS && t < END_MS) return isoFromEpoch(t);
  if (Number.isNaN(t)) t = parseDateAsUtc(v);
  if (Number.isNaN(t)) {
    // "Thu, 29 Apr 2010 00:00:00 -0000" parses; "29 Apr 2010 00:00:00 JST" does not
    const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*([+-]\d{4})?/.exec(v);
    if (m) {
      let year = m[3];
      if (year.length === 2) year = (Number(year) < 50 ? '20' : '19') + year;
      t = Date.parse(`${m[1]} ${m[2]} ${year} ${m[4]} ${m[5] ?? '+0000'}`);
    }
  }
  if (Number.isNaN(t)) return null;
  // a whole second in the years read, however it was written: the same string without a Date
  if (t >= FIRST_MS && t < END_MS && t % 1000 === 0) return isoFromEpoch(t);
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 1970 || y > 2200) return null;
  return d.toISOString();
}

/**
 * A bare local part ("jo", as a local delivery agent or an old MTA names a recipient)
 * completed with the domain the bounce gives it elsewhere: the first of `candidates` (the
 * returned message's recipients, the addresses in the report) with the same local part
 * (RFC 5321 §2.4: compared as written; case is ignored here, as nearly every system does).
 * Null when none has it: a domain is never guessed.
 */
export function completeLocalPart(local: string, candidates: readonly string[]): string | null {
  const want = local.toLowerCase();
  for (const c of candidates) {
    const at = c.lastIndexOf('@');
    if (at > 0 && c.slice(0, at).toLowerCase() === want) return c;
  }
  return null;
}

// the wordings that name the address a pipe or file delivery was generated from: Exim
// ("generated by jo@example.com", "(generated from jo@example.com)"), Postfix ("(expanded
// from <jo@example.com>)"); the address follows them
const GENERATED_FROM = ['generated from', 'generated by', 'expanded from'];

/** The text after a "generated from / by, expanded from" wording in `text`, where the parent address stands; null when none. */
export function afterGeneratedFrom(text: string): string | null {
  const lower = text.toLowerCase();
  for (const w of GENERATED_FROM) {
    const at = lower.indexOf(w);
    if (at !== -1) return text.slice(at + w.length, at + w.length + 600);
  }
  return null;
}
