// The MIME layer's candidates side by side on a folder of bounces (default: the shared
// corpus' Sisimai half): mailsplit's splitter (mailparser's own lower layer), our one-pass
// scanner over the Buffer (src/2-mime/scan.ts), the whole MIME layer (parseMime), and
// postal-mime when it is installed (it is not a dependency: `npm i --no-save postal-mime`).
// Microseconds a message, after warm-up passes; a machine shared with other work moves them.
//   npx tsx test/bench/mime-layer.ts [folder]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Splitter } from '@zone-eu/mailsplit';
import { scanParts, type ScanConfig } from '../../src/2-mime/scan.js';
import { parseMime } from '../../src/2-mime/parse.js';

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

type Candidate = (bytes: Buffer) => unknown;
const candidates: [string, Candidate][] = [
  ['mailsplit splitter (parts located, events only)', splitter],
  ['scanParts (parts located, events only)', (b) => scanParts(b, config)],
  ['parseMime (BounceMessage, parts decoded on first read)', (b) => parseMime(b)],
];
try {
  const { default: PostalMime } = (await import('postal-mime' as string)) as { default: { parse(b: Buffer): Promise<unknown> } };
  candidates.push(['postal-mime parse (every part decoded)', (b) => PostalMime.parse(b)]);
} catch {
  console.log('postal-mime: not installed, left out');
}

console.log(`${messages.length} messages from ${dir}`);
for (const [name, run] of candidates) {
  const times: number[] = [];
  for (let pass = 0; pass < 8; pass++) {
    const t = process.hrtime.bigint();
    for (const m of messages) {
      const r = run(m);
      if (r instanceof Promise) await r;
    }
    if (pass >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e3 / messages.length);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(58)} ${times[0].toFixed(1).padStart(7)} us/msg (fastest of 5), median ${times[2].toFixed(1)}`);
}
