// fast-check arbitraries for the fuzz suite: real-looking bounces (the fixtures, past
// regressions, optionally the shared corpus) broken the ways mail breaks them, and plain
// random bytes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';

export function isMessageFile(name: string): boolean {
  return /\.(?:eml|mbox)(?:\.gz)?$/.test(name);
}

/** A message file's bytes, gunzipped when it ends in .gz. */
export function readMessageFile(file: string): Buffer {
  const b = readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(b) : b;
}

/** Messages to mutate: every .eml/.mbox (or gzipped .eml.gz) file of the given folders that exist. */
export function loadSeeds(dirs: readonly string[]): Buffer[] {
  const seeds: Buffer[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const n of names) if (isMessageFile(n)) seeds.push(readMessageFile(path.join(dir, n)));
  }
  return seeds;
}

// Charsets bounces claim: real ones, stateful ones, ones no decoder knows, and lies.
const CHARSETS = ['utf-8', 'us-ascii', 'iso-8859-1', 'unicode-1-1-utf-7', 'utf-7', 'iso-2022-jp', 'shift_jis', 'utf-16', 'utf-32', 'gb18030', 'x-unknown-42', '"', ''];
const ENCODINGS = ['base64', 'quoted-printable', '8bit', '7bit', 'binary', 'x-uuencode', 'base64; junk'];
const HEADERS = ['Content-Type: multipart/report; report-type=delivery-status; boundary="x"', 'Content-Type: message/delivery-status', 'Final-Recipient: rfc822; a@b', 'Status: 5.1.1', 'Action: failed', 'Subject: =?utf-8?B?', 'From: <>', 'Content-Transfer-Encoding: base64'];

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; xor: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number; times: number }
  | { op: 'dropBoundaries' }
  | { op: 'mangleBoundary'; which: number }
  | { op: 'repeatHeader'; which: number; times: number }
  | { op: 'insertHeader'; which: number; at: number }
  | { op: 'charsetLie'; charset: string }
  | { op: 'encodingLie'; encoding: string }
  | { op: 'lineEnds'; style: 'crlf' | 'lf' | 'cr' }
  | { op: 'longLine'; at: number; char: string; len: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }), times: fc.integer({ min: 2, max: 200 }) }),
  fc.record({ op: fc.constant('dropBoundaries' as const) }),
  fc.record({ op: fc.constant('mangleBoundary' as const), which: fc.nat() }),
  fc.record({ op: fc.constant('repeatHeader' as const), which: fc.nat(), times: fc.integer({ min: 2, max: 300 }) }),
  fc.record({ op: fc.constant('insertHeader' as const), which: fc.nat(), at: fc.nat() }),
  fc.record({ op: fc.constant('charsetLie' as const), charset: fc.constantFrom(...CHARSETS) }),
  fc.record({ op: fc.constant('encodingLie' as const), encoding: fc.constantFrom(...ENCODINGS) }),
  fc.record({ op: fc.constant('lineEnds' as const), style: fc.constantFrom('crlf' as const, 'lf' as const, 'cr' as const) }),
  fc.record({ op: fc.constant('longLine' as const), at: fc.nat(), char: fc.constantFrom('<', '(', ' ', '@', '5.', '=', 'a', '\0', '-'), len: fc.integer({ min: 1000, max: 200_000 }) }),
);

// Mutations never grow an input past this (the parser's own 25 MiB limit is tested elsewhere).
const MAX_GROWTH = 8 * 1024 * 1024;

function times(unit: string, n: number): number {
  return Math.max(1, Math.min(n, Math.floor(MAX_GROWTH / Math.max(1, unit.length))));
}

