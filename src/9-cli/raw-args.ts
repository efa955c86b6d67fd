// Command-line arguments as the bytes they were. Node decodes argv as UTF-8, so a file name
// that is not UTF-8 (`caf\xe9.eml`, Latin-1) arrives as `caf\ufffd.eml`: a name that does
// not exist, and that a second such name collapses into. On Linux the kernel keeps the
// exact bytes in /proc/self/cmdline (proc(5): the arguments, each ended by a NUL); an
// argument that came through with U+FFFD is taken from there. Elsewhere nothing changes.
import { readFileSync } from 'node:fs';

/** A placeholder for raw argument n: no real argument holds a NUL (execve(2) ends each at one). */
const MARK = '\0raw-arg:';

export interface RawArgs {
  /** argv with every argument that lost bytes replaced by a placeholder */
  argv: string[];
  /** a placeholder → the argument's bytes; any other argument as it is */
  resolve(arg: string): string | Buffer;
}

function cmdline(): Buffer[] | null {
  try {
    const all = readFileSync('/proc/self/cmdline');
    const parts: Buffer[] = [];
    let start = 0;
    for (let i = all.indexOf(0); i !== -1; i = all.indexOf(0, start)) {
      parts.push(all.subarray(start, i));
      start = i + 1;
    }
    return parts;
  } catch {
    return null;
  }
}

/** `argv` as process.argv gives it (node, script, args...). */
export function rawArgs(argv: string[], fromProcess = argv === process.argv): RawArgs {
  const plain: RawArgs = { argv, resolve: (a) => a };
  if (!fromProcess || !argv.some((a) => a.includes('\ufffd'))) return plain;
  const raw = cmdline();
  // the script's own arguments are the last ones of both lists (node's options come before the script)
  const n = argv.length - 2;
  if (!raw || raw.length < n) return plain;
  const tail = raw.slice(raw.length - n);
  const bytes: Buffer[] = [];
  const out = argv.slice(0, 2);
  for (let i = 0; i < n; i++) {
    const arg = argv[i + 2];
    // the same argument, decoded: only then are these its bytes
    if (arg.includes('\ufffd') && tail[i].toString('utf8') === arg) {
      out.push(`${MARK}${bytes.length}`);
      bytes.push(Buffer.from(tail[i]));
    } else out.push(arg);
  }
  return { argv: out, resolve: (a) => (a.startsWith(MARK) ? (bytes[Number(a.slice(MARK.length))] ?? a) : a) };
}
