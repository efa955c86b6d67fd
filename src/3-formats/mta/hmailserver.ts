// hMailServer bounces (docs/formats.md#hmailserver). Source: hmailserver/hmailserver,
// hmailserver/source/Server/SMTP: SMTPDeliverer.cpp fills the server message
// SEND_FAILED_NOTIFICATION ("Your message did not reach some or all of the intended
// recipients." / "The following recipient(s) could not be reached:" / %MACRO_RECIPIENTS% /
// "hMailServer", an administrator may reword it) under the subject MESSAGE_UNDELIVERABLE
// ("Message undeliverable: <subject>"); ExternalDelivery.cpp and LocalDelivery.cpp write one
// block per failed recipient: the address alone on a line, then indented `Label: value`
// lines beginning with `Error Type: SMTP`, which SMTPClientConnection.cpp fills as "Remote
// server (<ip>) issued an error." / "hMailServer sent: <command>" / "Remote server replied:
// <reply>", or "Connection to recipients server failed." / "Error: <text>"; a local failure
// writes "Error Description:" and "Additional information:". The blocks are read by that
// structure, whatever the template around them says.
import type { BounceMessage } from '../../2-mime/message.js';
import { findAddress, joinText, toLines, type Lines } from '../readers/native-text.js';
import { statusPartWithText } from '../readers/rfc3464.js';
import { humanText } from '../readers/text-util.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

// the first line of every recipient block (SMTPClientConnection.cpp, LocalDelivery.cpp)
const ERROR_TYPE = 'error type:';
const SIGNATURE = 'hmailserver sent:';
// the block's labels and what each gives the row
const SENT = 'hmailserver sent:';
const REPLIED = 'remote server replied:';
const ERROR = 'error:';
const DESCRIPTION = 'error description:';
const INFORMATION = 'additional information:';
// "Remote server (192.0.2.1) issued an error."
const REMOTE = /^remote server \(([^()\s]{1,255})\) issued an error/;
// lines of the notice read at most; lines of a block
const MAX_LINES = 2000;
const MAX_BLOCK = 20;

/** The value after a `Label:` at the start of a trimmed line, or null. */
function valueOf(line: string, lower: string, label: string): string | null {
  return lower.startsWith(label) ? line.slice(label.length).trim() : null;
}

function readBlocks(t: Lines): RowDraft[] {
  const rows: RowDraft[] = [];
  const n = Math.min(t.lines.length, MAX_LINES);
  for (let i = 0; i + 1 < n; i++) {
    const head = t.lines[i].trim();
    if (!head.includes('@') || /\s/.test(head) || !t.lower[i + 1].trim().startsWith(ERROR_TYPE)) continue;
    const recipient = findAddress(head);
    if (!recipient) continue;
    const row: RowDraft = { recipient, action: 'failed' };
    const other: string[] = [];
    let j = i + 2;
    for (; j < n && j < i + 2 + MAX_BLOCK && t.lines[j].trim(); j++) {
      const line = t.lines[j].trim();
      const low = t.lower[j].trim();
      const sent = valueOf(line, low, SENT);
      const replied = valueOf(line, low, REPLIED);
      const remote = REMOTE.exec(low);
      if (sent !== null) row.smtpCommand = sent.split(/[\s:]/, 1)[0].toUpperCase() || null;
      else if (replied !== null) {
        row.diagnosticType = 'smtp';
        row.diagnosticCode = replied || null;
      } else if (remote) row.remoteMta = line.slice(line.indexOf('(') + 1, line.indexOf(')'));
      else {
        const text = valueOf(line, low, ERROR) ?? valueOf(line, low, DESCRIPTION) ?? valueOf(line, low, INFORMATION) ?? line;
        other.push(text);
      }
    }
    // a block without a remote reply: what it says instead (the connection error, the local cause)
    row.diagnosticCode ??= joinText(other) || null;
    rows.push(row);
    i = j - 1;
  }
  return rows;
}

function parseHmailserver(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  const text = readBlocks(toLines(humanText(msg)));
  // later versions add a status part: its rows stand, the blocks fill what it lacks
  const withPart = statusPartWithText(msg, ctx.limits, 'hmailserver', text, (r, tr) => {
    r.diagnosticCode ??= tr.diagnosticCode ?? null;
    r.smtpCommand ??= tr.smtpCommand ?? null;
  });
  if (withPart) return withPart;
  return text.length ? { kind: 'dsn', format: 'hmailserver', recipients: text } : null;
}

export const hmailserver: FormatModule = {
  id: 'hmailserver',
  description: 'hMailServer bounces (an address line, then "Error Type: SMTP" and the remote reply, per recipient)',
  markers: { text: [ERROR_TYPE] },
  score(msg) {
    const head = msg.lowerHead;
    // its own name in the block is the signature; the block structure alone is its layout
    if (head.includes(SIGNATURE)) return 85;
    return /\n[^\s@]{1,64}@\S{1,255}\r?\n[ \t]{1,8}error type:/.test(head) ? 65 : 0;
  },
  parse: parseHmailserver,
};
