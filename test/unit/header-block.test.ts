// The top-level header reader (src/2-mime/headers.ts): RFC 5322 §2.2 fields, §2.2.3 unfolding.
// Expected values are worked out from the syntax: the value is what follows the colon with
// the surrounding white space dropped as String.prototype.trim drops it (ECMAScript
// WhiteSpace and LineTerminator), each continuation line joined by one space.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeaderList, parseHeaderBlock, readHeaderBlock, type HeaderField } from '../../src/2-mime/headers.js';
import { parseMime } from '../../src/2-mime/parse.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

// a field's three readings as data (its value is made when first read: a getter, not an own property)
/** Each fixture and corpus message's header texts: its block, the returned original's ('' without one), its delivery-status parts. */
async function* headerTextsOfInputs(): AsyncGenerator<string[]> {
  for (const dir of [path.join(ROOT, 'fixtures'), CORPUS]) {
    if (!existsSync(dir)) continue;
    for (const file of filesUnder(dir)) {
      if (/\.(json|ndjson|md|txt|ya?ml)$/i.test(file)) continue;
      const msg = await parseMime(readFileSync(file));
      yield [msg.headerBlock, msg.returned?.headerText ?? '', ...msg.deliveryStatus.map((d) => d.text)];
    }
  }
}

const plain = (fields: HeaderField[]) => fields.map(({ name, key, value }) => ({ name, key, value }));

describe('parseHeaderBlock', () => {
  it('drops spaces and tabs around a value and a continuation line, and joins the lines with one space', () => {
    const f = parseHeaderBlock('Subject: \t Hello  \r\n \t  world\t \r\nTo:x@example.org\r\n');
    expect(plain(f)).toEqual([
      { name: 'Subject', key: 'subject', value: 'Hello world' },
      { name: 'To', key: 'to', value: 'x@example.org' },
    ]);
  });

  it('drops the other white space trim() drops (NBSP, BOM, vertical tab, form feed, U+2028), in values and continuations', () => {
    const f = parseHeaderBlock('X-A: \u00a0a\u00a0 \nX-B:\ufeffb\u000b\n \f c \u2028\nX-C: \u3000\n');
    expect(f.map((x) => x.value)).toEqual(['a', 'b c', '']);
  });

  it('keeps white space inside a value, and a value of other characters as written', () => {
    const f = parseHeaderBlock('X-A: a \u00a0 b\nX-B: é\n');
    expect(f.map((x) => x.value)).toEqual(['a \u00a0 b', 'é']);
  });

  it('adds nothing for an empty continuation line', () => {
    expect(parseHeaderBlock('X-A: a\n \t \nX-B: b')[0].value).toBe('a');
  });
});

describe('readHeaderBlock', () => {
  // regular: every line a field (name, optional WSP, colon) or the continuation of one
  it.each([
    ['fields, a continuation, the empty line that ends the block', 'A: 1\r\nB: 2\r\n\tmore\r\n\r\n', true],
    ['an empty value, WSP before the colon', 'A:\nB : 2\n', true],
    ['a mbox From line first', 'From x@example.org Mon Jan  1 00:00:00 2024\nA: 1\n', false],
    ['a continuation with no field before it', ' A: 1\nB: 2\n', false],
    ['a line without a colon', 'A: 1\ngarbage\n', false],
    ['a name with a space in it', 'A B: 1\n', false],
    ['an empty line with a field after it', 'A: 1\n\nB: 2\n', false],
    ['a lone CR line with a field after it', 'A: 1\r\n\r\nB: 2\n', false],
  ])('%s', (_name, text, regular) => {
    const read = readHeaderBlock(text);
    expect(read.regular).toBe(regular);
    expect(plain(read.fields)).toEqual(plain(parseHeaderBlock(text)));
  });
});

describe('HeaderList', () => {
  const h = HeaderList.parse('Received: one\nTo: a@example.org\nreceived: two\nRECEIVED: three\nSubject: s\n');

  it('gives the first value of a name in any case, and every value in order', () => {
    expect(h.get('RECEIVED')).toBe('one');
    expect(h.getAll('Received')).toEqual(['one', 'two', 'three']);
    expect(h.getAll('to')).toEqual(['a@example.org']);
  });

  it('says a missing name is missing', () => {
    expect(h.has('cc')).toBe(false);
    expect(h.get('cc')).toBeNull();
    expect(h.getAll('cc')).toEqual([]);
    expect(h.has('subject')).toBe(true);
  });
});

