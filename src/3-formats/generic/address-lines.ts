// The shapes a failed address takes on a line of a plain-text bounce, read without knowing
// the generator: alone (bare, <>-bracketed, quoted, bulleted or numbered, followed by a
// colon as in qmail's and Exim's recipient paragraphs, or doubled as "a@b<mailto:a@b>" as
// Outlook renders a link), after a display name as Exchange lists a recipient ("Name
// (a@b)", "Name <a@b>", docs/formats.md#exchange2007), beside its reason ("a@b ... reason",
// "<a@b>: reason", "a@b - reason"), after its reason or a label and a colon ("User unknown:
// <a@b>", "Recipient: a@b"), or inside a sentence. Every scan is bounded and linear.
import { findAddress } from '../readers/native-text.js';

export type Shape = 'alone' | 'named' | 'labelled' | 'beside' | 'sentence';

export interface AddressLine {
  address: string;
  shape: Shape;
  /** the text before the address (sentence shape), trimmed */
  before: string;
  /** the text after the address and its separators: the reason beside it, or '' */
  rest: string;
}

// a bullet, an arrow or a list number before the address: "* a@b", "- a@b", "• a@b",
// "-> a@b", "=> a@b", "1. a@b", "2) a@b"
const BULLET = /^(?:-{1,2}>|=>|[-*•·>o]|\d{1,3}[.)])\s{1,8}/;
// what may surround an address token: brackets, quotes, the "mailto:" of a rendered link
const OPENERS = ` \t<"'([`;
const CLOSERS = ` \t>"')]`;
// separators between an address and its reason: "...", ':', '-', ',', ';', '=', '|'
const SEPARATORS = ` \t.:;,=|-–—`;
const MAX_SCAN = 1024;
// a display name before a bracketed address: a few words, no sentence punctuation or label
// colon (RFC 5322 §3.4 display-name, as Exchange writes "Jean Dupont (jean@example.fr)")
const MAX_NAME_WORDS = 5;
const NAME_STOPS = /[:;!?]/;

function skipLeading(s: string, chars: string): string {
  let i = 0;
  while (i < s.length && chars.includes(s[i])) i++;
  return s.slice(i);
}

function skipTrailing(s: string, chars: string): string {
  let i = s.length;
  while (i > 0 && chars.includes(s[i - 1])) i--;
  return s.slice(0, i);
}

/** Position of `address` in `line` (case-insensitive: findAddress lower-cases the domain); -1 when it is not there as found. */
function positionOf(line: string, address: string): number {
  const at = line.toLowerCase().indexOf(address.toLowerCase());
  return at;
}

/** Drop a rendered link's doubled address right after the address: "<mailto:a@b>" or "(mailto:a@b)". */
function dropMailto(after: string): string {
  const s = skipLeading(after, ' \t');
  const open = s[0];
  if ((open === '<' || open === '(' || open === '[') && s.slice(1, 8).toLowerCase() === 'mailto:') {
    const close = s.indexOf(open === '<' ? '>' : open === '(' ? ')' : ']');
    return close === -1 ? '' : s.slice(close + 1);
  }
  return after;
}

/** Is `before` a display name, with the address right after it in brackets and nothing after ("Name (a@b)", "Name <a@b>")? */
function isDisplayName(before: string, line: string, at: number): boolean {
  const open = line.slice(0, at).trimEnd().slice(-1);
  if (open !== '(' && open !== '<') return false;
  if (NAME_STOPS.test(before) || before.includes('@')) return false;
  return before.split(/\s+/).length <= MAX_NAME_WORDS;
}

// words before the colon of a label or a short reason ("Mailbox full:", "Empfänger:")
const MAX_LABEL_WORDS = 4;

// Header fields of a returned or quoted copy that name a message or its sender, never a failed
// recipient (RFC 5322 §3.6.2-3.6.7, RFC 2369 List-*, RFC 8098 Disposition-Notification-To):
// "> Message-Id: <x@y>" in a copy quoted line by line is no list line.
const NOT_RECIPIENT_FIELDS = new Set([
  'message-id', 'in-reply-to', 'references', 'from', 'sender', 'reply-to', 'return-path',
  'resent-from', 'resent-sender', 'resent-message-id', 'errors-to', 'content-id',
  'disposition-notification-to', 'list-id', 'list-post', 'list-owner', 'list-help',
]);

/** Is `before` a label or a short reason ending in a colon (ASCII or full-width), with the address alone after it? */
function isLabel(before: string): boolean {
  const last = before[before.length - 1];
  if (last !== ':' && last !== '：') return false;
  if (before.includes('@') || /[.;!?()]/.test(before)) return false;
  if (NOT_RECIPIENT_FIELDS.has(before.slice(0, -1).trim().toLowerCase())) return false;
  return before.split(/\s+/).length <= MAX_LABEL_WORDS;
}

/** The address on a line and the shape it has there; null when the line names none. */
export function readAddressLine(raw: string): AddressLine | null {
  const line = raw.length > MAX_SCAN ? raw.slice(0, MAX_SCAN) : raw;
  if (!line.includes('@')) return null;
  const address = findAddress(line);
  if (!address) return null;
  const trimmed = line.trim().replace(BULLET, '');
  const at = positionOf(trimmed, address);
  if (at === -1) return { address, shape: 'sentence', before: trimmed, rest: '' };
  let before = trimmed.slice(0, at);
  // "mailto:" glued to the address, quotes and brackets around it
  if (before.toLowerCase().endsWith('mailto:')) before = before.slice(0, -7);
  before = skipTrailing(before, OPENERS).trim();
  let after = skipLeading(trimmed.slice(at + address.length), CLOSERS);
  after = skipLeading(dropMailto(after), CLOSERS);
  const rest = skipLeading(after, SEPARATORS).trim();
  if (before && !rest && isDisplayName(before, trimmed, at)) return { address, shape: 'named', before, rest };
  if (before && !rest && isLabel(before)) return { address, shape: 'labelled', before, rest };
  if (before) return { address, shape: 'sentence', before, rest };
  return { address, shape: rest ? 'beside' : 'alone', before: '', rest };
}
