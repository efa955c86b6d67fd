// One timed pass of the built library in a fresh process (npm run bench): cold JIT and fresh
// workers, as a CLI run has them, but timed from inside, after the modules are loaded, as
// sisimai-bench.pl times Sisimai. Prints one JSON line.
// Usage: node bench-child.mjs DIR JOBS TRANSLATE(0|1)
const [dir, jobsArg, translateArg] = process.argv.slice(2);
const dist = new URL('../../dist/', import.meta.url);
const { parseInputs } = await import(new URL('run.js', dist).href);
const lib = await import(new URL('index.js', dist).href);
const jobs = Number(jobsArg);
const withTranslate = translateArg === '1' && typeof lib.translate === 'function';
let peak = process.memoryUsage().rss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const c0 = process.cpuUsage();
const t0 = performance.now();
let messages = 0;
for await (const r of parseInputs([dir], { jobs })) {
  messages++;
  if (withTranslate) lib.translate(r);
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ messages, seconds, cpuSeconds, peak }));
