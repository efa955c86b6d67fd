// HeaderField.mayHold (src/2-mime/headers.ts): may a field's lower-cased value contain a word?
// Answered from the field's lines without making its value; the markers (3-formats/readers/
// markers.ts) ask it before lower-casing a value. The general answer it stands in for is
// value.toLowerCase().includes(word): a "no" must never be wrong, and for a word without white
// space the two agree (the comparison still lets U+0130 and U+212A answer "may", as an earlier
// gate that read ASCII case alone did). Compared on every header field of every fixture and
// corpus message, and on seeded header blocks of folded, mixed-case, non-ASCII lines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateWord, readHeaderBlock, type HeaderField } from '../../src/2-mime/headers.js';
import { parseMime } from '../../src/2-mime/parse.js';
import { indexMarkers } from '../../src/3-formats/readers/markers.js';
import { FORMATS } from '../../src/3-formats/registry.js';
import { messageFiles, seededRandom } from '../helpers/inputs.js';
import { headerIncludes, headerNeedle } from '../../src/3-formats/readers/text-util.js';
import type { BounceMessage } from '../../src/2-mime/message.js';

const DOTTED_I = '\u0130';
const KELVIN = '\u212a';

/** The general answer, and whether mayHold must give exactly it (neither U+0130 nor U+212A in the value). */
function general(f: HeaderField, word: string): { holds: boolean; exact: boolean } {
  const value = f.value;
  return { holds: value.toLowerCase().includes(word), exact: !value.includes(DOTTED_I) && !value.includes(KELVIN) };
}

/** Asks mayHold on fresh fields (before the value is made), then the general answer; counts the "no"s. */
function compare(block: string, gates: readonly string[], where: string): { asked: number; no: number } {
  let asked = 0;
  let no = 0;
  const fields = readHeaderBlock(block).fields;
  const answers = fields.map((f) => gates.map((g) => f.mayHold!(g)));
  fields.forEach((f, i) => {
    gates.forEach((g, k) => {
      const may = answers[i][k];
      const { holds, exact } = general(f, g);
      asked++;
      if (!may) no++;
      if (holds) expect(may, `${where}: ${f.name} ${JSON.stringify(f.value.slice(0, 80))} holds ${g}`).toBe(true);
      else if (exact) expect(may, `${where}: ${f.name} ${JSON.stringify(f.value.slice(0, 80))} cannot hold ${g}`).toBe(false);
    });
  });
  return { asked, no };
}

// the words the format modules' header value markers are gated on
const markerGates = (): string[] => {
  const words = new Set<string>();
  for (const f of indexMarkers(FORMATS).fields.values()) for (const e of f.values) if (e.gate) words.add(e.gate);
  return [...words];
};

