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
//
// A big message passes several points where a collection is asked for: before its parse,
// after it (before its result is given out or rendered), after its output is written
// (run.ts, worker.ts, 9-cli/batch.ts), and a forced collection costs 6-10 ms even on a small
// heap. After the parse one always runs: its garbage is mostly Buffers (the decoded parts),
// outside V8's heap, whose release V8 accounts for only later, so it cannot be weighed. At
// the other points one runs only when V8's heap has grown by RECLAIM_GROWTH_BYTES since the
// thread's last forced one (the output of 100,000 rows, a caller's own work between two
// messages): right after the previous message's collection there is nothing to free.
// Measured on 20 returned messages of 6.2 MB each (a 4.6 MB attachment), --jobs 0, five runs
// each taking turns: a collection at all three points 0.64-0.87 s at a peak of 80 MB, one
// after each parse (and the others skipped) 0.42-0.48 s at 81-86 MB; none at all 0.29 s at
// 220 MB (a quieter moment).
import v8 from 'node:v8';
import vm from 'node:vm';

/** Messages at least this large are followed by a full collection. */
export const RECLAIM_AFTER_BYTES = 4 * 1024 * 1024;
/** Growth of V8's heap since the thread's last forced collection for another to be worth its time. */
export const RECLAIM_GROWTH_BYTES = 4 * 1024 * 1024;

let gc: (() => void) | null | undefined;
/** V8's heap in use right after this thread's last forced collection (-1: none yet). */
let heapAfterLast = -1;

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

function collectNow(collect: () => void): void {
  collect();
  heapAfterLast = v8.getHeapStatistics().used_heap_size;
}

/** A message of `bytes` has been parsed: collect its garbage now when it was a big one. */
export function reclaimAfterParse(bytes: number): void {
  if (bytes < RECLAIM_AFTER_BYTES) return;
  const collect = collector();
  if (collect !== null) collectNow(collect);
}

/**
 * Before a message of `bytes` is parsed, or after its output is made: collect when it is a big
 * one and V8's heap has grown by RECLAIM_GROWTH_BYTES since this thread's last forced collection.
 */
export function reclaimAfter(bytes: number): void {
  if (bytes < RECLAIM_AFTER_BYTES) return;
  const collect = collector();
  if (collect === null) return;
  if (heapAfterLast >= 0 && v8.getHeapStatistics().used_heap_size - heapAfterLast < RECLAIM_GROWTH_BYTES) return;
  collectNow(collect);
}
