// Which format modules may claim a message, from their markers (types.ts Markers): every
// marker of every module is looked for once per message, in views of it computed once
// (lower-cased subject and From, the opening, the head of the text, the delivery-status
// text), so that score() is asked only of the few modules one of whose markers holds.
// Asking all of them cost more than the scoring itself: 59 calls, each re-reading the same
// views, and 59 small functions for the JIT to compile one by one as each became hot.
import type { BounceMessage } from '../../2-mime/message.js';
import { PairSet, pairStorage, pairsOf } from '../../0-core/pairs.js';
import { EVERY_MESSAGE, type FormatModule, type Markers } from './types.js';

type TextKind = 'subject' | 'from' | 'boundary' | 'opening' | 'text' | 'deliveryStatus';

/** A marker and the modules (by position) it opens. */
interface Entry<M> {
  marker: M;
  modules: number[];
  /** its character pairs (text markers), made when a view is first searched through its PairSet */
  pairs?: Uint32Array;
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
  fields: Map<string, { present: number[]; values: Entry<string>[] }>;
  /** by view, cheapest first */
  texts: { kind: TextKind; entries: Entry<string>[] }[];
}

// views in the order they are searched: short ones first, so that a module already opened
// by its subject or From is not searched for again in the longer texts
const TEXT_KINDS: readonly TextKind[] = ['subject', 'from', 'boundary', 'opening', 'text', 'deliveryStatus'];

/** Adds `marker` of `module` to `entries`, one entry per marker (`seen`: the entries by key, for this list). */
function group<M>(entries: Entry<M>[], seen: Map<string, Entry<M>>, k: string, marker: M, module: number): void {
  const found = seen.get(k);
  if (found) {
    if (!found.modules.includes(module)) found.modules.push(module);
  } else {
    const entry = { marker, modules: [module] };
    seen.set(k, entry);
    entries.push(entry);
  }
}

// A view is searched through its PairSet first when it is longer than PAIRS_FROM and has
// PAIRS_MIN_MARKERS markers or more: a few dozen markers scanned through a few KB cost more
// than one pass over the view, a dozen do not (measured over the corpus, gates alone: the
// lower-cased head of the text, 33 markers, 8.5 -> 4.7 us per message with its set; the
// opening, 12 markers, and the delivery-status text, 5, were slower with theirs).
const PAIRS_FROM = 256;
const PAIRS_MIN_MARKERS = 16;
// one set at a time, none kept: its storage is reused from message to message
const storage = pairStorage();

export function indexMarkers(formats: readonly FormatModule[]): MarkerIndex {
  const index: MarkerIndex = {
    size: formats.length,
    always: [],
    hasDeliveryStatus: [],
    fields: new Map(),
    texts: TEXT_KINDS.map((kind) => ({ kind, entries: [] })),
  };
  // each list's entries by marker, while it is built (a search of the list for each marker
  // was a few thousand comparisons at every start)
  const values = new Map<string, Map<string, Entry<string>>>();
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
      else group(f.values, seen, text, text, i);
    }
    index.texts.forEach((t, k) => {
      for (const m of g[t.kind] ?? []) group(t.entries, texts[k], m, m, i);
    });
  });
  return index;
}

/** The view of a message a kind of marker is looked for in (computed when first asked for). */
function view(msg: BounceMessage, kind: TextKind): string {
  switch (kind) {
    case 'subject':
      return msg.subject.toLowerCase();
    case 'from':
      return msg.from.toLowerCase();
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

/** Open the modules of the header markers that hold: one pass over the message's fields. */
function openByFields(open: Uint8Array, fields: MarkerIndex['fields'], msg: BounceMessage): void {
  // the message's fields looked up in the markers' (a few dozen look-ups), not each marker's
  // field looked up in the message's (~30 look-ups, each lower-casing a name and copying a
  // list of values), with each value lower-cased once for all the texts looked for in it
  for (const f of msg.headers.fields) {
    const m = fields.get(f.key);
    if (m === undefined) continue;
    openAll(open, m.present);
    let lower: string | null = null;
    for (const e of m.values) {
      if (!someClosed(open, e.modules)) continue;
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

/** open[i] is 1 when module i may claim the message (one of its markers holds, or it reads every message). */
export function openModules(index: MarkerIndex, msg: BounceMessage): Uint8Array {
  const open = new Uint8Array(index.size);
  openAll(open, index.always);
  if (msg.deliveryStatus.length) openAll(open, index.hasDeliveryStatus);
  openByFields(open, index.fields, msg);
  for (const t of index.texts) {
    if (t.kind === 'deliveryStatus' && !msg.deliveryStatus.length) continue;
    let text: string | null = null;
    let pairs: PairSet | null = null;
    for (const e of t.entries) {
      if (!someClosed(open, e.modules)) continue;
      if (text === null) {
        text = view(msg, t.kind);
        if (text.length > PAIRS_FROM && t.entries.length >= PAIRS_MIN_MARKERS) pairs = new PairSet(text, storage);
      }
      if (pairs && !pairs.mayHold((e.pairs ??= pairsOf(e.marker)))) continue;
      if (text.includes(e.marker)) openAll(open, e.modules);
    }
  }
  return open;
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
