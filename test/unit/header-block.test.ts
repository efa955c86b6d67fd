// The top-level header reader (src/2-mime/headers.ts): RFC 5322 §2.2 fields, §2.2.3 unfolding.
// Expected values are worked out from the syntax: the value is what follows the colon with
// the surrounding white space dropped as String.prototype.trim drops it (ECMAScript
// WhiteSpace and LineTerminator), each continuation line joined by one space.
import { describe, expect, it } from 'vitest';
import { HeaderList, parseHeaderBlock } from '../../src/2-mime/headers.js';

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
