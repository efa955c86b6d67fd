// src/2-mime/part-head.ts against the reference it mirrors, @zone-eu/mailsplit's MimeNode:
// given the same header lines, every field the MIME layer reads must be the same value, and
// the cost and bytes the same numbers. Blocks come from every part of every fixture and of the
// shared corpus (as the splitter cuts them), from corners written out by hand after
// lib/mime-node.js, lib/headers.js and libmime's parseHeaderValue, and from a seeded generator
// that strings those corners together.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MimeNode, Splitter } from '@zone-eu/mailsplit';
import { PartHead } from '../../src/2-mime/part-head.js';
import { decodeUnlabelled } from '../../src/2-mime/charset.js';
import { parseHeaderBlock, readHeaderBlock } from '../../src/2-mime/headers.js';
import { filesUnder, seededRandom as random } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const CONFIG = { ignoreEmbedded: true, maxHeadSize: 256 * 1024, maxChildNodes: 513 };

interface Readable {
  contentType: string | false;
  charset: string | false;
  encoding: string | false;
  disposition: string | false;
  filename: string | false;
  multipart: string | false;
  _boundary: Buffer | string | false;
  _headerlen: number;
  root: boolean;
  addHeaderChunk(line: Buffer): boolean;
  headerCost(extra?: number): number;
  parseHeaders(): void;
  getHeaders(): Buffer;
}

// blocks whose wanted fields readRoot found through the HeaderList, not by the walk: the
// comparisons above hold that path to MimeNode too
let located = 0;

/** a header block cut into lines at LF, as the splitter hands them to a node */
function linesOf(block: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  for (let nl = block.indexOf(0x0a); nl !== -1; nl = block.indexOf(0x0a, pos)) {
    out.push(block.subarray(pos, nl + 1));
    pos = nl + 1;
  }
  if (pos < block.length) out.push(block.subarray(pos));
  return out;
}

function read(node: Readable, lines: Buffer[], add = (n: Readable, l: Buffer) => n.addHeaderChunk(l)) {
  const ends = lines.map((l) => add(node, l));
  const cost = [node.headerCost(), node.headerCost(3), node.headerCost(200)];
  node.parseHeaders();
  return {
    ends,
    cost,
    headerlen: node._headerlen,
    root: node.root,
    contentType: node.contentType,
    charset: node.charset,
    encoding: node.encoding,
    disposition: node.disposition,
    filename: node.filename,
    multipart: node.multipart,
    boundary: typeof node._boundary === 'string' || node._boundary === false ? node._boundary : node._boundary.toString('latin1'),
    headers: node.getHeaders().toString('latin1'),
  };
}

/**
 * the two readings of one block, fed line by line and (as singlePart does) in one piece; ours
 * also as the scanner feeds it, by offsets into the message. 6, the readings of ours compared.
 */
