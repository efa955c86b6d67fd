// src/2-mime/qp.ts against libqp's decode, which it must match byte for byte: on hand-made
// corners of RFC 2045 §6.7 (soft breaks, trailing white space, bad escapes, 8-bit bytes), on
// every file of the fixtures and the shared corpus read as a body, and on seeded random bodies
// over the bytes the decoder branches on.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { libqp } from '../../src/2-mime/libs.js';
import { decodeQuotedPrintable } from '../../src/2-mime/qp.js';
import { filesUnder, seededRandom as random } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** our decoding against libqp's (and the input left alone); 1, the bodies compared */
function compare(body: Buffer): number {
  const before = Buffer.from(body);
  expect(decodeQuotedPrintable(body).toString('latin1'), JSON.stringify(body.toString('latin1'))).toBe(libqp.decode(body).toString('latin1'));
  // the input is a view on the message: never written to
  expect(body.equals(before)).toBe(true);
  return 1;
}


const b = (s: string) => Buffer.from(s, 'latin1');

const CORNERS = [
  '',
  'plain text',
  'caf=C3=A9 =e9t=E9',
  'soft=\nbreak',
  'soft=\r\nbreak',
  'soft= \t\r\nbreak',
  'not soft=\rbreak',
  'ends with =',
  'ends with = ',
  '==\nAB',
  '=4\n1',
  '=\n=\n=41',
  '=G1 =1G =',
  'x=4',
  'x=41',
  'trailing   \nspace\t\t\r\nand at the end  ',
  '  \n',
  ' \t \t',
  'inner  space stays',
  'a =\n b',
  '=3D=3d=3',
  '\xff\x85 \x85\n\xa0 \n',
  '=\r\r\n',
  '=\n\n=\r\n\r\n',
  // white space the first rule drops between '=' and CR, or between CR and LF
  '=\r  \n9',
  '= \t\r \n9',
  '=\r \r\n',
  '= \r',
];


describe('decodeQuotedPrintable decodes as libqp does', () => {
  it.each(CORNERS.map((c) => [c]))('%j', (c) => expect(compare(b(c))).toBe(1));

  it('on every fixture, read as a body', () => {
    let n = 0;
    for (const f of filesUnder(path.join(ROOT, 'fixtures'))) n += compare(readFileSync(f));
    expect(n).toBeGreaterThan(200);
  });

  it.skipIf(!existsSync(CORPUS))('on every file of the shared corpus, read as a body', () => {
    let n = 0;
    for (const f of filesUnder(CORPUS)) n += compare(readFileSync(f));
    expect(n).toBeGreaterThan(500);
  });

  it('on random bodies of the bytes it branches on', () => {
    const next = random(2045);
    const alphabet = ['=', 'A', 'f', 'g', '0', '9', ' ', '\t', '\r', '\n', 'x', '\xff', '\x85', '=\r\n', '=\n', ' \r\n'];
    let compared = 0;
    for (let n = 0; n < 20000; n++) {
      let s = '';
      const length = Math.floor(next() * 16);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      compared += compare(b(s));
    }
    expect(compared).toBe(20000);
  });

  it('on random bodies where escapes are mostly well formed (decoded in the first pass until an "=" is left as it is)', () => {
    const next = random(6733);
    // escapes of white space and '=' itself ("=20", "=3D"), white space before line ends and
    // soft breaks, and now and then an '=' step 3 must read ("=\r", "= ", "=4", a final "=")
    const common = ['=20', '=3D', '=3d', '=09', '=C3=A9', 'ab', ' ', '\t', '\n', '\r\n', '=\n', '=\r\n', ' =\n', '\t\r\n'];
    const rare = ['=\r', '= ', '=4', '=', '=\r x', '=  \r\n', '\r'];
    let compared = 0;
    for (let n = 0; n < 20000; n++) {
      let s = '';
      const length = Math.floor(next() * 24);
      for (let i = 0; i < length; i++) {
        const from = next() < 0.06 ? rare : common;
        s += from[Math.floor(next() * from.length)];
      }
      compared += compare(b(s));
    }
    expect(compared).toBe(20000);
  });
});
