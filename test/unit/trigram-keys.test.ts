// The trigram sieve of the phrase tables (src/5-classify/trigram-keys.ts) only ever rules out
// phrases that cannot be in a text: every substring of a text may be held, and the
// classifier's phrases and component codes, sieve on, match exactly what they match with no
// sieve at all (plainMatchPhrase, 0-core's findComponentCode), on the texts of
// every row of the fixtures and (when present) the shared corpus, and on generated texts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_KEY, TrigramSet, trigramKeys } from '../../src/5-classify/trigram-keys.js';
import { matchPhrase, plainMatchPhrase, PHRASES, prepareText } from '../../src/5-classify/text-reasons.js';
import { COMPONENT_CODES, findComponentCode } from '../../src/0-core/exchange-codes.js';
import { componentCodeIn } from '../../src/5-classify/component-codes.js';
import { resolveLimits } from '../../src/0-core/limits.js';
import { normalizeRow } from '../../src/4-table/normalize.js';
import { piecesCutAndJoined, seededRandom } from '../helpers/inputs.js';
import { PROVIDER_TABLES } from '../../src/5-classify/rhost.js';
import { HAS_CORPUS } from '../helpers/paths.js';
import { reportsOfEveryMessage } from '../helpers/reports.js';

/** the key of one phrase among `others` (each a phrase of one piece) */
const keyOf = (phrase: string, others: string[] = []) => trigramKeys([[phrase], ...others.map((o) => [o])])[0];

describe('TrigramSet', () => {
  it('may hold the key of every substring of its text', () => {
    const set = new TrigramSet();
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), fc.nat(), fc.nat(), (t, a, b) => {
        const [from, to] = [Math.min(a, b) % (t.length + 1), Math.max(a, b) % (t.length + 1)];
        set.read(t);
        return set.mayHold(keyOf(t.slice(from, to)));
      }),
      { numRuns: 20000 },
    );
  });

  it('keys a phrase by the sequence fewest phrases share, and rules it out where that sequence is missing', () => {
    // "abc" is in both phrases, "bcd" only in the first: the first's key is "bcd"
    const key = trigramKeys([['abcd'], ['abce']])[0];
    const set = new TrigramSet();
    set.read('x bcd x');
    expect(set.mayHold(key)).toBe(true);
    set.read('x abc x');
    expect(set.mayHold(key)).toBe(false);
    // a pair phrase: a sequence from either part will do, as both must be there
    const [spf] = trigramKeys([['spf', 'not allowed'], ['spf check']]);
    set.read('spf check failed');
    expect(set.mayHold(spf)).toBe(false);
  });

  it('always looks for a phrase too short to have a sequence, and reads a text too short to hold one', () => {
    expect(keyOf('ab')).toBe(NO_KEY);
    const set = new TrigramSet();
    set.read('ab');
    expect(set.mayHold(NO_KEY)).toBe(true);
    expect(set.mayHold(keyOf('abc'))).toBe(false);
  });

  it('reads each new text afresh', () => {
    const set = new TrigramSet();
    const key = keyOf('quota');
    set.read('over quota');
    expect(set.mayHold(key)).toBe(true);
    set.read('mailbox full');
    expect(set.mayHold(key)).toBe(false);
  });
});

const statuses = [null, ...new Set(PHRASES.map((e) => e.status).filter((s): s is string => !!s))];

/** matchPhrase with its sieve (trigram keys) against the plain search, both tiers. */
function expectSameMatch(text: string, status: string | null): void {
  for (const tier of [1, 2] as const) {
    const plain = plainMatchPhrase(text, tier, status);
    expect(matchPhrase(text, tier, status)).toEqual(plain);
  }
}

/**
 * The keys as first written (a Map of counts, a Set of sequences a piece): trigramKeys counts
 * in typed arrays instead, and must give the same key to every phrase. The hash is restated
 * here from its definition (each unit shifted 5 bits over the next, 14 bits kept).
 */
