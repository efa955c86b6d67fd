// npm run bench [-- options]: bouncemapi's throughput and memory, optionally against Sisimai.
// It measures the built library (dist/), as the CLI runs it.
//
//   --copies N     the shared corpus copied N times into one folder (default 10: 3,330 messages)
//   --runs R       timed runs per measure; the median is printed (default 5)
//   --jobs N       also measure with N parallel jobs (always: the CLI's default --jobs, 1, and none)
//   --compare      run Debian's Sisimai (libsisimai-perl) over the same folder in the same run
//   --cli          the CLI end to end instead (cli-bench.ts): volume (x50), cold (x10) and start-up,
//                  each with the default --jobs, --jobs 0 and --jobs 1; with --compare, Sisimai the same way
//   --scaling      time and memory per message against recipient count and message size
//   --keep         keep the built corpus folder (it is reused when already there)
//
// The corpus is read from files each run (the page cache holds them), exactly as the CLI does.
// Each bouncemapi pass runs in a fresh process, timed from inside after loading, as Sisimai is
// timed inside Perl. Three regimes, because V8 compiles as it goes and Perl does not:
// 'steady state' reads the folder 8 times in one run and times the last 2 (the JIT has settled:
// a long batch or a long-lived service; what benchmarks of JIT runtimes call steady state);
// 'warming' reads it 3 times and times the last 2 (workers started, but each has seen only part
// of one read and V8 is still compiling much of the code); 'cold' is one pass (fresh JIT and
// workers, as one CLI run over this folder). Sisimai has no JIT to warm up: past its first read
// (which loads its modules) its rate stays put (`perl test/bench/sisimai-bench.pl DIR 4 0`
// prints each read's: 1,510, 1,584, 1,573, 1,614 messages/s here), so its pass reads the
// folder twice and times the second (its modules loaded, as ours are).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { ParseResult } from '../../src/index.js';
import { corpusFiles } from './corpus-lib.js';
import { runCliBench } from './cli-bench.js';
import { runScaling } from './scaling.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const copies = opt('--copies', 10);
const runs = opt('--runs', 5);
const root = path.resolve(import.meta.dirname, '../..');
const corpusDir = path.resolve(process.env.BOUNCEMAPI_CORPUS ?? path.join(root, '../shared/corpus'), 'sisimai');
const sourceDir = existsSync(corpusDir) ? corpusDir : path.join(root, 'fixtures/bounces');

/** The corpus copied `copies` times, flat in one folder (names prefixed c00-, c01-, ...). */
function buildCorpus(copies: number): { dir: string; files: number; bytes: number } {
  const names = corpusFiles(sourceDir);
  const dir = path.join(tmpdir(), `bouncemapi-bench-${path.basename(path.dirname(sourceDir))}-${names.length}x${copies}`);
  const want = names.length * copies;
  if (!existsSync(dir) || readdirSync(dir).length !== want) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (let c = 0; c < copies; c++) for (const n of names) copyFileSync(path.join(sourceDir, n), path.join(dir, `c${String(c).padStart(2, '0')}-${n}`));
  }
  let bytes = 0;
  for (const n of readdirSync(dir)) bytes += statSync(path.join(dir, n)).size;
  return { dir, files: want, bytes };
}

interface Measure {
  label: string;
  messages: number;
  seconds: number[];
  /** CPU time of the process, every thread (the load on the machine inflates it far less than wall time) */
  cpuSeconds: number[];
  peakRssMiB: number;
}

