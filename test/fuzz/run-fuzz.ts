// The fuzz loop shared by the CI suite (test/fuzz/fuzz.test.ts) and `npm run fuzz`: fast-check
// generates inputs, the harness parses each on a worker thread with a timeout, every input
// that breaks the parser is kept in regressionsDir (fixtures/regressions/ for npm run fuzz, a
// temporary folder for npm test).
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { inputArb } from './arbitraries.js';
import { FuzzHarness, saveRegression } from './harness.js';

export interface FuzzOptions {
  seeds: readonly Buffer[];
  /** stop after this many inputs ... */
  numRuns?: number;
  /** ... or after this long, whichever comes first */
  durationMs?: number;
  /** per input: longer is a hang */
  timeoutMs?: number;
  regressionsDir: string;
  /**
   * seeds[0, ownSeeds) are the project's own (fixtures); a failing input made from a later one
   * (the shared corpus) is kept in outsideDir instead: the corpus is not copied into the
   * project, so such a bug gets a synthetic reproduction in fixtures/regressions by hand
   */
  ownSeeds?: number;
  outsideDir?: string;
  seed?: number;
  onProgress?: (stats: FuzzStats) => void;
}

export interface FuzzFailure {
  how: string;
  file: string;
  problems: string[];
}

export interface FuzzStats {
  inputs: number;
  bytes: number;
  failures: FuzzFailure[];
  slowest: { ms: number; how: string; size: number; bytes: Buffer } | null;
  elapsedMs: number;
  seed: number;
  /** the worker's heap after the last input (MiB) and how often a worker was replaced */
  heapMb: number;
  restarts: number;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzStats> {
  const harness = new FuzzHarness(opts.timeoutMs ?? 10_000);
  const seed = opts.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
  const stats: FuzzStats = { inputs: 0, bytes: 0, failures: [], slowest: null, elapsedMs: 0, seed, heapMb: 0, restarts: 0 };
  const t0 = performance.now();
  let lastProgress = t0;
  try {
    await fc.assert(
      fc.asyncProperty(inputArb(opts.seeds), async (input) => {
        const v = await harness.parse(input.bytes);
        if (v.cancelled) return true;
        stats.inputs++;
        stats.heapMb = harness.heapMb;
        stats.restarts = harness.restarts;
        stats.bytes += input.bytes.length;
        if (!stats.slowest || v.ms > stats.slowest.ms) stats.slowest = { ms: v.ms, how: input.how, size: input.bytes.length, bytes: input.bytes };
        if (!v.ok) {
          const fromCorpus = input.seed !== undefined && opts.ownSeeds !== undefined && input.seed >= opts.ownSeeds;
          const dir = fromCorpus ? (opts.outsideDir ?? path.join(tmpdir(), 'bouncemapi-fuzz-failures')) : opts.regressionsDir;
          const problems = fromCorpus ? [...v.problems, 'made from a shared-corpus message: not for the project; write a synthetic reproduction into fixtures/regressions'] : v.problems;
          stats.failures.push({ how: input.how, file: saveRegression(dir, input.bytes, problems), problems: v.problems });
        }
        const now = performance.now();
        if (opts.onProgress && now - lastProgress > 10_000) {
          lastProgress = now;
          stats.elapsedMs = now - t0;
          opts.onProgress(stats);
        }
        return true;
      }),
      {
        seed,
        numRuns: opts.numRuns ?? Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: opts.durationMs,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
  } finally {
    await harness.close();
  }
  stats.elapsedMs = performance.now() - t0;
  return stats;
}
