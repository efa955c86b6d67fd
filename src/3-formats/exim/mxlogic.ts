// McAfee MX Logic (SaaS filtering) bounces [SOE lhost-mxlogic-*]: Exim-like wording, then
// `  <addr>: <reply>` per failed address (the reply may run onto following lines), then
// `Included is a copy of the message header:`.
import { hasMarker, joinText, returnedAfter, section, splitBlocks, textLines } from '../readers/native-text.js';
import { EXIM_INTRO } from './exim.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const START = ['address failed:', 'addresses failed:', 'address(es) failed:'];
const END = ['included is a copy of the message header'];

export const mxlogic: FormatModule = {
  id: 'mxlogic',
  description: 'McAfee MX Logic bounces ("  <addr>: reply" lines, "Included is a copy of the message header")',
  markers: { text: END },
  score(msg) {
    // one of END holds (markers)
    const lower = msg.lowerHead;
    const from = msg.lowerFrom;
    return from.includes('mxlogic') || msg.headers.getAll('received').some((r) => r.includes('mxl_mta')) ? 85 : hasMarker(lower, [EXIM_INTRO]) ? 70 : 0;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const s = section(t, START, END);
    if (!s) return null;
    const rows: RowDraft[] = [];
    for (const b of splitBlocks(t, s.start + 1, s.end, (line) => /^\s{0,4}<[^<>\s@]{1,256}@[^<>\s@]{1,255}>:/.test(line))) {
      if (!b.address) continue;
      const head = b.head.trim();
      const diag = joinText([head.slice(head.indexOf('>:') + 2), ...b.body]);
      rows.push({ recipient: b.address, action: 'failed', diagnosticType: 'smtp', diagnosticCode: diag || null });
    }
    if (!rows.length) return null;
    return { kind: 'dsn', format: 'mxlogic', recipients: rows, returned: msg.returned ?? returnedAfter(t, ['-----------------------------------------'], s.end) };
  },
};