interface Pass {
  messages: number;
  seconds: number;
  cpuSeconds?: number;
  peak: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The built library (dist/, what users and the CLI run; `npm run bench` builds it first):
// worker threads then load compiled JavaScript, as they do in production.
const dist = path.join(root, 'dist');
type Translate = (r: ParseResult) => unknown[];
const lib = (await import(path.join(dist, 'index.js'))) as { translate?: Translate };
const translate = lib.translate;
const runModule = (await import(path.join(dist, '8-pipeline', 'run.js'))) as { defaultJobs?: () => number };
const jobsModule = (await import(path.join(dist, '8-pipeline', 'jobs.js')).catch(() => ({}))) as { automaticJobs?: () => { jobs: number } };
// the CLI's default --jobs (jobs.ts's automaticJobs; the batch runner's defaultJobs in older builds)
const DEFAULT_JOBS = jobsModule.automaticJobs ? jobsModule.automaticJobs().jobs : runModule.defaultJobs ? runModule.defaultJobs() : availableParallelism();

// How many times a pass reads the folder, and how many of those reads it leaves untimed (see
// the top of this file): cold, warming, steady state; and Sisimai's.
const COLD = { reads: 1, untimed: 0 };
const WARMING = { reads: 3, untimed: 1 };
const STEADY = { reads: 8, untimed: 6 };
const SISIMAI = { reads: 2, untimed: 1 };

/** One timed pass of the library over the folder in a fresh process (bench-child.mjs). */
function bouncemapiPass(dir: string, jobs: number, withTranslate: boolean, { reads, untimed } = COLD): () => Promise<Pass> {
  return async () => {
    const argv = [path.join(import.meta.dirname, 'bench-child.mjs'), dir, String(jobs), withTranslate ? '1' : '0', String(reads), String(untimed)];
    const run = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`bench-child.mjs failed: ${run.stderr.slice(0, 800)}`);
    return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Pass;
  };
}

function sisimaiInstalled(): boolean {
  return spawnSync('perl', ['-MSisimai', '-e', '1']).status === 0;
}

