// The Exchange component codes (0-core/exchange-codes.ts) in a prepared diagnostic, found with
// the phrase tables' trigram sieve (trigram-keys.ts): findComponentCode's answer, the first
// code in table order that the text holds, with each code the text lacks the key of ruled out
// by one bit test. The text's set is the one the phrase tables read next, so it is read once
// for both, and the classifier needs no PairSet of the diagnostic.
import { COMPONENT_CODES, type ComponentCode } from '../0-core/exchange-codes.js';
import { keysAfterWarmUp, trigramKeys, trigrams } from './trigram-keys.js';

const codeKeys = keysAfterWarmUp(() => trigramKeys(COMPONENT_CODES.map((c) => [c.key])));

/** The first component code named in prepared (lower-cased) text, or null. */
export function componentCodeIn(text: string): ComponentCode | null {
  if (!text) return null;
  const keys = codeKeys();
  if (keys === undefined) return COMPONENT_CODES.find((c) => text.includes(c.key)) ?? null;
  trigrams.read(text);
  for (let i = trigrams.next(keys, 0); i < keys.length; i = trigrams.next(keys, i + 1)) {
    if (text.includes(COMPONENT_CODES[i].key)) return COMPONENT_CODES[i];
  }
  return null;
}
