// Quoted-printable bodies (RFC 2045 §6.7) decoded over the bytes, to the bytes libqp's decode
// gives (libqp 3.x lib/libqp.js, the decoder mailsplit and mailparser use): libqp reads the
// body as a latin1 string, runs two regex replaces over it and decodes the string; this does
// the same three steps over the Buffer. test/unit/qp.test.ts compares the two.
// Runs of bytes no step looks at are copied in a tight loop, and step 3 starts at the first
// '=' left by steps 1 and 2 (none in a body whose only '=' are soft breaks): the corpus' and
// fixtures' 48 QP bodies (207 KB), in-process, 4.3-4.6 ns a byte before, 3.7-4.0 after (best
// of 40 passes, old and new taking turns; noisy machine). Then one pass for most bodies:
// white space copied and taken back at a line end, and '=XX' decoded where it is met until an
// '=' must be left for step 3 (the AOL HTML bounces' bodies are '=3D' all through, and step 3
// was a second pass over them): the 64 QP bodies of the fixtures and corpus (225 KB), in-process,
// old and new taking turns, best of 54 passes, 4.30 -> 2.45 ns a byte (medians 4.70 -> 2.70).

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;

/** the value of a hexadecimal digit's character code, -1 for any other */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

// the bytes the first pass copies as they are: all but '=', CR and LF (SP and HTAB too: a run
// of them is taken back off the output when a line end follows it)
const COPIED = new Uint8Array(256).fill(1);
for (const c of [EQUALS, CR, LF]) COPIED[c] = 0;
// hexValue by byte
const HEX = new Int8Array(256);
for (let c = 0; c < 256; c++) HEX[c] = hexValue(c);

const isWsp = (c: number): boolean => c === SP || c === HTAB;

/** Where the LF is that ends the run of SP/HTAB at `from` in `raw`, or -1 (another byte or the end follows the run). */
function lfAfter(raw: Uint8Array, from: number, n: number): number {
  let l = from;
  while (l < n && isWsp(raw[l])) l++;
  return l < n && raw[l] === LF ? l : -1;
}

/** The bytes a quoted-printable body stands for; never throws. */
export function decodeQuotedPrintable(raw: Uint8Array): Buffer {
  const n = raw.length;
  const out = Buffer.allocUnsafe(n);
  // 1. a run of SP/HTAB before a line end (CR or LF) or the end of the body is dropped
  // (RFC 2045 §6.7 rule 3: transport may add such white space), and 2. soft line breaks go:
  // '=' before LF or CRLF, or at the very end (rule 5), once that white space is gone. One
  // pass: white space is copied, and the run of it that ends the output is taken back at a
  // line end; at a '=', the run after it is looked at as step 1 would leave it.
  let k = 0;
  // out[copiedFrom, k) was copied byte for byte from a run of the input: its trailing SP/HTAB
  // are the input's before the line end. A byte decoded or a soft break starts a new run.
  let copiedFrom = 0;
  // where the first '=' is written as it is: step 3 leaves the bytes before it as they are
  let firstEquals = -1;
  for (let i = 0; i < n; ) {
    let c = raw[i];
    // a run of bytes copied in a tight loop
    while (COPIED[c] === 1) {
      out[k++] = c;
      if (++i === n) break;
      c = raw[i];
    }
    if (i === n) break;
    if (c !== EQUALS) {
      // a line end: the white space before it goes
      while (k > copiedFrom && isWsp(out[k - 1])) k--;
      out[k++] = c;
      i++;
      continue;
    }
    // '=' and two hex digits, before any '=' was left for step 3: decoded here. Digits are
    // bytes steps 1 and 2 copy as they are, so step 3 would find this '=' with these two
    // after it; and an '=' is no digit, so no escape before it reached into it. After an '='
    // left as it is, step 3 reads on from there, over bytes not yet decoded.
    if (firstEquals < 0 && i + 2 < n) {
      const hi = HEX[raw[i + 1]];
      const lo = HEX[raw[i + 2]];
      if ((hi | lo) >= 0) {
        out[k++] = (hi << 4) | lo;
        copiedFrom = k;
        i += 3;
        continue;
      }
    }
    let j = i + 1;
    while (j < n && isWsp(raw[j])) j++;
    if (j === n) {
      // '=' (and white space) at the very end: gone, and the white space before it stays
      copiedFrom = k;
      break;
    }
    // A soft break: LF, or CR then LF (with the white space step 1 drops before that LF); the
    // run between (if any) is dropped. The CR case takes the LF case's steps, not a branch of
    // its own: the first CRLF body met after TurboFan had compiled this for LF ones threw that
    // code away, twice a cold run over /tmp/bm10 (node --trace-deopt).
    const cr = raw[j] === CR;
    const lf = lfAfter(raw, j + (cr ? 1 : 0), n);
    if (lf !== -1) {
      i = lf + 1;
      copiedFrom = k;
      continue;
    }
    // an '=' left for step 3; before a CR, the white space between them goes with step 1
    if (firstEquals < 0) firstEquals = k;
    out[k++] = EQUALS;
    i = cr ? j : i + 1;
  }
  // the white space that ends the body goes
  while (k > copiedFrom && isWsp(out[k - 1])) k--;
  if (firstEquals < 0) return out.subarray(0, k);
  // 3. '=' and two hex digits (either case) is one byte; any other '=' stays as it is
  let w = firstEquals;
  for (let i = firstEquals; i < k; i++) {
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
