// A long ndjson line is written in pieces (src/7-output/ndjson.ts): their concatenation must be
// exactly JSON.stringify's text, for every shape a record's members can take.
import { describe, expect, it } from 'vitest';
import { jsonPieces, ndjsonBytes, ndjsonChunks, ndjsonWriter } from '../../src/7-output/ndjson.js';
import { TextSink } from '../../src/7-output/sink.js';
import { indentedPieces, jsonWriter } from '../../src/7-output/json.js';
import { Writable } from 'node:stream';

const rows = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));

describe('jsonPieces', () => {
  const records: [string, unknown][] = [
    ['short record (one piece)', { a: 1, recipients: [1, 2] }],
    ['long last array of objects, members left out and escapes', { s: 'x"\n\u2028', u: undefined, recipients: rows(4500, (i) => ({ i, u: undefined, s: '"\\' })) }],
    ['only the array', { recipients: rows(2001, () => null) }],
    ['undefined and functions in the array become null', { recipients: rows(5000, (i) => (i % 2 ? undefined : () => 1)) }],
    ['every member before it left out', { a: undefined, b: () => 1, recipients: rows(3000, (i) => [i]) }],
    ['an array not last: one piece', { recipients: rows(3000, (i) => i), z: 1 }],
    ['exactly one piece long', { r: rows(2000, (i) => i) }],
  ];
  for (const [name, rec] of records)
    it(`${name}`, () => {
      expect([...jsonPieces(rec)].join('')).toBe(JSON.stringify(rec));
    });

  it('a long array is cut into several pieces, none of them the whole line', () => {
    const rec = { recipients: rows(10_000, (i) => ({ i })) };
    const pieces = [...jsonPieces(rec)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(rec).length / 3);
  });

  it('the writer gives one line per record', async () => {
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
    const w = ndjsonWriter(new TextSink(out));
    const big = { recipients: rows(5000, (i) => ({ i })) };
    await w.write({ a: 1 });
    await w.write(big);
    await w.end(); // the sink gathers small writes (sink.ts): end() writes out the rest
    expect(chunks.join('')).toBe(`${JSON.stringify({ a: 1 })}\n${JSON.stringify(big)}\n`);
  });

  it('a line rendered as bytes (on a worker) is the JSON text and a newline, in UTF-8, never whole when long', () => {
    const short = { s: 'caf\u00e9 \u{1f600}', recipients: [1] };
    expect(Buffer.concat(ndjsonBytes(short)).toString('utf8')).toBe(`${JSON.stringify(short)}\n`);
    expect(ndjsonBytes(short)).toHaveLength(1);
    // a short line is a whole ArrayBuffer of its own: it moves to the main thread without a copy (protocol.ts standalone)
    const [line] = ndjsonBytes(short);
    expect(line.byteOffset === 0 && line.byteLength === line.buffer.byteLength).toBe(true);
    const long = { a: '\u00e9', recipients: rows(9000, (i) => ({ i, s: '\u00e9"' })) };
    const bytes = ndjsonBytes(long);
    const text = `${JSON.stringify(long)}\n`;
    expect(Buffer.concat(bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(Math.max(...bytes.map((b) => b.length))).toBeLessThan(Buffer.byteLength(text) / 3);
    expect([...ndjsonChunks(long)].join('')).toBe(text);
  });
});

describe('indentedPieces (the json format)', () => {
  // the reference: JSON.stringify with a gap of 2, each line after the first indented by the array's level
  const want = (rec: unknown) => JSON.stringify(rec, null, 2).replace(/\n/g, '\n  ');
  const records: [string, unknown][] = [
    ['short record (one piece)', { a: 1, recipients: [1, 2] }],
    ['long array of nested objects, empty arrays and objects, members left out', { s: 'x"\n', u: undefined, recipients: rows(4500, (i) => ({ i, u: undefined, n: { d: [1, { e: [] }] }, o: {} })) }],
    ['only the array', { recipients: rows(2001, () => null) }],
    ['undefined and functions in the array', { recipients: rows(5000, (i) => (i % 2 ? undefined : () => 1)) }],
    ['every member before it left out', { a: undefined, b: () => 1, recipients: rows(3000, (i) => [i, [], {}]) }],
    ['an array not last: one piece', { a: { b: [1, 2] }, recipients: rows(3000, (i) => ({ i })), z: 1 }],
  ];
  for (const [name, rec] of records)
    it(`${name}`, () => {
      expect([...indentedPieces(rec, '  ')].join('')).toBe(want(rec));
    });

  it('a long result is written in pieces, none of them the whole record, as one JSON array', async () => {
    const rec = { a: 1, recipients: rows(10_000, (i) => ({ i })) };
    const pieces = [...indentedPieces(rec, '  ')];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(want(rec).length / 3);
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
    const w = jsonWriter(new TextSink(out));
    await w.write({ b: 2 });
    await w.write(rec);
    await w.end();
    expect(chunks.join('')).toBe(`${JSON.stringify([{ b: 2 }, rec], null, 2)}\n`);
  });
});
