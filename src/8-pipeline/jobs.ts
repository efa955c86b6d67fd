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
 * The CLI's default: a worker for each core beyond two, started after WORKERS_PAY_AFTER_MS;
 * none on one or two cores. A Node thread parsing does not have its core to itself: V8's own
 * threads (concurrent marking, the optimising compiler) use about 0.8 of another core beside
 * it (16,650 files in one thread: 4.2-4.4 s of CPU in 3.4-3.5 s), and each worker brings its
 * own, and compiles the parsers again. So one core is the main thread's and one goes to V8's
 * threads; the others pay for a worker each.
 * Measured on 2 cores once the machine was quiet (this session's engineers done, the CLI
 * end to end, wall s / CPU s, 2-3 runs each, interleaved):
 *   3,330 files    --jobs 0 1.11-1.25 / 1.7-1.9   a worker after 250 ms 1.39-1.58 / 2.3-2.7
 *                  after 1 s 1.24-1.39 / 1.8-2.1  --jobs 1 1.39-1.49 / 2.4-2.5  --jobs 2 1.61-1.75
 *   16,650 files   --jobs 0 3.35-3.74 / 4.2-4.7   a worker after 250 ms 3.29-3.66 / 5.7-6.3
 *                  after 1 s 3.37-3.75 / 5.7-6.4  --jobs 1 3.32-3.45 / 5.9-6.1  --jobs 2 4.0-4.3
 * Two Node processes over 3,330 files each at once took 2.1-2.2 s each against 1.35-1.42 s
 * alone: the second core is mostly taken already. With a worker the same messages cost
 * 40 % more CPU, and the run is no faster at 16,650 files and slower at 3,330.
 * A longer run gains from a worker: a 200 MB mbox (48,336 messages, no files to open) took
 * 6.2-7.3 s with --jobs 1 against 7.8-8.7 s with --jobs 0 (a worker after 1-3 s: 6.6-7.2 s),
 * but peaked at 230-316 MiB against 210-276 MiB; no worker keeps such a run under 300 MiB,
 * and --jobs 1 is there for whoever runs such batches on two cores.
 * A later worker for long folder runs was measured too (stop 22, wall s, 3-5 runs each):
 *   49,950 files   --jobs 0 6.58-7.29   a worker from the start 5.59-6.04   after 2 s 6.01-6.27
 *                  after 4 s 6.29-6.88
 *   16,650 files   --jobs 0 2.31-2.65   after 2 s 2.68-2.85   after 3 s 2.42-2.56 (never started)
 * A start late enough to spare the runs of a few seconds gains ~5 % on a long one, and any
 * earlier one costs those runs more than that: none on two cores stays the default.
 */
export function automaticJobs(): { jobs: number; startWorkersAfterMs: number } {
  return { jobs: Math.max(0, defaultJobs() - 2), startWorkersAfterMs: WORKERS_PAY_AFTER_MS };
}
