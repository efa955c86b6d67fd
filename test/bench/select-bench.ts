// Format selection alone, per message: the registry's marker pass (openModules) and
// selectAndParse, over the shared corpus' Sisimai half, each message MIME-parsed afresh per pass
// (a BounceMessage keeps its views) and only the selection timed. Several passes, fastest
// reported: `npx tsx test/bench/select-bench.ts [passes]`. Skips when the corpus is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { FORMATS, selectAndParse } from '../../src/3-formats/registry.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { indexMarkers, openModules } from '../../src/3-formats/readers/markers.js';

async function main(): Promise<void> {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/sisimai');
  if (!existsSync(dir)) {
    console.log(`select-bench: no corpus at ${dir}, skipped`);
    return;
  }
  const inputs = readdirSync(dir)
    .filter((n) => n.endsWith('.eml'))
    .map((n) => readFileSync(path.join(dir, n)));
  const passes = Number(process.argv[2] ?? 8);
  const index = indexMarkers(FORMATS);
  const ctx = { limits: DEFAULT_LIMITS };
  let bestOpen = Infinity;
  let bestSelect = Infinity;
  for (let p = 0; p < passes; p++) {
    const a = inputs.map((b) => parseMimeSync(b)).filter((m) => m !== null);
    let t = process.cpuUsage();
    for (const m of a) openModules(index, m);
    const open = process.cpuUsage(t);
    const b = inputs.map((x) => parseMimeSync(x)).filter((m) => m !== null);
    t = process.cpuUsage();
    for (const m of b) selectAndParse(m, ctx);
    const sel = process.cpuUsage(t);
    const us = (u: NodeJS.CpuUsage, n: number) => (u.user + u.system) / n;
    bestOpen = Math.min(bestOpen, us(open, a.length));
    bestSelect = Math.min(bestSelect, us(sel, b.length));
  }
  console.log(`messages ${inputs.length}; fastest of ${passes} passes, CPU µs a message: openModules ${bestOpen.toFixed(1)} (views included), selectAndParse ${bestSelect.toFixed(1)} (parsing included)`);
}

void main();
