// A first sieve for the classifier's tables (text-reasons.ts phrases, component-codes.ts,
// rhost.ts provider signatures): each phrase is given one key, the three-character sequence
// of it that the fewest other phrases of its table share, and a text is read once into the
// set of its three-character sequences. A phrase whose key the text lacks cannot be in it,
// and is ruled out with one bit test; only the few others are searched for. Sequences are
// hashed into the set, so two may share a bit: that gives more "maybe"s, never a wrong "no".
//
// Why not the pair test alone: it walks each of a tier's ~190 entries and their pair lists
// (an array an entry, tens of kilobytes a tier), several bit tests an entry; the keys are one
// small array a tier, one test an entry, and a text's set is one scratch array. Over the
// corpus' rows, decideReason went from 5.58 to 4.01 us a row (in-process A/B, CPU time).

// 2^14 bits (2 KB): a diagnostic of a few hundred characters sets under 3 % of them
const BITS = 14;
const MASK = (1 << BITS) - 1;

/**
 * A sequence of three UTF-16 code units, hashed to a bit of the set: each unit shifted 5 bits
 * over the next, so a text's hash rolls on with one shift and one xor a character (read). A
 * lower-case letter's low 5 bits are its own, so letters spread over the set well enough: a
 * multiplicative hash left 2.2 % of the phrase entries for the search over the corpus' texts
 * where this leaves 2.8 %, but read a text ~20 % slower.
 */
const slotOf = (a: number, b: number, c: number) => ((a << 10) ^ (b << 5) ^ c) & MASK;

/**
 * How many texts a table is searched in plainly before its keys are made: making them costs
 * ~1 ms at start-up (measured cold, 17 to 70 phrases), more than a run of one bounce saves.
 */
const KEYS_AFTER = 16;

/**
 * What `make` gives (a table's keys), made when asked for the (KEYS_AFTER + 1)th time and kept;
 * undefined before that, and the table is searched plainly. One rule for the three tables.
 */
export function keysAfterWarmUp<T>(make: () => T): () => T | undefined {
  let made: T | undefined;
  let asked = 0;
  return () => made ?? (++asked > KEYS_AFTER ? (made = make()) : undefined);
}

/** No key: a phrase piece shorter than three characters is always looked for. */
export const NO_KEY = -1;

/**
 * The key of each phrase (its pieces: both parts of a pair phrase must be there), as a bit of
 * the set: the sequence shared by the fewest of `phrases`' pieces, the first such in case of a tie.
 */
export function trigramKeys(phrases: readonly (readonly string[])[]): Int32Array {
  // Two functions, one loop each: V8 compiles this (~450 pieces) while inside its first loop
  // (on-stack replacement), and the code after that loop, not yet run then, was thrown away
  // when it was reached ("insufficient type feedback", node --trace-deopt over /tmp/bm10).
  return leastSharedKeys(phrases, pieceCounts(phrases));
}

/** How many of `phrases`' pieces hold each sequence (by slot). */
function pieceCounts(phrases: readonly (readonly string[])[]): Int32Array {
  // Counted in typed arrays indexed by slot, not a Map of counts and a Set of slots a piece:
  // this runs once a table in every run (three tables, ~450 pieces) while the code is still
  // cold, where the Map and Set were ~6 ms of a first pass over 333 bounces (CPU profile of a
  // cold run); test/unit/trigram-keys.test.ts compares it with that way on every table.
  const count = new Int32Array(MASK + 1);
  const lastPiece = new Int32Array(MASK + 1).fill(-1); // the last piece that counted it: once a piece
  let piece = 0;
  // indexed loops, not for-of (whose iterators' closing, in a try block, made these compiles
  // larger): compiler zone memory of pieceCounts and leastSharedKeys over /tmp/bm10 9.1 -> 5.3
  // MB (node --turbo-filter=NAME --turbo-stats); leastSharedKeys below is read the same way
  for (let k = 0; k < phrases.length; k++) {
    const pieces = phrases[k];
    for (let q = 0; q < pieces.length; q++) {
      const p = pieces[q];
      for (let i = 2; i < p.length; i++) {
        const s = slotOf(p.charCodeAt(i - 2), p.charCodeAt(i - 1), p.charCodeAt(i));
        if (lastPiece[s] !== piece) {
          lastPiece[s] = piece;
          count[s]++;
        }
      }
      piece++;
    }
  }
  return count;
}

/** Each phrase's key: its sequence held by the fewest pieces (`count`), the first such in case of a tie. */
function leastSharedKeys(phrases: readonly (readonly string[])[], count: Int32Array): Int32Array {
  const keys = new Int32Array(phrases.length).fill(NO_KEY);
  for (let k = 0; k < phrases.length; k++) {
    let best = Infinity;
    const pieces = phrases[k];
    for (let q = 0; q < pieces.length; q++) {
      const p = pieces[q];
      for (let i = 2; i < p.length; i++) {
        const s = slotOf(p.charCodeAt(i - 2), p.charCodeAt(i - 1), p.charCodeAt(i));
        if (count[s] < best) {
          best = count[s];
          keys[k] = s;
        }
      }
    }
  }
  return keys;
}

/** The set of a text's three-character sequences: read once, then asked per key. */
export class TrigramSet {
  private readonly bits = new Uint32Array(1 << (BITS - 5));
  private text: string | null = null;

  /** Make this the set of `text` (nothing to do when it is already). */
  read(text: string): void {
    if (text === this.text) return;
    const bits = this.bits;
    bits.fill(0);
    // the hash of the two units before i (slotOf rolled on: (a << 5 ^ b) << 5 ^ c)
    let h = ((text.charCodeAt(0) << 5) ^ text.charCodeAt(1)) & MASK;
    for (let i = 2; i < text.length; i++) {
      h = ((h << 5) ^ text.charCodeAt(i)) & MASK;
      bits[h >>> 5] |= 1 << (h & 31);
    }
    this.text = text;
  }

  /** The first index of `keys` from `from` on whose phrase the text read may hold, or keys.length. */
  next(keys: Int32Array, from: number): number {
    const bits = this.bits;
    for (let i = from; i < keys.length; i++) {
      const key = keys[i];
      if (key === NO_KEY || (bits[key >>> 5] & (1 << (key & 31))) !== 0) return i;
    }
    return keys.length;
  }

  /** False when the text read cannot hold a phrase with this key; true when it may. */
  mayHold(key: number): boolean {
    return key === NO_KEY || (this.bits[key >>> 5] & (1 << (key & 31))) !== 0;
  }
}

/**
 * The set the classifier's tables share (component codes, phrases), cleared for each new
 * text read: they read one text at a time, and the same prepared diagnostic one after
 * another, so it is read once for all.
 */
export const trigrams = new TrigramSet();
