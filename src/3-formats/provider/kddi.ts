// au one net (KDDI, dion.ne.jp) bounces [SOE lhost-kddi-*]: `Subject: メールエラー通知`
// (or a bare subject), a Japanese sentence, then
//   Your mail sent on: <date>
//        Could not be delivered to: <addr>
//        As their mailbox is full.
import { findAddress, findLine, joinText, textLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const DELIVERED_TO = 'could not be delivered to:';

export const kddi: FormatModule = {
  id: 'kddi',
  description: 'au one net / KDDI (dion.ne.jp) bounces ("Could not be delivered to: <addr>")',
  markers: { text: [DELIVERED_TO] },
  score(msg) {
    const from = msg.lowerFrom;
    const text = msg.lowerHead;
    if (!text.includes('your mail sent on:')) return 0;
    return from.includes('.dion.ne.jp') || from.includes('auone') || from.includes('kddi') ? 85 : 50;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const rows: RowDraft[] = [];
    let at = findLine(t, [DELIVERED_TO]);
    while (at !== -1) {
      const recipient = findAddress(t.lines[at]);
      // the reason follows on the next lines ("As their mailbox is full.")
      let end = at + 1;
      while (end < t.lines.length && t.lines[end].trim() && !t.lower[end].includes(DELIVERED_TO) && !t.lower[end].includes('your mail sent on:')) end++;
      const reason = joinText(t.lines.slice(at + 1, end));
      if (recipient) rows.push({ recipient, action: 'failed', diagnosticCode: reason || null });
      at = findLine(t, [DELIVERED_TO], end);
    }
    return rows.length ? { kind: 'dsn', format: 'kddi', recipients: rows } : null;
  },
};
