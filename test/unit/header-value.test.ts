// src/2-mime/header-value.ts against libmime's parseHeaderValue, which it must match value for
// value: on the Content-Type and Content-Disposition values of the fixtures and the shared
// corpus, on corners taken from libmime's state machine (quotes, junk after a closed quote,
// white space inside and outside quotes, names without values, duplicates, '__proto__'), and on
// seeded random strings over the characters that machine branches on.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { libmime } from '../../src/2-mime/libs.js';
import { parseHeaderValue } from '../../src/2-mime/header-value.js';
import { parseHeaderBlock, parseStructured } from '../../src/2-mime/headers.js';
import { filesUnder, seededRandom as random } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

type Parsed = { value: string; params: Record<string, string>; decodedParams?: string[] };

/** everything a caller can see: the value, each own parameter in order, the decoded names */
function seen(p: Parsed) {
  return {
    value: p.value,
    params: Object.getOwnPropertyNames(p.params).map((k) => [k, p.params[k]]),
    prototype: Object.getPrototypeOf(p.params) === Object.prototype,
    decodedParams: p.decodedParams,
  };
}

/** ours against libmime's, with and without stripComments; 2, the readings compared */
function compare(str: string): number {
  for (const stripComments of [false, true]) {
    const reference = libmime.parseHeaderValue(str, stripComments ? ({ stripComments: true } as never) : undefined) as Parsed;
    expect(seen(parseHeaderValue(str, stripComments)), JSON.stringify(str)).toEqual(seen(reference));
  }
  return 2;
}


/** Content-* values anywhere in a file's lines (top-level, parts, returned messages) */
function contentValues(dir: string): string[] {
  const out: string[] = [];
  for (const f of filesUnder(dir)) {
    const text = readFileSync(f).toString('latin1');
    for (const field of parseHeaderBlock(text)) if (field.key.startsWith('content-')) out.push(field.value);
  }
  return out;
}

const CORNERS = [
  '',
  'text/plain',
  '  text/plain  ',
  'TEXT/Plain; CHARSET=UTF-8',
  'multipart/report; report-type=delivery-status; boundary="==_b 1=="',
  'multipart/mixed; boundary=b; boundary=c',
  'multipart/mixed; boundary="b"c; x=y',
  'multipart/mixed; boundary="b" ; x=y',
  'text/plain; name="a;b"',
  'text/plain; name=a"b c"d',
  'text/plain; name="a',
  '"text/plain"; charset=x',
  'text/plain; "quoted"=key',
  'text/plain; a = b ; c= " d " ',
  'text/plain;;; ;',
  'attachment; inline; filename=a.txt',
  'attachment; filename',
  '; =x',
  '=x',
  'a=b=c; d==e',
  'text/plain; __proto__=x; charset=y',
  'text/plain; __PROTO__; constructor=z',
  'text/plain; toString=q',
  'text/plain;\tcharset=\t"x"\t',
  'text/plain; charset="\r\n"',
  'text/plain (comment); charset=x',
  // '(' inside quotes (Domino's boundaries), and next to them
  'multipart/report; report-type=delivery-status; boundary="0__=_(ID_x+y)"',
  'multipart/mixed; boundary="b(c"; x=")"',
  '"(a)"; x="(" ; y=")"',
  'text/plain; name="a(b" (c)',
  'text/plain; name="a" (c); d=e',
  'text/plain; name="a(b"(c',
  'text/plain; name=(c)"d(e)"',
  'text/plain; name="a\\"b"',
  "attachment; filename*=utf-8''a%20b",
  'attachment; filename*0=a; filename*1=b',
  'text/plain; name=\u00e9\u00e8',
  'text/plain; name="\u2028"',
  // known parameter names in other cases, and near them
  'Multipart/Mixed; BOUNDARY=x; CharSet=y; FileName=z; Report-Type=r; FORMAT=flowed; DelSp=yes; nAmE=n; TYPE=t',
  'text/plain; charsets=x; chars=y; name2=z; \u212Aname=k; charset\u0130=i',
];


describe('parseHeaderValue splits as libmime does', () => {
  it.each(CORNERS.map((c) => [c]))('%j', (str) => expect(compare(str)).toBe(2));

  it('on the Content-* values of the fixtures', () => {
    const values = contentValues(path.join(ROOT, 'fixtures'));
    expect(values.length).toBeGreaterThan(300);
    for (const v of values) compare(v);
  });

  it.skipIf(!existsSync(CORPUS))('on the Content-* values of the shared corpus', () => {
    const values = contentValues(CORPUS);
    expect(values.length).toBeGreaterThan(1000);
    for (const v of values) compare(v);
  });

  it('parseStructured gives libmime parameters with lower-case names and string values, and the lower-cased value', () => {
    const next = random(6266);
    const alphabet = ['a', 'B', 'x/Y', ' ', ';', '=', '"', '(', ')', '*', '0', "'", '__proto__', 'NAME', '%41'];
    const strings = [...CORNERS];
    for (let n = 0; n < 5000; n++) {
      let s = '';
      for (let i = Math.floor(next() * 14); i > 0; i--) s += alphabet[Math.floor(next() * alphabet.length)];
      strings.push(s);
    }
    for (const str of strings) {
      if (!str) continue;
      const reference = libmime.parseHeaderValue(str) as Parsed;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(reference.params)) params[k.toLowerCase()] = String(v);
      const got = parseStructured(str);
      expect(got.value, JSON.stringify(str)).toBe(String(reference.value).trim().toLowerCase());
      // a '__proto__' parameter is not kept as a key (a copy by assignment drops it)
      expect(Object.entries(got.params), JSON.stringify(str)).toEqual(Object.entries(params));
    }
  });

  it('on random strings of the characters it branches on', () => {
    const next = random(2231);
    const alphabet = ['a', 'B', 'x/y', ' ', '\t', '\n', ';', '=', '"', '(', ')', '\\', '*', '0', "'", '__proto__', 'name', '\u00e9', 'CharSet', 'BOUNDARY', 'nAme', '\u212A'];
    let compared = 0;
    for (let n = 0; n < 20000; n++) {
      let s = '';
      const length = Math.floor(next() * 14);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      compared += compare(s);
    }
    expect(compared).toBe(40000);
  });
});
