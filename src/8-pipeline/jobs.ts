// How many worker threads a run starts: light on purpose (the CLI reads it to print its
// options, before anything is parsed).
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 60_000;

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * How long the CLI parses in the main thread before it starts its workers, when --jobs is not
 * given. Starting them costs each worker the parsers' loading and compiling again, time the
 * main thread, already warm, spends parsing instead; so it parses until it has spent about
 * that much and input still comes (the rent-or-buy rule: never more than twice the better
 * choice's time). A stream, one file or a small folder ends before; a long run gets workers.
 * Measured with `npm run bench -- --cli` (README, Benchmark).
 */
export const WORKERS_PAY_AFTER_MS = 1000;

/** The CLI's default: a worker per core, started after WORKERS_PAY_AFTER_MS; none on one core. */
export function automaticJobs(): { jobs: number; startWorkersAfterMs: number } {
  const cores = defaultJobs();
  return { jobs: cores < 2 ? 0 : cores, startWorkersAfterMs: WORKERS_PAY_AFTER_MS };
}
