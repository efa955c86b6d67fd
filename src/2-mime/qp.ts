// Quoted-printable bodies (RFC 2045 §6.7) decoded over the bytes, to the bytes libqp's decode
// gives (libqp 3.x lib/libqp.js, the decoder mailsplit and mailparser use): libqp reads the
// body as a latin1 string, runs two regex replaces over it and decodes the string; this does
// the same three steps over the Buffer. test/unit/qp.test.ts compares the two.

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** The bytes a quoted-printable body stands for; never throws. */
export function decodeQuotedPrintable(raw: Uint8Array): Buffer {
  const n = raw.length;
  const out = Buffer.allocUnsafe(n);
  // 1. a run of SP/HTAB before a line end (CR or LF) or the end of the body is dropped
  // (RFC 2045 §6.7 rule 3: transport may add such white space), and 2. soft line breaks go:
  // '=' before LF or CRLF, or at the very end (rule 5), once that white space is gone. One
  // pass: at a '=', the run after it is looked at as step 1 would leave it.
  let k = 0;
  for (let i = 0; i < n; ) {
    const c = raw[i];
    if (c === SP || c === HTAB) {
      let j = i + 1;
      while (j < n && (raw[j] === SP || raw[j] === HTAB)) j++;
      if (j < n && raw[j] !== LF && raw[j] !== CR) while (i < j) out[k++] = raw[i++];
      i = j;
      continue;
    }
    if (c === EQUALS) {
      let j = i + 1;
      while (j < n && (raw[j] === SP || raw[j] === HTAB)) j++;
      if (j === n) break;
      if (raw[j] === LF || raw[j] === CR) {
        // the run between (if any) is dropped: a soft break when LF or CRLF follows
        if (raw[j] === LF) {
          i = j + 1;
          continue;
        }
        // CR, then (white space step 1 drops before the LF) LF
        let l = j + 1;
        while (l < n && (raw[l] === SP || raw[l] === HTAB)) l++;
        if (l < n && raw[l] === LF) {
          i = l + 1;
          continue;
        }
        out[k++] = EQUALS;
        i = j;
        continue;
      }
    }
    out[k++] = c;
    i++;
  }
  // 3. '=' and two hex digits (either case) is one byte; any other '=' stays as it is
  let w = 0;
  for (let i = 0; i < k; i++) {
    const c = out[i];
    if (c === EQUALS && i < k - 2) {
      const hi = hexValue(out[i + 1]);
      const lo = hexValue(out[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[w++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[w++] = c;
  }
  return out.subarray(0, w);
}
