// MailFoundry bounces [SOE lhost-mailfoundry-*]:
//   Unable to deliver message to: <addr>
//   Delivery failed for the following reason:
//   Server mx[ip] failed with: 550 ...
//   This has been a permanent failure.  No further delivery attempts will be made.
import { allMarkers, findAddress, findLine, hostBeforeBracket, joinText, textLines } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';

const TO = 'unable to deliver message to:';
const REASON = 'delivery failed for the following reason:';

export const mailfoundry: FormatModule = {
  id: 'mailfoundry',
  description: 'MailFoundry bounces ("Unable to deliver message to:" / "Delivery failed for the following reason:")',
  markers: { text: [TO] },
  score: (msg) => allMarkers(msg, [REASON], 80),
  parse(msg) {
    const t = msg.view(textLines);
    const to = findLine(t, [TO]);
    const reason = findLine(t, [REASON], to + 1);
    if (to === -1 || reason === -1) return null;
    const recipient = findAddress(t.lines[to]);
    if (!recipient) return null;
    let end = reason + 1;
    while (end < t.lines.length && t.lines[end].trim()) end++;
    const text = joinText(t.lines.slice(reason + 1, end));
    const failedWith = text.toLowerCase().indexOf('failed with:');
    const reply = failedWith === -1 ? text : text.slice(failedWith + 'failed with:'.length).trim();
    const permanent = t.lower.some((l) => l.includes('this has been a permanent failure'));
    return {
      kind: 'dsn',
      format: 'mailfoundry',
      recipients: [{ recipient, action: permanent ? 'failed' : null, diagnosticType: failedWith === -1 ? null : 'smtp', diagnosticCode: reply || null, remoteMta: hostBeforeBracket(text) }],
    };
  },
};
