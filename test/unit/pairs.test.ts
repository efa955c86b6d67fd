// The character-pair prefilter (src/0-core/pairs.ts) only ever skips phrases that cannot be in
// a text: every substring of a text may be held, and the Exchange component codes are found
// exactly as without the filter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENT_CODES, findComponentCode } from '../../src/0-core/exchange-codes.js';
import { PHRASES } from '../../src/5-classify/text-reasons.js';
import { PairSet, pairsOf } from '../../src/0-core/pairs.js';

const phrasePieces = [...PHRASES.flatMap((e) => (typeof e.phrase === 'string' ? [e.phrase] : [...e.phrase])), ...COMPONENT_CODES.map((c) => c.key)];
// texts made of the tables' own phrases, cut and joined with other characters (ASCII and not)
const piece = fc.oneof(
  fc.constantFrom(...phrasePieces),
  fc.constantFrom(...phrasePieces).chain((p) => fc.tuple(fc.nat(p.length), fc.nat(p.length)).map(([a, b]) => p.slice(Math.min(a, b), Math.max(a, b)))),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(' ', 'é', 'ü', '日本', '\u0130', 'ς'),
);
const text = fc.array(piece, { maxLength: 10 }).map((ps) => ps.join(' '));

describe('PairSet', () => {
  it('may hold every substring of its text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), fc.nat(), fc.nat(), (t, a, b) => {
        const [from, to] = [Math.min(a, b) % (t.length + 1), Math.max(a, b) % (t.length + 1)];
        return new PairSet(t).mayHold(pairsOf(t.slice(from, to)));
      }),
      { numRuns: 20000 },
    );
  });

  it('rules out a phrase with a pair the text lacks', () => {
    expect(new PairSet('mailbox is full').mayHold(pairsOf('over quota'))).toBe(false);
    expect(new PairSet('mailbox is full').mayHold(pairsOf('box is'))).toBe(true);
    // every pair there, the phrase not: a "maybe", left to the search
    expect(new PairSet('mailbox is full').mayHold(pairsOf('mailbox full'))).toBe(true);
    // both parts of a pair phrase
    expect(new PairSet('spf check failed').mayHold(pairsOf('spf', 'not allowed'))).toBe(false);
  });

});

describe('the classifier\'s tables searched with the text\'s PairSet', () => {
  it('give the component code they give without it', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(findComponentCode(t, new PairSet(t))).toBe(findComponentCode(t));
      }),
      { numRuns: 20000 },
    );
  });
});
