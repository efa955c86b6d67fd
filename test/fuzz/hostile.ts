// npm run hostile: the hostile cases, timed.
//  1. issue 8's hostile messages (built in memory, never committed): parse = analyzeMessage in
//     this process, median of --runs (default 3); cli = one run of the CLI on the case written
//     to a temporary file (Node start-up included), with its peak memory.
//  2. issue 14's linear cases: each at n and 10n; the time ratio must stay under
//     LINEAR_MAX_RATIO (a quadratic regression breaks it, machine load does not).
//  3. issue 17's hostile environments through the CLI (hostile-env.ts), the slow ones too:
//     each run with its time, peak memory and verdict.
// Exit status 1 when a linear bound or an environment case fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import { HOSTILE_CASES, LINEAR_CASES, LINEAR_MAX_RATIO } from './hostile-cases.js';
import { HOSTILE_MSG_CASES } from './hostile-msg-cases.js';
import { ENV_CASES } from './hostile-env.js';
import { RUNS, runEnv } from './hostile-env-run.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
const withCli = !args.includes('--no-cli');
const withSlow = !args.includes('--no-slow');
const dir = mkdtempSync(path.join(tmpdir(), 'bouncemapi-hostile-'));
let failed = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (kb: number | null) => (kb === null ? '-' : `${(kb / 1024).toFixed(0)} MiB`);

function table(rows: string[][], left: number[] = [0]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((v, i) => (left.includes(i) ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
}

async function timeParse(bytes: Buffer, name: string): Promise<number> {
  const t0 = performance.now();
  await analyzeMessage(bytes, name);
  return performance.now() - t0;
}

try {
  console.log('1. hostile messages (issue 8) and Outlook items (issue 19)');
  const rows: string[][] = [['case', 'size', 'parse ms', 'cli ms', 'cli peak', 'exit', 'rows', 'outcome']];
  let worst = 0;
  for (const c of [...HOSTILE_CASES, ...HOSTILE_MSG_CASES]) {
    const bytes = c.build();
    const times: number[] = [];
    let outcome = '';
    let nrows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const { result } = await analyzeMessage(bytes, c.name);
      times.push(performance.now() - t0);
      nrows = result.recipients.length;
      outcome = result.error ? `error: ${result.error.slice(0, 60)}` : `${result.kind ?? 'not a report'}, ${result.warnings.length} warning(s)`;
    }
    let cli = ['', '', ''];
    if (withCli) {
      const file = path.join(dir, `${c.name}.eml`);
      writeFileSync(file, bytes);
      const run = await runEnv(c.name, ['--format', 'ndjson', '--quiet', file], { timeoutMs: 60_000 });
      worst = Math.max(worst, run.ms);
      cli = [run.ms.toFixed(0), mib(run.peakKb), String(run.code)];
      rmSync(file);
    }
    worst = Math.max(worst, median(times));
    rows.push([c.name, `${(bytes.length / 1024 / 1024).toFixed(2)} MiB`, median(times).toFixed(1), ...cli, String(nrows), outcome]);
  }
  table(rows, [0, 7]);
  console.log(`slowest: ${worst.toFixed(0)} ms (target: under 2000 ms each)\n`);

  console.log(`2. linear work (issue 14): time at 10n over time at n, fastest of 5 runs each, must stay under ${LINEAR_MAX_RATIO}`);
  const lin: string[][] = [['case', 'n', 'ms at n', 'ms at 10n', 'ratio', 'verdict']];
  for (const c of LINEAR_CASES) {
    const small = c.build(c.n);
    const large = c.build(c.n * 10);
    await timeParse(small, c.name); // warm the JIT on this shape
    const ts: number[] = [];
    const tl: number[] = [];
    // interleaved, so a burst of load falls on both sizes
    for (let i = 0; i < 5; i++) {
      ts.push(await timeParse(small, c.name));
      tl.push(await timeParse(large, c.name));
    }
    const ratio = Math.min(...tl) / Math.min(...ts);
    const ok = ratio < LINEAR_MAX_RATIO;
    if (!ok) failed++;
    lin.push([c.name, String(c.n), Math.min(...ts).toFixed(1), Math.min(...tl).toFixed(1), ratio.toFixed(1), ok ? 'ok' : 'FAIL: super-linear']);
  }
  table(lin);
  console.log('');

  console.log('3. hostile environments (issue 17), through the CLI');
  const env: string[][] = [['case', 'run', 'ms', 'peak', 'exit', 'verdict']];
  for (const c of ENV_CASES) {
    if (c.slow && !withSlow) continue;
    const why = c.skip?.() ?? null;
    if (why) {
      env.push([`${c.item}. ${c.name}`, '', '', '', '', `skipped: ${why}`]);
      continue;
    }
    const before = RUNS.length;
    let verdict = 'ok';
    try {
      await c.run();
    } catch (e) {
      failed++;
      verdict = `FAIL: ${String((e as Error).message).split('\n')[0].slice(0, 100)}`;
    }
    const mine = RUNS.slice(before);
    if (!mine.length) env.push([`${c.item}. ${c.name}`, '', '', '', '', verdict]);
    mine.forEach(({ label, run }, i) => env.push([i === 0 ? `${c.item}. ${c.name}` : '', label, run.ms.toFixed(0), mib(run.peakKb), String(run.code ?? run.signal), i === mine.length - 1 ? verdict : '']));
  }
  table(env, [0, 1, 5]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.log(`\n${failed} failed`);
  process.exitCode = 1;
}
