// RFC 3463 enhanced status codes: read them from Status fields and from free text, and
// choose between the two the way real bounces need (docs/formats.md#status-versus-reply-code, docs/formats.md#action-and-status-disagree).
/** RFC 3463 status: class 2/4/5, a defined subject (0-7), detail 1-3 digits without leading zeros (Exchange Online writes 5.1.10, 5.7.350). */
export const STATUS_PATTERN = /^[245]\.[0-7]\.(?:0|[1-9]\d{0,2})$/;

function isValidStatus(s: string | null | undefined): s is string {
  return !!s && STATUS_PATTERN.test(s);
}

// class.subject.detail not glued to other digits or dots (so no IPv4 addresses: 192.0.2.5)
const CODE_IN_TEXT = /(^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;

function canonical(cls: string, subject: string, detail: string): string | null {
  const s = String(Number(subject));
  const d = String(Number(detail));
  const code = `${cls}.${s}.${d}`;
  return isValidStatus(code) ? code : null;
}

/** The Status field value → a valid code, or null when missing/malformed. */
export function parseStatusField(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = (value.includes('(') ? value.replace(/\([^()]{0,500}\)/g, ' ') : value).trim();
  // a value that is a code as RFC 3463 writes it (nearly all) is its own canonical form: no
  // match groups, numbers and joined string to make it again (see the commit)
  if (STATUS_PATTERN.test(v)) return v;
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})(?!\d)/.exec(v);
  if (!m) return null;
  return canonical(m[1], m[2], m[3]);
}

// how many valid codes of a text are read at most
const MAX_CODES = 8;

/** Every valid enhanced code in `text`, in order of appearance (bounded scan). */
export function findStatusCodes(text: string | null | undefined, max = MAX_CODES): string[] {
  if (!text) return [];
  const out: string[] = [];
  CODE_IN_TEXT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CODE_IN_TEXT.exec(text)) !== null && out.length < max) {
    const c = canonical(m[2], m[3], m[4]);
    if (c) out.push(c);
  }
  return out;
}

export function findStatusInText(text: string | null | undefined): string | null {
  return findStatusCodes(text, 1)[0] ?? null;
}

/**
 * The first failure or delay code (4.X.X, 5.X.X) among the first MAX_CODES valid codes of
 * `text` (findStatusCodes): the code a failed row's text gives. The scan stops at it, where
 * the list of every code read the rest of the text (see the commit).
 */
export function findFailureStatusInText(text: string | null | undefined): string | null {
  if (!text) return null;
  CODE_IN_TEXT.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let valid = 0; valid < MAX_CODES && (m = CODE_IN_TEXT.exec(text)) !== null; ) {
    const c = canonical(m[2], m[3], m[4]);
    if (c === null) continue;
    if (c[0] !== '2') return c;
    valid++;
  }
  return null;
}

export function statusClass(s: string | null | undefined): '2' | '4' | '5' | null {
  if (!s) return null;
  const c = s[0];
  return c === '2' || c === '4' || c === '5' ? c : null;
}

/** X.0.0: RFC 3463 §3.1's "other undefined status" of its class. */
export function isGenericStatus(s: string): boolean {
  return s.endsWith('.0.0');
}

/**
 * Choose between the Status field and a code found in the diagnostic text.
 * Generic field values (X.0.0) and a few that generators use as catch-alls yield to a more
 * specific code of the same class in the text (Exim, Gmail, Courier and SES write 5.0.0
 * and put the real code in the reply: docs/formats.md#action-and-status-disagree).
 */
export function preferStatus(field: string | null, inText: string | null, replyCode: string | null): string | null {
  if (!field) return inText;
  // a generic field (X.0.0) of another class than the reply: the reply's class, all it says
  if (!inText && replyCode && isGenericStatus(field) && (replyCode[0] === '4' || replyCode[0] === '5') && replyCode[0] !== field[0]) return `${replyCode[0]}.0.0`;
  if (!inText || inText === field) return field;
  if (statusClass(inText) !== statusClass(field)) {
    // The reply and the code in it agree against the field: the field gives way when it is
    // generic (X.0.0), or when it is not a permanent verdict (a 4.x.x or 2.x.x field beside a
    // refusal). A class-5 field beside a class-4 reply stays: a sender gives up on a temporary
    // error when its retry time runs out, and the failure is then final (RFC 3464 §2.3.3).
    if (replyCode && replyCode[0] === inText[0] && replyCode[0] !== field[0] && (isGenericStatus(field) || field[0] !== '5')) return inText;
    return field;
  }
  if (isGenericStatus(field)) return inText;
  if (yieldsToText(field, inText)) return inText;
  return field;
}

// Status values generators write as catch-alls although the reply says more
// (docs/formats.md#status-versus-reply-code): queue expiry (X.4.7: RFC 3463 asks to report the underlying cause instead), X.7.0,
// X.3.x, and the protocol codes X.5.1/2/4/5 give way to a specific code of the same class in
// the reply; X.1.1 ("no such user") is written by relays for any RCPT refusal and gives way
// to a specific code from another subject; X.1.3 (syntax) gives way to a policy code.
const CATCH_ALL = new Set(['4.7', '7.0', '5.1', '5.2', '5.4', '5.5']);

function yieldsToText(field: string, inText: string): boolean {
  const [, fs, fd] = field.split('.');
  const [, ts, td] = inText.split('.');
  if (td === '0') return false;
  if (CATCH_ALL.has(`${fs}.${fd}`) || fs === '3') return true;
  if (fs === '1' && fd === '1') return ts !== '1' && ts !== '5';
  if (fs === '1' && fd === '3') return ts === '7';
  return false;
}

/** Status from an SMTP reply code alone (RFC 3463 §3: the class carries over). */
export function statusFromReplyCode(reply: string | null): string | null {
  if (!reply) return null;
  const c = reply[0];
  if (c === '2' || c === '4' || c === '5') return `${c}.0.0`;
  return null;
}
