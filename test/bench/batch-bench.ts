// npm run bench:batch -- FILE... [--jobs 0,1,2] [--runs 3]
// Runs the built CLI over the inputs once per --jobs value, interleaved, several times, and
// prints per value the best and median wall time, messages/s, CPU seconds and peak RSS
// (from /usr/bin/time -v when present). Make a big input with test/bench/make-mailbox.ts.
// The best run is the one least disturbed by other work on the machine; the load average
// is printed so a reader can judge. On Linux the CPU time of each thread of the run is
// sampled from /proc (main thread, parsing workers, the rest: V8's GC helpers, libuv), which
// does not depend on the load: it shows what the workers cost and what can run in parallel.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  if (i === -1) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const jobsList = opt('--jobs', '0,1,2').split(',').map(Number);
const runs = Number(opt('--runs', '3'));
const inputs = args;
if (!inputs.length) {
  console.error('usage: npm run bench:batch -- FILE... [--jobs 0,1,2] [--runs 3]');
  process.exit(2);
}
const bin = path.resolve(import.meta.dirname, '../../bin/bouncemapi.js');
const timeV = existsSync('/usr/bin/time');

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  messages: number;
  /** CPU seconds of the main thread, of each parsing worker, and of all other threads */
  threads: { main: number; workers: number[]; other: number } | null;
}

/** CPU seconds per thread of process `pid` (Linux /proc), by thread id. */
function threadTimes(pid: number): Map<number, { name: string; cpu: number }> {
  const out = new Map<number, { name: string; cpu: number }>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { name, cpu: (Number(f[11]) + Number(f[12])) / 100 });
    }
  } catch {
    // the process has gone, or no /proc
  }
  return out;
}

async function once(jobs: number): Promise<Run> {
  const cmd = [...(timeV ? ['/usr/bin/time', '-v'] : []), process.execPath, bin, '--format', 'ndjson', '--jobs', String(jobs), ...inputs];
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  // the node process is /usr/bin/time's child: find it, then sample its threads until it ends
  const seen = new Map<number, { name: string; cpu: number }>();
  let node = timeV ? 0 : child.pid!;
  const sampler = setInterval(() => {
    if (!node && timeV) node = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]) || 0;
    if (node) for (const [tid, t] of threadTimes(node)) seen.set(tid, t);
  }, 50);
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const num = (re: RegExp) => Number(re.exec(err)?.[1] ?? NaN);
  const messages = num(/bouncemapi: (\d+) messages?:/);
  let threads: Run['threads'] = null;
  if (node && seen.size) {
    const main = seen.get(node)?.cpu ?? 0;
    // parsing workers are the busy threads besides the main one (Node names them all "node")
    const rest = [...seen].filter(([tid]) => tid !== node).map(([, t]) => t.cpu).sort((a, b) => b - a);
    const workers = rest.slice(0, jobs);
    threads = { main, workers, other: rest.slice(jobs).reduce((a, b) => a + b, 0) };
  }
  return { wall, cpu: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/), rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024, messages, threads };
}

const results = new Map<number, Run[]>(jobsList.map((j) => [j, []]));
console.log(`inputs: ${inputs.join(' ')}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (let r = 0; r < runs; r++) for (const j of jobsList) results.get(j)!.push(await once(j));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = Math.min(...results.get(jobsList[0])!.map((x) => x.wall));
for (const [j, rs] of results) {
  const best = Math.min(...rs.map((x) => x.wall));
  const n = rs[0].messages;
  console.log(
    `--jobs ${j}: best ${best.toFixed(2)} s (${(n / best).toFixed(0)} msg/s, ${(base / best).toFixed(2)}x), median ${median(rs.map((x) => x.wall)).toFixed(2)} s, cpu ${median(rs.map((x) => x.cpu)).toFixed(2)} s, peak RSS ${Math.max(...rs.map((x) => x.rssMb)).toFixed(0)} MiB, ${n} messages`,
  );
  const t = rs.find((x) => x.wall === best)?.threads;
  if (t) console.log(`  cpu by thread (best run): main ${t.main.toFixed(2)} s${t.workers.length ? `, workers ${t.workers.map((w) => w.toFixed(2)).join(' + ')} s` : ''}, other threads ${t.other.toFixed(2)} s`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
