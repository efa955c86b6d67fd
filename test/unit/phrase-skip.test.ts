// The skipping phrase search (src/0-core/phrase-skip.ts) finds exactly the phrases that
// String.prototype.includes finds, each once: wherever they start or end, however short or
// long, whatever blocks they share, and when unrelated blocks share a hash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseSkipper } from '../../src/0-core/phrase-skip.js';

const found = (phrases: string[], text: string) => new PhraseSkipper(phrases).findAll(text).sort((a, b) => a - b);
const byIncludes = (phrases: string[], text: string) => phrases.flatMap((p, i) => (text.includes(p) ? [i] : []));

// a block's hash keeps 12 bits of (a << 10) ^ (b << 5) ^ c: a last character 4096 code units
// away from another gives two different blocks one hash
const COLLIDES_WITH_A = String.fromCharCode('a'.charCodeAt(0) + 4096);

describe('PhraseSkipper', () => {
  it('finds a phrase at the very start and at the very end of the text, and none in a text shorter than every phrase', () => {
    const phrases = ['delivery failed', 'permanent error'];
    expect(found(phrases, 'delivery failed: permanent error')).toEqual([0, 1]);
    expect(found(phrases, 'delivery faile')).toEqual([]);
    expect(found(phrases, 'x permanent erro')).toEqual([]);
    expect(found(phrases, '')).toEqual([]);
  });

  it('finds phrases shorter than its window alone (qmail\'s ">:\\n" beside long markers), and the empty phrase everywhere', () => {
    const phrases = ['>:\n', 'the following addresses had permanent fatal errors', '', 'ab'];
    expect(found(phrases, '<a@example.net>:\nrejected')).toEqual([0, 2]);
    expect(found(phrases, 'ab ----- the following addresses had permanent fatal errors -----')).toEqual([1, 2, 3]);
  });

  it('reports each phrase once however often it occurs, and a phrase listed twice under both indexes', () => {
    expect(found(['mail delivery', 'mail delivery', 'failure notice'], 'mail delivery, mail delivery, failure notice')).toEqual([0, 1, 2]);
    const s = new PhraseSkipper(['undeliverable']);
    expect(s.findAll('undeliverable undeliverable')).toEqual([0]);
    // asked again, it has forgotten what the first text held
    expect(s.findAll('deliverable')).toEqual([]);
  });

  it('matches as written: case, and code units outside ASCII', () => {
    const phrases = ['Hi. This is the', 'сервером mail.ru', 'réponse automatique', '日本語のメッセージ'];
    expect(found(phrases, 'hi. this is the')).toEqual([]);
    expect(found(phrases, 'ответ сервером mail.ru: réponse automatique, 日本語のメッセージ')).toEqual([1, 2, 3]);
    expect(found(phrases, 'reponse automatique 日本語 メッセージ')).toEqual([]);
  });

  it('compares the phrases whose blocks share a hash with an unrelated block, and finds none of them there', () => {
    const phrases = ['mail delivery a', 'postmaster copy'];
    expect(found(phrases, `xx mail delivery ${COLLIDES_WITH_A} postmaster cop`)).toEqual([]);
    expect(found(phrases, `mail delivery ${COLLIDES_WITH_A} mail delivery a`)).toEqual([0]);
  });

  it('finds a phrase longer than the largest move kept (255 characters)', () => {
    const long = `${'0123456789'.repeat(40)}end`;
    expect(found([long], `${'x'.repeat(1000)}${long}${'y'.repeat(10)}`)).toEqual([0]);
    expect(found([long], `${long.slice(0, -1)}`)).toEqual([]);
    expect(found([long, 'short phrase'], `a short phrase and ${long}`)).toEqual([0, 1]);
  });

  it('finds a phrase after any number of characters none of its blocks holds (the longest move lands on it, never past it)', () => {
    const phrases = ['abcdefgh', 'abcdefghijklmnop'];
    for (let k = 0; k <= 40; k++) {
      const filler = '0123456789'.repeat(5).slice(0, k);
      expect(found(phrases, `${filler}abcdefgh`), `after ${k}`).toEqual([0]);
      expect(found(phrases, `${filler}abcdefghijklmnop${filler}`), `after ${k}`).toEqual([0, 1]);
    }
  });

  it('tells apart phrases that part from the text at their last character, and a phrase the text ends inside', () => {
    const phrases = ['the following address failed', 'the following address faileX', 'the following addresses had permanent fatal errors'];
    expect(found(phrases, 'x the following address failed:')).toEqual([0]);
    expect(found(phrases, 'x the following address faileX')).toEqual([1]);
    expect(found(phrases, 'the following address faile')).toEqual([]);
    expect(found(phrases, 'the following addresses had permanent fatal error')).toEqual([]);
    expect(found(phrases, 'the following addresses had permanent fatal errors')).toEqual([2]);
  });

  it('agrees with includes on texts built from its own phrases and other characters', () => {
    // few letters, so that phrases share blocks and texts hold near-misses; one letter
    // shares its hash with "a"
    const alphabet = ['a', 'b', 'c', 'ab', 'é', '日', ' ', COLLIDES_WITH_A];
    const word = fc.array(fc.constantFrom(...alphabet), { maxLength: 14 }).map((w) => w.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(fc.oneof(word, fc.string({ maxLength: 4 })), { maxLength: 16 }), (phrases, pieces) => {
        const text = pieces.join('');
        expect(found(phrases, text)).toEqual(byIncludes(phrases, text));
        // the same skipper, asked again, says the same
        const s = new PhraseSkipper(phrases);
        s.findAll(pieces.reverse().join(''));
        expect(s.findAll(text).sort((x, y) => x - y)).toEqual(byIncludes(phrases, text));
      }),
      { numRuns: 3000 },
    );
  });
});
