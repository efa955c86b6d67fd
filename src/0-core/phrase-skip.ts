// Which of a fixed list of phrases occur in a text, found by skipping: the multi-pattern
// shift search of S. Wu and U. Manber ("A fast algorithm for multi-pattern searching",
// TR 94-17, University of Arizona, 1994). A window as long as the shortest phrase (m) slides
// along the text; the last three characters of the window say how far it may move without
// stepping over the end of any phrase's first m characters. Where they end one, the phrases
// whose first m characters end that way are compared at the window's start.
//
// Why beside the automaton (phrase-automaton.ts): the automaton reads every character of a
// text through a table of a few hundred KB (one row a state); on the head of a bounce's text
// (~860 characters, 44 markers of 11+ characters) this moves ~7 characters a step through a
// 4 KB table (~9 on the opening; measured over the Sisimai half). No backtracking: at any
// position at most the phrases of one block's bucket are compared, each once found never
// again, so the work is linear in the text for a fixed list (at worst the list's total length
// a character, as with includes per phrase). Matched as written (UTF-16 code units,
// case-sensitive), the way String.prototype.includes matches.
//
// Why it finds every occurrence: let a phrase p occur at s, and let e = s + m - 1 (where the
// window ends when it covers p's first m characters). The window's end starts at m - 1 <= e.
// From any end i < e it moves by at most e - i: when its last three characters lie inside
// p's first m, they are p's characters ending at j = i - s, whose shift is at most m - 1 - j
// = e - i (shifts are minima over every phrase, and a hash shared by two blocks keeps the
// smaller); otherwise i < s + 2 and the largest shift, m - 2, brings it to s + m - 1 at most.
// So the window ends at e, where the block's shift is 0 and p is compared.

/** code units per block */
const BLOCK = 3;
/**
 * phrases shorter than this are looked for alone, with includes: the window is as long as the
 * shortest phrase, and one of 3 characters (qmail's ">:\n") would cap every move at 1
 */
const SHORT = 8;
const HASH_BITS = 12;
const HASH_MASK = (1 << HASH_BITS) - 1;
/** shifts are kept in bytes: a smaller shift than the largest allowed is always safe */
const MAX_SHIFT = 255;

/** A block's hash: the three code units ending at `i`. */
function blockHash(s: string, i: number): number {
  return ((s.charCodeAt(i - 2) << 10) ^ (s.charCodeAt(i - 1) << 5) ^ s.charCodeAt(i)) & HASH_MASK;
}

export class PhraseSkipper {
  /** how many phrases it was built from */
  readonly size: number;
  private readonly phrases: readonly string[];
  /** the shortest phrase of SHORT characters or more (0 when there is none) */
  private readonly m: number;
  /** how far the window may move, by the hash of its last block */
  private readonly shift = new Uint8Array(1 << HASH_BITS);
  /** the phrases whose first m characters end with a block of that hash */
  private readonly ending: (number[] | undefined)[] = new Array(1 << HASH_BITS);
  /** the phrases shorter than SHORT (looked for alone), the empty ones included */
  private readonly short: number[] = [];
  /** marks of the phrases found by one call (cleared before it returns) */
  private readonly seen: Uint8Array;
  /** each phrase's first code unit (0 for an empty one, which is short and never in a bucket) */
  private readonly firsts: Uint16Array;
  /** each phrase's last code unit, and its length less one (where that unit is from its start) */
  private readonly lasts: Uint16Array;
  private readonly lastAt: Int32Array;

  constructor(phrases: readonly string[]) {
    this.size = phrases.length;
    this.phrases = phrases;
    this.seen = new Uint8Array(phrases.length);
    this.firsts = Uint16Array.from(phrases, (p) => p.charCodeAt(0));
    this.lasts = Uint16Array.from(phrases, (p) => p.charCodeAt(p.length - 1));
    this.lastAt = Int32Array.from(phrases, (p) => p.length - 1);
    let m = 0;
    for (let k = 0; k < phrases.length; k++) {
      const n = phrases[k].length;
      if (n < SHORT) this.short.push(k);
      else if (m === 0 || n < m) m = n;
    }
    this.m = m;
    if (m === 0) return;
    this.shift.fill(Math.min(m - BLOCK + 1, MAX_SHIFT));
    for (let k = 0; k < phrases.length; k++) {
      const p = phrases[k];
      if (p.length < SHORT) continue;
      for (let j = BLOCK - 1; j < m; j++) {
        const h = blockHash(p, j);
        if (this.shift[h] > m - 1 - j) this.shift[h] = m - 1 - j;
      }
      const h = blockHash(p, m - 1);
      (this.ending[h] ??= []).push(k);
    }
  }

  /** The indexes of the phrases that occur in `text`, each once (in no particular order). */
  findAll(text: string): number[] {
    const found: number[] = [];
    const { phrases, seen, short } = this;
    for (const k of short) if (text.includes(phrases[k])) found.push(k);
    const { m, shift, ending, firsts, lasts, lastAt } = this;
    if (m === 0) return found;
    for (const k of found) seen[k] = 1;
    const n = text.length;
    for (let i = m - 1; i < n; ) {
      const h = ((text.charCodeAt(i - 2) << 10) ^ (text.charCodeAt(i - 1) << 5) ^ text.charCodeAt(i)) & HASH_MASK;
      const s = shift[h];
      if (s !== 0) {
        i += s;
        continue;
      }
      const list = ending[h]!;
      const start = i - m + 1;
      // the phrases of a bucket share their m-th block's hash, not their start: the first
      // character rules most of them out without a call to startsWith (over the heads of the
      // Sisimai half's texts, ~21 compares a text, ~7 past this test). Those left mostly begin
      // as the text does and part from it later (markers of one generator's sentences share
      // their first words), where startsWith read ~10-70 characters, ~60 ns a call: their last
      // character is looked at first (~0.7 a text left, 0.6 of them found), when the text
      // reaches that far: a read past its end made V8 throw away its code for this function
      // (an "out of bounds" deopt, node --trace-deopt over /tmp/bm10)
      const lead = text.charCodeAt(start);
      for (let q = 0; q < list.length; q++) {
        const k = list[q];
        const last = start + lastAt[k];
        if (seen[k] === 0 && firsts[k] === lead && last < n && text.charCodeAt(last) === lasts[k] && text.startsWith(phrases[k], start)) {
          seen[k] = 1;
          found.push(k);
        }
      }
      i++;
    }
    for (const k of found) seen[k] = 0;
    return found;
  }
}