function compare(block: Buffer): number {
  const lines = linesOf(block);
  for (const feed of [lines, [block]]) {
    const reference = read(new MimeNode(false, CONFIG) as unknown as Readable, feed);
    expect(read(new PartHead(false), feed), JSON.stringify(block.toString('latin1'))).toEqual(reference);
    // by offsets into a message that holds the block after other text, with the message
    // read as latin1 or without it
    const message = Buffer.concat([b('X-Before: a:b\n\n'), block, b(': after\nContent-Type: text/after\n:')]);
    const text = message.toString('latin1');
    for (const withText of [false, true]) {
      const byOffset = (n: Readable, l: Buffer) => {
        const at = 15 + l.byteOffset - block.byteOffset;
        return (n as unknown as PartHead).addHeaderLine(message, at, at + l.length, withText ? text : undefined);
      };
      const node = new PartHead(false);
      expect(read(node as unknown as Readable, feed, byOffset)).toEqual(reference);
      if (node.rootHeaders !== null) {
        // the top-level block read once (readRoot): the message's HeaderList as parse.ts reads
        // a block itself, decoded and parsed
        const decoded = decodeUnlabelled(node.getHeaders());
        expect(node.rootHeaderText).toBe(decoded);
        expect(node.rootHeaders.fields.map(({ name, key, value }) => ({ name, key, value }))).toEqual(parseHeaderBlock(decoded).map(({ name, key, value }) => ({ name, key, value })));
        // and its wanted fields found through that list, where every line is a field or a continuation
        if (readHeaderBlock(decoded).regular) located++;
      }
    }
  }
  // below the top level: the readings of a block met before are taken again (KNOWN_BLOCKS);
  // the first and the repeated reading of each feed equal the top-level node's own
  const parent = new PartHead(false);
  for (const feed of [[block], lines, [block]]) {
    const { root: _root, ...top } = read(new PartHead(false) as unknown as Readable, feed);
    const { root, ...child } = read(new PartHead(parent) as unknown as Readable, feed);
    expect(root).toBe(false);
    expect(child, JSON.stringify(block.toString('latin1'))).toEqual(top);
  }
  // and as the scanner feeds a child, by offsets into a message read as latin1
  const message = Buffer.concat([b('X-Before: a:b\n\n'), block, b(': after\n')]);
  const text = message.toString('latin1');
  const at = (l: Buffer) => 15 + l.byteOffset - block.byteOffset;
  const { root: _top, ...top } = read(new PartHead(false) as unknown as Readable, lines);
  for (let i = 0; i < 2; i++) {
    const { root: _child, ...child } = read(new PartHead(parent) as unknown as Readable, lines, (n, l) => (n as unknown as PartHead).addHeaderLine(message, at(l), at(l) + l.length, text));
    expect(child).toEqual(top);
  }
  return 6;
}


/** the header block of every part the splitter finds in a message */
function blocksOf(bytes: Buffer): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const blocks: Buffer[] = [];
    const splitter: NodeJS.EventEmitter & { end(b: Buffer): void } = new Splitter(CONFIG) as never;
    splitter.on('data', (d: { type: string; getHeaders?: () => Buffer }) => {
      if (d.type === 'node' && d.getHeaders) blocks.push(Buffer.from(d.getHeaders()));
    });
    splitter.on('error', () => resolve(blocks));
    splitter.on('end', () => resolve(blocks));
    splitter.end(bytes);
  });
}

async function compareFiles(dir: string): Promise<number> {
  let n = 0;
  for (const f of filesUnder(dir)) {
    for (const block of await blocksOf(readFileSync(f))) {
      compare(block);
      n++;
    }
  }
  return n;
}

const b = (s: string) => Buffer.from(s, 'latin1');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