describe('HeaderField.mayHold', () => {
  it('reads a word in the folded lines, case aside, as lower-casing reads U+0130 and the Kelvin sign', () => {
    const [mailer, recv, other, dotted] = readHeaderBlock('X-Mailer: Internet\r\n  MAIL Service\r\nReceived: from a\r\n\t(with INTER\r\n NET)\r\nX-K: \u212aelvin \u0130nternet\r\nX-I: x\u0130\r\n').fields;
    expect(mailer.mayHold!('internet')).toBe(true);
    expect(mailer.mayHold!('mail')).toBe(true);
    // a word the fold splits is not in the value either ("inter net")
    expect(recv.mayHold!('internet')).toBe(false);
    expect(recv.value.toLowerCase().includes('internet')).toBe(false);
    // "\u212aelvin" lower-cases to "kelvin"; "\u0130nternet" to "i\u0307nternet" (asked before the value is made)
    expect(other.mayHold!('kelvin')).toBe(true);
    expect(other.mayHold!('elvin')).toBe(true);
    expect(other.mayHold!('internet')).toBe(false);
    expect(other.mayHold!('zzz')).toBe(false);
    expect(dotted.mayHold!('xi')).toBe(true);
    expect(other.value.toLowerCase().includes('kelvin')).toBe(true);
    expect(dotted.value.toLowerCase().includes('xi')).toBe(true);
  });

  it('answers "may" once the value is made or set', () => {
    const [f] = readHeaderBlock('X-A: nothing here\n').fields;
    const gate = 'absent';
    expect(f.mayHold!(gate)).toBe(false);
    void f.value;
    expect(f.mayHold!(gate)).toBe(true);
  });

  it('reads the word\'s characters as written', () => {
    const [f] = readHeaderBlock('Message-ID: <courierX1@example.org>\n').fields;
    expect(f.mayHold!('<courier.')).toBe(false);
    expect(f.mayHold!('<courierx')).toBe(true);
  });

  it('agrees with the lower-cased value on every header field of every fixture and corpus message', async () => {
    const gates = markerGates();
    let asked = 0;
    let no = 0;
    for (const file of messageFiles()) {
      const msg = await parseMime(readFileSync(file));
      for (const block of [msg.headerBlock, msg.returned?.headerText ?? '']) {
        // the marker words, and words of the block's own values (so that "yes" is asked too)
        const own = new Set<string>();
        for (const f of readHeaderBlock(block).fields) for (const w of f.value.toLowerCase().split(/\s+/)) if (/^[!-@[-~]{4,}$/.test(w)) own.add(w);
        const r = compare(block, [...gates, ...[...own].slice(0, 8)], path.basename(file));
        asked += r.asked;
        no += r.no;
      }
    }
    // most fields cannot hold most words: the gate answers "no" often, or it would save nothing
    expect(no).toBeGreaterThan(asked / 2);
  });

  it('agrees with the lower-cased value on seeded blocks of folded, mixed-case and non-ASCII lines', () => {
    const words = ['internet', 'mail', 'service', 'kelvin', 'xi', '<smtp32', 'auto_reply', 'with'];
    const pieces = ['with', 'Internet', 'MAIL', 'SeRvIcE', 'ki', DOTTED_I, KELVIN, 'elvin', 'x', 'İnternet', 'é', '\u00a0', '<SMTP32', 'Auto_Reply', ' ', '\t', '(', ')'];
    const gates = words;
    const random = seededRandom(20);
    let asked = 0;
    let no = 0;
    for (let n = 0; n < 400; n++) {
      const lines: string[] = [];
      for (let f = 1 + Math.floor(random() * 4); f > 0; f--) {
        const part = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
        lines.push(`X-F${f}: ${part()}`);
        for (let c = Math.floor(random() * 3); c > 0; c--) lines.push(`${random() < 0.5 ? ' ' : '\t'}${part()}`);
        if (random() < 0.1) lines.push(' ');
      }
      const r = compare(lines.join(random() < 0.5 ? '\r\n' : '\n'), gates, `seed 20 block ${n}`);
      asked += r.asked;
      no += r.no;
    }
    // both answers met, often
    expect(no).toBeGreaterThan(asked / 10);
    expect(asked - no).toBeGreaterThan(asked / 10);
  });
});

describe('the gate words', () => {
  it('the marker words are the longest runs of printable ASCII without capitals', () => {
    expect(gateWord('with internet mail service')).toBe('internet');
    expect(gateWord('<smtp32 v')).toBe('<smtp32');
    expect(gateWord('produced by microsoft exchange v6')).toBe('microsoft');
    expect(gateWord('caf\u00e9 au lait')).toBe('lait');
    expect(gateWord(' \u00e9 ')).toBeNull();
  });
});

describe('headerIncludes (readers/text-util.ts), its fields gated', () => {
  // the general reading: every value of the field, lower-cased and searched
  const general = (msg: BounceMessage, name: string, needle: string) => msg.headers.getAll(name).some((v) => v.toLowerCase().includes(needle.toLowerCase()));
  // what the modules ask, and texts of other shapes (white space, capitals, no gate word at all)
  const ASKED: [string, string][] = [
    ['received', 'invoked for bounce'],
    ['received', 'with internet mail service'],
    ['x-mailer', 'Internet Mail Service'],
    ['x-mimeole', 'produced by microsoft exchange v6'],
    ['auto-submitted', 'auto-replied'],
    ['received', 'ESMTP'],
    ['from', ' '],
    ['subject', '\u00e9'],
    ['Received', 'by'],
  ];

  it('agrees with reading every value on every fixture and corpus message, asked before the values are made', async () => {
    let holds = 0;
    let asked = 0;
    for (const file of messageFiles()) {
      const bytes = readFileSync(file);
      // a fresh message for each question: a value made by one would let the next one by
      for (const [name, needle] of ASKED) {
        const got = headerIncludes(await parseMime(bytes), headerNeedle(name, needle));
        expect(got, `${path.basename(file)}: ${name} ${needle}`).toBe(general(await parseMime(bytes), name, needle));
        asked++;
        if (got) holds++;
      }
    }
    expect(holds).toBeGreaterThan(asked / 20);
    expect(asked - holds).toBeGreaterThan(asked / 20);
  });

  it('agrees with reading every value on seeded folded, mixed-case and non-ASCII fields', async () => {
    const pieces = ['with', 'Internet', 'MAIL', 'SeRvIcE', DOTTED_I, KELVIN, 'nternet', 'é', ' ', '\t', 'invoked', 'FOR', 'Bounce', 'With Internet Mail Service', 'with INTERNET mail', 'Invoked for BOUNCE', `${KELVIN}ELVIN`, 'kelvin'];
    const random = seededRandom(1994);
    let holds = 0;
    for (let n = 0; n < 300; n++) {
      const part = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join(' ');
      const lines = [`Received: ${part()}`, `${random() < 0.5 ? ' ' : '\t'}${part()}`, `Received: ${part()}`, 'Subject: x'];
      const bytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\nbody\r\n`);
      for (const needle of ['with internet mail service', 'invoked for bounce', 'kelvin']) {
        const want = general(await parseMime(bytes), 'received', needle);
        expect(headerIncludes(await parseMime(bytes), headerNeedle('received', needle)), `seed 1994 message ${n}: ${needle} in ${JSON.stringify(lines)}`).toBe(want);
        if (want) holds++;
      }
    }
    expect(holds).toBeGreaterThan(100);
  });
});
