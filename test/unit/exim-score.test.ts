// Exim's score refuses Google's bounces (X-Failed-Recipients, none of Exim's sentences) without
// folding the head of their text or reading their header's addresses. The general routine it
// stands in for is written out here as exim.ts had it; both must agree on every fixture and
// corpus message, on every variant the perturbation harness makes of the corpus
// (test/bench/perturbations.ts), and hasSpacedPhrase must agree with folding the text and
// searching it on seeded generated texts.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import type { BounceMessage } from '../../src/2-mime/message.js';
import { oneSpaced } from '../../src/0-core/text.js';
import { clampScore } from '../../src/3-formats/score.js';
import { EXIM_INTRO, exim, headOf } from '../../src/3-formats/exim/exim.js';
import { MOAN_SUBJECT, moanNotice } from '../../src/3-formats/exim/moan.js';
import { addressesInHeader, hasMarker, hasSpacedPhrase, spacedPhrases, textLines, toLines, type Lines } from '../../src/3-formats/readers/native-text.js';
import { isHead, mayHoldHead } from '../../src/3-formats/exim/gmx.js';
import { PERTURBATIONS } from '../bench/perturbations.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

// Exim's list sentences [EXIM src/src/deliver.c], as exim.ts declares them
const FAILED_START = ['address(es) failed:', 'addresses failed:', 'address failed:'];
const DELAY_START = ['to which the message has not yet been delivered is:', 'to which the message has not yet been delivered are:', 'have not yet been delivered are:'];

const indentOf = (line: string) => {
  let i = 0;
  while (i < line.length && i < 64 && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
};

/** listByStructure as it was: X-Failed-Recipients read first, every line after a blank one looked at */
function generalListByStructure(t: Lines, failed: readonly string[], from: number): number {
  const named = new Set(failed.map((a) => a.toLowerCase()));
  const last = Math.min(t.lines.length, from + 60);
  for (let i = Math.max(from, 1); i < last; i++) {
    const line = t.lines[i];
    const indent = indentOf(line);
    if (indent === 0 || t.lines[i - 1].trim() !== '') continue;
    const head = headOf(line, t.lower[i]);
    if (!head?.address) continue;
    const next = t.lines[i + 1] ?? '';
    if (named.has(head.address.toLowerCase()) || (named.size === 0 && next.trim() && indentOf(next) > indent)) return i - 1;
  }
  return -1;
}

/** Exim's score as it was: the head folded, the Received fields read whatever the sum */
function generalEximScore(msg: BounceMessage): number {
  let score = 0;
  const lowerText = msg.lowerHead;
  const intro = lowerText.includes(EXIM_INTRO);
  if (intro) score += 30;
  if (msg.headers.has('x-failed-recipients')) score += 20;
  if ((msg.contentParams.boundary ?? '').includes('-eximdsn-')) score += 30;
  const subject = msg.subject.toLowerCase();
  if (subject.includes('mail delivery failed') || (subject.startsWith('warning: message ') && subject.includes(' delayed '))) score += 10;
  if (subject.startsWith(MOAN_SUBJECT) && moanNotice(lowerText)) score += 30;
  if (score && msg.headers.getAll('received').some((r) => r.includes('(Exim '))) score += 5;
  if (score >= 20 && !intro) {
    const spaced = oneSpaced(lowerText);
    if (hasMarker(spaced, FAILED_START) || hasMarker(spaced, DELAY_START)) score += 15;
    else if (msg.headers.has('x-failed-recipients') && generalListByStructure(msg.view(textLines), addressesInHeader(msg, 'x-failed-recipients'), 0) !== -1) score += 15;
  }
  return score >= 30 ? clampScore(20 + score) : 0;
}

/** GMX's and 1&1's intro test as it was: the head folded, then searched */
const generalIntro = (msg: BounceMessage) => oneSpaced(msg.lowerHead).includes(EXIM_INTRO);
const INTRO = spacedPhrases([EXIM_INTRO]);
const LISTS = spacedPhrases([...FAILED_START, ...DELAY_START]);

/** the fixtures, the corpus (when present), and every perturbation of the corpus' Sisimai half */
function messages(): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md|ya?ml|txt)$/i.test(f) && !/LICENSE/.test(f));
  for (const f of files) {
    const bytes = readFileSync(f);
    out.push({ name: f, bytes });
    if (!f.includes(`${path.sep}sisimai${path.sep}`)) continue;
    let s = bytes.toString('latin1');
    if (s.startsWith('From ')) s = s.slice(s.indexOf('\n') + 1);
    for (const p of PERTURBATIONS) {
      const t = p.apply(s);
      if (t !== s) out.push({ name: `${f} (${p.name})`, bytes: Buffer.from(t, 'latin1') });
    }
  }
  return out;
}

