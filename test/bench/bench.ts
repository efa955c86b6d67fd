// npm run bench [-- options]: bouncemapi's throughput and memory, optionally against Sisimai.
//
//   --copies N     the shared corpus copied N times into one folder (default 10: 3,330 messages)
//   --runs R       timed runs per measure; the median is printed (default 5)
//   --jobs N       also measure with N parallel jobs (default: the library's own default, and 1)
//   --compare      run Debian's Sisimai (libsisimai-perl) over the same folder in the same run
//   --scaling      time and memory per message against recipient count and message size
//   --keep         keep the built corpus folder (it is reused when already there)
//
// The corpus is read from files each run (the page cache holds them), exactly as the CLI does.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as lib from '../../src/index.js';
import { parseInputs, type RunOptions } from '../../src/run.js';
import { corpusFiles } from './corpus-lib.js';
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
function buildCorpus(): { dir: string; files: number; bytes: number } {
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
  peakRssMiB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak RSS of this process (worker threads included) while `fn` runs, sampled every 10 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

type Translate = (r: lib.ParseResult) => unknown[];
const translate = (lib as unknown as { translate?: Translate }).translate;

async function measureBouncemapi(dir: string, label: string, options: RunOptions & { jobs?: number }, withTranslate: boolean): Promise<Measure> {
  const seconds: number[] = [];
  let messages = 0;
  let peak = 0;
  // one untimed warm-up run (JIT, page cache)
  for await (const r of parseInputs([dir], options)) if (withTranslate && translate) translate(r);
  for (let i = 0; i < runs; i++) {
    const { value, peak: p } = await withPeakRss(async () => {
      const t0 = performance.now();
      let n = 0;
      for await (const r of parseInputs([dir], options)) {
        n++;
        if (withTranslate && translate) translate(r);
      }
      return { n, s: (performance.now() - t0) / 1000 };
    });
    messages = value.n;
    seconds.push(value.s);
    peak = Math.max(peak, p);
  }
  return { label, messages, seconds, peakRssMiB: peak / 1048576 };
}

function sisimaiInstalled(): boolean {
  return spawnSync('perl', ['-MSisimai', '-e', '1']).status === 0;
}

function measureSisimai(dir: string, sisimaiRuns: number): Measure & { version: string } {
  const seconds: number[] = [];
  let messages = 0;
  let peak = 0;
  let version = '';
  for (let i = 0; i < sisimaiRuns; i++) {
    const run = spawnSync('perl', [path.join(import.meta.dirname, 'sisimai-bench.pl'), dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`sisimai-bench.pl failed: ${run.stderr.slice(0, 500)}`);
    const j = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { version: string; messages: number; seconds: number; maxrss_kb: number };
    messages = j.messages;
    seconds.push(j.seconds);
    peak = Math.max(peak, j.maxrss_kb / 1024);
    version = j.version;
  }
  return { label: `Sisimai ${version} (perl, 1 process)`, messages, seconds, peakRssMiB: peak, version };
}

function line(m: Measure, bytes: number): string {
  const s = median(m.seconds);
  const rate = m.messages / s;
  const spread = m.seconds.length > 1 ? `; runs ${m.seconds.map((x) => (m.messages / x).toFixed(0)).join(', ')} msg/s` : '';
  return `${m.label.padEnd(44)} ${rate.toFixed(0).padStart(6)} messages/s  ${(bytes / s / 1e6).toFixed(2).padStart(6)} MB/s  peak RSS ${m.peakRssMiB.toFixed(0).padStart(4)} MiB  (median of ${m.seconds.length}${spread})`;
}

const corpus = buildCorpus();
console.log(`corpus: ${sourceDir} (${corpus.files / copies} files) x ${copies} = ${corpus.files} messages, ${(corpus.bytes / 1e6).toFixed(1)} MB, in ${corpus.dir}`);
console.log(`machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);

const jobsArg = opt('--jobs', 0);
const measures: Measure[] = [];
const defaultRun = await measureBouncemapi(corpus.dir, 'bouncemapi parse, default --jobs', {}, false);
console.log(line(defaultRun, corpus.bytes));
measures.push(defaultRun);
const single = await measureBouncemapi(corpus.dir, 'bouncemapi parse, --jobs 1', { jobs: 1 }, false);
console.log(line(single, corpus.bytes));
if (jobsArg > 1) {
  const m = await measureBouncemapi(corpus.dir, `bouncemapi parse, --jobs ${jobsArg}`, { jobs: jobsArg }, false);
  console.log(line(m, corpus.bytes));
}
if (translate) {
  const m = await measureBouncemapi(corpus.dir, 'bouncemapi parse + translate, default --jobs', {}, true);
  console.log(line(m, corpus.bytes));
} else {
  console.log('translate: not in the library yet, not measured');
}

if (args.includes('--compare')) {
  if (!sisimaiInstalled()) {
    console.log('Sisimai: not installed (apt-get install libsisimai-perl), no comparison');
  } else {
    const sis = measureSisimai(corpus.dir, Math.min(runs, 3));
    console.log(line(sis, corpus.bytes));
    if (sis.messages !== defaultRun.messages) console.log(`note: Sisimai read ${sis.messages} messages, bouncemapi ${defaultRun.messages} (an mbox file in the corpus holds more than one)`);
    const sisRate = sis.messages / median(sis.seconds);
    const ratio = (m: Measure) => (m.messages / median(m.seconds) / sisRate).toFixed(2);
    console.log(`ratio to Sisimai (messages/s): ${ratio(defaultRun)}x with default --jobs, ${ratio(single)}x with --jobs 1`);
  }
}

if (args.includes('--scaling')) await runScaling(runs);
if (!args.includes('--keep')) {
  // the folder is cheap to rebuild; keep /tmp tidy unless asked
  rmSync(corpus.dir, { recursive: true, force: true });
}
