// The synchronous part scanner (src/2-mime/scan.ts) against the reference it mirrors,
// @zone-eu/mailsplit's MessageSplitter: for every message it does not hand back (null), it
// must give the splitter's own events, node for node and body chunk for body chunk.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Splitter } from '@zone-eu/mailsplit';
import { scanParts, type ScanConfig } from '../../src/2-mime/scan.js';
import type { SplitNode } from '../../src/2-mime/parse.js';
import { parseMime, parseMimeSync, splitHeaderBlock } from '../../src/2-mime/parse.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const CONFIG: ScanConfig = { ignoreEmbedded: true, maxHeadSize: 256 * 1024, maxChildNodes: 513 };

/** events as comparable lines: a node by its parent's position, type and rebuilt header block; a body by its bytes */
function describeEvents(events: { type: string; value?: Buffer; node?: SplitNode }[]): string[] {
  const order = new Map<SplitNode, number>();
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'node') {
      const node = (e.node ?? e) as SplitNode;
      order.set(node, order.size);
      const parent = node.parentNode ? (order.get(node.parentNode) ?? 'unemitted') : 'root';
      out.push(`node parent=${parent} ${node.contentType}|${node.multipart}|${node.charset}|${node.encoding} ${node.getHeaders().toString('latin1')}`);
    } else if (e.type === 'body' && e.value) out.push(`body ${e.value.toString('latin1')}`);
  }
  return out;
}

function splitterEvents(bytes: Buffer, config: ScanConfig): Promise<{ events: string[]; failed: boolean }> {
  return new Promise((resolve) => {
    const got: { type: string; value?: Buffer }[] = [];
    const splitter: NodeJS.EventEmitter & { end(b: Buffer): void } = new Splitter(config) as never;
    let failed = false;
    splitter.on('data', (d: { type: string; value?: Buffer }) => got.push(d));
    splitter.on('error', () => {
      failed = true;
      resolve({ events: describeEvents(got), failed });
    });
    splitter.on('end', () => resolve({ events: describeEvents(got), failed }));
    splitter.end(bytes);
  });
}

/**
 * The top-level block's end as parseMimeSync hands it to scanParts (singlePart found it): after
 * the empty line that ends the block, -1 when none does.
 */
function rootHeadEnd(bytes: Buffer): number {
  const { header, bodyOffset } = splitHeaderBlock(bytes);
  return header.length < bodyOffset ? bodyOffset : -1;
}

async function same(bytes: Buffer, config: ScanConfig = CONFIG): Promise<'scanned' | 'handed back'> {
  const scanned = scanParts(bytes, config);
  // as parseMimeSync calls it: the latin1 text, and the top-level block taken in one step
  const headFirst = scanParts(bytes, config, bytes.toString('latin1'), rootHeadEnd(bytes));
  const reference = await splitterEvents(bytes, config);
  expect(headFirst === null).toBe(scanned === null);
  if (scanned === null) return 'handed back';
  expect(reference.failed).toBe(false);
  expect(describeEvents(scanned)).toEqual(reference.events);
  expect(describeEvents(headFirst!)).toEqual(reference.events);
  return 'scanned';
}


const mail = (lines: string[], eol = '\n') => Buffer.from(lines.join(eol), 'latin1');
const MP = ['Content-Type: multipart/report; boundary="b"', ''];

