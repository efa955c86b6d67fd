// The case gate (src/0-core/case-gate.ts): may text.toLowerCase() contain one of a few ASCII
// phrases, asked of the text as it is. It stands in for lower-casing and searching: a "no"
// must never be wrong, and where the text holds neither U+0130 nor U+212A it must say exactly
// what lower-casing and searching say. Compared on the delivery-status parts and text of every
// fixture and corpus message and on seeded texts; the markers' delivery-status view, gated,
// against each module's markers read alone on seeded reports.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseGate, mayContain, type CaseGate } from '../../src/0-core/case-gate.js';
import { parseMime } from '../../src/2-mime/parse.js';
import { indexMarkers, markersHold, openModules, releaseOpen } from '../../src/3-formats/readers/markers.js';
import { FORMATS } from '../../src/3-formats/registry.js';
import { EVERY_MESSAGE, type FormatModule, type Markers } from '../../src/3-formats/readers/types.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';

const DOTTED_I = '\u0130';
const KELVIN = '\u212a';

/** Each phrase of the gate asked alone, against the lower-cased text; counts the "no"s. */
function compare(gate: CaseGate, text: string, where: string): boolean {
  const may = mayContain(gate, text);
  const lower = text.toLowerCase();
  const holds = gate.phrases.some((p) => lower.includes(p));
  if (holds) expect(may, `${where}: a phrase of ${gate.phrases.join(' | ')} is there`).toBe(true);
  else if (!text.includes(DOTTED_I) && !text.includes(KELVIN)) expect(may, `${where}: none of ${gate.phrases.join(' | ')} is there`).toBe(false);
  return may;
}

// the delivery-status markers of the format modules, and phrases a report holds in any case
const dsnMarkers = (): string[] => [...new Set(FORMATS.flatMap((f) => (f.markers === EVERY_MESSAGE ? [] : (f.markers.deliveryStatus ?? []))))];
const COMMON = ['reporting-mta: dns;', 'action: failed', 'status: 5.', 'final-recipient: rfc822;', 'diagnostic-code: smtp; 550'];

