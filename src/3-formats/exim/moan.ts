// Exim's notices about a message it would not take as a whole (src/src/moan.c
// moan_send_message): sent with `Subject: Mail failure - ...`, no "This message was created
// automatically" line, and a sentence per case. Only the malformed-address notice names
// recipients ("  <address>: <error>" lines); the others refuse the message for all of its
// recipients, which the copy after "------ This is a copy of your message" names.
import type { BounceMessage, ReturnedMessage } from '../../2-mime/message.js';
import type { Reason } from '../../0-core/schema.js';
import { findAddress, returnedAfter, type Lines } from '../readers/native-text.js';
import type { RowDraft } from '../readers/types.js';

/** The subject every moan.c notice has, lower case. */
export const MOAN_SUBJECT = 'mail failure - ';

interface Notice {
  /** the sentence, lower case, single spaces */
  sentence: string;
  /** its RFC 3463 code where the condition is one the RFC names */
  status: string | null;
  reason: Reason | null;
  /** the notice lists the malformed addresses */
  listsAddresses: boolean;
}

// [EXIM src/src/moan.c] ERRMESS_* texts
const NOTICES: readonly Notice[] = [
  { sentence: 'recipient addresses that were incorrectly constructed:', status: null, reason: 'syntaxerror', listsAddresses: true }, // ERRMESS_BADADDRESS / BADNOADDRESS
  { sentence: 'recipient address that was incorrectly constructed:', status: null, reason: 'syntaxerror', listsAddresses: true }, // ERRMESS_BADARGADDRESS
  { sentence: 'was longer than the maximum size allowed on this system', status: '5.3.4', reason: 'exceedlimit', listsAddresses: false }, // ERRMESS_TOOBIG; RFC 3463 X.3.4 message too big for system
  { sentence: 'contained more recipients than allowed on this system', status: '5.5.3', reason: 'exceedlimit', listsAddresses: false }, // ERRMESS_TOOMANYRECIP; RFC 3463 X.5.3 too many recipients
  { sentence: 'was rejected by the local scanning code', status: null, reason: null, listsAddresses: false }, // ERRMESS_LOCAL_SCAN / LOCAL_ACL
  // the header could not be taken in (header_maxsize, header_line_maxsize): the content is at fault
  { sentence: 'contained a header section that was excessively long', status: null, reason: 'contenterror', listsAddresses: false }, // ERRMESS_VLONGHEADER
  { sentence: 'contained a header line that was excessively long', status: null, reason: 'contenterror', listsAddresses: false }, // ERRMESS_VLONGHDRLINE
  { sentence: 'a system failure was encountered while processing a message that you sent', status: null, reason: 'systemerror', listsAddresses: false }, // ERRMESS_IOERR
];

const COPY = ['this is a copy of your message', 'this is a copy of the headers that were received before the error'];

/** Which moan.c notice the text is, from its (wrapped) sentence; null when none. */
export function moanNotice(lowerText: string): Notice | null {
  const spaced = lowerText.slice(0, 4096).replace(/\s+/g, ' ');
  if (!spaced.includes('a message that you sent')) return null;
  return NOTICES.find((n) => spaced.includes(n.sentence)) ?? null;
}

/** Rows of a moan.c notice and the copy it returns, or null when the text is none or names nobody. */
export function readMoan(msg: BounceMessage, t: Lines): { rows: RowDraft[]; returned: ReturnedMessage | null } | null {
  const notice = moanNotice(t.lower.join('\n'));
  if (!notice) return null;
  const copyAt = t.lower.findIndex((l) => COPY.some((c) => l.includes(c)));
  const end = copyAt === -1 ? t.lines.length : copyAt;
  const text = t.lines.slice(0, end).join(' ').replace(/\s+/g, ' ').trim();
  const rows: RowDraft[] = [];
  // "------ This is a copy of the headers that were received before the error" goes on
  // "       was detected." on the next line: the headers start after that
  const wrapped = copyAt !== -1 && t.lower[copyAt + 1]?.trim() === 'was detected.';
  const copy = msg.returned ?? (wrapped ? returnedAfter(t, ['was detected.'], copyAt + 1) : returnedAfter(t, COPY));
  if (notice.listsAddresses) {
    // "  %s: %s" (ERRMESS_BADADDRESS) or "  %s  %s" (ERRMESS_BADARGADDRESS): the address as
    // given, then the parser's complaint; an address too malformed to read names nobody
    for (let i = 0; i < end; i++) {
      const line = t.lines[i];
      if (!line.startsWith('  ')) continue;
      const body = line.trim();
      const cut = body.search(/:\s|\s\s/);
      const given = cut === -1 ? body : body.slice(0, cut);
      // a final '.' is one of the faults moan.c names ("Recipient addresses must not end with a '.'")
      let bare = given.replace(/^<|>$/g, '');
      while (bare.endsWith('.')) bare = bare.slice(0, -1);
      const address = findAddress(bare);
      if (!address || address.length < bare.length) continue;
      rows.push({ recipient: address, action: 'failed', diagnosticCode: cut === -1 ? null : body.slice(cut + 1).trim() || null, reason: notice.reason, hint: text });
    }
  } else {
    // the whole message was refused: its addressees, as the copy's header names them
    const seen = new Set<string>();
    for (const field of ['to', 'cc']) {
      for (const value of copy?.headers.getAll(field) ?? []) {
        for (const piece of value.split(',')) {
          const a = findAddress(piece);
          if (a && !seen.has(a.toLowerCase())) {
            seen.add(a.toLowerCase());
            rows.push({ recipient: a, action: 'failed', status: notice.status, reason: notice.reason, diagnosticCode: text || null, hint: text || null });
          }
        }
      }
    }
  }
  return rows.length ? { rows, returned: copy } : null;
}
