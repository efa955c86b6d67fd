// A structured header value (`type/subtype; name=value; name="quoted value"`) split into its
// value and parameters, as libmime's parseHeaderValue splits it (libmime 5.x
// lib/libmime.js): the same value and parameters for every input. libmime reads one character
// at a time and grows its strings by one character each; here the common value, one without
// comments (a '(' outside quotes), backslash escapes or RFC 2231 parameters (`name*=`,
// `name*0=`), is read by index and its strings sliced out of it. Anything else goes to libmime itself.
// test/unit/header-value.test.ts compares the two.
import { libmime } from './libs.js';

export interface StructuredValue {
  value: string;
  params: Record<string, string>;
  /** parameters libmime assembled from RFC 2231 segments (already decoded) */
  decodedParams?: string[];
}

const QUOTE = 0x22;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

// libmime's white space between tokens: SP, HTAB, LF, VT, FF, CR
const isWsp = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

// characters the split only ever appends: not white space, not a control character, none of
// ; = " and none of the ( \ * it leaves to libmime
const PLAIN = new Uint8Array(256);
for (let c = 0x21; c < 256; c++) PLAIN[c] = 1;
for (const c of ';="(\\*') PLAIN[c.charCodeAt(0)] = 0;
const isPlain = (c: number): boolean => c >= 256 || PLAIN[c] === 1;

// Parameter names MIME headers carry (RFC 2045 charset, RFC 2046 boundary, RFC 2183
// filename, RFC 3462 report-type, RFC 3676 format/delsp, RFC 1847 protocol/micalg, RFC 2387
// type), by length. A name spelled as one of them in any ASCII case is given as the constant:
// a property key made at run time is looked up in V8's string table on every store, and that
// store was the MIME layer's most expensive line in a CLI profile.
const KNOWN_NAMES: string[][] = [];
for (const n of ['charset', 'boundary', 'name', 'filename', 'report-type', 'format', 'delsp', 'protocol', 'micalg', 'type', 'size']) (KNOWN_NAMES[n.length] ??= []).push(n);

/** `collected` lower-cased (String.prototype.toLowerCase), as a constant where it is a known name. */
function lowerName(collected: string): string {
  const list = KNOWN_NAMES[collected.length];
  if (list !== undefined) {
    next: for (const known of list) {
      for (let i = 0; i < known.length; i++) {
        let c = collected.charCodeAt(i);
        if (c >= 0x41 && c <= 0x5a) c += 0x20;
        if (c !== known.charCodeAt(i)) continue next;
      }
      return known;
    }
  }
  return collected.toLowerCase();
}

/** A parameter of this name is set once, the first time (libmime: the first of duplicates wins). */
function setParam(params: Record<string, string>, name: string, value: string): void {
  // an own value is never undefined; an inherited one ('constructor') is not own
  if (params[name] !== undefined && Object.hasOwn(params, name)) return;
  // '__proto__' as an own property, not the prototype
  if (name === '__proto__') Object.defineProperty(params, name, { value, writable: true, enumerable: true, configurable: true });
  else params[name] = value;
}

/**
 * `str` split as libmime.parseHeaderValue splits it, or null when it holds '(' outside quotes
 * (a comment), '\' (an escape) or '*' (an RFC 2231 parameter), which only libmime reads.
 */
function splitPlain(str: string): StructuredValue | null {
  const params: Record<string, string> = {};
  let value = '';
  let inKey = false;
  let key = '';
  let hasKey = false;
  // the text being collected: `acc` plus str[runStart, i); `sig` its length up to the last
  // character that is not white space outside quotes (what a value or name keeps)
  let acc = '';
  let runStart = 0;
  let sig = 0;
  let quote = false;
  // a quoted string has closed: what follows it up to ';' is dropped
  let closed = false;
  const len = str.length;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? str.charCodeAt(i) : SEMICOLON;
    // a '(' inside quotes is a character of the value to libmime, with or without stripComments
    // (Domino's boundaries: "..._(ID_...)"); outside them it may open a comment
    if ((c === 0x28 && !quote) || c === 0x5c || c === 0x2a) return null;
    if (i === len || (c === SEMICOLON && !quote) || (inKey && c === EQUALS)) {
      // the end of a name, a value, or the whole value
      const collected = (acc + str.slice(runStart, i)).slice(0, sig);
      if (inKey && c === EQUALS) {
        key = lowerName(collected);
        hasKey = true;
        inKey = false;
      } else {
        if (inKey) {
          const name = lowerName(collected);
          if (name) setParam(params, name, '');
        } else if (!hasKey) value = collected;
        else setParam(params, key, collected);
        inKey = true;
        closed = false;
      }
      acc = '';
      runStart = i + 1;
      sig = 0;
      continue;
    }
    if (!inKey && closed) {
      runStart = i + 1;
      continue;
    }
    if (!inKey && c === QUOTE) {
      closed = quote;
      quote = !quote;
      acc += str.slice(runStart, i);
      runStart = i + 1;
      continue;
    }
    const length = acc.length + i - runStart;
    if (isWsp(c) && (inKey || !quote)) {
      // white space opening a name or value is not part of it
      if (length === 0) runStart = i + 1;
      continue;
    }
    // a significant character, and the run of plain ones after it, read in one step
    let j = i + 1;
    while (j < len && isPlain(str.charCodeAt(j))) j++;
    sig = length + j - i;
    i = j - 1;
  }
  return new Plain(value, params);
}

/** libmime's result shape: `decodedParams` (none here) is not an own enumerable property. */
class Plain implements StructuredValue {
  constructor(
    readonly value: string,
    readonly params: Record<string, string>,
  ) {}

  // a getter on the prototype: defining a property on each result made V8 slow the object down
  get decodedParams(): string[] {
    return [];
  }
}

/** libmime.parseHeaderValue(str, options), by index where the value allows. */
export function parseHeaderValue(str: string, stripComments = false): StructuredValue {
  return splitPlain(str) ?? (libmime.parseHeaderValue(str, stripComments ? ({ stripComments: true } as never) : undefined) as StructuredValue);
}