describe('caseGate', () => {
  it('no character past ASCII lower-cases to text with an ASCII character, but U+0130 and U+212A', () => {
    const found: number[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const lower = String.fromCodePoint(cp).toLowerCase();
      for (let i = 0; i < lower.length; i++) if (lower.charCodeAt(i) < 0x80) found.push(cp);
    }
    expect(found).toEqual([0x130, 0x212a]);
  });

  it('finds phrases ASCII case aside, reads their regex characters as written, and says "may" at U+0130 and U+212A', () => {
    const gate = caseGate(['x-powermta-', 'reporting-mta: dns; barracuda', 'a.b']);
    expect(mayContain(gate, 'X-PowerMTA-VirtualMTA: x')).toBe(true);
    expect(mayContain(gate, 'Reporting-MTA: DNS; Barracuda.example')).toBe(true);
    expect(mayContain(gate, 'Reporting-MTA: dns;  barracuda')).toBe(false);
    expect(mayContain(gate, 'aXb')).toBe(false);
    expect(mayContain(gate, 'A.B')).toBe(true);
    // "\u0130" lower-cases to "i" and a combining dot: a phrase with an "i" may be there
    expect(caseGate(['mi']).phrases).toEqual(['mi']);
    expect('M\u0130'.toLowerCase().includes('mi')).toBe(true);
    expect(mayContain(caseGate(['mi']), 'M\u0130')).toBe(true);
    expect(mayContain(caseGate(['mo']), 'M\u0130')).toBe(false);
    expect('\u212aB'.toLowerCase().includes('kb')).toBe(true);
    expect(mayContain(caseGate(['kb']), '\u212aB')).toBe(true);
  });

  it('takes phrases of ASCII without capitals or line ends only', () => {
    for (const bad of [[], [''], ['Capital'], ['line\nend'], ['caf\u00e9']]) expect(() => caseGate(bad)).toThrow(/caseGate/);
  });

  it('agrees with the lower-cased text on the delivery-status parts and text of every fixture and corpus message', async () => {
    const gates = [caseGate(dsnMarkers()), ...COMMON.map((p) => caseGate([p])), caseGate(['with internet mail service', 'this is the mail system'])];
    let asked = 0;
    let yes = 0;
    for (const dir of [FIXTURES, CORPUS]) {
      if (!existsSync(dir)) continue;
      for (const file of filesUnder(dir)) {
        if (/\.(json|ndjson|md|txt|ya?ml)$/i.test(file)) continue;
        const msg = await parseMime(readFileSync(file));
        for (const text of [...msg.deliveryStatus.map((d) => d.text), msg.plainText.slice(0, 8192), msg.headerBlock]) {
          for (const g of gates) {
            asked++;
            if (compare(g, text, file)) yes++;
          }
        }
      }
    }
    // both answers met, often
    expect(yes).toBeGreaterThan(asked / 10);
    expect(asked - yes).toBeGreaterThan(asked / 10);
  });

  it('agrees with the lower-cased text on seeded texts of mixed case, near-misses and characters past ASCII', () => {
    const phrases = ['x-sendgrid-queueid', 'messagelabs.com', 'reporting-mta: dns; inbound-smtp.', 'kiwi', 'a\tb'];
    const pieces = ['X-SendGrid-', 'QueueID', 'MessageLabs', '.COM', '.', 'Reporting-MTA: ', 'dns; ', 'DNS;', 'Inbound-SMTP.', 'k', 'K', KELVIN, DOTTED_I, 'I', 'wi', 'iwi', 'W', 'a\tB', '\t', ' ', '\r\n', 'é', 'ß'];
    const random = seededRandom(2020);
    const gates = [caseGate(phrases), ...phrases.map((p) => caseGate([p]))];
    let asked = 0;
    let yes = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      for (const g of gates) {
        asked++;
        if (compare(g, text, `seed 2020 text ${n} ${JSON.stringify(text)}`)) yes++;
      }
    }
    // both answers met, often
    expect(yes).toBeGreaterThan(asked / 20);
    expect(asked - yes).toBeGreaterThan(asked / 20);
  });
});

describe('the markers\' delivery-status view, gated', () => {
  const stub = (id: string, markers: Markers): FormatModule => ({ id, description: id, markers, score: () => 1, parse: () => null });
  const report = (dsn: string) =>
    parseMime(Buffer.from(`From: postmaster@example.org\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n${dsn}\r\n--b--\r\n`));

  it('opens what each module\'s markers read alone open, on seeded reports', async () => {
    const modules = [stub('a', { deliveryStatus: ['x-powermta-'] }), stub('b', { deliveryStatus: ['reporting-mta: dns; barracuda', 'messagelabs.com'] }), stub('c', { deliveryStatus: ['kelvin'] })];
    const index = indexMarkers(modules, 0);
    const pieces = ['Reporting-MTA: ', 'dns; ', 'DNS; ', 'Barracuda', 'barracud', 'X-PowerMTA-', 'x-powerMTA', 'MessageLabs.com', 'messagelabs', '\r\n', KELVIN, 'ELVIN', 'elvin', 'k', DOTTED_I, 'Final-Recipient: rfc822; a@example.net\r\n'];
    const random = seededRandom(18);
    let opened = 0;
    for (let n = 0; n < 300; n++) {
      const dsn = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const msg = await report(dsn);
      const open = openModules(index, msg);
      modules.forEach((m, i) => {
        expect(open[i] === 1, `seed 18 report ${n}: ${JSON.stringify(dsn)} ${m.id}`).toBe(markersHold(m.markers as Markers, msg));
        opened += open[i];
      });
      releaseOpen(index, open);
    }
    expect(opened).toBeGreaterThan(50);
  });
});
