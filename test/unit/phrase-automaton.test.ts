// The phrase automaton (src/0-core/phrase-automaton.ts) finds exactly the phrases that
// String.prototype.includes finds, each once, whatever overlaps, repeats or characters
// outside the phrases' alphabet the text holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseAutomaton } from '../../src/0-core/phrase-automaton.js';

const found = (phrases: string[], text: string) => new PhraseAutomaton(phrases).findAll(text).sort((a, b) => a - b);
const byIncludes = (phrases: string[], text: string) => phrases.flatMap((p, i) => (text.includes(p) ? [i] : []));

describe('PhraseAutomaton', () => {
  it('finds phrases that overlap, nest and share suffixes (Aho and Corasick\'s example: he, she, his, hers)', () => {
    const phrases = ['he', 'she', 'his', 'hers'];
    // "ushers": she ends at 4 and he (its suffix) with it, hers at 6; his is absent
    expect(found(phrases, 'ushers')).toEqual([0, 1, 3]);
    expect(found(phrases, 'this')).toEqual([2]);
    expect(found(phrases, 'h e s')).toEqual([]);
  });

  it('reports each phrase once, in the order its first occurrence ends (the longer first where two end together)', () => {
    // x ends at 1; ab and its suffix b both end at 3; the second "ab" adds nothing
    expect(new PhraseAutomaton(['b', 'ab', 'x']).findAll('xabab')).toEqual([2, 1, 0]);
  });

  it('matches as written: case, and code units outside ASCII', () => {
    const phrases = ['Hi. This is', 'сервером mail.ru', 'réponse', '日本'];
    expect(found(phrases, 'hi. this is')).toEqual([]);
    expect(found(phrases, 'x Hi. This is the')).toEqual([0]);
    expect(found(phrases, 'ответ сервером mail.ru: réponse 日本語')).toEqual([1, 2, 3]);
    expect(found(phrases, 'reponse 日 本')).toEqual([]);
  });

  it('finds an empty phrase in every text, and a phrase listed twice under both indexes', () => {
    expect(found(['', 'a'], '')).toEqual([0]);
    expect(found(['a', 'a', 'b'], 'ba')).toEqual([0, 1, 2]);
  });

  it('agrees with includes on texts built from its own phrases and other characters', () => {
    const alphabet = ['a', 'b', 'c', 'ab', 'é', '日', ' '];
    const word = fc.array(fc.constantFrom(...alphabet), { maxLength: 6 }).map((w) => w.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(fc.oneof(word, fc.string({ maxLength: 4 })), { maxLength: 12 }), (phrases, pieces) => {
        const text = pieces.join('');
        expect(found(phrases, text)).toEqual(byIncludes(phrases, text));
        // the same automaton, asked again (its transitions now partly worked out), says the same
        const a = new PhraseAutomaton(phrases);
        a.findAll(pieces.reverse().join(''));
        expect(a.findAll(text).sort((x, y) => x - y)).toEqual(byIncludes(phrases, text));
      }),
      { numRuns: 3000 },
    );
  });
});
