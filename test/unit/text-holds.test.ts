// What a text holds of the classifier's tables (src/5-classify/text-reasons.ts TextHolds,
// one automaton pass over the text) only ever skips phrases and component codes that are not
// in it: the classifier matches exactly what it matches by searching every entry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENT_CODES, findComponentCode } from '../../src/0-core/exchange-codes.js';
import { matchPhrase, PHRASES, TextHolds } from '../../src/5-classify/text-reasons.js';

const phrasePieces = [...PHRASES.flatMap((e) => (typeof e.phrase === 'string' ? [e.phrase] : [...e.phrase])), ...COMPONENT_CODES.map((c) => c.key)];
const statuses = [null, ...new Set(PHRASES.map((e) => e.status).filter((s): s is string => !!s))];
// texts made of the tables' own phrases, cut and joined with other characters (ASCII and not)
const piece = fc.oneof(
  fc.constantFrom(...phrasePieces),
  fc.constantFrom(...phrasePieces).chain((p) => fc.tuple(fc.nat(p.length), fc.nat(p.length)).map(([a, b]) => p.slice(Math.min(a, b), Math.max(a, b)))),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(' ', 'é', 'ü', '日本', '\u0130', 'ς'),
);
const text = fc.array(piece, { maxLength: 10 }).map((ps) => ps.join(' '));

describe('the classifier\'s tables searched with what the text holds', () => {
  it('give the component code they give without it', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(findComponentCode(t, new TextHolds(t).component)).toBe(findComponentCode(t));
      }),
      { numRuns: 20000 },
    );
  });

  it('give the phrase match they give without it, in both tiers and with every status', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(1 as const, 2 as const), fc.constantFrom(...statuses), (t, tier, status) => {
        expect(matchPhrase(t, tier, status, new TextHolds(t))).toEqual(matchPhrase(t, tier, status));
      }),
      { numRuns: 20000 },
    );
  });

  it('find a pair phrase only with both its parts, and the more precise wording that contains another', () => {
    // "blacklist" alone is a blocked client; "address that has been blacklisted" a refused sender (text-reasons.ts header)
    const precise = 'your address that has been blacklisted';
    expect(matchPhrase(precise, 2, null, new TextHolds(precise))).toEqual(matchPhrase(precise, 2, null));
    const pair = PHRASES.find((e) => typeof e.phrase !== 'string')!;
    const [a, b] = pair.phrase as readonly [string, string];
    const both = `${a} x ${b}`;
    expect(new TextHolds(both).entry(pair)).toBe(true);
    expect(new TextHolds(a).entry(pair)).toBe(false);
  });
});
