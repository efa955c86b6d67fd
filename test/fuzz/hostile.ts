// npm run hostile: time each hostile case of issue 8 (built in memory, never committed).
// parse = analyzeMessage in this process, median of --runs (default 3); cli = one run of
// bin/bouncemapi.js on the case written to a temporary file (Node start-up included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import { HOSTILE_CASES } from './hostile-cases.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
const withCli = !args.includes('--no-cli');
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/bouncemapi.js');
const dir = mkdtempSync(path.join(tmpdir(), 'bouncemapi-hostile-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[][] = [['case', 'size', 'parse ms', 'cli ms', 'exit', 'rows', 'outcome']];
let worst = 0;
try {
  for (const c of HOSTILE_CASES) {
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
    let cli = '';
    let exit = '';
    if (withCli) {
      const file = path.join(dir, `${c.name}.eml`);
      writeFileSync(file, bytes);
      const t0 = performance.now();
      const run = spawnSync(process.execPath, [bin, '--format', 'ndjson', '--quiet', file], { maxBuffer: 256 * 1024 * 1024 });
      const ms = performance.now() - t0;
      worst = Math.max(worst, ms);
      cli = ms.toFixed(0);
      exit = String(run.status);
      rmSync(file);
    }
    worst = Math.max(worst, median(times));
    rows.push([c.name, `${(bytes.length / 1024 / 1024).toFixed(2)} MiB`, median(times).toFixed(1), cli, exit, String(nrows), outcome]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((v, i) => (i === 0 || i === 6 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
console.log(`slowest: ${worst.toFixed(0)} ms (target: under 2000 ms each)`);
