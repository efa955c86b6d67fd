// Which format modules may claim a message, from their markers (types.ts Markers): every
// marker of every module is looked for once per message, in views of it computed once
// (lower-cased subject and From, the opening, the head of the text, the delivery-status
// text), so that score() is asked only of the few modules one of whose markers holds.
// Asking all of them cost more than the scoring itself: 59 calls, each re-reading the same
// views, and 59 small functions for the JIT to compile one by one as each became hot.
import type { BounceMessage } from '../../2-mime/message.js';
import { gateWord } from '../../2-mime/headers.js';
import { PhraseAutomaton } from '../../0-core/phrase-automaton.js';
import { PhraseSkipper } from '../../0-core/phrase-skip.js';
import { EVERY_MESSAGE, type FormatModule, type Markers } from './types.js';

type TextKind = 'subject' | 'from' | 'boundary' | 'opening' | 'text' | 'deliveryStatus';

/** Finds which of its phrases are in a text, each once (PhraseAutomaton, PhraseSkipper). */
interface PhraseMatcher {
  findAll(text: string): number[];
}

/** A marker and the modules (by position) it opens. */
interface Entry<M> {
  marker: M;
  modules: number[];
}

/** A text looked for in a field's value, and the word of it a field's lines must hold (gateWord, HeaderField.mayHold). */
interface ValueEntry extends Entry<string> {
  gate: string | null;
}

/** The markers looked for in one view of the message. */
interface TextMarkers {
  kind: TextKind;
  entries: Entry<string>[];
  /** every module one of `entries` opens, each once: while none is closed the view is not read */
  modules: number[];
  /** what finds all of them in one pass, for views that have one (see AUTOMATON_MIN_MARKERS, SKIPPED_VIEWS) */
  make: ((markers: string[]) => PhraseMatcher) | null;
  /** made once the view has been searched `warmUp` times (WARM_UP, see there) */
  matcher?: PhraseMatcher;
  searched: number;
  warmUp: number;
}

/** Every marker of a module list, grouped by marker. */
export interface MarkerIndex {
  size: number;
  /** modules asked of every message (EVERY_MESSAGE) */
  always: number[];
  hasDeliveryStatus: number[];
  /**
   * header markers by field name (lower case): the modules a field opens by its presence
   * (`headers`, and `headerValues` that ask only for the field), and the texts looked for in
   * its value (lower-cased)
   */
  fields: Map<string, { present: number[]; values: ValueEntry[] }>;
  /** the lengths and last letters of the `fields` keys (sieveBit): a message's field that can be none of them is not looked up */
  fieldSieve: Uint32Array;
  /** by view, cheapest first */
  texts: TextMarkers[];
  /** a cleared open set for the next openModules call (given back by releaseOpen), or null */
  spare: Uint8Array | null;
}

// views in the order they are searched: short ones first, so that a module already opened
// by its subject or From is not searched for again in the longer texts
const TEXT_KINDS: readonly TextKind[] = ['subject', 'from', 'boundary', 'opening', 'text', 'deliveryStatus'];

/**
 * Adds `module` to the entry for key `k` in `entries`, one entry per key (`seen`: the entries
 * by key, for this list); a new entry is made by `make`, so that each list's entries have one
 * shape from the start.
 */
function group<E extends Entry<unknown>>(entries: E[], seen: Map<string, E>, k: string, make: () => E, module: number): void {
  const found = seen.get(k);
  if (found) {
    if (!found.modules.includes(module)) found.modules.push(module);
  } else {
    const entry = make();
    entry.modules.push(module);
    seen.set(k, entry);
    entries.push(entry);
  }
}

