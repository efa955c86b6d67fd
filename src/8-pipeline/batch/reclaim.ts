// Give memory back after a big message. V8 collects its old generation when the heap has
// grown by a factor since the last full collection, not when a task ends: after a 25 MB
// message of 100,000 rows, a thread keeps its ~200 MiB peak as garbage until some later
// allocation, and every worker (and the main thread, which holds each result while writing
// it) does so at once. A full collection right after such a message costs ~0.1-0.3 s (the
// live heap is small then) and brings the thread back to its base size.
//
// `gc` is V8's --expose-gc function; setting the flag at run time and taking the function
// from a new context is the documented way to get it without a command-line flag
// (https://nodejs.org/api/v8.html#v8setflagsfromstringflags, https://nodejs.org/api/vm.html).
// The CLI sets the flag when it starts (bin/bouncemapi.js): a flag changed mid-run changes the
// hash V8 checks a code cache against, and a cache loaded later would be rejected.
import v8 from 'node:v8';
import vm from 'node:vm';

/** Messages at least this large are followed by a full collection. */
export const RECLAIM_AFTER_BYTES = 4 * 1024 * 1024;

let gc: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    const f = vm.runInNewContext('gc') as unknown;
    gc = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/** After a message of `bytes`: collect now when it was a big one. */
export function reclaimAfter(bytes: number): void {
  if (bytes >= RECLAIM_AFTER_BYTES) collector()?.();
}