describe('scanParts mirrors mailsplit', () => {
  it('gives the splitter events on every fixture', async () => {
    const counts = { scanned: 0, 'handed back': 0 };
    for (const f of filesUnder(path.join(ROOT, 'fixtures'))) counts[await same(readFileSync(f))]++;
    // the fast path is the common one: a hand-back is the odd hostile fixture
    expect(counts.scanned).toBeGreaterThan(200);
  });

  it.skipIf(!existsSync(CORPUS))('gives the splitter events on the shared corpus', async () => {
    let scanned = 0;
    for (const f of filesUnder(CORPUS)) if ((await same(readFileSync(f))) === 'scanned') scanned++;
    expect(scanned).toBeGreaterThan(500);
  });

  // RFC 2046 §5.1.1: the line end before a delimiter belongs to it; the splitter's quirks kept
  it.each([
    ['LF, closed', mail([...MP, '--b', 'Content-Type: text/plain', '', 'hello', '--b', 'Content-Type: message/delivery-status', '', 'Action: failed', '--b--', ''])],
    ['CRLF, closed', mail([...MP, '--b', 'Content-Type: text/plain', '', 'hello', '', '--b--', ''], '\r\n')],
    ['no final line end after the close', mail([...MP, '--b', '', 'x', '--b--'])],
    ['never closed, no final line end', mail([...MP, '--b', '', 'x', 'y'])],
    ['never closed, final line end', mail([...MP, '--b', '', 'x', 'y', ''])],
    ['a body that is one empty line, before a next part', mail([...MP, '--b', '', '', '--b', '', '', '--b--', ''])],
    ['a body that is one empty line, before the close', mail([...MP, '--b', '', 'x', '--b', '', '', '--b--', ''])],
    ['CRLF empty-line body before a next part', mail([...MP, '--b', '', '', '--b', '', 'z', '--b--', ''], '\r\n')],
    ['delimiter with trailing white space', mail([...MP, '--b  \t', '', 'x', '--b-- ', 'epilogue', '--b', 'not a part', ''])],
    ['a header-only part before a sibling and before the close', mail([...MP, '--b', 'Content-Type: text/plain', '--b', 'Content-Type: text/html', '--b--', ''])],
    ['inner multipart never closed, outer delimiter ends it', mail([...MP, '--b', 'Content-Type: multipart/alternative; boundary=i', '', '--i', '', 'inner', '--b', '', 'outer', '--b--', ''])],
    ['nested, both closed, with preamble and epilogue', mail([...MP, 'preamble', '--b', 'Content-Type: multipart/mixed; boundary="i"', '', 'pre', '--i', '', 'one', '--i', '', 'two', '--i--', 'epi', '--b', 'Content-Type: text/rfc822-headers', '', 'Subject: x', '--b--', 'tail'])],
    ['a text part with a boundary parameter', mail([...MP, '--b', 'Content-Type: text/plain; boundary=t', '', 'a', '--t', '', 'child', '--b--', ''])],
    ['bare CR before a delimiter', Buffer.from('Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\r--b\n\ny\n--b--\n', 'latin1')],
    ['CR run before the line end of a delimiter', Buffer.from('Content-Type: multipart/mixed; boundary=b\n\n--b\r\r\n\nx\n--b--\r', 'latin1')],
    ['a header block that never ends', mail([...MP, '--b', 'Content-Type: text/plain', 'X-A: 1'])],
    ['no header-ending empty line at the top', mail(['Content-Type: multipart/mixed; boundary=b', '--b', '', 'x'])],
    // lines stepped over inside a body: only those opening with "--" or "\r--" are looked at
    ['dash lines that are not delimiters, in a body and a preamble', mail([...MP, '-- ', '--c', '--b-x', '--b', '', 'sig', '-- ', '---', '--bb', ' --b', '--b--', '--', 'epi'])],
    ['a delimiter after a bare-CR line start', Buffer.from('Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n\r--b\n\ny\n\r--b--\n', 'latin1')],
    ['a long body without delimiters, no final line end', mail([...MP, '--b', '', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), 'last'])],
    ['a long body without delimiters, final line end', mail([...MP, '--b', '', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), ''])],
    ['delimiters of an outer part inside an inner body', mail([...MP, '--b', 'Content-Type: multipart/mixed; boundary=i', '', '--i', '', 'a', '-- i', '--b', '', 'outer', '\r--i', '--b--', ''])],
    ['single-part message with dash lines', mail(['Subject: x', '', '--b', '-- ', 'body'])],
  ])('%s', async (_name, bytes) => {
    expect(await same(bytes)).toBe('scanned');
  });

  it('gives the splitter events on seeded messages of delimiter-like lines, nested parts and mixed line ends', async () => {
    const next = seededRandom(2046);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    // lines that are delimiters of one part or another, near misses ("--" inside a line, a CR
    // before it, a longer boundary), part headers, body text and empty lines
    const lines = ['--b', '--b--', '--i', '--i--', '\r--b', '\r--i--', '-- ', '---', '--', ' --b', 'x--b', '--b \t', '--bb', 'a -- b', '', '', 'text', 'Content-Type: text/plain', 'Content-Type: multipart/mixed; boundary=i', 'Content-Type: message/rfc822', 'X-A: 1', '\tfolded'];
    const tops = [['Content-Type: multipart/report; boundary="b"'], ['From: x', 'Content-Type: multipart/mixed;', ' boundary=b', 'Subject: --b'], ['Subject: plain']];
    let scanned = 0;
    for (let n = 0; n < 400; n++) {
      const body: string[] = [...pick(tops), ...(next() < 0.1 ? ['X-B: 2'] : []), ''];
      for (let i = Math.floor(next() * 40); i > 0; i--) body.push(pick(lines));
      let text = '';
      for (const l of body) text += l + (next() < 0.3 ? '\r\n' : '\n');
      if (next() < 0.3) text = text.slice(0, text.length - 1 - Math.floor(next() * 3));
      if ((await same(Buffer.from(text, 'latin1'))) === 'scanned') scanned++;
    }
    expect(scanned).toBeGreaterThan(350);
  });

  it('hands back what the splitter would stop at: too many parts, a header block over the limit, a long unterminated last line', async () => {
    const parts = mail([...MP, ...Array.from({ length: 20 }, () => ['--b', '', 'x']).flat(), '--b--', '']);
    expect(await same(parts, { ...CONFIG, maxChildNodes: 5 })).toBe('handed back');
    const bigHead = mail([...MP, '--b', ...Array.from({ length: 50 }, (_, i) => `X-H${i}: v`), '', 'x', '--b--', '']);
    expect(await same(bigHead, { ...CONFIG, maxHeadSize: 1024 })).toBe('handed back');
    expect(await same(Buffer.concat([mail([...MP, '--b', '', '']), Buffer.alloc(5000, 0x78)]))).toBe('handed back');
  });

  it('parseMimeSync reads a multipart message without waiting, as parseMime does', async () => {
    const bytes = mail([...MP, '--b', 'Content-Type: text/plain', '', 'hello', '--b', 'Content-Type: message/delivery-status', '', 'Action: failed', '--b--', '']);
    const sync = parseMimeSync(bytes);
    expect(sync).not.toBeNull();
    expect(sync!.leaves.map((l) => [l.contentType, l.body.toString()])).toEqual([
      ['text/plain', 'hello'],
      ['message/delivery-status', 'Action: failed'],
    ]);
    expect((await parseMime(bytes)).deliveryStatus).toEqual(sync!.deliveryStatus);
  });
});