describe("Exim's score", () => {
  const all = messages();

  it('agrees with its general reading on every fixture, corpus message and perturbed variant', () => {
    let compared = 0;
    let claimed = 0;
    const differ: string[] = [];
    for (const m of all) {
      const a = parseMimeSync(m.bytes);
      const b = parseMimeSync(m.bytes);
      if (!a || !b) continue;
      const got = exim.score(a);
      const want = generalEximScore(b);
      compared++;
      if (want > 0) claimed++;
      if (got !== want) differ.push(`${m.name}: ${got} != ${want}`);
    }
    expect(differ).toEqual([]);
    // the corpus' Sisimai half and its 5,367 variants, when the corpus is there
    expect(compared).toBeGreaterThan(existsSync(CORPUS) ? 5000 : 100);
    expect(claimed).toBeGreaterThan(0);
  });

  it("GMX's and 1&1's intro test, and the list sentences, agree with folding the head", () => {
    let found = 0;
    let compared = 0;
    for (const m of all) {
      const msg = parseMimeSync(m.bytes);
      if (!msg) continue;
      compared++;
      const intro = generalIntro(msg);
      expect(hasSpacedPhrase(msg.lowerHead, INTRO), m.name).toBe(intro);
      const spaced = oneSpaced(msg.lowerHead);
      const list = hasMarker(spaced, FAILED_START) || hasMarker(spaced, DELAY_START);
      expect(hasSpacedPhrase(msg.lowerHead, LISTS), m.name).toBe(list);
      if (intro) found++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(found).toBeGreaterThan(0);
  });
});

/** GMX's and 1&1's structure test reads the text's lines only when one of them may be an address head */
const anyHead = (head: string) => toLines(head).lines.some(isHead);

describe("GMX's and 1&1's refusal (mayHoldHead)", () => {
  it('refuses only heads none of whose lines is an address head, on every fixture, corpus message and variant', () => {
    let refused = 0;
    let held = 0;
    for (const m of messages()) {
      const msg = parseMimeSync(m.bytes);
      if (!msg) continue;
      const may = mayHoldHead(msg.lowerHead);
      if (!may) {
        expect(anyHead(msg.lowerHead), m.name).toBe(false);
        refused++;
      } else if (anyHead(msg.lowerHead)) held++;
    }
    expect(refused).toBeGreaterThan(100);
    expect(held).toBeGreaterThan(0);
  });

  it('agrees with reading every line on seeded generated heads, long lines included', () => {
    const pieces = ['a@b.example', '"a@b.example"', ':', ' ', '     ', '\t', '\n', '\r\n', 'x', '\u00a0', 'smtp error: 550', 'to:<a@b>', 'z'.repeat(4095), ':\n'];
    let heads = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = seededRandom(seed);
      const head = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      const want = anyHead(head);
      if (want) heads++;
      const may = mayHoldHead(head);
      // "no" never of a head with one; exact but for a line toLines cuts, of which it says "maybe"
      if (!may) expect(want, `seed ${seed}: ${JSON.stringify(head.slice(0, 200))}`).toBe(false);
      if (!head.split('\n').some((l) => l.length > 4096)) expect(may, `seed ${seed}: ${JSON.stringify(head.slice(0, 200))}`).toBe(want);
    }
    expect(heads).toBeGreaterThan(20);
  });
});

describe('hasSpacedPhrase', () => {
  const phrases = ['address failed:', 'to which the message has not yet been delivered is:', 'a b', 'b', 'a a', 'x(y) z'];
  const compiled = spacedPhrases(phrases);
  const folded = (text: string) => {
    const s = oneSpaced(text);
    return phrases.some((p) => s.includes(p));
  };

  it('finds phrases across any white space, words whole between the ends', () => {
    const compiled = spacedPhrases(['address failed:', 'to which the message has not yet been delivered is:']);
    expect(hasSpacedPhrase('the following address\n   failed:', compiled)).toBe(true);
    expect(hasSpacedPhrase('myaddress\u00a0failed:xyz', compiled)).toBe(true);
    expect(hasSpacedPhrase('address failedx:', compiled)).toBe(false);
    expect(hasSpacedPhrase('addressfailed:', compiled)).toBe(false);
    expect(hasSpacedPhrase('to which the message has\tnot yet been delivered is:', compiled)).toBe(true);
    expect(hasSpacedPhrase('to which the message has notyet been delivered is:', compiled)).toBe(false);
  });

  it('refuses phrases that are not words separated by single spaces', () => {
    expect(() => spacedPhrases(['a  b'])).toThrow('not a spaced phrase');
    expect(() => spacedPhrases([' a'])).toThrow('not a spaced phrase');
    expect(() => spacedPhrases(['a\tb'])).toThrow('not a spaced phrase');
  });

  it('agrees with folding the text and searching it on seeded generated texts', () => {
    // every white space /\s/ matches, and the phrases' words and pieces of them
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', '\u180e', '\u0085'];
    const words = ['a', 'b', 'ab', 'address', 'failed:', 'failed', 'to', 'which', 'the', 'message', 'has', 'not', 'yet', 'been', 'delivered', 'is:', 'x(y)', 'z', 'é'];
    let hits = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = seededRandom(seed);
      const parts: string[] = [];
      const n = 1 + Math.floor(rnd() * 30);
      for (let i = 0; i < n; i++) parts.push(rnd() < 0.5 ? spaces[Math.floor(rnd() * spaces.length)] : words[Math.floor(rnd() * words.length)]);
      const text = parts.join('');
      const want = folded(text);
      if (want) hits++;
      expect(hasSpacedPhrase(text, compiled), `seed ${seed}: ${JSON.stringify(text)}`).toBe(want);
    }
    expect(hits).toBeGreaterThan(20);
  });

  it('treats as white space exactly what /\\s/ does', () => {
    const one = spacedPhrases(['a b']);
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(hasSpacedPhrase(`a${ch}b`, one), c.toString(16)).toBe(/\s/.test(ch));
    }
  });
});
