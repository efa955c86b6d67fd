// npm run bench -- --cli [--compare] [--runs R]: the CLI as a user runs it, end to end (Node's
// start-up, reading the files, ndjson to a pipe that is drained), side by side with Sisimai in
// the same run, timed from outside as wall-clock time of the whole process:
//
//   volume    the corpus copied 50 times into one folder (16,650 files for the Sisimai half)
//   cold      the corpus copied 10 times (3,330 files)
//   start-up  one small bounce piped on stdin, against `node -e 0` (Node's own start)
//
// each for the default --jobs, --jobs 0 and --jobs 1. Sisimai runs the same way: one Perl
// process over the same folder, `Sisimai->make` per file and one JSON line per file, start-up
// included (../shared/tools/sisimai-run.pl when the shared folder is there, else our own loop
// sisimai-make.pl). Runs are interleaved, so that a change in the machine's load touches every
// row alike; the median is printed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface CliBenchOptions {
  root: string;
  /** folder of the corpus copied N times: (copies) => { dir, files } */
  corpus: (copies: number) => { dir: string; files: number };
  /** one small bounce for the start-up row */
  smallBounce: string;
  runs: number;
  compare: boolean;
  defaultJobs: number;
}

interface Timed {
  seconds: number;
  lines: number;
  peakKb: number;
  /** user + system CPU time of the process, every thread (NaN without /usr/bin/time) */
  cpuSeconds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasTime = existsSync('/usr/bin/time');

/** Run a command to completion, stdout to a pipe drained here; wall time, output lines, peak RSS, CPU time. */
function timed(cmd: string, argv: string[], opts: { cwd?: string; input?: Buffer | string } = {}): Timed {
  const [file, args] = hasTime ? ['/usr/bin/time', ['-f', '%M %U %S', cmd, ...argv]] : [cmd, argv];
  const t0 = performance.now();
  const run = spawnSync(file, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  if (run.error) throw run.error;
  // GNU time's last line: peak RSS (KB), user and system CPU seconds
  const [kb, user, sys] = hasTime ? (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [0, NaN, NaN];
  let lines = 0;
  for (let i = run.stdout.indexOf('\n'); i !== -1; i = run.stdout.indexOf('\n', i + 1)) lines++;
  return { seconds, lines, peakKb: Number.isFinite(kb) ? kb : 0, cpuSeconds: user + sys };
}

function sisimaiScript(root: string): string {
  const shared = path.resolve(root, '../shared/tools/sisimai-run.pl');
  return existsSync(shared) ? shared : path.join(import.meta.dirname, 'sisimai-make.pl');
}

interface Row {
  label: string;
  run: () => Timed;
  seconds: number[];
  cpuSeconds: number[];
  peakKb: number;
  lines: number;
}

function row(label: string, run: () => Timed): Row {
  return { label, run, seconds: [], cpuSeconds: [], peakKb: 0, lines: 0 };
}

function measure(rows: Row[], runs: number): void {
  for (const r of rows) r.run(); // warm-up: page cache, Perl's and Node's own files
  for (let i = 0; i < runs; i++)
    for (const r of rows) {
      const t = r.run();
      r.seconds.push(t.seconds);
      r.cpuSeconds.push(t.cpuSeconds);
      r.peakKb = Math.max(r.peakKb, t.peakKb);
      r.lines = t.lines;
    }
}

export function runCliBench(o: CliBenchOptions): void {
  const bin = path.join(o.root, 'bin/bouncemapi.js');
  const node = process.execPath;
  const sisimai = o.compare && spawnSync('perl', ['-MSisimai', '-e', '1']).status === 0;
  if (o.compare && !sisimai) console.log('Sisimai: not installed (apt-get install libsisimai-perl), no comparison');
  const version = sisimai ? spawnSync('perl', ['-MSisimai', '-e', 'print $Sisimai::VERSION'], { encoding: 'utf8' }).stdout.trim() : '';
  const script = sisimaiScript(o.root);
  const jobsVariants: [string, string[]][] = [
    [`default --jobs (${o.defaultJobs})`, []],
    ['--jobs 0', ['--jobs', '0']],
    ['--jobs 1', ['--jobs', '1']],
  ];

  for (const [name, copies] of [
    ['volume', 50],
    ['cold', 10],
  ] as const) {
    const { dir, files } = o.corpus(copies);
    const rows = jobsVariants.map(([label, jobs]) => row(`${name} x${copies}, bouncemapi, ${label}`, () => timed(node, [bin, 'parse', '--format', 'ndjson', '--quiet', ...jobs, dir])));
    // Sisimai reads the file names on stdin, relative to the folder, as sisimai-run.pl's own usage says
    const names = spawnSync('ls', [dir], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    if (sisimai) rows.push(row(`${name} x${copies}, Sisimai ${version} (${path.basename(script)})`, () => timed('perl', [script], { cwd: dir, input: names })));
    measure(rows, o.runs);
    console.log(`\n${name}: ${files} files, median of ${o.runs} runs (wall time of the whole process, start-up included; CPU: user + system time of all its threads, which the machine's other load moves less)`);
    const sis = sisimai ? rows[rows.length - 1] : null;
    const sisRate = sis ? sis.lines / median(sis.seconds) : 0;
    for (const r of rows) {
      const rate = files / median(r.seconds);
      const ratio = sis && r !== sis ? `  ${(rate / sisRate).toFixed(2)}x Sisimai` : '';
      const cpu = median(r.cpuSeconds);
      const cpuText = Number.isFinite(cpu) ? `  CPU ${cpu.toFixed(2).padStart(5)} s, ${((cpu / files) * 1e6).toFixed(0).padStart(4)} µs/msg` : '';
      console.log(`  ${r.label.padEnd(62)} ${median(r.seconds).toFixed(2).padStart(6)} s ${rate.toFixed(0).padStart(6)} msg/s  peak RSS ${(r.peakKb / 1024).toFixed(0).padStart(4)} MiB${cpuText}  (${r.lines} lines)${ratio}`);
    }
  }

  // start-up: more runs, each short
  const small = o.smallBounce;
  const input = spawnSync('cat', [small], { encoding: 'buffer' }).stdout;
  const startRows = [
    row('node -e 0', () => timed(node, ['-e', '0'])),
    ...jobsVariants.map(([label, jobs]) => row(`bouncemapi --format ndjson < ${path.basename(small)}, ${label}`, () => timed(node, [bin, '--format', 'ndjson', ...jobs], { input }))),
    row('bouncemapi --version', () => timed(node, [bin, '--version'])),
  ];
  const startRuns = Math.max(11, o.runs * 4);
  measure(startRows, startRuns);
  const base = median(startRows[0].seconds);
  console.log(`\nstart-up: median of ${startRuns} runs`);
  for (const r of startRows) {
    const ms = median(r.seconds) * 1000;
    const over = r === startRows[0] ? '' : `  +${(ms - base * 1000).toFixed(0)} ms over node -e 0`;
    console.log(`  ${r.label.padEnd(62)} ${ms.toFixed(0).padStart(6)} ms  peak RSS ${(r.peakKb / 1024).toFixed(0).padStart(4)} MiB${over}`);
  }
}
