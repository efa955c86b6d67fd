// One timed pass of the built library in a fresh process (npm run bench): fresh workers and a
// cold JIT, as a CLI run has them, timed from inside after the modules are loaded, as
// sisimai-bench.pl times Sisimai. With REPEAT > 1 the folder is read REPEAT times in the same
// run (one parseInputs call, one worker pool) and only the copies after the first SKIP are
// timed: workers started, the JIT the warmer the more copies were skipped (bench.ts: steady
// state skips 1 of 3, long run 6 of 8). Prints one JSON line.
// Usage: node bench-child.mjs DIR JOBS TRANSLATE(0|1) [REPEAT SKIP]
import { readFileSync } from 'node:fs';
const [dir, jobsArg, translateArg, repeatArg = '1', skipArg = '0'] = process.argv.slice(2);
const dist = new URL('../../dist/', import.meta.url);
const lib = await import(new URL('index.js', dist).href);
const { parseInputs } = lib;
const jobs = Number(jobsArg);
const repeat = Number(repeatArg);
const skip = Number(skipArg);
const withTranslate = translateArg === '1' && typeof lib.translate === 'function';
const { readdirSync } = await import('node:fs');
const perCopy = readdirSync(dir).length; // one message per file (the corpus folder holds no mbox)
const startAt = skip * perCopy;
let c0 = process.cpuUsage();
let t0 = performance.now();
let n = 0;
for await (const r of parseInputs(Array(repeat).fill(dir), { jobs })) {
  if (withTranslate) lib.translate(r);
  if (++n === startAt) {
    c0 = process.cpuUsage();
    t0 = performance.now();
  }
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
// the kernel's high-water mark of the process (all threads), as sisimai-bench.pl reads VmHWM:
// exact, and free (a timer polling memoryUsage() cost ~5% of the main thread's time)
// (VmHWM, not getrusage's maxRSS: that one survives execve and would report the spawning
// process's own high-water mark when it was the larger, getrusage(2) NOTES)
const hwm = (() => {
  try {
    return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
})();
const peak = (Number.isFinite(hwm) ? hwm : process.resourceUsage().maxRSS) * 1024;
console.log(JSON.stringify({ messages: n - startAt, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peak }));
