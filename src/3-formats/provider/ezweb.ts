// au (KDDI) EZweb mail bounces [SOE lhost-ezweb-*]: From Postmaster@ezweb.ne.jp,
// `Subject: Mail System Error - Returned Mail`, a Japanese paragraph (often EUC-JP labelled
// ISO-2022-JP) and one English sentence saying what happened, the recipient in `<...>`, and
// sometimes the session (`>>> RCPT TO:<addr>` / `<<< 550 ...`).
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, hasMarker, joinText, textLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

// the English sentences EZweb writes, lower-case, and what they mean [SOE lhost-ezweb-01..07]
const SENTENCES: ReadonlyArray<readonly [string, Reason | null]> = [
  ['the user(s) account is disabled', 'suspend'],
  ['the user(s) account is temporarily limited', 'suspend'],
  ['the user(s) account is temporarily over quota', 'mailboxfull'],
  ['your message was not delivered within', 'expired'], // "... within 0 days and 1 hours. Remote host is not responding."
  // refused by au's server without an SMTP reply: the recipient's reception filter
  // (domain / address filtering set by the subscriber)
  ['was rejected by a remote mail server', 'filtered'],
  ['the following recipients did not receive this message', null],
];
const EZWEB_FROM = ['@ezweb.ne.jp', '@au.com'];

export const ezweb: FormatModule = {
  id: 'ezweb',
  description: 'au/KDDI EZweb bounces ("Mail System Error - Returned Mail")',
  markers: { from: EZWEB_FROM },
  score(msg) {
    return msg.lowerSubject.includes('mail system error') || hasMarker(msg.plainText.toLowerCase(), SENTENCES.map(([s]) => s)) ? 85 : 0;
  },
  parse(msg) {
    const t = msg.view(textLines);
    // the body ends where the returned headers (quoted in the text) begin
    let end = findLine(t, ['---------------------------------------------------', 'received: from']);
    if (end === -1) end = t.lines.length;
    const text = joinText(t.lines.slice(0, end));
    const low = text.toLowerCase();
    const sentence = SENTENCES.find(([s]) => low.includes(s));
    const rows: RowDraft[] = [];
    const seen = new Set<string>();
    let reply: string | null = null;
    for (let i = 0; i < end; i++) {
      const line = t.lines[i].trim();
      if (line.startsWith('<<<')) reply = line.slice(3).trim();
      if (!line.startsWith('<') && !t.lower[i].trim().startsWith('recipient:')) continue;
      if (line.startsWith('<<<')) continue;
      const a = findAddress(line);
      if (a && !seen.has(a.toLowerCase())) {
        seen.add(a.toLowerCase());
        rows.push({ recipient: a, action: 'failed' });
      }
    }
    for (const r of rows) {
      r.diagnosticType = reply ? 'smtp' : null;
      r.diagnosticCode = reply ?? (sentence ? text.slice(low.indexOf(sentence[0])).split('. ')[0] : null);
      r.smtpCommand = reply ? 'RCPT' : null;
      // with a remote reply, the reply decides; without one, the sentence does
      r.reason = reply ? null : (sentence?.[1] ?? null);
      r.hint = text || null;
    }
    return rows.length ? { kind: 'dsn', format: 'ezweb', recipients: rows } : null;
  },
};
