// Zoho Mail bounces [SOE lhost-zoho-*]: `X-ZohoMail` header, Exim-like opening, then one line
// per failed address: `<addr> <summary>, ERROR_CODE :<reply code>, ERROR_CODE :<text>`.
import { findAddress, findLine, textLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const START = ['could not be delivered to one or more of its', 'this is a permanent error'];
const ZOHO_HEADER = 'x-zohomail';
const ZOHO_FROM = '@mail.zoho.';
const ERROR_CODE = /ERROR_CODE\s{0,4}:\s{0,4}([245]\d\d)\b/;

export const zoho: FormatModule = {
  id: 'zoho',
  description: 'Zoho Mail bounces ("<addr> Invalid Address, ERROR_CODE :550, ERROR_CODE :<reply>")',
  markers: { headers: [ZOHO_HEADER], from: [ZOHO_FROM] },
  score(msg) {
    return msg.plainText.includes('ERROR_CODE') ? 90 : 30;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const start = Math.max(0, findLine(t, START));
    const rows: RowDraft[] = [];
    // Exim's sentence (deliver.c) that Zoho's notice keeps; read across line breaks, since the
    // paragraph may be wrapped at any width
    const permanent = t.lower.join(' ').replace(/\s+/g, ' ').includes('this is a permanent error');
    for (let i = start; i < t.lines.length; i++) {
      const line = t.lines[i];
      if (!line.includes('ERROR_CODE')) continue;
      const recipient = findAddress(line.split(/\s/, 1)[0]);
      if (!recipient) continue;
      // the reply may wrap onto the next line (quoted-printable soft breaks are already undone)
      let text = line.slice(line.indexOf(' ') + 1).trim();
      if (t.lines[i + 1]?.trim() && !t.lines[i + 1].includes('ERROR_CODE')) text += ` ${t.lines[i + 1].trim()}`;
      const reply = ERROR_CODE.exec(text)?.[1] ?? null;
      // "Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <a@b>... User Unknown" → "550 5.1.1 <a@b>... User Unknown"
      const parts = text.split(/,\s{0,4}ERROR_CODE\s{0,4}:\s{0,4}/);
      const detail = parts.slice(2).join(', ').replace(/^,\s*/, '').trim();
      rows.push({
        recipient,
        action: 'failed',
        // "This is a permanent error" over a temporary reply: Zoho retried until it gave up
        reason: reply?.startsWith('4') && permanent ? 'expired' : null,
        diagnosticType: 'smtp',
        diagnosticCode: [reply, detail].filter(Boolean).join(' ') || text,
        smtpReplyCode: reply,
        hint: text,
      });
    }
    if (!rows.length) return null;
    return { kind: 'dsn', format: 'zoho', recipients: rows };
  },
};
