// m-FILTER (Digital Arts, JP) bounces (docs/formats.md#mfilter) [SOE lhost-mfilter-*]:
// `X-Mailer: m-FILTER`, a Japanese intro, the failed address alone on a line, then
//   -------server message      (the remote reply)
//   -------SMTP command        (the command it answered)
//   -------original message | -------original mail info
import { findAddress, findLine, joinText, returnedAfter, textLines } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';

const SERVER = '-------server message';
const COMMAND = '-------smtp command';
const ORIGINAL = ['-------original message', '-------original mail info'];

export const mfilter: FormatModule = {
  id: 'mfilter',
  description: 'm-FILTER bounces ("-------server message" / "-------SMTP command")',
  markers: { text: [SERVER] },
  score(msg) {
    return (msg.headers.get('x-mailer') ?? '').toLowerCase().includes('m-filter') ? 90 : 70;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const server = findLine(t, [SERVER]);
    if (server === -1) return null;
    const addresses: string[] = [];
    for (let i = 0; i < server; i++) {
      const l = t.lines[i].trim();
      if (l && !/\s/.test(l)) {
        const a = findAddress(l);
        if (a && !addresses.includes(a)) addresses.push(a);
      }
    }
    const command = findLine(t, [COMMAND], server + 1);
    let original = findLine(t, ORIGINAL, server + 1);
    if (original === -1) original = t.lines.length;
    const reply = joinText(t.lines.slice(server + 1, command === -1 ? original : command));
    const cmd = command === -1 ? null : (t.lines.slice(command + 1, original).find((l) => l.trim())?.trim().split(/\s/, 1)[0].toUpperCase() ?? null);
    if (!addresses.length) return null;
    return {
      kind: 'dsn',
      format: 'mfilter',
      recipients: addresses.map((recipient) => ({ recipient, action: 'failed', diagnosticType: 'smtp', diagnosticCode: reply || null, smtpCommand: cmd })),
      returned: msg.returned ?? returnedAfter(t, ORIGINAL),
    };
  },
};
