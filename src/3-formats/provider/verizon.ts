// Verizon Wireless MMS gateway (vzwpix.com / vtext.com) bounces [SOE lhost-verizon-*]:
//   Message could not be delivered to mobile.
//   Error: No valid recipients for this MM
//   Original Message: From: ... To: <number>@vzwpix.com ...
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, joinText, textLines } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';

const INTRO = 'message could not be delivered to mobile';
const SENDERS = ['vzwpix.com', 'vtext.com'];
// the gateway's error lines [SOE lhost-verizon-01]
const ERRORS: ReadonlyArray<readonly [string, Reason]> = [['no valid recipients', 'userunknown']];

export const verizon: FormatModule = {
  id: 'verizon',
  description: 'Verizon Wireless MMS gateway bounces ("Message could not be delivered to mobile.")',
  markers: { from: SENDERS },
  score(msg) {
    return msg.plainText.toLowerCase().includes(INTRO) ? 90 : 40;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const orig = findLine(t, ['original message:']);
    const errorAt = findLine(t, ['error:']);
    const text = errorAt === -1 ? joinText(t.lines.slice(0, orig === -1 ? 5 : orig)) : t.lines[errorAt].replace(/^\s*error:\s*/i, '').trim();
    // the handset address is the returned message's To:
    let recipient: string | null = null;
    for (let i = Math.max(0, orig); orig !== -1 && i < t.lines.length && !recipient; i++) if (t.lower[i].trim().startsWith('to:')) recipient = findAddress(t.lines[i]);
    recipient ??= findAddress(msg.returned?.headers.get('to'));
    if (!recipient) return null;
    const low = text.toLowerCase();
    return { kind: 'dsn', format: 'verizon', recipients: [{ recipient, action: 'failed', diagnosticCode: text || null, reason: ERRORS.find(([p]) => low.includes(p))?.[1] ?? null }] };
  },
};