let sisimaiVersion = '';
function sisimaiPass(dir: string): () => Promise<Pass> {
  return async () => {
    const run = spawnSync('perl', [path.join(import.meta.dirname, 'sisimai-bench.pl'), dir, String(SISIMAI.reads), String(SISIMAI.untimed)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`sisimai-bench.pl failed: ${run.stderr.slice(0, 500)}`);
    const j = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { version: string; messages: number; seconds: number; cpuSeconds: number; maxrss_kb: number };
    sisimaiVersion = j.version;
    return { messages: j.messages, seconds: j.seconds, cpuSeconds: j.cpuSeconds, peak: j.maxrss_kb * 1024 };
  };
}

function line(m: Measure, bytesPerMessage: number): string {
  const s = median(m.seconds);
  const rate = m.messages / s;
  const best = m.messages / Math.min(...m.seconds);
  const cpu = m.cpuSeconds.length ? `${((median(m.cpuSeconds) / m.messages) * 1e6).toFixed(0).padStart(4)} µs CPU/msg` : '';
  return `${m.label.padEnd(50)} ${rate.toFixed(0).padStart(6)} messages/s ${((rate * bytesPerMessage) / 1e6).toFixed(2).padStart(6)} MB/s  peak RSS ${m.peakRssMiB.toFixed(0).padStart(4)} MiB  ${cpu}  (median of ${m.seconds.length}, best ${best.toFixed(0)}/s)`;
}

if (args.includes('--cli')) {
  const built: string[] = [];
  runCliBench({
    root,
    corpus: (n) => {
      const c = buildCorpus(n);
      built.push(c.dir);
      return c;
    },
    smallBounce: path.join(root, 'fixtures/bounces/postfix-failure-folded.eml'),
    runs: opt('--runs', 3),
    compare: args.includes('--compare'),
    defaultJobs: DEFAULT_JOBS,
  });
  if (!args.includes('--keep')) for (const d of built) rmSync(d, { recursive: true, force: true });
  process.exit(0);
}

const corpus = buildCorpus(copies);
console.log(`corpus: ${sourceDir} (${corpus.files / copies} files) x ${copies} = ${corpus.files} messages, ${(corpus.bytes / 1e6).toFixed(1)} MB, in ${corpus.dir}`);
console.log(`machine: ${cpus().length} cores, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows every figure; compare within one run)`);

const jobsArg = opt('--jobs', 0);
const plan: { label: string; pass: () => Promise<Pass> }[] = [
  { label: `parse, steady state, default --jobs (${DEFAULT_JOBS})`, pass: bouncemapiPass(corpus.dir, DEFAULT_JOBS, false, STEADY) },
  { label: 'parse, steady state, one thread', pass: bouncemapiPass(corpus.dir, 0, false, STEADY) },
  { label: `parse, warming, default --jobs (${DEFAULT_JOBS})`, pass: bouncemapiPass(corpus.dir, DEFAULT_JOBS, false, WARMING) },
  { label: 'parse, warming, one thread', pass: bouncemapiPass(corpus.dir, 0, false, WARMING) },
  { label: `parse, cold process, default --jobs (${DEFAULT_JOBS})`, pass: bouncemapiPass(corpus.dir, DEFAULT_JOBS, false) },
  { label: 'parse, cold process, --jobs 1', pass: bouncemapiPass(corpus.dir, 1, false) },
  { label: 'parse, cold process, one thread', pass: bouncemapiPass(corpus.dir, 0, false) },
];
if (jobsArg > 0) plan.push({ label: `parse, steady state, --jobs ${jobsArg}`, pass: bouncemapiPass(corpus.dir, jobsArg, false, STEADY) });
if (translate) plan.push({ label: `parse + translate, steady state, default --jobs`, pass: bouncemapiPass(corpus.dir, DEFAULT_JOBS, true, STEADY) });
const compare = args.includes('--compare') && sisimaiInstalled();
if (args.includes('--compare') && !compare) console.log('Sisimai: not installed (apt-get install libsisimai-perl), no comparison');
if (compare) plan.push({ label: 'Sisimai (perl, 1 process)', pass: sisimaiPass(corpus.dir) });

// one untimed warm-up pass of each (JIT, page cache), then the runs interleaved, so that a
// change in the machine's load touches every measure alike
for (const p of plan) await p.pass();
const measures: Measure[] = plan.map((p) => ({ label: p.label, messages: 0, seconds: [], cpuSeconds: [], peakRssMiB: 0 }));
for (let r = 0; r < runs; r++) {
  for (let i = 0; i < plan.length; i++) {
    const o = await plan[i].pass();
    measures[i].messages = o.messages;
    measures[i].seconds.push(o.seconds);
    if (o.cpuSeconds !== undefined) measures[i].cpuSeconds.push(o.cpuSeconds);
    measures[i].peakRssMiB = Math.max(measures[i].peakRssMiB, o.peak / 1048576);
  }
}
for (const m of measures) {
  if (m.label.startsWith('Sisimai')) m.label = `Sisimai ${sisimaiVersion} (perl, 1 process)`;
  console.log(line(m, corpus.bytes / corpus.files));
}
if (compare) {
  const sis = measures[measures.length - 1];
  const sisRate = sis.messages / median(sis.seconds);
  const ratio = (label: string) => {
    const m = measures.find((x) => x.label.startsWith(label));
    return m ? `${(m.messages / median(m.seconds) / sisRate).toFixed(2)}x` : '-';
  };
  console.log(
    `ratio to Sisimai (messages/s, medians): steady state ${ratio('parse, steady state, default')} with default --jobs, ${ratio('parse, steady state, one thread')} in one thread; ` +
      `warming ${ratio('parse, warming, default')} with default --jobs, ${ratio('parse, warming, one thread')} in one thread; ` +
      `cold process ${ratio('parse, cold process, default')} with default --jobs, ${ratio('parse, cold process, one thread')} in one thread`,
  );
  // CPU time per message: what the work costs, whatever else the machine is doing
  const cpuOf = (m: Measure | undefined) => (m && m.cpuSeconds.length ? median(m.cpuSeconds) / m.messages : Number.NaN);
  const sisCpu = cpuOf(sis);
  const cpuRatio = (label: string) => (sisCpu / cpuOf(measures.find((x) => x.label.startsWith(label)))).toFixed(2);
  console.log(
    `CPU per message, Sisimai's over bouncemapi's: steady state ${cpuRatio('parse, steady state, one thread')}x in one thread, ${cpuRatio('parse, steady state, default')}x with default --jobs (all threads); ` +
      `warming ${cpuRatio('parse, warming, one thread')}x in one thread; cold ${cpuRatio('parse, cold process, one thread')}x in one thread`,
  );
}

if (args.includes('--scaling')) await runScaling(runs);
if (!args.includes('--keep')) {
  // the folder is cheap to rebuild; keep /tmp tidy unless asked
  rmSync(corpus.dir, { recursive: true, force: true });
}
