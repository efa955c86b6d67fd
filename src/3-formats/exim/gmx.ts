// GMX and 1&1 (United Internet) bounces [SOE lhost-gmx-*, lhost-einsundeins-*]: Exim's
// opening sentences, then each failed address alone on a line at column 0 (`"a@b":` at GMX,
// `a@b:` at 1&1) followed by unindented error lines, up to
// `--- The header of the original message is following. ---`.
import type { BounceMessage } from '../../2-mime/message.js';
import { findCommand } from '../../0-core/smtp.js';
import { hasMarker, joinText, returnedAfter, section, splitBlocks, toLines, uniqueRows } from '../readers/native-text.js';
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

/** `"a@b":` or `a@b:` alone at the start of a line */
function isHead(line: string): boolean {
  if (!line || line[0] === ' ' || line[0] === '\t') return false;
  const t = line.trim();
  if (!t.endsWith(':')) return false;
  const inner = t.slice(0, -1).replace(/^"|"$/g, '');
  return !/\s/.test(inner) && inner.includes('@');
}

function parseUnitedInternet(msg: BounceMessage, format: string): ParsedReport | null {
  const t = toLines(msg.text);
  const s = section(t, START, END);
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

function unitedInternetText(msg: BounceMessage): boolean {
  return hasMarker(msg.lowerHead, [EXIM_INTRO]) && hasMarker(msg.lowerHead, END);
}

/** A United Internet brand: its sender domains name it; the layout alone scores `otherwise`. */
export function unitedInternet(id: string, description: string, senders: readonly string[], score: number, otherwise: number): FormatModule {
  return {
    id,
    description,
    markers: { text: [EXIM_INTRO] },
    score(msg) {
      if (!unitedInternetText(msg)) return 0;
      const from = msg.from.toLowerCase();
      return senders.some((d) => from.includes(d)) ? score : otherwise;
    },
    parse: (msg) => parseUnitedInternet(msg, id),
  };
}

export const gmx = unitedInternet('gmx', 'GMX / mail.com bounces ("address": blocks after Exim-like text)', ['gmx.', '@mail.com'], 85, 45);
