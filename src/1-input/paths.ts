// File names are bytes. POSIX file names are any bytes but '/' and NUL; many are not UTF-8
// (Latin-1 names from old servers and archives). A JS string decoded as UTF-8 turns every
// such byte into U+FFFD: two names collapse into one that does not exist. So the walker
// carries each path as a "byte string" (latin1: one char per byte, code unit = byte
// value), hands the file system the exact bytes, and sorts names by their bytes.
//
// For the output (`source`), a path is shown by `renderPath`: valid UTF-8 as text; each byte
// that is not part of valid UTF-8 as `\xNN` (two lower-case hex digits); and, so that the
// rendering stays unambiguous, a backslash as `\\` (README, Inputs).
import { isUtf8 } from 'node:buffer';

/** A path as a byte string (latin1): the exact bytes, one char each. */
export type BytePath = string & { readonly __bytes?: never };

/** A path given as text (UTF-8) or as its raw bytes → a byte string. */
export function bytePath(p: string | Buffer): BytePath {
  return (Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8')).toString('latin1');
}

/** The bytes the file system is handed. */
export function fsPath(p: BytePath): Buffer {
  return Buffer.from(p, 'latin1');
}

/** The path as the file system is handed it: an ASCII one as it is (its UTF-8 is the same bytes), no Buffer made. */
export function osPath(p: BytePath): string | Buffer {
  return NOT_ASCII.test(p) ? fsPath(p) : p;
}
const NOT_ASCII = /[^\x00-\x7f]/;

/** Windows separates paths with backslashes: they are kept as they are there. */
const ESCAPE_BACKSLASH = process.platform !== 'win32';

/** The UTF-8 sequence length a lead byte announces (0: not a lead byte). */
function seqLength(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** A char that is not ASCII, or a backslash. */
const NOT_PLAIN_ASCII = /[^\x00-\x5b\x5d-\x7f]/;

const hex = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;

/** A byte path as text for `source`: UTF-8 shown as is, other bytes as `\xNN`, `\` as `\\`. */
export function renderPath(p: BytePath): string {
  // the common name, ASCII without a backslash, is shown as it is (no bytes made to check it)
  if (!NOT_PLAIN_ASCII.test(p)) return p;
  const bytes = fsPath(p);
  const plain = !ESCAPE_BACKSLASH || !bytes.includes(0x5c);
  if (plain && isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let run = 0; // start of the pending run of valid UTF-8
  let i = 0;
  const flush = (to: number) => {
    if (to > run) out += bytes.toString('utf8', run, to);
  };
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x5c && ESCAPE_BACKSLASH) {
      flush(i);
      out += '\\\\';
      run = ++i;
      continue;
    }
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = seqLength(b);
    // a whole, valid sequence is kept; isUtf8 rules out overlongs and surrogates
    if (n && i + n <= bytes.length && isUtf8(bytes.subarray(i, i + n))) {
      i += n;
      continue;
    }
    flush(i);
    out += hex(b);
    run = ++i;
  }
  flush(i);
  return out;
}
