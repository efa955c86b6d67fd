// The top-level header reader (src/2-mime/headers.ts): RFC 5322 §2.2 fields, §2.2.3 unfolding.
// Expected values are worked out from the syntax: the value is what follows the colon with
// the surrounding white space dropped as String.prototype.trim drops it (ECMAScript
// WhiteSpace and LineTerminator), each continuation line joined by one space.
import { describe, expect, it } from 'vitest';
import { HeaderList, parseHeaderBlock, readHeaderBlock } from '../../src/2-mime/headers.js';

describe('parseHeaderBlock', () => {
  it('drops spaces and tabs around a value and a continuation line, and joins the lines with one space', () => {
    const f = parseHeaderBlock('Subject: \t Hello  \r\n \t  world\t \r\nTo:x@example.org\r\n');
    expect(f).toEqual([
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
    expect(read.fields).toEqual(parseHeaderBlock(text));
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
