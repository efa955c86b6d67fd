// The MIME layer's candidates side by side on a folder of bounces (default: the shared
// corpus' Sisimai half): mailsplit's splitter (mailparser's own lower layer), our one-pass
// scanner over the Buffer (src/2-mime/scan.ts), the whole MIME layer (parseMime), and
// postal-mime when it is installed (it is not a dependency: `npm i --no-save postal-mime`),
// and the header blocks of every part read by mailsplit's MimeNode and by our PartHead
// (src/2-mime/part-head.ts), and parseMimeSync with what the format parsers read of the
// message. Microseconds a message, after warm-up passes; passes of the
// candidates take turns, and the fastest counts: a machine shared with other work moves them.
//   npx tsx test/bench/mime-layer.ts [folder]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MimeNode, Splitter } from '@zone-eu/mailsplit';
import { PartHead } from '../../src/2-mime/part-head.js';
import { scanParts, type ScanConfig } from '../../src/2-mime/scan.js';
import { parseMime, parseMimeSync } from '../../src/2-mime/parse.js';

const dir = process.argv[2] ?? path.resolve(import.meta.dirname, '../../../shared/corpus/sisimai');
const messages = readdirSync(dir)
  .map((n) => path.join(dir, n))
  .filter((p) => statSync(p).isFile() && !path.basename(p).startsWith('LICENSE'))
  .map((p) => readFileSync(p));
const config: ScanConfig = { ignoreEmbedded: true, maxHeadSize: 256 * 1024, maxChildNodes: 513 };

function splitter(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s: NodeJS.EventEmitter & { end(b: Buffer): void } = new Splitter(config) as never;
    s.on('data', () => {});
    s.on('end', resolve);
    s.on('error', () => resolve());
    s.end(bytes);
  });
}

// every part's header block, as the lines the scanner hands a node
const blocks = new Map<Buffer, Buffer[][]>();
for (const m of messages) {
  const list: Buffer[][] = [];
  for (const e of scanParts(m, config) ?? []) {
    if (e.type !== 'node') continue;
    const block = e.node.getHeaders();
    const lines: Buffer[] = [];
    for (let pos = 0; pos < block.length; ) {
      const nl = block.indexOf(0x0a, pos);
      const end = nl === -1 ? block.length : nl + 1;
      lines.push(block.subarray(pos, end));
      pos = end;
    }
    list.push(lines);
  }
  blocks.set(m, list);
}
function readHeads(bytes: Buffer, make: () => { addHeaderChunk(l: Buffer): unknown; parseHeaders(): void }): void {
  for (const lines of blocks.get(bytes) ?? []) {
    const node = make();
    for (const l of lines) node.addHeaderChunk(l);
    node.parseHeaders();
  }
}

// the reads every format parser makes of a message: subject and from (RFC 2047 words decoded),
// the opening and the text (each part transfer- and charset-decoded, HTML converted), every
// part's body, the returned original's header fields
function readAll(bytes: Buffer): void {
  const msg = parseMimeSync(bytes);
  if (!msg) return;
  void msg.subject;
  void msg.from;
  void msg.opening;
  void msg.text;
  for (const leaf of msg.leaves) void leaf.body;
  msg.returned?.headers.get('to');
}

type Candidate = (bytes: Buffer) => unknown;
const candidates: [string, Candidate][] = [
  ['header blocks by mailsplit MimeNode', (b) => readHeads(b, () => new MimeNode(false, config) as never)],
  ['header blocks by PartHead', (b) => readHeads(b, () => new PartHead(false))],
  ['mailsplit splitter (parts located, events only)', splitter],
  ['scanParts (parts located, events only)', (b) => scanParts(b, config)],
  ['parseMime (BounceMessage, parts decoded on first read)', (b) => parseMime(b)],
  ['parseMimeSync and what the parsers read of it', readAll],
];
try {
  const { default: PostalMime } = (await import('postal-mime' as string)) as { default: { parse(b: Buffer): Promise<unknown> } };
  candidates.push(['postal-mime parse (every part decoded)', (b) => PostalMime.parse(b)]);
} catch {
  console.log('postal-mime: not installed, left out');
}

console.log(`${messages.length} messages from ${dir}`);
const PASSES = Number(process.env.PASSES ?? 12);
const times = candidates.map((): number[] => []);
for (let pass = 0; pass < PASSES; pass++) {
  for (const [i, [, run]] of candidates.entries()) {
    // user CPU time, not wall time: on a machine shared with other work it moves less
    const t = process.cpuUsage();
    for (const m of messages) {
      const r = run(m);
      if (r instanceof Promise) await r;
    }
    if (pass >= 3) times[i].push(process.cpuUsage(t).user / messages.length);
  }
}
for (const [i, [name]] of candidates.entries()) {
  const t = times[i].sort((a, b) => a - b);
  console.log(`${name.padEnd(58)} ${t[0].toFixed(1).padStart(7)} us/msg (fastest of ${t.length}), median ${t[t.length >> 1].toFixed(1)}`);
}
