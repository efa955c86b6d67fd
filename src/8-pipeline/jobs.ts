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
 * Then the main thread goes on parsing until a worker has loaded (run.ts), so nothing waits
 * for it. On the quiet machine (load < 1, 3,330 files, 3 runs, wall): handing over at once
 * took 1.75 s against 1.48 s in one thread; going on until the worker is ready, 1.43-1.48 s.
 * Not longer: what the main thread has compiled by then, the worker compiles again.
 * Measured on 2 cores (3,340 files, Sisimai half ×10, load average 9-11 from other work,
 * interleaved, 3 runs each, wall / CPU seconds): one worker after 250 ms 7.1-8.1 / 2.7-3.1,
 * after 1 s 7.3-9.0 / 3.0-3.3, from the start 5.9-7.7 / 2.7-2.9; no worker 7.2-7.6 / 2.5-2.7.
 */
export const WORKERS_PAY_AFTER_MS = 250;

/**
 * The CLI's default: a worker for each core but one, started after WORKERS_PAY_AFTER_MS; none
 * on a single core. The main thread reads the inputs, orders the answers
 * and writes the output: a worker per core besides it is one thread more than there are
 * cores. Measured on 2 cores (same runs as above): two workers after 1 s 9.1-12.5 s wall and
 * 3.8-4.0 s CPU at ×10, 14-25 s at ×50 (16,650 files) against 10-21 s for one worker from
 * the start and 9-18 s for none; on a quiet machine (README, Benchmark, before this change)
 * --jobs 1 gave 3,370 msg/s against 2,497 for two workers.
 */
export function automaticJobs(): { jobs: number; startWorkersAfterMs: number } {
  if (process.env.BM_J) return { jobs: Number(process.env.BM_J), startWorkersAfterMs: Number(process.env.BM_A ?? WORKERS_PAY_AFTER_MS) };
  return { jobs: Math.max(0, defaultJobs() - 1), startWorkersAfterMs: WORKERS_PAY_AFTER_MS };
}
