// npm run bench:batch -- FILE... [--jobs 0,1,2] [--runs 3]
// Runs the built CLI over the inputs once per --jobs value, interleaved, several times, and
// prints per value the best and median wall time, messages/s, CPU seconds and peak RSS
// (from /usr/bin/time -v when present). Make a big input with test/bench/make-mailbox.ts.
// The best run is the one least disturbed by other work on the machine; the load average
// is printed so a reader can judge.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
}

function once(jobs: number): Run {
  const cmd = [...(timeV ? ['/usr/bin/time', '-v'] : []), process.execPath, bin, '--format', 'ndjson', '--jobs', String(jobs), ...inputs];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const err = r.stderr ?? '';
  const num = (re: RegExp) => Number(re.exec(err)?.[1] ?? NaN);
  const messages = num(/bouncemapi: (\d+) messages?:/);
  return { wall, cpu: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/), rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024, messages };
}

const results = new Map<number, Run[]>(jobsList.map((j) => [j, []]));
console.log(`inputs: ${inputs.join(' ')}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (let r = 0; r < runs; r++) for (const j of jobsList) results.get(j)!.push(once(j));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = Math.min(...results.get(jobsList[0])!.map((x) => x.wall));
for (const [j, rs] of results) {
  const best = Math.min(...rs.map((x) => x.wall));
  const n = rs[0].messages;
  console.log(
    `--jobs ${j}: best ${best.toFixed(2)} s (${(n / best).toFixed(0)} msg/s, ${(base / best).toFixed(2)}x), median ${median(rs.map((x) => x.wall)).toFixed(2)} s, cpu ${median(rs.map((x) => x.cpu)).toFixed(2)} s, peak RSS ${Math.max(...rs.map((x) => x.rssMb)).toFixed(0)} MiB, ${n} messages`,
  );
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
