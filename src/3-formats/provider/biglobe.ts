// BIGLOBE (biglobe.ne.jp) bounces [SOE lhost-biglobe-*]: sendmail-like rulers
//   ----- The following addresses had delivery problems -----
//   <addr>
//   ----- Non-delivered information -----
//   <reason sentence>
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, joinText, textLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const LIST = '----- the following addresses had delivery problems -----';
const INFO = '----- non-delivered information -----';
// the reason sentences BIGLOBE writes [SOE lhost-biglobe-01]; the rest is left to the classifier
const SENTENCES: ReadonlyArray<readonly [string, Reason]> = [
  ["recipient's mailbox exceeded the local limit", 'mailboxfull'], // message-count quota of the mailbox
];

export const biglobe: FormatModule = {
  id: 'biglobe',
  description: 'BIGLOBE bounces ("----- Non-delivered information -----")',
  markers: { text: [INFO] },
  score(msg) {
    return msg.lowerFrom.includes('biglobe.ne.jp') ? 90 : 60;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const list = findLine(t, [LIST]);
    const info = findLine(t, [INFO]);
    if (list === -1 || info === -1) return null;
    const addresses = t.lines.slice(list + 1, info).map((l) => findAddress(l)).filter((a): a is string => !!a);
    let end = info + 1;
    while (end < t.lines.length && !t.lower[end].trim().startsWith('-----')) end++;
    const text = joinText(t.lines.slice(info + 1, end));
    const low = text.toLowerCase();
    const reason = SENTENCES.find(([s]) => low.includes(s))?.[1] ?? null;
    const rows: RowDraft[] = addresses.map((recipient) => ({ recipient, action: 'failed', diagnosticCode: text || null, reason }));
    return rows.length ? { kind: 'dsn', format: 'biglobe', recipients: rows } : null;
  },
};
