// Mimecast's own delivery-failure notices [SOE lhost-mimecast-*]: `[Postmaster] Email Delivery
// Failure`, X-Mimecast-* headers, and "-- " prefixed answers:
//   An email that you attempted to send to the following address could not be delivered:
//   -- <addr>
//   The problem appears to be :
//   -- <summary>
//   Additional information follows :
//   -- <remote reply>
import { findAddress, findLine, textLines } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';

const TO = 'attempted to send to the following address could not be';
const PROBLEM = 'the problem appears to be';
const INFO = 'additional information follows';

/** the "-- " line(s) after the line at `at` */
function answer(lines: string[], at: number): string | null {
  const out: string[] = [];
  for (let i = at + 1; i < lines.length && i <= at + 6; i++) {
    const l = lines[i].trim();
    if (l.startsWith('-- ')) out.push(l.slice(3).trim());
    else if (out.length) break;
  }
  return out.join(' ') || null;
}

export const mimecast: FormatModule = {
  id: 'mimecast',
  description: 'Mimecast delivery-failure notices ("-- <addr>", "The problem appears to be :")',
  markers: { text: [TO] },
  score(msg) {
    const text = msg.lowerHead;
    if (!text.includes(PROBLEM)) return 0;
    return msg.headers.fields.some((f) => f.key.startsWith('x-mimecast-') || f.key === 'x-mc-system') ? 85 : 60;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const to = findLine(t, [TO]);
    if (to === -1) return null;
    const recipient = findAddress(answer(t.lines, to));
    if (!recipient) return null;
    const problem = findLine(t, [PROBLEM], to + 1);
    const info = findLine(t, [INFO], to + 1);
    const reply = info === -1 ? null : answer(t.lines, info);
    const summary = problem === -1 ? null : answer(t.lines, problem);
    return {
      kind: 'dsn',
      format: 'mimecast',
      recipients: [{ recipient, action: 'failed', diagnosticType: reply ? 'smtp' : null, diagnosticCode: reply ?? summary, hint: summary }],
    };
  },
};