function lineStarts(s: string): number[] {
  const out = [0];
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Apply one mutation to a message (as latin1 text: one byte, one character). */
export function mutate(s: string, m: Mutation): string {
  const n = s.length;
  const pos = (x: number) => (n ? x % (n + 1) : 0);
  switch (m.op) {
    case 'truncate':
      return s.slice(0, pos(m.at));
    case 'flip': {
      if (!n) return s;
      const i = m.at % n;
      return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ m.xor) + s.slice(i + 1);
    }
    case 'insert':
      return s.slice(0, pos(m.at)) + Buffer.from(m.bytes).toString('latin1') + s.slice(pos(m.at));
    case 'delete':
      return s.slice(0, pos(m.at)) + s.slice(pos(m.at) + m.len);
    case 'duplicate': {
      const i = pos(m.at);
      const unit = s.slice(i, i + m.len);
      return s.slice(0, i) + unit.repeat(times(unit, m.times)) + s.slice(i);
    }
    case 'dropBoundaries':
      return s
        .split('\n')
        .filter((l) => !l.startsWith('--'))
        .join('\n');
    case 'mangleBoundary': {
      const lines = s.split('\n');
      const idx = lines.map((l, i) => (l.startsWith('--') ? i : -1)).filter((i) => i !== -1);
      if (!idx.length) return s;
      const i = idx[m.which % idx.length];
      lines[i] = `${lines[i].slice(0, -2)}X${lines[i].endsWith('--') ? '--' : ''}`;
      return lines.join('\n');
    }
    case 'repeatHeader': {
      const headerEnd = s.search(/\r?\n\r?\n/);
      const starts = lineStarts(s).filter((i) => headerEnd === -1 || i < headerEnd);
      const at = starts[m.which % starts.length];
      const nl = s.indexOf('\n', at);
      const line = s.slice(at, nl === -1 ? n : nl + 1);
      return s.slice(0, at) + line.repeat(times(line, m.times)) + s.slice(at + line.length);
    }
    case 'insertHeader': {
      const starts = lineStarts(s);
      const at = starts[m.at % starts.length];
      return `${s.slice(0, at)}${HEADERS[m.which % HEADERS.length]}\n${s.slice(at)}`;
    }
    case 'charsetLie':
      return s.replace(/charset="?[A-Za-z0-9_.:-]{0,40}"?/gi, `charset=${m.charset}`);
    case 'encodingLie':
      return s.replace(/Content-Transfer-Encoding:[ \t]{0,8}[A-Za-z0-9-]{0,40}/gi, `Content-Transfer-Encoding: ${m.encoding}`);
    case 'lineEnds':
      if (m.style === 'crlf') return s.replace(/\r?\n/g, '\r\n');
      if (m.style === 'lf') return s.replace(/\r\n/g, '\n');
      return s.replace(/\r?\n/g, '\r');
    case 'longLine': {
      const i = pos(m.at);
      return s.slice(0, i) + m.char.repeat(Math.ceil(m.len / m.char.length)) + s.slice(i);
    }
  }
}

export interface FuzzInput {
  /** how the input was made, for the report */
  how: string;
  bytes: Buffer;
  /** the seed it was made from (an index into the seeds), if any */
  seed?: number;
}

/** A seed broken by 1 to 4 mutations, or random bytes (alone or behind a MIME header). */
export function inputArb(seeds: readonly Buffer[]): fc.Arbitrary<FuzzInput> {
  const mutated = fc.record({ seed: fc.nat({ max: seeds.length - 1 }), ops: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) }).map(({ seed, ops }) => {
    let s = seeds[seed].toString('latin1');
    for (const m of ops) s = mutate(s, m);
    return { how: `seed ${seed} + ${ops.map((o) => o.op).join(', ')}`, bytes: Buffer.from(s, 'latin1'), seed };
  });
  const random = fc.uint8Array({ maxLength: 4096 }).map((b) => ({ how: `random ${b.length} bytes`, bytes: Buffer.from(b) }));
  const behindHeader = fc
    .tuple(fc.constantFrom(...HEADERS), fc.uint8Array({ maxLength: 4096 }))
    .map(([h, b]) => ({ how: `header + random ${b.length} bytes`, bytes: Buffer.concat([Buffer.from(`${h}\r\n\r\n`), Buffer.from(b)]) }));
  return seeds.length ? fc.oneof({ arbitrary: mutated, weight: 8 }, { arbitrary: random, weight: 1 }, { arbitrary: behindHeader, weight: 1 }) : fc.oneof(random, behindHeader);
}
