// One scaling measure in a fresh process (so its peak RSS is its own): build a synthetic
// message, parse it `reps` times per run, print {ms per message (median), peak RSS, rows, bytes}.
// Usage: tsx test/bench/scaling-case.ts recipients|bytes N RUNS
import { readFileSync } from 'node:fs';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import { bigOriginal, manyRecipients } from './synthetic.js';

const [kind, nArg, runsArg] = process.argv.slice(2);
const n = Number(nArg);
const runs = Number(runsArg ?? 5);
const msg = kind === 'recipients' ? manyRecipients(n) : kind === 'bytes' ? bigOriginal(n) : Buffer.from('Subject: x\r\n\r\nx\r\n');
// enough repetitions that one run takes ~0.2 s or more
const reps = Math.max(1, Math.round(4_000_000 / Math.max(msg.length, 4096)));
const first = await analyzeMessage(msg, 'scale');
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await analyzeMessage(msg, 'scale');
  times.push((performance.now() - t0) / reps);
}
times.sort((a, b) => a - b);
// VmHWM (proc(5)): this process's own high-water mark; getrusage's maxRSS survives execve and
// can be the spawning process's (getrusage(2), NOTES)
function peakKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (m) return Number(m[1]);
  } catch {
    // no procfs
  }
  return process.resourceUsage().maxRSS;
}
console.log(JSON.stringify({ ms: times[Math.floor(times.length / 2)], peakRssMiB: peakKb() / 1024, rows: first.result.recipients.length, bytes: msg.length, error: first.result.error }));