// A header view with many markers (the subject: 29 markers; From, 22) is read once by an
// automaton that finds them all (0-core/phrase-automaton.ts), instead of once per marker.
// Measured over 999 corpus messages, openModules with its views computed (CPU time, A/B in
// one process): 20.5 us a message with every marker looked for on its own, 14.0 with the
// head's automaton, ~1.2 less again with the subject's and From's.
const AUTOMATON_MIN_MARKERS = 16;
// The two views of the body's head (the lower-cased head of the text: 45 markers, ~860
// characters on average over the Sisimai half; the opening, 13 markers, ~850 characters) are
// read by skipping (0-core/phrase-skip.ts): their markers are long (11+ characters, the few
// short ones looked for alone), so a window moves several characters a step. openModules
// with its views computed, over the 333 messages of the Sisimai half (CPU time, interleaved
// A/B in one process, noisy machine): 8.4 us a message with the head read by its automaton
// and the opening marker by marker, 5.6-6.3 with both skipped. The short header views gain
// nothing by it (a window of 5-7 characters barely moves), and the delivery-status text (5
// markers, ~220 characters) little; that view has no length bound, and includes' worst case
// there is the better one (a skipper's is ~10-20 ns a character on crafted near-misses).
const SKIPPED_VIEWS: ReadonlySet<TextKind> = new Set(['opening', 'text']);
// A view's automaton or skipper is made once the view has been searched WARM_UP times
// (marker by marker until then): making an automaton costs ~1 ms of CPU, a skipper ~0.5 ms
// (measured cold, as a run meets them), which a run of a few dozen bounces would not win back.
const WARM_UP = 100;

/** `warmUp`: how many searches of a view before its automaton or skipper is made (WARM_UP; 0 in the tests that compare them with the markers read alone). */
export function indexMarkers(formats: readonly FormatModule[], warmUp = WARM_UP): MarkerIndex {
  const index: MarkerIndex = {
    size: formats.length,
    always: [],
    hasDeliveryStatus: [],
    fields: new Map(),
    fieldSieve: new Uint32Array(SIEVE_LENGTHS),
    texts: TEXT_KINDS.map((kind) => ({ kind, entries: [], modules: [], make: null, searched: 0, warmUp })),
    spare: null,
  };
  // each list's entries by marker, while it is built (a search of the list for each marker
  // was a few thousand comparisons at every start)
  const values = new Map<string, Map<string, ValueEntry>>();
  const field = (name: string) => {
    const key = name.toLowerCase();
    let f = index.fields.get(key);
    if (!f) {
      index.fields.set(key, (f = { present: [], values: [] }));
      values.set(key, new Map());
    }
    return { f, seen: values.get(key)! };
  };
  const texts = index.texts.map(() => new Map<string, Entry<string>>());
  formats.forEach((f, i) => {
    const g = f.markers;
    if (g === EVERY_MESSAGE) {
      index.always.push(i);
      return;
    }
    if (g.hasDeliveryStatus) index.hasDeliveryStatus.push(i);
    for (const name of g.headers ?? []) field(name).f.present.push(i);
    for (const [name, text] of g.headerValues ?? []) {
      const { f, seen } = field(name);
      // every value holds the empty text: the field's presence is enough
      if (text === '') f.present.push(i);
      else group(f.values, seen, text, () => ({ marker: text, modules: [], gate: gateWord(text) }), i);
    }
    index.texts.forEach((t, k) => {
      for (const m of g[t.kind] ?? []) group(t.entries, texts[k], m, () => ({ marker: m, modules: [] }), i);
    });
  });
  for (const key of index.fields.keys()) if (key.length < SIEVE_LENGTHS) index.fieldSieve[key.length] |= sieveBit(key);
  for (const t of index.texts) {
    t.modules = [...new Set(t.entries.flatMap((e) => e.modules))];
    if (SKIPPED_VIEWS.has(t.kind)) t.make = (markers) => new PhraseSkipper(markers);
    else if (t.entries.length >= AUTOMATON_MIN_MARKERS) t.make = (markers) => new PhraseAutomaton(markers);
  }
  return index;
}

/** The view of a message a kind of marker is looked for in (computed when first asked for). */
function view(msg: BounceMessage, kind: TextKind): string {
  switch (kind) {
    case 'subject':
      return msg.lowerSubject;
    case 'from':
      return msg.lowerFrom;
    case 'boundary':
      return msg.contentParams.boundary ?? '';
    case 'opening':
      return msg.opening;
    case 'text':
      return msg.lowerHead;
    case 'deliveryStatus':
      return msg.lowerDeliveryStatus;
  }
}

// A message's field is looked up among the markers' only when a marker's name has its length
// and the low five bits of its last letter: of a message's 14 fields (the Sisimai half's
// average) ~5 pass (Received, Message-ID, Content-Type ...); the others were each a Map
// look-up of a key made for this message, whose hash was computed for it. openModules over
// the Sisimai half (in-process A/B against the build before, fastest of 50 rounds a message,
// both ways round, three runs): 0.2-0.37 us a message less. Names of SIEVE_LENGTHS characters
// or more are always looked up.
const SIEVE_LENGTHS = 64;
const sieveBit = (key: string): number => 1 << (key.charCodeAt(key.length - 1) & 31);

