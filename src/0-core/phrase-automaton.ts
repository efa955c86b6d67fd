// Which of a fixed list of phrases occur in a text, found in one pass over it: the
// Aho–Corasick automaton (A. V. Aho, M. J. Corasick, "Efficient string matching: an aid to
// bibliographic search", CACM 18(6), 1975), compiled to a table with one transition for
// every state and character class. A table of markers or wordings is built once; each text
// is then read once, one table look-up a character, however many phrases the table holds,
// where a search per phrase reads the text once per phrase. Linear in the text, no
// backtracking: safe on hostile input. Phrases are matched as written (case-sensitive,
// UTF-16 code units), the way String.prototype.includes matches them.

// a transition not worked out yet (see step)
const UNSET = -0x80000000;

export class PhraseAutomaton {
  /** how many phrases the automaton was built from */
  readonly size: number;
  /** class of each UTF-16 code unit: one per distinct code unit of the phrases, 0 for all others */
  private readonly classOf = new Uint8Array(0x10000);
  /** classes, 0 included: the width of a state's row */
  private readonly width: number;
  /** the trie: goto[row + class] is the child's row (a state's number times `width`), or -1 */
  private readonly goto: Int32Array;
  /** each state's failure (the row of its longest proper suffix that is a state) */
  private readonly fail: Int32Array;
  /**
   * delta[row + class]: the next state's row, bit-inverted (negative) when that state ends a
   * phrase; UNSET until first needed. Worked out as texts are read, not when the automaton is
   * built: a full table is tens of thousands of entries (~1-6 ms at start-up, before the JIT
   * has compiled the loop), and the texts met reach a few hundred of them.
   */
  private readonly delta: Int32Array;
  /** the phrases each state ends (its own and its suffixes'), by state number */
  private readonly ends: number[][];
  /** the empty phrases: found in every text */
  private readonly always: number[] = [];
  /** marks of the phrases found by one call (cleared before it returns) */
  private readonly seen: Uint8Array;

  constructor(phrases: readonly string[]) {
    this.size = phrases.length;
    this.seen = new Uint8Array(phrases.length);
    let classes = 1;
    for (const p of phrases) {
      for (let i = 0; i < p.length; i++) {
        const u = p.charCodeAt(i);
        if (this.classOf[u] === 0) this.classOf[u] = classes++;
      }
    }
    if (classes > 255) throw new Error('PhraseAutomaton: more than 254 distinct characters');
    const width = (this.width = classes);

    let maxStates = 1;
    for (const p of phrases) maxStates += p.length;
    const goto = new Int32Array(maxStates * width).fill(-1);
    const ends: number[][] = [[]];
    // each state's children (their classes), for the breadth-first pass below
    const kids: number[][] = [[]];
    let rows = width;
    phrases.forEach((p, k) => {
      if (!p.length) {
        this.always.push(k);
        return;
      }
      let row = 0;
      for (let i = 0; i < p.length; i++) {
        const c = this.classOf[p.charCodeAt(i)];
        if (goto[row + c] === -1) {
          goto[row + c] = rows;
          rows += width;
          ends.push([]);
          kids.push([]);
          kids[row / width].push(c);
        }
        row = goto[row + c];
      }
      ends[row / width].push(k);
    });
    const states = rows / width;

    // breadth first: a state's failure is shallower, so its failure and phrases are known
    // when the state's children are reached (Aho & Corasick, algorithm 3)
    const fail = new Int32Array(states);
    for (let q = [0], n = 0; n < q.length; n++) {
      const s = q[n];
      for (const c of kids[s]) {
        const child = goto[s * width + c] / width;
        let f = s === 0 ? -1 : fail[s] / width;
        while (f > 0 && goto[f * width + c] === -1) f = fail[f] / width;
        fail[child] = f === -1 || goto[f * width + c] === -1 ? 0 : goto[f * width + c];
        const suffix = ends[fail[child] / width];
        if (suffix.length) ends[child] = [...ends[child], ...suffix];
        q.push(child);
      }
    }
    this.goto = goto.subarray(0, rows);
    this.fail = fail;
    this.ends = ends;
    this.delta = new Int32Array(rows).fill(UNSET);
  }

  /** The transition from `row` on `c`, worked out from the trie and the failures (and kept). */
  private step(row: number, c: number): number {
    const t = this.goto[row + c];
    const next = t !== -1 ? t : row === 0 ? 0 : this.target(this.fail[row / this.width], c);
    const cell = this.ends[next / this.width].length ? ~next : next;
    this.delta[row + c] = cell;
    return cell;
  }

  /** The row `step` leads to, whatever the flag. */
  private target(row: number, c: number): number {
    const cell = this.delta[row + c];
    const known = cell === UNSET ? this.step(row, c) : cell;
    return known < 0 ? ~known : known;
  }

  /** The indexes of the phrases that occur in `text`, each once, in the order their first occurrences end (the longer first where two end together). */
  findAll(text: string): number[] {
    const found = this.always.slice();
    const { classOf, delta, ends, seen, width } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const c = classOf[text.charCodeAt(i)];
      let next = delta[row + c];
      if (next >= 0) {
        row = next;
        continue;
      }
      if (next === UNSET) {
        next = this.step(row, c);
        if (next >= 0) {
          row = next;
          continue;
        }
      }
      row = ~next;
      for (const p of ends[row / width]) {
        if (seen[p] === 0) {
          seen[p] = 1;
          found.push(p);
        }
      }
    }
    for (const p of found) seen[p] = 0;
    return found;
  }
}