describe('HeaderList look-ups', () => {
  // the general answer, from the fields in order: the first (or every) field whose key is the
  // name lower-cased
  const reference = (fields: HeaderField[], name: string) => {
    const key = name.toLowerCase();
    const all = fields.filter((f) => f.key === key);
    return { has: all.length > 0, get: all.length ? all[0].value : null, getAll: all.map((f) => f.value), first: all[0] };
  };
  // every name of the block as written, upper and lower case, and names it lacks (one of the
  // length of each of its keys, and lengths 32 apart, which share a length bit)
  const namesFor = (fields: HeaderField[]) => {
    const names = new Set<string>(['subject', 'x-failed-recipients', 'X-NAI-Header', 'a', '']);
    for (const f of fields) {
      names.add(f.name).add(f.name.toUpperCase()).add(f.key);
      names.add('q'.repeat(f.key.length)).add(`${f.key}${'x'.repeat(32)}`);
    }
    return [...names];
  };
  const check = (text: string): number => {
    const fields = parseHeaderBlock(text);
    const list = new HeaderList(fields);
    let asked = 0;
    for (const name of namesFor(fields)) {
      const want = reference(fields, name);
      expect(list.has(name), name).toBe(want.has);
      expect(list.get(name), name).toBe(want.get);
      expect(list.getAll(name), name).toEqual(want.getAll);
      if (name === name.toLowerCase()) expect(list.firstField(name), name).toBe(want.first);
      asked++;
    }
    return asked;
  };

  it('answer as the fields in order do, on every header block and delivery-status part of the fixtures and corpus', async () => {
    let asked = 0;
    for await (const texts of headerTextsOfInputs()) for (const text of texts) asked += check(text);
    expect(asked).toBeGreaterThan(1000);
  });

  it('answer as the fields in order do, on seeded blocks short and long (past the length where a Map is kept)', () => {
    const random = seededRandom(2822);
    const names = ['Received', 'received', 'RECEIVED', 'To', 'to', 'X-A', 'x-a', 'Subject', 'X-Failed-Recipients', 'a', 'b'.repeat(33), 'b'];
    let asked = 0;
    for (let n = 0; n < 300; n++) {
      const count = Math.floor(random() * (n % 3 === 0 ? 200 : 40));
      const lines: string[] = [];
      for (let k = 0; k < count; k++) lines.push(`${names[Math.floor(random() * names.length)]}: v${k}`);
      asked += check(lines.join('\n'));
    }
    expect(asked).toBeGreaterThan(3000);
  });
});

/**
 * The block read line by line from the syntax above, every value made as its lines are met:
 * the reference the lazily made values (readHeaderBlock's BlockField) are compared with. A
 * line is split at LF with one CR before it dropped; a field line is a name of printable ASCII
 * but ':' (33-126, 58 aside), optional SP/HTAB, then ':'; a continuation line opens with SP or
 * HTAB; an empty line is stepped over (a line after it makes the block irregular).
 */
function eagerRead(text: string): { fields: { name: string; key: string; value: string }[]; regular: boolean } {
  const fields: { name: string; key: string; value: string }[] = [];
  let regular = true;
  let empty = false;
  let current: { name: string; key: string; value: string } | null = null;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') {
      empty = true;
      continue;
    }
    if (empty) regular = false;
    if (line[0] === ' ' || line[0] === '\t') {
      if (!current) regular = false;
      else if (line.trim()) current.value += ` ${line.trim()}`;
      continue;
    }
    const m = /^([!-9;-~]+)[ \t]*:/.exec(line);
    current = m ? { name: m[1], key: m[1].toLowerCase(), value: line.slice(m[0].length).trim() } : null;
    if (current) fields.push(current);
    else regular = false;
  }
  return { fields, regular };
}

/** readHeaderBlock's reading, its values read back to front (a value is made on its own, whatever was read before). */
function lazyRead(text: string): { fields: { name: string; key: string; value: string }[]; regular: boolean } {
  const read = readHeaderBlock(text);
  const values = read.fields.map(() => '');
  for (let i = read.fields.length - 1; i >= 0; i--) values[i] = read.fields[i].value;
  return { fields: read.fields.map((f, i) => ({ name: f.name, key: f.key, value: values[i] })), regular: read.regular };
}

describe('readHeaderBlock values, made when read', () => {
  it('are the values of the block read line by line, on every header block and delivery-status part of the fixtures and corpus', async () => {
    let blocks = 0;
    let messages = 0;
    for await (const texts of headerTextsOfInputs()) {
      messages++;
      for (const text of texts) {
        expect(lazyRead(text)).toEqual(eagerRead(text));
        blocks++;
      }
    }
    // at least two texts a message (its block, the original's or ''), with or without the corpus
    expect(messages).toBeGreaterThan(100);
    expect(blocks).toBeGreaterThanOrEqual(2 * messages);
  });

  it('are the values of the block read line by line, on seeded blocks of fields, continuations, empty and stray lines', () => {
    const random = seededRandom(18);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const names = ['Received', 'DKIM-Signature', 'X-A', 'to', 'A B', 'Name ', 'x:y', ''];
    const pieces = ['v', ' v ', '\tv\t', 'a  b', '\u00a0', '\u000b', 'é', '\r', ' ', '', ':', 'x\ry'];
    for (let n = 0; n < 3000; n++) {
      const lines: string[] = [];
      for (let k = Math.floor(random() * 8); k >= 0; k--) {
        const value = Array.from({ length: Math.floor(random() * 3) }, () => pick(pieces)).join('');
        const r = random();
        if (r < 0.4) lines.push(`${pick(names)}${pick(['', ' ', '\t'])}:${value}`);
        else if (r < 0.7) lines.push(`${pick([' ', '\t', '  \t'])}${value}`);
        else if (r < 0.85) lines.push(pick(['', '\r', '\r\r']));
        else lines.push(pick(['From x@example.org Mon Jan  1 00:00:00 2024', 'garbage', value]));
      }
      const text = lines.join(pick(['\n', '\r\n'])) + pick(['', '\n', '\r\n']);
      expect(lazyRead(text), JSON.stringify(text)).toEqual(eagerRead(text));
    }
  });

  it('keeps a value set before it was read, and reads a value once', () => {
    const [a, b] = parseHeaderBlock('A: one\r\n two\r\nB: three\n');
    a.value = 'cut';
    expect(a.value).toBe('cut');
    expect(b.value).toBe('three');
    expect(b.value).toBe(b.value);
  });
});
