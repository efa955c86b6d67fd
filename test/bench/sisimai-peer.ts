// npm run peer-check [-- --group PREFIX] [--json FILE]: our table next to what a real peer
// actually answers on the shared corpus. Debian's Sisimai 4.25 (libsisimai-perl) reads every
// corpus file through sisimai-dump.pl; for each file we compare recipients (addresses, in
// order) and reasons, and say what Sisimai's expected file (its test suite's answer, newer
// than 4.25) says where it has one. This finds what the expected file cannot show: files it
// has no answer for, and recipient addresses (the expected file has positions only).
// Not needed by the tests; needs perl with libsisimai-perl.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CORPUS, loadExpected } from './conformance-lib.js';
import { corpusFiles, parseCorpusFile } from './corpus-lib.js';

interface PeerRow {
  file: string;
  index: number;
  recipient?: string;
  reason?: string;
  status?: string;
  replycode?: string;
  command?: string;
  hard?: boolean;
  diagnostic?: string;
}

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const group = opt('--group');
const corpus = process.env.BOUNCEMAPI_CORPUS ?? DEFAULT_CORPUS;
const dir = path.join(corpus, 'sisimai');
const files = corpusFiles(dir).filter((f) => !group || f.startsWith(group));

function peerRows(): PeerRow[] {
  const cached = opt('--json');
  const text = cached
    ? readFileSync(cached, 'utf8')
    : spawnSync('perl', [path.join(import.meta.dirname, 'sisimai-dump.pl'), ...files.map((f) => path.join(dir, f))], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PeerRow);
}

const byFile = new Map<string, PeerRow[]>();
for (const r of peerRows()) {
  if (!r.index) continue;
  const list = byFile.get(r.file) ?? [];
  list.push(r);
  byFile.set(r.file, list);
}
const expected = loadExpected(path.join(corpus, 'sisimai-expected.ndjson'));

const tally = { files: 0, peerSilent: 0, recipientsSame: 0, rowsCompared: 0, reasonSame: 0, hardSame: 0 };
const notes: string[] = [];
for (const file of files) {
  tally.files++;
  const ours = (await parseCorpusFile(dir, file)).results.flatMap((r) => r.recipients);
  const peer = byFile.get(file) ?? [];
  const exp = expected.get(file);
  if (!peer.length) {
    tally.peerSilent++;
    notes.push(`${file}: Sisimai 4.25 reports nothing; we give ${ours.length} row(s)${ours.length ? ` (${ours.map((r) => r.reason).join(', ')})` : ''}`);
    continue;
  }
  const a = ours.map((r) => r.recipient.toLowerCase());
  const b = peer.map((r) => (r.recipient ?? '').toLowerCase());
  if (a.join(' ') === b.join(' ')) tally.recipientsSame++;
  else notes.push(`${file}: recipients differ: ours [${a.join(', ')}] vs Sisimai 4.25 [${b.join(', ')}]`);
  for (let i = 0; i < Math.min(ours.length, peer.length); i++) {
    const o = ours[i];
    const p = peer[i];
    tally.rowsCompared++;
    if ((o.bounceType === 'hard') === !!p.hard) tally.hardSame++;
    if (o.reason === p.reason) {
      tally.reasonSame++;
      continue;
    }
    const e = exp?.[i]?.reason;
    const verdict = e === undefined ? 'no expected answer' : e === o.reason ? 'expected agrees with us' : e === p.reason ? 'expected agrees with Sisimai 4.25' : `expected says ${e}`;
    notes.push(`${file} #${i + 1} reason: ours ${o.reason} vs Sisimai 4.25 ${p.reason} (${verdict}; status ${o.status}/${p.status}, command ${o.smtpCommand ?? '-'}/${p.command || '-'}) ${JSON.stringify((p.diagnostic ?? '').slice(0, 140))}`);
  }
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
console.log(`files ${tally.files}; Sisimai 4.25 silent on ${tally.peerSilent}`);
console.log(`same recipients (in order): ${tally.recipientsSame}/${tally.files - tally.peerSilent} ${pct(tally.recipientsSame, tally.files - tally.peerSilent)}`);
console.log(`same reason: ${tally.reasonSame}/${tally.rowsCompared} ${pct(tally.reasonSame, tally.rowsCompared)}; same hard/soft: ${pct(tally.hardSame, tally.rowsCompared)}`);
console.log('\nDifferences:');
for (const n of notes) console.log(`  ${n}`);
