// Which of a fixed list of phrases occur in a text, found in one pass over it: the
// Aho–Corasick automaton (A. V. Aho, M. J. Corasick, "Efficient string matching: an aid to
// bibliographic search", CACM 18(6), 1975), compiled to a table with one transition for
// every state and character class. A table of markers or wordings is built once; each text
// is then read once, one table look-up a character, however many phrases the table holds,
// where a search per phrase reads the text once per phrase. Linear in the text, no
// backtracking: safe on hostile input. Phrases are matched as written (case-sensitive,
// UTF-16 code units), the way String.prototype.includes matches them.

// a transition or a state's failure not worked out yet (see step, failure)
const UNSET = -0x80000000;

export class PhraseAutomaton {
  /** how many phrases the automaton was built from */
  readonly size: number;
  /** class of each UTF-16 code unit: one per distinct code unit of the phrases, 0 for all others */
  private readonly classOf = new Uint8Array(0x10000);
  /** classes, 0 included: the width of a state's row */
  private readonly width: number;
  /** the trie: goto[state * width + class] is the child state, or -1 */
  private readonly goto: Int32Array;
  /** each state's parent, and the class of the edge from it (for its failure) */
  private readonly parent: Int32Array;
  private readonly via: Uint8Array;
  /** each state's failure: its longest proper suffix that is a state (UNSET until needed) */
  private readonly fail: Int32Array;
  /** does the state end a phrase, its own or a suffix's? 1 yes, -1 no, 0 not worked out yet */
  private readonly ends: Int8Array;
  /** the phrases that end exactly at a state (its own), by state */
  private readonly own = new Map<number, number[]>();
  /**
   * delta[row + class] (row: a state times `width`): the next state's row, bit-inverted
   * (negative) when that state ends a phrase; UNSET until first needed.
   *
   * Only the trie is built with the automaton; failures and transitions are worked out as
   * texts need them (each from shallower ones, so the recursion is as deep as the longest
   * phrase at most). The full table is tens of thousands of entries, and building it ahead
   * cost 2-15 ms at start-up, before the JIT had compiled the loops; the texts met reach a
   * few hundred of them.
   */
  private readonly delta: Int32Array;
  /** the empty phrases: found in every text */
  private readonly always: number[] = [];
  /** marks of the phrases found by one call (cleared before it returns) */
  private readonly seen: Uint8Array;

  constructor(phrases: readonly string[]) {
    this.size = phrases.length;
    this.seen = new Uint8Array(phrases.length);
    const classOf = this.classOf;
    let classes = 1;
    let maxStates = 1;
    for (const p of phrases) {
      maxStates += p.length;
      for (let i = 0; i < p.length; i++) {
        const u = p.charCodeAt(i);
        if (classOf[u] === 0) classOf[u] = classes++;
      }
    }
    if (classes > 255) throw new Error('PhraseAutomaton: more than 254 distinct characters');
    const width = (this.width = classes);
    const goto = new Int32Array(maxStates * width).fill(-1);
    const parent = new Int32Array(maxStates);
    const via = new Uint8Array(maxStates);
    let states = 1;
    for (let k = 0; k < phrases.length; k++) {
      const p = phrases[k];
      if (!p.length) {
        this.always.push(k);
        continue;
      }
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = classOf[p.charCodeAt(i)];
        let child = goto[s * width + c];
        if (child === -1) {
          child = states++;
          goto[s * width + c] = child;
          parent[child] = s;
          via[child] = c;
        }
        s = child;
      }
      const list = this.own.get(s);
      if (list) list.push(k);
      else this.own.set(s, [k]);
    }
    this.goto = goto;
    this.parent = parent;
    this.via = via;
    this.fail = new Int32Array(states).fill(UNSET);
    this.ends = new Int8Array(states);
    this.delta = new Int32Array(states * width).fill(UNSET);
  }

  /** The state `s` moves to on class `c` (worked out once, then kept in delta). */
  private next(s: number, c: number): number {
    const cell = this.delta[s * this.width + c];
    if (cell !== UNSET) return (cell < 0 ? ~cell : cell) / this.width;
    const t = this.goto[s * this.width + c];
    const to = t !== -1 ? t : s === 0 ? 0 : this.next(this.failure(s), c);
    this.delta[s * this.width + c] = this.endsPhrase(to) ? ~(to * this.width) : to * this.width;
    return to;
  }

  /** State `s`'s failure: where its parent's failure moves on the same character (the root for the root's children). */
  private failure(s: number): number {
    let f = this.fail[s];
    if (f === UNSET) {
      const p = this.parent[s];
      f = p === 0 ? 0 : this.next(this.failure(p), this.via[s]);
      this.fail[s] = f;
    }
    return f;
  }

  /** Does a phrase end at state `s` (its own, or one ending at a suffix of it)? */
  private endsPhrase(s: number): boolean {
    if (this.ends[s] === 0) this.ends[s] = this.own.has(s) || (s !== 0 && this.endsPhrase(this.failure(s))) ? 1 : -1;
    return this.ends[s] === 1;
  }

  /** The indexes of the phrases that occur in `text`, each once, in the order their first occurrences end (the longer first where two end together). */
  findAll(text: string): number[] {
    const found = this.always.slice();
    const { classOf, delta, own, seen, width } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const c = classOf[text.charCodeAt(i)];
      let cell = delta[row + c];
      if (cell === UNSET) {
        this.next(row / width, c);
        cell = delta[row + c];
      }
      if (cell >= 0) {
        row = cell;
        continue;
      }
      row = ~cell;
      // the phrases ending here: this state's own, then each suffix state's, longest first
      for (let s = row / width; s !== 0; s = this.failure(s)) {
        const list = own.get(s);
        if (list === undefined) continue;
        for (const p of list) {
          if (seen[p] === 0) {
            seen[p] = 1;
            found.push(p);
          }
        }
      }
    }
    for (const p of found) seen[p] = 0;
    return found;
  }
}
