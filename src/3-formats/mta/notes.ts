// Lotus SMTP MTA (Notes' older gateway) bounces: "Failure Reasons" and "Returned Message" sections.
import { findAddress, findLine, joinText, returnedAfter, textLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';
import { reasonOf } from './domino.js';

const FAILURE_REASONS = '------- failure reasons';
const RETURNED = ['------- returned message'];

export const notes: FormatModule = {
  id: 'notes',
  description: 'Lotus SMTP MTA bounces ("------- Failure Reasons --------" / "------- Returned Message --------")',
  markers: { text: [FAILURE_REASONS] },
  score() {
    return 85;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const start = findLine(t, [FAILURE_REASONS]);
    let end = findLine(t, RETURNED, start + 1);
    if (start === -1) return null;
    if (end === -1) end = t.lines.length;
    // reason line(s), then the address; repeated per recipient
    const rows: RowDraft[] = [];
    let reason: string[] = [];
    for (let i = start + 1; i < end; i++) {
      const line = t.lines[i].trim();
      if (!line) continue;
      const a = !/\s/.test(line) ? findAddress(line) : null;
      if (a) {
        const text = joinText(reason);
        rows.push({ recipient: a, action: 'failed', diagnosticCode: text || null, reason: reasonOf(text) });
        reason = [];
      } else reason.push(line);
    }
    return rows.length ? { kind: 'dsn', format: 'notes', recipients: rows, returned: msg.returned ?? returnedAfter(t, RETURNED) } : null;
  },
};
