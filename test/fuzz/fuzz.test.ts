// CI fuzzing (issue 8): mutated fixtures and random bytes through parse (and translate once
// the library has it), each on a worker thread with a generous timeout against hangs. Every
// input must give one schema-valid result with no exception escaping and no internal error
// caught. Failing inputs are saved to fixtures/regressions/ (regressions.test.ts replays them),
// those made from a shared-corpus message outside the project (run-fuzz.ts).
// A longer run: npm run fuzz -- --duration 10m.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, FIXTURES, HAS_CORPUS } from '../helpers/paths.js';
import { loadSeeds } from './arbitraries.js';
import { runFuzz } from './run-fuzz.js';

const REGRESSIONS = path.join(FIXTURES, 'regressions');

describe('fuzzing parse', () => {
  it('mutated fixtures and random bytes: one valid result each, nothing escapes, nothing hangs', { timeout: 120_000 }, async () => {
    // the shared corpus (real generators' layouts) joins the seeds where it is present
    const own = [path.join(FIXTURES, 'bounces'), REGRESSIONS];
    const seeds = loadSeeds([...own, ...(HAS_CORPUS ? [path.join(CORPUS, 'sisimai')] : [])]);
    expect(seeds.length).toBeGreaterThan(0);
    // a fixed budget, well inside a minute on a 2-core machine
    const stats = await runFuzz({ seeds, numRuns: 10_000, durationMs: 40_000, timeoutMs: 20_000, regressionsDir: REGRESSIONS, ownSeeds: loadSeeds(own).length });
    const report = stats.failures.map((f) => `${f.file} (${f.how}): ${f.problems.join('; ')}`).join('\n');
    expect(stats.inputs).toBeGreaterThan(100);
    expect(stats.failures, `fast-check seed ${stats.seed}\n${report}`).toEqual([]);
  });
});
