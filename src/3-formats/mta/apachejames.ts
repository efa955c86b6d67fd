// Apache James bounces [SOE lhost-apachejames-*]: a JavaMail Message-ID, then
//   Error: <summary>
//   Error message below:
//   <remote reply>
//   Message details:
//     ... RCPT TO: <addr> ...
import { allMarkers, findAddress, findLine, joinText, textLines } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';

const BELOW = 'error message below:';
const DETAILS = 'message details:';

export const apachejames: FormatModule = {
  id: 'apachejames',
  description: 'Apache James bounces ("Error message below:" / "Message details:")',
  markers: { text: [BELOW] },
  score: (msg) => allMarkers(msg, [DETAILS], (msg.headers.get('message-id') ?? '').includes('JavaMail') ? 90 : 70),
  parse(msg) {
    const t = msg.view(textLines);
    const below = findLine(t, [BELOW]);
    const details = findLine(t, [DETAILS], below + 1);
    if (below === -1 || details === -1) return null;
    const reply = joinText(t.lines.slice(below + 1, details));
    const recipients: string[] = [];
    for (let i = details + 1; i < t.lines.length; i++) {
      const l = t.lower[i].trim();
      if (!l) break;
      if (l.startsWith('rcpt to:')) for (const piece of t.lines[i].split(/[:,]/).slice(1)) {
        const a = findAddress(piece);
        if (a && !recipients.includes(a)) recipients.push(a);
      }
    }
    if (!recipients.length) return null;
    return { kind: 'dsn', format: 'apachejames', recipients: recipients.map((recipient) => ({ recipient, action: 'failed', diagnosticType: 'smtp', diagnosticCode: reply || null })) };
  },
};
