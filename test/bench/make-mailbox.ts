// Build a large mailbox from the corpus (or the fixtures when it is absent) for measuring
// batch runs; write it to a temp dir, never into the project:
//   tsx test/bench/make-mailbox.ts --mbox /tmp/big.mbox --size 200M
//   tsx test/bench/make-mailbox.ts --maildir /tmp/Maildir --count 20000
//   tsx test/bench/make-mailbox.ts --dir /tmp/tree --count 20000
// The mbox is written mboxrd: a body line matching /^>*From / gets one more '>'.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseSize } from '../../src/9-cli/common.js';
import { readFileInput } from '../../src/1-input/sources.js';
import { corpusFiles } from './corpus-lib.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

async function corpusMessages(): Promise<Buffer[]> {
  const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/sisimai');
  const fixtures = path.resolve(import.meta.dirname, '../../fixtures/bounces');
  let dir = corpus;
  let files: string[];
  try {
    files = corpusFiles(corpus);
  } catch {
    dir = fixtures;
    files = corpusFiles(fixtures);
  }
  const out: Buffer[] = [];
  for (const f of files) {
    for await (const item of readFileInput(path.join(dir, f), f, { maxMessageBytes: 25 * 1024 * 1024 })) if (item.bytes) out.push(item.bytes);
  }
  return out;
}

function mboxrdEntry(msg: Buffer, n: number): Buffer {
  const text = msg.toString('latin1').replace(/^(>*From )/gm, '>$1');
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return Buffer.from(`From MAILER-DAEMON Thu Jan  1 00:00:${String(n % 60).padStart(2, '0')} 2024\n${body}\n`, 'latin1');
}

const messages = await corpusMessages();
const mbox = arg('--mbox');
const maildir = arg('--maildir');
const dir = arg('--dir');
if (mbox) {
  const target = parseSize(arg('--size') ?? '200M');
  const entries = messages.map(mboxrdEntry);
  const out = createWriteStream(mbox);
  let written = 0;
  let count = 0;
  while (written < target) {
    const e = entries[count % entries.length];
    if (!out.write(e)) await once(out, 'drain');
    written += e.length;
    count++;
  }
  out.end();
  await once(out, 'finish');
  console.log(`${mbox}: ${count} messages, ${(written / 1e6).toFixed(1)} MB`);
} else if (maildir || dir) {
  const count = Number(arg('--count') ?? 10000);
  const root = (maildir ?? dir)!;
  if (maildir) for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(root, sub), { recursive: true });
  for (let i = 0; i < count; i++) {
    const name = maildir ? path.join(root, i % 3 === 0 ? 'new' : 'cur', `${1700000000 + i}.M${i}P1.bench${i % 3 === 0 ? '' : ':2,S'}`) : path.join(root, String(Math.floor(i / 1000)).padStart(4, '0'), `${String(i).padStart(8, '0')}.eml`);
    if (dir) mkdirSync(path.dirname(name), { recursive: true });
    writeFileSync(name, messages[i % messages.length]);
  }
  console.log(`${root}: ${count} messages`);
} else {
  console.error('usage: make-mailbox.ts --mbox FILE [--size 200M] | --maildir DIR [--count N] | --dir DIR [--count N]');
  process.exit(2);
}
