// The format modules' fast paths against the general routine each one stands in for (written
// out here as the modules had them): on every text of the fixtures and (when present) the
// corpus, and on seeded generated texts, both must agree.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { squashReply } from '../../src/3-formats/sendmail/sendmail.js';
import { onlyAngles } from '../../src/3-formats/generic/automated.js';
import { KeyTable, keySet } from '../../src/3-formats/readers/key-table.js';
import { textLines, toLines } from '../../src/3-formats/readers/native-text.js';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import type { BounceMessage } from '../../src/2-mime/message.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';

/** sendmail's reply comparison as it was: every run of white space replaced, one match a run */
const generalSquash = (x: string) => x.replace(/^\s*smtp;\s*/i, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** nullSender's reading as it was: the value with its brackets and white space replaced, empty */
const generalOnlyAngles = (v: string) => v.replace(/[\s<>]/g, '') === '';

/** every message of the fixtures and the corpus that the MIME reader reads at once */
function messages(): BounceMessage[] {
  const files = [...filesUnder(FIXTURES), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => /\.(eml|txt|mbox)$/.test(f) || !path.extname(f));
  const out: BounceMessage[] = [];
  for (const f of files) {
    const msg = parseMimeSync(readFileSync(f));
    if (msg) out.push(msg);
  }
  return out;
}

// white space of every kind /\s/ knows, letters whose lower case depends on their place or
// changes the length (final sigma, dotted capital I), and the type sendmail writes
const PIECES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u000b', 'smtp;', 'SMTP; ', 'x-unix;', '550', '5.1.1', '<a@b.example>...', 'User unknown', 'ΣΑΣ', 'İ', 'ǅ', 'a', 'Z'];

function seededTexts(count: number): string[] {
  const out: string[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const random = seededRandom(seed);
    const parts: string[] = [];
    for (let n = Math.floor(random() * 14); n >= 0; n--) parts.push(PIECES[Math.floor(random() * PIECES.length)]);
    out.push(parts.join(''));
  }
  return out;
}

describe('format fast paths', () => {
  const msgs = messages();

  it('squashReply reads a reply as /\\s+/g did, on every diagnostic and text line and seeded texts', () => {
    const texts: string[] = seededTexts(5000);
    for (const m of msgs) {
      for (const d of m.deliveryStatus) texts.push(...d.text.split('\n'));
      texts.push(...m.text.split('\n').slice(0, 400));
    }
    expect(texts.length).toBeGreaterThan(5000);
    for (const t of texts) expect(squashReply(t), JSON.stringify(t)).toBe(generalSquash(t));
  });

  it('a line of the lower-cased copy, trimmed, is the trimmed line lower-cased (sendmail transcriptFacts)', () => {
    let lines = 0;
    const check = (t: { lines: string[]; lower: string[] }) => {
      for (let i = 0; i < t.lines.length; i++, lines++) expect(t.lower[i].trim(), JSON.stringify(t.lines[i])).toBe(t.lines[i].trim().toLowerCase());
    };
    for (const m of msgs) check(m.view(textLines));
    // whole texts of the seeded pieces, the lines they make lower-cased together
    const seeded = seededTexts(3000);
    for (let k = 0; k + 3 <= seeded.length; k += 3) check(toLines(seeded.slice(k, k + 3).join('\n')));
    // over 10,000 lines with the corpus, ~7,000 from the fixtures and seeded texts alone
    expect(lines).toBeGreaterThan(existsSync(CORPUS) ? 10000 : 5000);
  });

  it('onlyAngles reads a Return-Path as the replacement did: every code unit, every Return-Path, seeded values', () => {
    const values: string[] = ['', '<>', ' < > ', '<a@b>', '<\u00a0>', '\u200b'];
    for (let c = 0; c < 0x10000; c++) values.push(String.fromCharCode(c), `<${String.fromCharCode(c)}>`);
    for (const m of msgs) values.push(...m.headers.getAll('return-path'));
    for (let seed = 1; seed <= 3000; seed++) {
      const random = seededRandom(seed);
      const parts = ['<', '>', ' ', '\t', '\u3000', '\ufeff', '\u2029', '\u180e', 'a', '@'];
      values.push(Array.from({ length: Math.floor(random() * 8) }, () => parts[Math.floor(random() * parts.length)]).join(''));
    }
    for (const v of values) expect(onlyAngles(v), JSON.stringify(v)).toBe(generalOnlyAngles(v));
  });

  it('a KeyTable answers as a Map of the same names: every field name of fixtures and corpus, near misses, seeded keys', () => {
    const names = ['final-recipient', 'original-recipient', 'action', 'status', 'remote-mta', 'x-display-name', 'diagnostic-code', 'a', ''];
    const table = new KeyTable(names.map((n, i) => [n, i] as const));
    const map = new Map(names.map((n, i) => [n, i]));
    const set = keySet(names);
    const keys: string[] = [...names, 'Final-Recipient', 'final-recipienT', 'actioN', 'statuz', 'remote_mta', 'b', ' '];
    for (const m of msgs) {
      for (const f of m.headers.fields) keys.push(f.key);
      for (const d of m.deliveryStatus) for (const line of d.text.split('\n')) keys.push(line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase());
    }
    for (let seed = 1; seed <= 3000; seed++) {
      const random = seededRandom(seed);
      const name = names[Math.floor(random() * names.length)];
      const at = Math.floor(random() * (name.length + 1));
      keys.push(name.slice(0, at) + String.fromCharCode(97 + Math.floor(random() * 26)) + name.slice(at + (random() < 0.5 ? 1 : 0)));
    }
    for (const k of keys) {
      expect(table.get(k), JSON.stringify(k)).toBe(map.get(k));
      expect(set.has(k), JSON.stringify(k)).toBe(map.has(k));
    }
  });
});
