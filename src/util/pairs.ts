// Which pairs of adjacent characters a text holds, as a bitset built in one pass: a phrase
// with a pair the text lacks cannot be in it, so looking for it can be skipped. The phrase
// tables (classifier wordings, format gates) are searched in one text by the hundred, and
// most of their phrases are absent: a few bit tests each instead of a scan of the text.
// Characters are folded to 7 bits, so a pair of non-ASCII characters shares its slot with an
// ASCII one: that gives more "maybe"s, never a wrong "no".

const SLOTS = 1 << 14;

const code = (a: number, b: number) => ((a & 0x7f) << 7) | (b & 0x7f);

/** The pairs of phrases that must all be in a text, each pair once (what `PairSet.mayHold` tests). */
export function pairsOf(...phrases: string[]): Uint16Array {
  const seen = new Set<number>();
  for (const p of phrases) for (let i = 1; i < p.length; i++) seen.add(code(p.charCodeAt(i - 1), p.charCodeAt(i)));
  return Uint16Array.from(seen);
}

export class PairSet {
  private readonly bits = new Uint32Array(SLOTS >>> 5);

  constructor(text: string) {
    const bits = this.bits;
    let prev = text.charCodeAt(0) & 0x7f;
    for (let i = 1; i < text.length; i++) {
      const cur = text.charCodeAt(i) & 0x7f;
      const c = (prev << 7) | cur;
      bits[c >>> 5] |= 1 << (c & 31);
      prev = cur;
    }
  }

  /** False when the text cannot hold a phrase with these pairs; true when it may. */
  mayHold(pairs: Uint16Array): boolean {
    const bits = this.bits;
    for (let k = 0; k < pairs.length; k++) {
      const c = pairs[k];
      if ((bits[c >>> 5] & (1 << (c & 31))) === 0) return false;
    }
    return true;
  }
}
