// npm run fuzz [-- --duration 10m] [--seed N] [--timeout 10s] [--no-corpus]: the long fuzz run,
// a random fast-check seed each time unless --seed is given (npm test runs a fixed one).
// Seeds: fixtures/bounces, fixtures/regressions and (when present) the shared corpus.
// Prints inputs tried, failures (saved under fixtures/regressions/; those made from a corpus
// message in a temporary folder, see run-fuzz.ts) and the slowest input.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSeeds } from './arbitraries.js';
import { FuzzHarness } from './harness.js';
import { runFuzz, type FuzzStats } from './run-fuzz.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
function duration(v: string | undefined, dflt: number): number {
  if (!v) return dflt;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) throw new Error(`not a duration: ${v} (examples: 90s, 10m, 1h)`);
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * mult;
}

const root = path.resolve(import.meta.dirname, '../..');
const regressions = path.join(root, 'fixtures/regressions');
const dirs = [path.join(root, 'fixtures/bounces'), regressions];
// the project's own seeds first: failures made from them are kept in fixtures/regressions
const ownSeeds = loadSeeds(dirs).length;
if (!args.includes('--no-corpus')) dirs.push(path.resolve(process.env.BOUNCEMAPI_CORPUS ?? path.join(root, '../shared/corpus'), 'sisimai'));
const seeds = loadSeeds(dirs);
const durationMs = duration(opt('--duration'), 60_000);
const seed = opt('--seed') === undefined ? undefined : Number(opt('--seed'));

const line = (s: FuzzStats) =>
  `${(s.elapsedMs / 1000).toFixed(0)} s: ${s.inputs} inputs (${(s.bytes / 1e6).toFixed(1)} MB), ${s.failures.length} failure(s), worker heap ${s.heapMb.toFixed(0)} MiB, slowest ${s.slowest ? `${s.slowest.ms.toFixed(1)} ms (${s.slowest.size} bytes, ${s.slowest.how})` : '-'}`;

console.log(`fuzzing for ${(durationMs / 1000).toFixed(0)} s over ${seeds.length} seed messages; fast-check seed follows at the end`);
const stats = await runFuzz({ seeds, durationMs, timeoutMs: duration(opt('--timeout'), 10_000), regressionsDir: regressions, ownSeeds, seed, onProgress: (s) => console.log(line(s)) });
console.log(line(stats));
console.log(`fast-check seed ${stats.seed}; ${(stats.inputs / (stats.elapsedMs / 1000)).toFixed(0)} inputs/s`);
if (stats.slowest) {
  const file = path.join(tmpdir(), 'bouncemapi-fuzz-slowest.eml');
  writeFileSync(file, stats.slowest.bytes);
  console.log(`slowest input kept in ${file}`);
  // its time in the worker includes whatever else the machine was doing then: time it again
  const harness = new FuzzHarness(60_000);
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push((await harness.parse(stats.slowest.bytes)).ms);
  await harness.close();
  again.sort((a, b) => a - b);
  console.log(`slowest input re-timed (parse + translate, median of 5): ${again[2].toFixed(1)} ms`);
}
for (const f of stats.failures) console.log(`FAILURE ${f.file} (${f.how}):\n  ${f.problems.join('\n  ')}`);
process.exitCode = stats.failures.length ? 1 : 0;
