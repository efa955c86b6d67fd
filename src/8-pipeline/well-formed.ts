// Well-formed Unicode in every result. A charset decoder can leave half a UTF-16 surrogate
// pair in a string (an encoded-word in UTF-16 cut after its high surrogate): JSON.stringify
// writes it as `\ud800` (ECMA-262 QuoteJSONString: well-formed JSON.stringify), which strict
// consumers reject whole (RFC 8259 §8.2: such a string is not interoperable; PostgreSQL
// jsonb, serde refuse it). Such a code unit becomes U+FFFD, as a decoder does for a broken
// byte sequence, and the result says so in a warning.

// String.prototype.isWellFormed / toWellFormed: ES2024, in Node 20 (V8 11.3); lib is ES2023
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };
const wf = (s: string) => s as unknown as WellFormed;

export const BROKEN_UTF16_WARNING = 'text held a lone UTF-16 surrogate (half a character, from a broken decoding): replaced by U+FFFD';

/** Make every string (and key) in `value` well-formed, in place; true when one was changed. */
export function makeWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !wf(value).isWellFormed();
  return value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) ? visit(value) : false;
}

// One walk over every string of every result. for-in, not Object.keys: no array of keys made per
// object (V8 walks its enum cache): 1.08-1.28 -> 0.69-0.80 us a message over the Sisimai half's
// results, in-process, interleaved (the walk's time is mostly that array). for-in also lists
// inherited enumerable keys, which a result's plain objects have none of but where
// Object.prototype was added to: only own keys are followed or changed.

/** `v`'s strings and keys made well-formed, and those of the objects below it; true when one was changed. */
function visit(v: object): boolean {
  let changed = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'string') {
        if (!wf(x).isWellFormed()) {
          v[i] = wf(x).toWellFormed();
          changed = true;
        }
      } else if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x) && visit(x)) changed = true;
    }
    return changed;
  }
  const o = v as Record<string, unknown>;
  let renamed: string[] | null = null;
  for (const k in o) {
    const x = o[k];
    // own keys only, asked where a key is acted on: most values are well-formed strings
    if (typeof x === 'string') {
      if (!wf(x).isWellFormed() && Object.hasOwn(o, k)) {
        o[k] = wf(x).toWellFormed();
        changed = true;
      }
    } else if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x) && Object.hasOwn(o, k) && visit(x)) changed = true;
    if (!wf(k).isWellFormed() && Object.hasOwn(o, k)) (renamed ??= []).push(k);
  }
  // a field name from the message: renamed after the walk (a key added while for-in runs may or
  // may not be listed), in key order, its value kept
  if (renamed) {
    changed = true;
    for (const k of renamed) {
      const fixed = wf(k).toWellFormed();
      const kept = o[k];
      delete o[k];
      if (!Object.hasOwn(o, fixed)) o[fixed] = kept;
    }
  }
  return changed;
}
