// How many worker threads a run starts: light on purpose (the CLI reads it to print its
// options, before anything is parsed).
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 60_000;

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * How long the CLI parses in the main thread before it starts its workers, when --jobs is not
 * given: a stream, one file or a handful of files ends before, and never pays for a worker's
 * start (a folder of 10 fixtures: 0.12 s in one thread, 0.18 s with a worker from the start).
 * Then the main thread goes on parsing until a worker has loaded, and alongside it after that
 * (run.ts: callerParses), so nothing waits for it.
 * Until the runner turned the event loop while it parses (run.ts, TURN_AFTER), the worker's
 * READY was never heard on a folder (its files are read without waiting): the default ran in
 * one thread to the end, and the figures measured before then are one thread's.
 * Measured after (2 cores shared with four other engineers, load average 7-10: wall times are
 * noise and are not given; CPU seconds per thread, 3 runs each, interleaved):
 *   16,650 files   main  worker(s)  V8's own threads  all
 *   --jobs 0        4.5   -          1.2               5.8
 *   default         2.8-3.1  2.5-2.7 2.2               7.8   (starts after 250 ms)
 *   after 50 ms     2.9-3.1  2.5-2.7 2.2               7.8
 *   2 workers       2.1-2.4  1.9-2.1 each   2.9        9.2
 * On a quiet machine a run takes about its busiest thread's time or half the total, whichever
 * is more (an estimate from these figures, not a measurement): ~4.5 s in one thread, ~3.9 s
 * with one worker, ~4.6 s with two. At 3,330 files (main 1.0-1.3 s, worker 0.8-1.0 s, all
 * 3.3-3.5 s, against 1.5-1.75 s and 2.4-2.6 s in one thread) the estimate is ~1.7 s against
 * ~1.5 s: the cold run does not gain, V8's own threads (JIT, GC: twice the work with two
 * isolates) take what the worker saves. Started after 50 ms the worker gave the same CPU
 * figures as after 250 ms: the later start stays, as it spares a short run the worker's load
 * (~45 ms of CPU).
 */
export const WORKERS_PAY_AFTER_MS = 250;

/**
 * The CLI's default: a worker for each core but one, started after WORKERS_PAY_AFTER_MS; none
 * on a single core. The main thread reads the inputs, orders the answers, writes the output
 * and parses alongside the workers whenever they hold enough (run.ts): with a worker per core
 * but one, as many threads parse as there are cores. Two workers on 2 cores (figures above)
 * cost 1.4 s more CPU for 16,650 files and shorten no thread enough to make up for it.
 */
export function automaticJobs(): { jobs: number; startWorkersAfterMs: number } {
  return { jobs: Math.max(0, defaultJobs() - 1), startWorkersAfterMs: WORKERS_PAY_AFTER_MS };
}