function referenceKeys(phrases: readonly (readonly string[])[]): Int32Array {
  const slotsOf = (piece: string) => {
    const out: number[] = [];
    for (let i = 2; i < piece.length; i++) out.push(((piece.charCodeAt(i - 2) << 10) ^ (piece.charCodeAt(i - 1) << 5) ^ piece.charCodeAt(i)) & 0x3fff);
    return out;
  };
  const pieceCount = new Map<number, number>();
  for (const pieces of phrases) for (const p of pieces) for (const s of new Set(slotsOf(p))) pieceCount.set(s, (pieceCount.get(s) ?? 0) + 1);
  const keys = new Int32Array(phrases.length).fill(NO_KEY);
  phrases.forEach((pieces, k) => {
    let best = Infinity;
    for (const p of pieces)
      for (const s of slotsOf(p)) {
        const n = pieceCount.get(s)!;
        if (n < best) [best, keys[k]] = [n, s];
      }
  });
  return keys;
}

describe('trigramKeys', () => {
  it('gives every phrase of the three tables the key the first way of counting gave it', () => {
    const tables = [
      PHRASES.map((e) => (typeof e.phrase === 'string' ? [e.phrase] : [...e.phrase])),
      COMPONENT_CODES.map((c) => [c.key]),
      PROVIDER_TABLES.flatMap((p) => p.signatures ?? []).map((s) => [s]),
    ];
    for (const table of tables) {
      expect(table.length).toBeGreaterThan(10);
      const keys = trigramKeys(table);
      expect([...keys]).toEqual([...referenceKeys(table)]);
      // most phrases have a key: the comparison is not one of NO_KEYs
      expect(keys.filter((k) => k !== NO_KEY).length).toBeGreaterThan(table.length / 2);
    }
  });

  it('gives generated tables (repeated sequences, pair phrases, short pieces, non-ASCII) the same keys', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = seededRandom(seed);
      const alphabet = 'abcde \u00e9\u4e00';
      const piece = () => Array.from({ length: Math.floor(rnd() * 12) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const table = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => (rnd() < 0.3 ? [piece(), piece()] : [piece()]));
      expect([...trigramKeys(table)], `seed ${seed}`).toEqual([...referenceKeys(table)]);
    }
  });
});

describe('matchPhrase and componentCodeIn with the trigram sieve', () => {
  it('match what the plain searches match in the texts of every row of the fixtures and the corpus', () => {
    const limits = resolveLimits();
    let texts = 0;
    for (const report of reportsOfEveryMessage()) {
      for (const d of report.recipients) {
        const { row, hint } = normalizeRow(d, report.kind, limits, []);
        for (const text of [prepareText(row.diagnosticCode), prepareText(hint)]) {
          if (!text) continue;
          texts++;
          expect(componentCodeIn(text)).toBe(findComponentCode(text));
          expectSameMatch(text, row.status);
          for (const status of statuses) expectSameMatch(text, status);
        }
      }
    }
    expect(texts).toBeGreaterThan(HAS_CORPUS ? 1000 : 100);
  });

  it('match what the plain searches match in generated texts of the tables\' phrases, cut and joined', () => {
    const pieces = [...PHRASES.flatMap((e) => (typeof e.phrase === 'string' ? [e.phrase] : [...e.phrase])), ...COMPONENT_CODES.map((c) => c.key)];
    const noise = [' ', 'é', '日本', '\u0130', 'x', '550 5.1.1 ', '<a@b.example>'];
    for (let seed = 1; seed <= 3000; seed++) {
      const random = seededRandom(seed);
      const text = piecesCutAndJoined(random, pieces, noise, 8, 0.5, random() < 0.5 ? ' ' : '');
      expectSameMatch(text, statuses[Math.floor(random() * statuses.length)]);
      expect(componentCodeIn(text)).toBe(findComponentCode(text));
    }
  });
});
