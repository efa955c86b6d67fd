// npm run conformance [-- --group PREFIX] [--all]: agreement with Sisimai's expected
// answers on the shared corpus, per group and overall (files recognised, files with the
// right recipient count, rows with the right status, reason and reply code), then the
// disagreements, then the expectations we dispute (sisimai-disputes.json) and why.
import path from 'node:path';
import { DEFAULT_CORPUS, loadDisputes, pct, scoreConformance, type Tally } from './conformance-lib.js';

const args = process.argv.slice(2);
const groupArg = args.includes('--group') ? args[args.indexOf('--group') + 1] : null;
const corpus = process.env.BOUNCEMAPI_CORPUS ?? DEFAULT_CORPUS;
const disputes = loadDisputes(path.resolve(import.meta.dirname, 'sisimai-disputes.json'));
const report = await scoreConformance(path.join(corpus, 'sisimai'), path.join(corpus, 'sisimai-expected.ndjson'), disputes);

const line = (name: string, t: Tally) =>
  `${name.padEnd(24)} ${String(t.files).padStart(4)} ${pct(t.recognised, t.files).padStart(7)} ${pct(t.countRight, t.files).padStart(7)} ${String(t.rows).padStart(5)} ${pct(t.statusRight, t.rows).padStart(7)} ${pct(t.reasonRight, t.rows).padStart(7)} ${pct(t.replyRight, t.rows).padStart(7)} ${pct(t.hardRight, t.rows).padStart(7)}`;
console.log(`${'group'.padEnd(24)} ${'files'.padStart(4)} ${'recog'.padStart(7)} ${'count'.padStart(7)} ${'rows'.padStart(5)} ${'status'.padStart(7)} ${'reason'.padStart(7)} ${'reply'.padStart(7)} ${'hard'.padStart(7)}`);
const names = [...report.groups.keys()].sort().filter((g) => !groupArg || g.startsWith(groupArg));
for (const g of names) console.log(line(g, report.groups.get(g)!));
console.log(line('OVERALL', report.overall));
if (!groupArg) console.log(line('(disputes as ours)', report.overallWithDisputes));
console.log('\nDisagreements (file #row field: expected -> got):');
for (const d of report.disagreements) {
  if (groupArg && !d.file.startsWith(groupArg)) continue;
  if (d.field === 'replycode' && !args.includes('--all')) continue;
  console.log(`  ${d.file} #${d.index} ${d.field}: ${JSON.stringify(d.expected)} -> ${JSON.stringify(d.got)}${d.disputed ? `  [Sisimai disputed: ${d.disputed}]` : ''}`);
}

const shown = disputes.filter((d) => !groupArg || d.file.startsWith(groupArg));
if (shown.length) {
  console.log(`\nDisputed expectations (${shown.length}; Sisimai's answer judged wrong, the parser not bent to it):`);
  for (const d of shown) console.log(`  ${d.file} #${d.index} ${d.field}: ${d.why}`);
}