// each corner after the code path it takes in mime-node.js / headers.js / libmime
const CORNERS: [string, Buffer][] = [
  ['plain', b('Content-Type: text/plain; charset=us-ascii\n\n')],
  ['CRLF', b('Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: Base64\r\n\r\n')],
  ['no header at all', b('\n')],
  ['empty block, CRLF', b('\r\n')],
  ['no end line (flush)', b('Content-Type: text/html')],
  ['empty tail (flush)', b('')],
  ['name without colon at the end (flush)', b('X: 1\nContent-Type')],
  ['name in other case and spacing', b('CONTENT-type  : TEXT/Plain; CharSet=ISO-8859-1\n\n')],
  ['name after a VT', b('\x0bContent-Type: text/html\n\n')],
  ['name with NBSP after it', b('Content-Type\xa0: text/html\n\n')],
  ['name with a bad char', b('Content-Typ\xe9: text/html\n\n')],
  ['folded value', b('Content-Type: multipart/mixed;\n\tboundary="abc"\n\n')],
  ['folded many times, CRLF', b('Content-Type:\r\n multipart/report;\r\n  report-type=delivery-status;\r\n\tboundary="x y"\r\n\r\n')],
  ['name continued on the next line', b('Content-Type\n : text/html\n\n')],
  ['colon only in a continuation of the first line', b('Content-Disposition\n\t: attachment; filename=a.txt\n\n')],
  ['colon-less line then continuation', b('X-A: 1\nContent-Type\n : text/enriched\n\n')],
  ['name split across lines', b('Content-\n Type: text/html\n\n')],
  ['duplicate Content-Type: the first wins', b('Content-Type: text/html\nContent-Type: multipart/mixed; boundary=z\n\n')],
  ['empty first Content-Type', b('Content-Type:\nContent-Type: text/html\n\n')],
  ['duplicate parameter: the first wins', b('Content-Type: multipart/mixed; boundary=b; boundary=c\n\n')],
  ['boundary with a comment', b('Content-Type: multipart/mixed; boundary=b (comment)\n\n')],
  ['boundary that opens with "("', b('Content-Type: multipart/mixed; boundary=(c)b\n\n')],
  ['unclosed comment', b('Content-Type: text/plain (oops; charset=utf-8\n\n')],
  ['junk after a quoted value', b('Content-Type: multipart/mixed; boundary="b"c; charset=x\n\n')],
  ['escaped quote', b('Content-Type: text/plain; name="a\\"b.txt"\n\n')],
  ['trailing space in boundary', b('Content-Type: multipart/mixed; boundary="b  "\n\n')],
  ['non-ASCII boundary (latin1)', b('Content-Type: multipart/mixed; boundary="ab\xe9cd"\n\n')],
  ['non-ASCII boundary (UTF-8)', utf8('Content-Type: multipart/mixed; boundary="abécd"\n\n')],
  ['multipart without subtype', b('Content-Type: multipart/\n\n')],
  ['multipart without slash', b('Content-Type: multipart\n\n')],
  ['type starting with slash', b('Content-Type: /multipart\n\n')],
  ['RFC 2231 filename', b("Content-Disposition: attachment; filename*=utf-8''%E2%82%AC%20rates.txt\n\n")],
  ['RFC 2231 continuations out of order', b("Content-Disposition: attachment; filename*1=b.txt; filename*0=a\n\n")],
  ['RFC 2231 encoded word not decoded twice', b("Content-Disposition: attachment; filename*=utf-8''a%3D%3Futf-8%3FQ%3F%3D2Eexe%3F%3D\n\n")],
  ['RFC 2231 name on Content-Type', b("Content-Type: application/pdf; name*0*=iso-8859-1'de'R%E9sum%E9; name*1=.pdf\n\n")],
  ['RFC 2047 filename', b('Content-Disposition: attachment; filename="=?UTF-8?B?w6lsw6h2ZS50eHQ=?="\n\n')],
  ['RFC 2047 name, Q, split words', b('Content-Type: text/plain; name="=?iso-8859-1?Q?R=E9sum?= =?iso-8859-1?Q?=E9.txt?="\n\n')],
  ['RFC 2047 word with unknown charset', b('Content-Disposition: attachment; filename="=?x-nothing?Q?a=41?="\n\n')],
  ['encoded disposition value', b('Content-Disposition: =?utf-8?Q?attachment?=\n\n')],
  ['NUL join marker in a disposition', b('Content-Disposition: inline__\x00JOIN\x00__x\n\n')],
  ['filename and name: filename wins', b('Content-Type: text/plain; name=n.txt\nContent-Disposition: attachment; filename=f.txt\n\n')],
  ['no Content-Type, filename with a known extension', b('Content-Disposition: attachment; filename="report.pdf"\n\n')],
  ['no Content-Type, filename with an unknown extension', b('Content-Disposition: attachment; filename="x.qqqzz"\n\n')],
  ['no Content-Type, filename without extension', b('Content-Disposition: attachment; filename="README"\n\n')],
  ['no Content-Type, ATTACHMENT', b('Content-Disposition: ATTACHMENT\n\n')],
  ['no Content-Type, inline', b('Content-Disposition: inline\n\n')],
  ['disposition with parameters only', b('Content-Disposition: ; filename=a.txt\n\n')],
  ['encoding with a comment', b('Content-Transfer-Encoding: 7bit (plain)\n\n')],
  ['encoding with two comments', b('Content-Transfer-Encoding: (a) Base64 (b)\n\n')],
  ['encoding quoted', b('Content-Transfer-Encoding: "base64"\n\n')],
  ['encoding folded', b('Content-Transfer-Encoding:\n quoted-printable\n\n')],
  ['encoding with a bare CR', b('Content-Transfer-Encoding: base\r64\n\n')],
  ['8-bit valid UTF-8 filename', utf8('Content-Disposition: attachment; filename="Überweisung.pdf"\n\n')],
  ['8-bit invalid UTF-8 filename', b('Content-Disposition: attachment; filename="\xdcberweisung.pdf"\n\n')],
  ['real U+FFFD in the value', utf8('Content-Type: text/plain; name="a\uFFFDb"\n\n')],
  ['U+2028 in the value', utf8('Content-Type: text/plain; charset=utf-8\u2028x\n\n')],
  ['U+2028 in the name', utf8('Content\u2028-Type: text/html\n\n')],
  ['mbox From line first', b('From someone@example.com Mon Jan  1 00:00:00 2024\nContent-Type: text/html\n\n')],
  ['POST line first', b('POST /x HTTP/1.1\nContent-Type: text/html\n\n')],
  ['folded first line', b(' Content-Type: text/html\n\n')],
  ['line without colon', b('garbage\nContent-Type: text/html\n\n')],
  ['colon first', b(': x\nContent-Type: text/html\n\n')],
  ['CR-only lines before the end', b('Content-Type: text/html\r\r\n\n')],
  ['CR-only line in the middle', b('Content-Type: text/html\n\r\r\nContent-Transfer-Encoding: base64\n\n')],
  ['empty value with parameters', b('Content-Type: ; charset=utf-8\n\n')],
  ['parameter without value', b('Content-Type: text/plain; format; charset=x\n\n')],
  ['__proto__ parameter', b('Content-Type: text/plain; __proto__=x; charset=y\n\n')],
  ['uppercase parameter name', b('Content-Type: Multipart/Mixed; BOUNDARY="Q"\n\n')],
  ['charset with spaces in quotes', b('Content-Type: text/plain; charset=" utf-8 "\n\n')],
  ['message/rfc822', b('Content-Type: message/rfc822\n\n')],
  ['long run of "("', b(`Content-Transfer-Encoding: ${'('.repeat(3000)}x\nContent-Type: text/plain; a=${'('.repeat(3000)}\n\n`)],
  ['many colon-less lines', b(`${'x'.repeat(50)}\n`.repeat(2000) + 'Content-Type: text/html\n\n')],
  ['many continuation lines', b('Content-Type: text/plain;\n' + ' x=y;\n'.repeat(2000) + ' charset=z\n\n')],
];

