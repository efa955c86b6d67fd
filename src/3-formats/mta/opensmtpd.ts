// OpenSMTPD bounces (docs/formats.md#opensmtpd) [SOE lhost-opensmtpd-*]: a text part
//   This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.
//   An error has occurred while attempting to deliver a message for
//   the following list of recipients:            (or "A message is delayed for more than ...")
//   <addr>: <reason or remote reply>
//   Below is a copy of the original message:
// and, in newer versions, a message/delivery-status part with only Status 5.0.0 / 4.x.x:
// the reply in the text then completes the DSN rows.
import type { BounceMessage } from '../../2-mime/message.js';
import { findAddress, findLine, hasMarker, returnedAfter, textLines, type Lines } from '../readers/native-text.js';
import { statusPartWithText } from '../readers/rfc3464.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

const INTRO = 'this is the mailer-daemon, please do not reply to this';
const START = ['list of recipients:'];
const END = ['below is a copy of the original message', 'please note that this is only a temporary failure report'];

function textRows(msg: BounceMessage): { rows: RowDraft[]; delayed: boolean; end: number; t: Lines } | null {
  const t = msg.view(textLines);
  const start = findLine(t, START);
  if (start === -1) return null;
  const delayed = t.lower.slice(Math.max(0, start - 3), start + 1).some((l) => l.includes('is delayed'));
  let end = findLine(t, END, start + 1);
  if (end === -1) end = t.lines.length;
  const rows: RowDraft[] = [];
  for (let i = start + 1; i < end; i++) {
    const line = t.lines[i];
    const colon = line.indexOf(': ');
    if (colon <= 0 || line[0] === ' ') continue;
    const recipient = findAddress(line.slice(0, colon));
    if (!recipient) continue;
    const text = line.slice(colon + 2).trim();
    rows.push({
      recipient,
      action: delayed ? 'delayed' : 'failed',
      diagnosticType: /^[245]\d\d[ -]/.test(text) ? 'smtp' : null,
      diagnosticCode: text || null,
      // "Envelope expired" [OpenSMTPD smtpd/queue.c]: the queue lifetime ran out
      reason: text.toLowerCase() === 'envelope expired' ? 'expired' : null,
    });
  }
  return { rows, delayed, end, t };
}

function parseOpenSmtpd(msg: BounceMessage, ctx: ParseContext): ParsedReport | null {
  const text = textRows(msg);
  const withPart = statusPartWithText(msg, ctx.limits, 'opensmtpd', text?.rows ?? [], (row, tr) => {
    if (!row.diagnosticCode) {
      row.diagnosticCode = tr.diagnosticCode ?? null;
      row.diagnosticType ??= tr.diagnosticType ?? null;
    }
    row.reason ??= tr.reason ?? null;
  });
  if (withPart) return withPart;
  if (!text || !text.rows.length) return null;
  return { kind: 'dsn', format: 'opensmtpd', recipients: text.rows, returned: msg.returned ?? returnedAfter(text.t, ['below is a copy of the original message'], text.end) };
}

export const opensmtpd: FormatModule = {
  id: 'opensmtpd',
  description: 'OpenSMTPD bounces ("<addr>: <reason>" under "the following list of recipients:"), with or without a DSN part',
  markers: { text: [INTRO] },
  score(msg) {
    return hasMarker(msg.lowerHead, START) ? 90 : 40;
  },
  parse: parseOpenSmtpd,
};
