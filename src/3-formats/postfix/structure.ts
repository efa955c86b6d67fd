// What tells a Postfix bounce apart when its wording is not Postfix's (docs/formats.md#postfix-structure).
// bounce_template_file lets a site reword or translate the intro, the subject and the From
// name of every template (bounce(5)); what bounce_notify_util.c writes around the template
// stays: the recipient lines, the MIME part descriptions, the X-$mail_name- DSN fields.
// So the intro and subject are hints that add up; the structure is what a claim rests on.
import type { BounceMessage } from '../../2-mime/message.js';

// Per-message DSN fields named after $mail_name (postconf(5) mail_name, "Postfix" by default):
// `X-<mail_name>-Queue-ID: <id>` (always) and `X-<mail_name>-Sender: rfc822; <addr>` (with a
// sender) [PF src/bounce/bounce_notify_util.c, bounce_header_dsn()]; the queue ID is the one
// looked for. Anchored, and '-' parts out of the classes: no backtracking to speak of.
// A mail_name of several words ("Mail Delivery System") is written as is: `X-Mail Delivery
// System-Queue-ID:`, so a word may follow a space as well as a '-'.
const MAIL_NAME_FIELD = /^X-[A-Za-z0-9][A-Za-z0-9_.]{0,38}(?:[- ][A-Za-z0-9_.]{1,39}){0,3}-Queue-ID:/im;

/** The DSN part carries Postfix's per-message fields, under any $mail_name. */
export function hasMailNameFields(msg: BounceMessage): boolean {
  return msg.deliveryStatus.some((p) => MAIL_NAME_FIELD.test(p.text.slice(0, 4096)));
}

// Where a hint is looked for, and what it is. Each holds or not; they add up.
interface Hint {
  /** why it points at Postfix, with the source */
  why: string;
  holds(msg: BounceMessage, head: string): boolean;
}

// Content-Description values bounce_notify_util.c gives its parts (bounce_header(),
// bounce_header_dsn(), bounce_original()): fixed strings, not part of the template.
const PART_DESCRIPTIONS = ['notification', 'delivery report', 'undelivered message', 'undelivered message headers'];

// The default templates' subjects [PF src/bounce/bounce_templates.c; `postconf -t`].
export const TEMPLATE_SUBJECTS = [
  'undelivered mail returned to sender',
  'postmaster copy: undelivered mail',
  'delayed mail (still being retried)',
  'postmaster warning: delayed mail',
  'successful mail delivery report',
  'mail delivery status report',
];

const HINTS: readonly Hint[] = [
  {
    why: 'template subject [PF bounce_templates.c]',
    holds: (msg) => TEMPLATE_SUBJECTS.includes(msg.lowerSubject.trim()),
  },
  {
    why: 'sender MAILER-DAEMON, the bounce daemon\'s default From [PF bounce_templates.c]',
    holds: (msg) => msg.lowerFrom.includes('mailer-daemon'),
  },
  {
    why: 'Auto-Submitted: auto-replied / auto-generated (postmaster copy) [PF bounce_notify_util.c bounce_header()]',
    holds: (msg) => /^auto-(?:replied|generated)\b/i.test(msg.headers.get('auto-submitted') ?? ''),
  },
  {
    why: 'Content-Description of the parts [PF bounce_notify_util.c]',
    holds: (msg) =>
      msg.leaves.some((l) => PART_DESCRIPTIONS.includes((l.headers.get('content-description') ?? '').trim().toLowerCase())),
  },
  {
    why: 'default intro "This is the mail system at host" [PF bounce_templates.c]',
    holds: (msg) => msg.opening.includes('This is the mail system at host '),
  },
  {
    why: 'delay banner of the default delay template [PF bounce_templates.c]',
    holds: (_msg, head) => head.includes('# this is a warning only.'),
  },
  {
    why: 'the placeholder written when the recipient log is gone [PF bounce_notify_util.c bounce_diagnostic_log()]',
    holds: (_msg, head) => head.includes('--- delivery report unavailable ---'),
  },
];

/** How many of the hints hold. */
export function hintCount(msg: BounceMessage): number {
  const head = msg.lowerHead;
  let n = 0;
  for (const h of HINTS) if (h.holds(msg, head)) n++;
  return n;
}

/** What follows `<addr>` on a recipient line: after any `(expanded from <alias>)`, from the colon on. */
function afterAddress(line: string): string | null {
  if (!line.startsWith('<')) return null;
  const gt = line.indexOf('>');
  if (gt < 2 || line.slice(1, gt).includes('<') || !line.slice(1, gt).includes('@')) return null;
  let rest = line.slice(gt + 1).trimEnd();
  if (rest.startsWith(' (expanded from <')) {
    const close = rest.indexOf('>):');
    rest = close === -1 ? '' : rest.slice(close + 2);
  }
  return rest;
}

// bounce_print_wrap()'s continuation: INDENT 4 spaces, then the text
const CONTINUATION = /^ {4}\S/;
// the longest line read (a 4 MB line is not scanned whole)
const RECIPIENT_LINE_MAX = 4096;

/**
 * The head of the text has a recipient line as bounce_recipient_log() writes it: after a blank
 * line, at column 0, `<addr>: reason` or `<addr> (expanded from <alias>): reason`, wrapped by
 * bounce_print_wrap() at 79 columns with continuation lines indented by 4. An address too long
 * to share its line leaves `<addr>:` (or `<addr>`) alone, with the 4-space continuation
 * below; qmail's `<addr>:` stands alone too, but its text below is not indented.
 */
export function hasRecipientLine(head: string): boolean {
  // Only a line that starts with '<' can be one: each is found with indexOf and read alone,
  // where splitting the whole head (8 KiB) into lines and trimming each one's predecessor
  // made a string per line of every bounce the Postfix module was asked about.
  for (let at = head.indexOf('<'); at !== -1; at = head.indexOf('<', at + 1)) {
    if (at > 0 && head.charCodeAt(at - 1) !== 10) continue;
    if (at > 0 && !blankLineBefore(head, at - 1)) continue;
    const rest = afterAddress(lineAt(head, at));
    if (rest === null) continue;
    if (rest.startsWith(': ') && rest.slice(2).trim() !== '') return true;
    if (rest === ':' || rest === '') {
      const nl = head.indexOf('\n', at);
      if (nl !== -1 && CONTINUATION.test(lineAt(head, nl + 1))) return true;
    }
  }
  return false;
}

/** The line starting at `from`, without its '\n', cut to RECIPIENT_LINE_MAX characters. */
function lineAt(text: string, from: number): string {
  const nl = text.indexOf('\n', from);
  const end = nl === -1 ? text.length : nl;
  return text.slice(from, Math.min(end, from + RECIPIENT_LINE_MAX));
}

/** Is the line that ends at `nl` (a '\n') blank, as trim() sees its first RECIPIENT_LINE_MAX characters? */
function blankLineBefore(text: string, nl: number): boolean {
  const start = nl === 0 ? 0 : text.lastIndexOf('\n', nl - 1) + 1;
  return start === nl || text.slice(start, Math.min(nl, start + RECIPIENT_LINE_MAX)).trim() === '';
}
