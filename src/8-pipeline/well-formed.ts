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
  let changed = false;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (wf(v).isWellFormed()) return v;
      changed = true;
      return wf(v).toWellFormed();
    }
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'string' ? !wf(x).isWellFormed() : x !== null && typeof x === 'object') v[i] = visit(x);
      }
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (typeof x === 'string' ? !wf(x).isWellFormed() : x !== null && typeof x === 'object') o[k] = visit(x);
      if (!wf(k).isWellFormed()) {
        // a field name from the message: renamed, its value kept
        changed = true;
        const fixed = wf(k).toWellFormed();
        const kept = o[k];
        delete o[k];
        if (!Object.hasOwn(o, fixed)) o[fixed] = kept;
      }
    }
    return o;
  };
  visit(value);
  return changed;
}