// pieces the generator strings together: names, values and separators from the corners above
const NAMES = [
  'Content-Type',
  'content-type',
  'CONTENT-TYPE',
  'Content-Disposition',
  'Content-Transfer-Encoding',
  'Content-type ',
  'Content-\n Type',
  'Subject',
  'X',
  'Content-Type-X',
  'From someone Mon Jan  1 00',
];
const VALUES = [
  'text/plain',
  'multipart/mixed; boundary="b"',
  'multipart/report; boundary=b (c)',
  'attachment; filename="a.pdf"',
  "attachment; filename*=utf-8''%C3%A9.txt",
  'inline; filename="=?utf-8?Q?=C3=A9?="',
  'base64',
  ' (x) Quoted-Printable ',
  '"8bit"',
  'text/plain; name=x.txt; charset="iso-8859-1"',
  'application/octet-stream; name*0=a; name*1=b',
  '',
  '; boundary=q',
  'multipart/alternative;\n\tboundary="=_x"',
  '\xe9\xe8 text/\xff',
  'text/plain; charset=utf-8\xe2\x80\xa8',
  'message/rfc822 (comment',
  'a\n Content-Type: text/html',
  'x\n\tContent-Transfer-Encoding: base64 ',
];
const SEPARATORS = ['\n', '\r\n', '\r\r\n', '\n '];


