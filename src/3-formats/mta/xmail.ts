// XMail notices (docs/formats.md#xmail). Source: XMail's QueueUtils.cpp, QueUtBuildErrorResponse
// (GerHobbelt/xmail): one notice per failed recipient, `Subject: Error sending message [<spool
// file>] from [<domain>]`, the headers `X-MailerServer` and `X-SMTP-Mailer-Error`, then the
// body's first line `[<00>] XMail bounce: Rcpt=[<recipient>];Error=[<reason>]`, section
// `[<01>]` with `Rcpt To:   <...>` and `Server:    <host> [ip]`, section `[<02>] The reason of
// the delivery failure was:` with the reason, the message log (`[<04>]`) and the start of the
// message (`[<05>]`). The same notice reports a temporary failure (QueUtNotifyTempErrDelivery),
// told apart by the reply's class.
import type { BounceMessage } from '../../2-mime/message.js';
import { findReplyCode } from '../../0-core/smtp.js';
import { findAddress, hostBeforeBracket, toLines } from '../readers/native-text.js';
import { humanText } from '../readers/text-util.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

const MARKER = 'xmail bounce: rcpt=[';
const SERVER = 'server:';
// lines of the notice read at most (the bounce line is the first; the server line follows it)
const MAX_LINES = 60;

/** The text between `[` and its `]` after `label` in `line` (case-insensitive label), or null. */
function bracketAfter(line: string, lower: string, label: string): string | null {
  const at = lower.indexOf(label);
  if (at === -1) return null;
  const open = at + label.length;
  const close = line.indexOf(']', open);
  return close === -1 ? line.slice(open) : line.slice(open, close);
}

function parseXmail(msg: BounceMessage): ParsedReport | null {
  const t = toLines(humanText(msg));
  const n = Math.min(t.lines.length, MAX_LINES);
  const rows: RowDraft[] = [];
  let remoteMta: string | null = null;
  for (let i = 0; i < n; i++) {
    const line = t.lines[i];
    const low = t.lower[i];
    if (low.includes(MARKER)) {
      const recipient = findAddress(bracketAfter(line, low, 'rcpt=['));
      if (!recipient) continue;
      // the reason runs to the last ']' of the line: a reply may hold brackets of its own
      const errAt = low.indexOf(';error=[');
      const reason = errAt === -1 ? '' : line.slice(errAt + 8, line.lastIndexOf(']') > errAt ? line.lastIndexOf(']') : undefined).trim();
      const code = findReplyCode(reason);
      rows.push({ recipient, action: code?.startsWith('4') ? 'delayed' : 'failed', diagnosticCode: reason || null });
    } else if (low.trimStart().startsWith(SERVER)) remoteMta = hostBeforeBracket(line.replace(/[<>]/g, ''));
  }
  if (!rows.length) return null;
  for (const r of rows) r.remoteMta = remoteMta;
  return { kind: 'dsn', format: 'xmail', recipients: rows };
}

export const xmail: FormatModule = {
  id: 'xmail',
  description: 'XMail notices ("[<00>] XMail bounce: Rcpt=[...];Error=[...]")',
  markers: { text: [MARKER], headers: ['x-smtp-mailer-error'] },
  // its own bounce line is the signature
  score: (msg) => (msg.lowerHead.includes(MARKER) ? 90 : 0),
  parse: parseXmail,
};
