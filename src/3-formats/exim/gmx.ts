// GMX and 1&1 (United Internet) bounces [SOE lhost-gmx-*, lhost-einsundeins-*]: Exim's
// opening sentences, then each failed address alone on a line at column 0 (`"a@b":` at GMX,
// `a@b:` at 1&1) followed by unindented error lines, up to
// `--- The header of the original message is following. ---`.
import type { BounceMessage, MessageView } from '../../2-mime/message.js';
import { findCommand } from '../../0-core/smtp.js';
import { findLine, hasSpacedPhrase, isSpace, joinText, MAX_LINE, returnedAfter, section, spacedPhrases, splitBlocks, toLines, textLines, uniqueRows } from '../readers/native-text.js';
import { EXIM_INTRO, replyPart } from './exim.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

const START = ['address(es)', 'following address', 'following addresses']; // "The following address(es)\nfailed:" wraps
const END = ['--- the header of the original message is following', '--- the original message'];
// "SMTP error from remote server for TEXT command" (1&1): TEXT is the message data
const COMMAND_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['for text command', 'DATA'],
  ['after rcpt command', 'RCPT'],
  ['for rcpt command', 'RCPT'],
  ['after mail command', 'MAIL'],
  ['for mail command', 'MAIL'],
  ['after data command', 'DATA'],
];

/** `"a@b":` or `a@b:` alone on a line (at column 0 here; a derivative may indent it) */
export function isHead(line: string): boolean {
  if (!line || /^\s{5}/.test(line)) return false;
  const t = line.trim();
  if (!t.endsWith(':')) return false;
  const inner = t.slice(0, -1).replace(/^"|"$/g, '');
  return !/\s/.test(inner) && inner.includes('@');
}

// The list's lines: from the sentence that opens it, or (an intro reworded or translated,
// which bounce_message_file allows Exim derivatives: the Exim specification, chapter "Customizing bounce and
// warning messages") from the top of the text, up to the fixed header separator.
function listSection(t: ReturnType<typeof toLines>): { start: number; end: number } | null {
  const s = section(t, START, END);
  if (s) return s;
  const end = findLine(t, END);
  return { start: -1, end: end === -1 ? t.lines.length : end };
}

function parseUnitedInternet(msg: BounceMessage, format: string): ParsedReport | null {
  const t = msg.view(textLines);
  const s = listSection(t);
  if (!s) return null;
  const rows: RowDraft[] = [];
  for (const b of splitBlocks(t, s.start + 1, s.end, isHead)) {
    if (!b.address) continue;
    const full = joinText(b.body);
    const low = full.toLowerCase();
    const reply = replyPart(full.replace(/^.{0,200}?\breason:\s/i, ''));
    const host = /host:\s{0,4}([A-Za-z0-9.-]{1,255})/.exec(full);
    rows.push({
      recipient: b.address,
      action: 'failed',
      diagnosticType: 'smtp',
      diagnosticCode: reply ?? (full || null),
      smtpCommand: COMMAND_WORDS.find(([p]) => low.includes(p))?.[1] ?? findCommand(full),
      remoteMta: host ? host[1] : null,
      hint: full || null,
    });
  }
  if (!rows.length) return null;
  return { kind: 'dsn', format, recipients: uniqueRows(rows), returned: msg.returned ?? returnedAfter(t, END, s.end) };
}

const SPACED_INTRO = spacedPhrases([EXIM_INTRO]);

/** Exim's intro, wrapped at any width (a hint: derivatives may reword it). */
function hasIntro(msg: BounceMessage): boolean {
  return hasSpacedPhrase(msg.lowerHead, SPACED_INTRO);
}

/**
 * Might a line of `head` be an address head (isHead)? False only when none is, anywhere: a
 * head line ends in ':' and white space, so only those lines are read, found from their ':'
 * without splitting the text into lines (Exim's own bounces, which open these modules by their
 * intro, have none: ~18 us of a GMX score over the 34 corpus messages that ask was the split).
 * A line longer than toLines keeps whole (MAX_LINE) is answered "maybe": its cut may end in ':'.
 */
export function mayHoldHead(head: string): boolean {
  if (head.length > MAX_LINE) {
    for (let start = 0; start < head.length; ) {
      const nl = head.indexOf('\n', start);
      const end = nl === -1 ? head.length : nl;
      if (end - start > MAX_LINE) return true;
      start = end + 1;
    }
  }
  for (let colon = head.indexOf(':'); colon !== -1; colon = head.indexOf(':', colon + 1)) {
    let end = colon + 1;
    while (end < head.length && head[end] !== '\n' && isSpace(head.charCodeAt(end))) end++;
    if (end < head.length && head[end] !== '\n') continue;
    if (isHead(head.slice(head.lastIndexOf('\n', colon) + 1, end))) return true;
  }
  return false;
}

/**
 * The structure: address head lines above the header separator, or, when the returned header
 * is left out and the separator with it, above the end of a text that has Exim's intro. A
 * message view, made once: the GMX and 1&1 scores both ask (it splits the head into lines,
 * ~6 us a message that opens them, measured over the Sisimai half).
 */
const unitedInternetText: MessageView<boolean> = (msg) => {
  if (!mayHoldHead(msg.lowerHead)) return false;
  const t = toLines(msg.lowerHead);
  let end = findLine(t, END);
  if (end === -1) {
    if (!hasIntro(msg)) return false;
    end = t.lines.length;
  }
  for (let i = 0; i < end; i++) if (isHead(t.lines[i])) return true;
  return false;
};

/** A United Internet brand: its sender domains name it; the layout alone scores `otherwise`. */
export function unitedInternet(id: string, description: string, senders: readonly string[], score: number, otherwise: number): FormatModule {
  return {
    id,
    description,
    // the intro or the fixed header separator; score() checks the address heads before it
    markers: { text: [EXIM_INTRO, ...END] },
    score(msg) {
      if (!msg.view(unitedInternetText)) return 0;
      const from = msg.lowerFrom;
      const sender = senders.some((d) => from.includes(d));
      if (hasIntro(msg)) return sender ? score : otherwise;
      // the intro is a hint: without it, the provider's own sender domain and the structure
      return sender ? score - 10 : 0;
    },
    parse: (msg) => parseUnitedInternet(msg, id),
  };
}

export const gmx = unitedInternet('gmx', 'GMX / mail.com bounces ("address": blocks after Exim-like text)', ['gmx.', '@mail.com'], 85, 45);
