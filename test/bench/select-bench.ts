// Format selection alone, per message: the registry's marker pass (openModules) and
// selectAndParse, over the shared corpus' Sisimai half, each message MIME-parsed afresh per pass
// (a BounceMessage keeps its views) and only the selection timed. Several passes, fastest
// reported: `npx tsx test/bench/select-bench.ts [passes]`. Skips when the corpus is absent.
// Also counted, once: the modules each message opens, those that score it, and how many
// parse() calls run before one gives a report (each that gives nothing is work wasted).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { FORMATS, selectAndParse } from '../../src/3-formats/registry.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { indexMarkers, openModules } from '../../src/3-formats/readers/markers.js';
import type { ParsedReport } from '../../src/3-formats/readers/types.js';

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
  countCandidates(inputs, index, ctx);
}

/** Per message: modules opened, modules scoring it, parse() calls until a report (the registry's order: score, then registry position). */
function countCandidates(inputs: Buffer[], index: ReturnType<typeof indexMarkers>, ctx: { limits: typeof DEFAULT_LIMITS }): void {
  let opened = 0;
  let scoring = 0;
  let parses = 0;
  let wasted = 0;
  let messages = 0;
  const wastedBy = new Map<string, number>();
  for (const bytes of inputs) {
    const msg = parseMimeSync(bytes);
    if (!msg) continue;
    messages++;
    const open = openModules(index, msg);
    const scored: { id: string; score: number; parse: () => ParsedReport | null }[] = [];
    FORMATS.forEach((f, i) => {
      if (!open[i]) return;
      opened++;
      const score = f.score(msg);
      if (score > 0) scored.push({ id: f.id, score, parse: () => f.parse(msg, ctx) });
    });
    scoring += scored.length;
    // Array.prototype.sort is stable: registry order among equal scores, as selectAndParse has it
    scored.sort((x, y) => y.score - x.score);
    for (const c of scored) {
      parses++;
      let report: ParsedReport | null = null;
      try {
        report = c.parse();
      } catch {
        // a parser's failure: the next candidate gets its turn, as in selectAndParse
      }
      if (report && (report.recipients.length > 0 || report.kind !== 'dsn')) break;
      wasted++;
      wastedBy.set(c.id, (wastedBy.get(c.id) ?? 0) + 1);
    }
  }
  const per = (n: number) => (n / messages).toFixed(3);
  const by = [...wastedBy].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(', ');
  console.log(`a message: ${per(opened)} modules open, ${per(scoring)} score it, ${per(parses)} parse() calls, ${per(wasted)} of them giving nothing${by ? ` (${by})` : ''}`);
}

void main();