/** Open the modules of the header markers that hold: one pass over the message's fields. */
function openByFields(open: Uint8Array, index: MarkerIndex, msg: BounceMessage): void {
  // the message's fields looked up in the markers' (a few dozen look-ups), not each marker's
  // field looked up in the message's (~30 look-ups, each lower-casing a name and copying a
  // list of values), with each value lower-cased once for all the texts looked for in it
  const { fields, fieldSieve } = index;
  const list = msg.headers.fields;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    const n = f.key.length;
    if (n < SIEVE_LENGTHS && (fieldSieve[n] & sieveBit(f.key)) === 0) continue;
    const m = fields.get(f.key);
    if (m === undefined) continue;
    openAll(open, m.present);
    let lower: string | null = null;
    for (const e of m.values) {
      if (!someClosed(open, e.modules)) continue;
      // a field whose lines cannot hold the marker's word is not made into a value (mayHold)
      if (lower === null && e.gate !== null && f.mayHold !== undefined && !f.mayHold(e.gate)) continue;
      lower ??= f.value.toLowerCase();
      if (lower.includes(e.marker)) openAll(open, e.modules);
    }
  }
}

function headerHas(msg: BounceMessage, name: string, needle: string): boolean {
  for (const v of msg.headers.getAll(name)) if (v.toLowerCase().includes(needle)) return true;
  return false;
}

/** Mark `modules` open. */
function openAll(open: Uint8Array, modules: readonly number[]): void {
  for (let k = 0; k < modules.length; k++) open[modules[k]] = 1;
}

/** Is one of `modules` still closed? (a marker is only looked for while one is) */
function someClosed(open: Uint8Array, modules: readonly number[]): boolean {
  for (let k = 0; k < modules.length; k++) if (open[modules[k]] === 0) return true;
  return false;
}

/**
 * open[i] is 1 when module i may claim the message (one of its markers holds, or it reads every
 * message). The array is the index's spare one where releaseOpen gave it back: a Uint8Array of
 * more than 64 elements keeps its memory outside V8's heap (typed_array_max_size_in_heap), and
 * one made for every message (67 modules) cost ~0.2 us in a loop and ~0.8 in a run, more than
 * the rest of the field markers' work.
 */
export function openModules(index: MarkerIndex, msg: BounceMessage): Uint8Array {
  const open = index.spare ?? new Uint8Array(index.size);
  // taken: a call before this one's set is given back (a message read inside another) makes its own
  index.spare = null;
  openAll(open, index.always);
  if (msg.deliveryStatus.length) openAll(open, index.hasDeliveryStatus);
  openByFields(open, index, msg);
  for (const t of index.texts) {
    if (t.kind === 'deliveryStatus' && !msg.deliveryStatus.length) continue;
    // the view is made only when one of its markers would open a module still closed (asked of
    // the view's modules at once: a closure over its entries a view a message cost ~0.1 us)
    if (!someClosed(open, t.modules)) continue;
    const text = view(msg, t.kind);
    if (t.make !== null && (t.matcher ?? ++t.searched > t.warmUp)) {
      t.matcher ??= t.make(t.entries.map((e) => e.marker));
      for (const k of t.matcher.findAll(text)) openAll(open, t.entries[k].modules);
      continue;
    }
    for (const e of t.entries) if (someClosed(open, e.modules) && text.includes(e.marker)) openAll(open, e.modules);
  }
  return open;
}

/** Gives back a set openModules made, once its reader is done with it: cleared, it serves the next call. */
export function releaseOpen(index: MarkerIndex, open: Uint8Array): void {
  open.fill(0);
  index.spare = open;
}

/** Does one of these markers hold for the message? (read alone: the reference the one-pass index is tested against) */
export function markersHold(markers: Markers, msg: BounceMessage): boolean {
  if (markers.hasDeliveryStatus && msg.deliveryStatus.length) return true;
  if (markers.headers?.some((h) => msg.headers.has(h))) return true;
  if (markers.headerValues?.some(([name, text]) => headerHas(msg, name, text))) return true;
  for (const kind of TEXT_KINDS) {
    const list = markers[kind];
    if (!list?.length || (kind === 'deliveryStatus' && !msg.deliveryStatus.length)) continue;
    const text = view(msg, kind);
    if (list.some((m) => text.includes(m))) return true;
  }
  return false;
}
