// The DSN readers' fast paths against the general routine each one stands in for (written
// out here as the readers had them): on hand-made corners, every field value of the fixtures'
// and the corpus' delivery-status parts, and seeded generated values, both must agree.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDeliveryStatus, splitTyped } from '../../src/3-formats/readers/dsn-fields.js';
import { ACTION_WORDS, parseAction } from '../../src/3-formats/readers/rfc3464.js';
import { withoutComments } from '../../src/0-core/address.js';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** splitTyped's general reading: the text before ';', trimmed, when it is one type token */
function generalSplitTyped(value: string): [string | null, string] {
  const semi = value.indexOf(';');
  if (semi > 0) {
    const type = value.slice(0, semi).trim();
    if (/^[A-Za-z][A-Za-z0-9._-]{0,40}$/.test(type)) return [type, value.slice(semi + 1).trim()];
  }
  return [null, value.trim()];
}


/** parseAction's general reading: comments dropped, trimmed, lower case, the first word looked up */
function generalParseAction(value: string | null): string | null {
  if (!value) return null;
  const word = (value.includes('(') ? value.replace(/\([^()]{0,200}\)/g, ' ') : value).trim().toLowerCase().split(/[\s;]/)[0];
  // the words themselves are the module's table: what is compared is the reading of the value
  return Object.hasOwn(ACTION_WORDS, word) ? ACTION_WORDS[word] : null;
}

/** toIsoDate's general reading of comments: every "(...)" replaced by a space, then trimmed */
const generalComments = (value: string) => value.replace(/\([^()]{0,100}\)/g, ' ').trim();

/** every field value of the delivery-status parts of the fixtures and (when present) the corpus */
function fieldValues(): string[] {
  const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])];
  const out: string[] = [];
  for (const f of files) {
    if (/\.(json|md|ya?ml)$/i.test(f)) continue;
    const msg = parseMimeSync(readFileSync(f));
    for (const part of msg?.deliveryStatus ?? []) {
      const ds = parseDeliveryStatus(part.text);
      for (const g of [ds.message, ...ds.recipients]) for (const field of g.fields) out.push(field.value);
    }
  }
  return out;
}

/** seeded values built from pieces the readers treat specially */
function generated(seed: number): string[] {
  const rnd = seededRandom(seed);
  const pieces = ['rfc822', 'RFC822', 'smtp', 'x-postfix', 'utf-8', ';', ' ', '\t', '\u00a0', 'a@b.example', '(comment)', '(', ')', 'failed', 'Failed', 'delayed', 'x', '9', '.', '-', '_', 'é', 'Mon, 1 Jan 2024 00:00:00 +0000', ' (JST)', 'constructor', 'a'.repeat(40)];
  return Array.from({ length: 40 }, () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''));
}

const values = fieldValues();
const corners = ['rfc822; a@b', 'rfc822;a@b', ' rfc822 ; a@b', 'r'.repeat(41) + '; x', 'r'.repeat(42) + '; x', '9x; y', '; x', 'x;', 'x-é; y', 'failed', 'FAILED', 'failed (x)', 'failed; x', 'constructor', '__proto__', 'toString', ''];

describe('DSN field fast paths', () => {
  it('read the fixtures and the corpus', () => {
    expect(values.length).toBeGreaterThan(50);
  });

  it('splitTyped agrees with its general reading', () => {
    for (const v of [...corners, ...values]) expect(splitTyped(v), v).toEqual(generalSplitTyped(v));
    for (let seed = 1; seed <= 200; seed++) for (const v of generated(seed)) expect(splitTyped(v), v).toEqual(generalSplitTyped(v));
  });

  it('parseAction agrees with its general reading', () => {
    for (const v of [...corners, ...values]) expect(parseAction(v), v).toBe(generalParseAction(v));
    for (let seed = 1; seed <= 200; seed++) for (const v of generated(seed)) expect(parseAction(v), v).toBe(generalParseAction(v));
  });

  it('withoutComments (toIsoDate) agrees with its general reading', () => {
    const dates = ['Thu, 29 Apr 2010 00:00:00 +0900 (JST)', 'Thu, 29 Apr 2010 00:00:00 +0900  (JST) ', '(x) Thu, 29 Apr 2010 00:00:00 +0900', 'Thu, 29 Apr 2010 (y) 00:00:00 +0900 (JST)', 'Thu, 29 Apr 2010 00:00:00 +0900 (a(b)c)', 'Thu, 29 Apr 2010 00:00:00 +0900 (' + 'z'.repeat(100) + ')', 'Thu, 29 Apr 2010 00:00:00 +0900 (' + 'z'.repeat(101) + ')', 'x ()', 'x )(', ' x (y)', 'x (y))', '(y)'];
    for (const v of [...corners, ...dates, ...values]) expect(withoutComments(v), v).toBe(generalComments(v));
    for (let seed = 1; seed <= 200; seed++) for (const v of generated(seed)) expect(withoutComments(v), v).toBe(generalComments(v));
  });
});