describe('PartHead reads a header block as mailsplit MimeNode does', () => {
  it.each(CORNERS)('%s', (_name, block) => expect(compare(block)).toBe(6));

  it('on every part of every fixture', async () => {
    expect(await compareFiles(path.join(ROOT, 'fixtures'))).toBeGreaterThan(500);
  });

  it.skipIf(!existsSync(CORPUS))('on every part of the shared corpus', async () => {
    located = 0;
    expect(await compareFiles(CORPUS)).toBeGreaterThan(1000);
    // each block is read twice with the message's text (line by line and whole)
    expect(located).toBeGreaterThan(1000);
  });

  it('on generated blocks', () => {
    located = 0;
    const next = random(18);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const fields = 1 + Math.floor(next() * 5);
      for (let f = 0; f < fields; f++) text += `${pick(NAMES)}:${next() < 0.8 ? ' ' : ''}${pick(VALUES)}${pick(SEPARATORS)}`;
      compared += compare(b(next() < 0.9 ? `${text}\n` : text));
    }
    expect(compared).toBe(6 * 3000);
    expect(located).toBeGreaterThan(1000);
  });

  it('below the top level, takes the readings of a block met before only for the same bytes', () => {
    // blocks that differ in their last byte, their first, or one in the middle, read in turn
    const blocks = ['Content-Type: text/html', 'Content-Type: text/htmm', 'Content-Type: text/plain\n', 'Content-Type: text/plain\r', 'content-Type: text/plain\n', 'Content-Type: text/p1ain\n'];
    const parent = new PartHead(false);
    let compared = 0;
    for (let round = 0; round < 2; round++) {
      for (const block of blocks) {
        for (const withText of [false, true]) {
          const bytes = b(block);
          const child = new PartHead(parent);
          child.addHeaderLine(bytes, 0, bytes.length, withText ? bytes.toString('latin1') : undefined);
          child.parseHeaders();
          const top = new PartHead(false);
          top.addHeaderChunk(bytes);
          top.parseHeaders();
          expect([child.contentType, child.charset, child.encoding], block).toEqual([top.contentType, top.charset, top.encoding]);
          compared++;
        }
      }
    }
    expect(compared).toBe(24);
  });

  it('keeps a view on the input where the lines lie end to end in it, and copies otherwise', () => {
    const bytes = b('Content-Type: text/html\nX: y\n\nbody');
    const node = new PartHead(false);
    node.addHeaderLine(bytes, 0, 24);
    node.addHeaderLine(bytes, 24, 29);
    node.addHeaderLine(bytes, 29, 30);
    expect(node.getHeaders().toString('latin1')).toBe('Content-Type: text/html\nX: y\n\n');
    expect(node.getHeaders().buffer).toBe(bytes.buffer);
    expect(node.getHeaders().byteOffset).toBe(bytes.byteOffset);
    // a gap, a line of another buffer: copied
    const gap = new PartHead(false);
    gap.addHeaderLine(bytes, 0, 24);
    gap.addHeaderLine(bytes, 29, 30);
    expect(gap.getHeaders().toString('latin1')).toBe('Content-Type: text/html\n\n');
    const apart = new PartHead(false);
    apart.addHeaderLine(bytes, 0, 24);
    apart.addHeaderChunk(b('X: z\n'));
    apart.addHeaderChunk(b('\n'));
    expect(apart.getHeaders().toString('latin1')).toBe('Content-Type: text/html\nX: z\n\n');
    expect(apart.contentType).toBe('text/html');
  });
});
