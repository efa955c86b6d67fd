// Trend Micro InterScan Messaging Security Suite (docs/formats.md#trendmicro)
// [SOE lhost-trendmicro-*]: boundary `InterScan_NT_MIME_Boundary`, the session as
// `Sent <<< RCPT TO:<addr>` / `Received >>> 550 ...`, or one sentence
// `Unable to deliver message to <addr> (and other recipients in the same domain).`
import { findAddress, hasMarker, textLines } from '../readers/native-text.js';
import { findCommand } from '../../0-core/smtp.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const MARKERS = ['interscan messaging security suite', 'interscan_nt_mime_boundary'];
const UNABLE = 'unable to deliver message to';
const BOUNDARY = 'InterScan_NT_MIME_Boundary';
const SENDER = 'InterScan';

export const trendmicro: FormatModule = {
  id: 'trendmicro',
  description: 'Trend Micro InterScan MSS bounces ("Sent <<< RCPT TO:" / "Received >>> 550 ...")',
  markers: { boundary: [BOUNDARY], from: [SENDER.toLowerCase()], text: MARKERS },
  score(msg) {
    if ((msg.contentParams.boundary ?? '').includes(BOUNDARY)) return 85;
    if (msg.from.includes(SENDER)) return 85;
    return hasMarker(msg.lowerHead, MARKERS) ? 80 : 0;
  },
  parse(msg) {
    // the report's own text (the returned message, a message/rfc822 leaf, may itself be a bounce)
    const t = msg.view(textLines);
    const rows: RowDraft[] = [];
    for (let i = 0; i < t.lines.length; i++) {
      const low = t.lower[i].trim();
      if (low.startsWith('sent <<< rcpt to:')) {
        const recipient = findAddress(t.lines[i]);
        const reply = t.lower[i + 1]?.trim().startsWith('received >>>') ? t.lines[i + 1].trim().slice('received >>>'.length).trim() : null;
        if (recipient) rows.push({ recipient, action: 'failed', diagnosticType: reply ? 'smtp' : null, diagnosticCode: reply, smtpCommand: findCommand(t.lines[i].replace(/^\s*sent\s+/i, '>>> ')) ?? 'RCPT' });
      } else if (low.includes(UNABLE)) {
        const recipient = findAddress(t.lines[i].slice(t.lower[i].indexOf(UNABLE)));
        if (recipient && !rows.some((r) => r.recipient === recipient)) rows.push({ recipient, action: 'failed', diagnosticCode: t.lines[i].replace(/^\s*reason:\s*/i, '').trim() });
      }
    }
    if (!rows.length) return null;
    return { kind: 'dsn', format: 'trendmicro', recipients: rows };
  },
};
