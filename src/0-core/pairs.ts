// Which pairs of adjacent characters a text holds, as a bitset built in one pass: a phrase
// with a pair the text lacks cannot be in it, so looking for it can be skipped. The phrase
// tables (classifier wordings, Exchange component codes) are searched in one text by the hundred, and
// most of their phrases are absent: a few bit tests each instead of a scan of the text.
// Pairs are hashed into the bitset, so two pairs may share a bit: that gives more "maybe"s,
// never a wrong "no".

/** A pair's 32-bit hash; a set of 2^k bits uses its top k bits. */
const hash = (a: number, b: number) => Math.imul((a << 16) | b, 0x9e3779b1);

// Short texts (diagnostics) get 512 bits: a typed array of 64 bytes lives on the JS heap and
// costs next to nothing to make, where a larger one costs ~1 us (its own backing store); a
// short text fills few of them. Longer ones (the head of a message) get 16,384.
const SHORT_TEXT = 256;
const SMALL_BITS = 9;
const LARGE_BITS = 14;

/** The pairs of phrases that must all be in a text, each once, hashed (what `PairSet.mayHold` tests). */
export function pairsOf(...phrases: string[]): Uint32Array {
  // a plain array searched for each pair, not a Set: a phrase has a few dozen pairs, and this
  // runs while the code is still cold (the component codes' keys at load), where a Set cost
  // more (~400 phrases: 2.9-6.3 against ~2.0 ms, fresh process each); the same pairs, same order
  const seen: number[] = [];
  for (const p of phrases) {
    for (let i = 1; i < p.length; i++) {
      const h = hash(p.charCodeAt(i - 1), p.charCodeAt(i));
      if (!seen.includes(h)) seen.push(h);
    }
  }
  return Uint32Array.from(seen);
}

export class PairSet {
  private readonly bits: Uint32Array;
  /** a hash's bit: its top `32 - shift` bits */
  private readonly shift: number;

  constructor(text: string) {
    const k = text.length <= SHORT_TEXT ? SMALL_BITS : LARGE_BITS;
    const bits = new Uint32Array(1 << (k - 5));
    const shift = 32 - k;
    let prev = text.charCodeAt(0);
    for (let i = 1; i < text.length; i++) {
      const cur = text.charCodeAt(i);
      const slot = hash(prev, cur) >>> shift;
      bits[slot >>> 5] |= 1 << (slot & 31);
      prev = cur;
    }
    this.bits = bits;
    this.shift = shift;
  }

  /** False when the text cannot hold a phrase with these pairs; true when it may. */
  mayHold(pairs: Uint32Array): boolean {
    const { bits, shift } = this;
    for (let k = 0; k < pairs.length; k++) {
      const slot = pairs[k] >>> shift;
      if ((bits[slot >>> 5] & (1 << (slot & 31))) === 0) return false;
    }
    return true;
  }
}
