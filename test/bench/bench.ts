// npm run bench: messages/second, MB/second and peak memory of parse over the corpus.
// First version: the shared corpus (or the fixtures when it is absent) copied N times,
// parsed in one thread; the median of several runs is printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeMessage } from '../../src/parse.js';
import { corpusFiles } from './corpus-lib.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const copies = arg('--copies', 10);
const runs = arg('--runs', 5);
const corpusDir = path.resolve(import.meta.dirname, '../../../shared/corpus/sisimai');
const fixturesDir = path.resolve(import.meta.dirname, '../../fixtures');
let dir = corpusDir;
let files: string[];
try {
  files = corpusFiles(corpusDir);
} catch {
  dir = fixturesDir;
  files = corpusFiles(fixturesDir);
}
const inputs = files.map((f) => readFileSync(path.join(dir, f)));
const messages: Buffer[] = [];
for (let i = 0; i < copies; i++) messages.push(...inputs);
const bytes = messages.reduce((n, b) => n + b.length, 0);

let peakRss = process.memoryUsage().rss;
const sample = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

// warm-up
for (const m of inputs) await analyzeMessage(m, 'warmup');

const rates: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < messages.length; i++) await analyzeMessage(messages[i], `m${i}`);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  rates.push(messages.length / secs);
}
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
console.log(`corpus: ${dir} (${files.length} files) x ${copies} = ${messages.length} messages, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`parse, 1 thread: ${median.toFixed(0)} messages/s, ${((median * bytes) / messages.length / 1e6).toFixed(2)} MB/s (median of ${runs} runs; min ${rates[0].toFixed(0)}, max ${rates[rates.length - 1].toFixed(0)})`);
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
