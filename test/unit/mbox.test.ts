// The mbox splitter against RFC 4155 and the quoting conventions (mboxrd, mboxo). Every
// expected message below is worked out by hand from the input: the separator line and the
// empty line before the next separator belong to the mbox, one '>' of a quoted From line goes.
import { describe, expect, it } from 'vitest';
import { isSeparatorLine, looksLikeMbox, MboxSplitter, type MboxMessage } from '../../src/1-input/mbox.js';

type Format = 'mboxrd' | 'mboxo';

function splitAll(input: Buffer | string, chunkSizes: number[] = [], format: Format = 'mboxrd', max?: number): MboxMessage[] {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
  const s = new MboxSplitter(format, max);
  const out: MboxMessage[] = [];
  if (chunkSizes.length === 0) out.push(...s.push(buf));
  else {
    let i = 0;
    for (let k = 0; i < buf.length; k++) {
      const n = chunkSizes[k % chunkSizes.length];
      out.push(...s.push(buf.subarray(i, i + n)));
      i += n;
    }
  }
  out.push(...s.end());
  return out;
}

function split(input: Buffer | string, chunkSizes: number[] = [], format: Format = 'mboxrd'): string[] {
  return splitAll(input, chunkSizes, format).map((m) => m.bytes!.toString('latin1'));
}

const SEP = 'From MAILER-DAEMON Thu Feb 22 23:34:45 2024';
const SEP2 = 'From bob@example.org Fri Feb 23 08:00:01 2024';
const sep = (s: string) => isSeparatorLine(Buffer.from(s, 'latin1'));

describe('mbox separator lines (RFC 4155 §2)', () => {
  it('accepts "From sender asctime-date" and its common variants', () => {
    expect(sep(SEP)).toBe(true);
    expect(sep('From bob@example.org Thu Feb  2 03:04:05 2024')).toBe(true); // asctime pads the day with a space
    expect(sep('From - Thu Feb 22 23:34:45 2024')).toBe(true); // Thunderbird writes "-" as the sender
    expect(sep('From 1791862981240735573@xxx Mon Feb 26 17:07:40 +0000 2024')).toBe(true); // zone before the year
    expect(sep('From bob@example.org Thu Feb 22 23:34:45 PST 2024')).toBe(true); // BSD zone name
    expect(sep('From bob@example.org Thu, 22 Feb 2024 23:34:45 +0000')).toBe(true); // an RFC 5322 date
    expect(sep('From bob@example.org Thu Feb 22 23:34 2024')).toBe(true); // no seconds
    expect(sep('From uucp Thu Feb 22 23:34:45 2024 remote from gateway')).toBe(true); // UUCP suffix
    expect(sep('From "bob smith"@example.org Thu Feb 22 23:34:45 2024')).toBe(true); // quoted local part with a space
    // forms seen at the head of files in the shared corpus
    expect(sep('From () 2020-03-03 07:50:45 +0000')).toBe(true); // ISO date
    expect(sep('From MAILER-DAEMON Fri Jan 1 00:0:00 2015')).toBe(true); // a one-digit minute
    expect(sep('From MAILER-DAEMON Mon 1 Jan 2015 00:00:00 +0900')).toBe(true);
    expect(sep('From MAILER-DAEMON  Thu Apr 29 23:34:45 2008')).toBe(true); // two spaces after the sender
  });

  it('rejects body text that merely begins with "From "', () => {
    expect(sep('From here we go')).toBe(false);
    expect(sep('From now on, meet Jan at 10:30 in 2024')).toBe(false); // words that are no date parts
    expect(sep('From bob@example.org Thu Feb 22 2024')).toBe(false); // no time
    expect(sep('From bob@example.org Thu Feb 22 23:34:45')).toBe(false); // no year
    expect(sep('From bob@example.org 23:34:45 2024')).toBe(false); // no month
    expect(sep('From: bob@example.org Thu Feb 22 23:34:45 2024')).toBe(false); // a header, not a separator
    expect(sep('>From bob@example.org Thu Feb 22 23:34:45 2024')).toBe(false); // quoted
    expect(sep('from bob@example.org Thu Feb 22 23:34:45 2024')).toBe(false); // "From " is case-sensitive
    expect(sep(`From bob@example.org Thu Feb 22 23:34:45 2024 ${'x'.repeat(1000)}`)).toBe(false); // far too long
  });

  it('recognises an mbox by its first line only', () => {
    expect(looksLikeMbox(Buffer.from(`${SEP}\nSubject: x\n`))).toBe(true);
    expect(looksLikeMbox(Buffer.from(`${SEP}\r\nSubject: x\r\n`))).toBe(true);
    expect(looksLikeMbox(Buffer.from(SEP))).toBe(true);
    expect(looksLikeMbox(Buffer.from('Subject: x\n'))).toBe(false);
    expect(looksLikeMbox(Buffer.from('From here we go\n'))).toBe(false);
    expect(looksLikeMbox(Buffer.from(`\n${SEP}\n`))).toBe(false);
  });
});

describe('mbox splitting', () => {
  it('splits at separators after an empty line, dropping the separator and that empty line', () => {
    expect(split(`${SEP}\nSubject: a\n\nbody a\n\n${SEP2}\nSubject: b\n\nbody b\n`)).toEqual(['Subject: a\n\nbody a\n', 'Subject: b\n\nbody b\n']);
  });

  it('does not split at a separator-shaped line that does not follow an empty line', () => {
    const msgs = split(`${SEP}\nSubject: a\n\nline\n${SEP2}\nmore\n`);
    expect(msgs).toEqual([`Subject: a\n\nline\n${SEP2}\nmore\n`]);
  });

  it('splits at a separator right after a MIME closing delimiter, with no empty line between', () => {
    // a writer that forgot the empty line (corpus rhost-cox-01): after "--boundary--" only the
    // epilogue could follow (RFC 2046 5.1.1, ignored), and body From lines are quoted
    const a = 'Content-Type: multipart/report; boundary="b1"\n\n--b1\nx\n--b1--\n';
    expect(split(`${SEP}\n${a}${SEP2}\nSubject: b\n`)).toEqual([a, 'Subject: b\n']);
    // transport padding after the delimiter is allowed
    expect(split(`${SEP}\n--b1--  \n${SEP2}\nSubject: b\n`)).toEqual(['--b1--  \n', 'Subject: b\n']);
    expect(split(`${SEP}\r\n--b1--\r\n${SEP2}\r\nSubject: b\r\n`)).toEqual(['--b1--\r\n', 'Subject: b\r\n']);
  });

  it('does not split after a ruler of dashes, an opening delimiter or a From line that is no separator', () => {
    expect(split(`${SEP}\nSubject: a\n\n-----------\n${SEP2}\nmore\n`)).toEqual([`Subject: a\n\n-----------\n${SEP2}\nmore\n`]);
    expect(split(`${SEP}\nSubject: a\n\n--b1\n${SEP2}\n`)).toEqual([`Subject: a\n\n--b1\n${SEP2}\n`]);
    expect(split(`${SEP}\nSubject: a\n\n--b1--\nFrom here we go\n`)).toEqual(['Subject: a\n\n--b1--\nFrom here we go\n']);
  });

  it('reads an mbox whose lines end in a bare CR (classic Mac OS), bytes unchanged', () => {
    const box = `${SEP}\rSubject: a\r\rbody a\r>From q\r\r${SEP2}\rSubject: b\r\rbody b\r`;
    expect(looksLikeMbox(Buffer.from(box))).toBe(true);
    expect(split(box)).toEqual(['Subject: a\r\rbody a\rFrom q\r', 'Subject: b\r\rbody b\r']);
    for (const sizes of [[1], [2], [5], [44], [45], [46]]) expect(split(box, sizes), `chunks ${sizes}`).toEqual(['Subject: a\r\rbody a\rFrom q\r', 'Subject: b\r\rbody b\r']);
    // a bare CR inside an LF file is only a byte of a line
    expect(split(`${SEP}\nSubject: a\n\nx\ry\n\n${SEP2}\nSubject: b\n`)).toEqual(['Subject: a\n\nx\ry\n', 'Subject: b\n']);
  });

  it('does not split at a From line after an empty line when it is no separator', () => {
    expect(split(`${SEP}\nSubject: a\n\nhello\n\nFrom here we go\n`)).toEqual(['Subject: a\n\nhello\n\nFrom here we go\n']);
  });

  it('keeps all but one of several empty lines before a separator', () => {
    expect(split(`${SEP}\nSubject: a\n\nbody\n\n\n\n${SEP2}\nSubject: b\n`)).toEqual(['Subject: a\n\nbody\n\n\n', 'Subject: b\n']);
  });

  it('gives an empty message for two separators in a row (with the empty line between them)', () => {
    expect(split(`${SEP}\n\n${SEP2}\nSubject: b\n`)).toEqual(['', 'Subject: b\n']);
  });

  it('unquotes mboxrd: one ">" goes from every >From line, at any depth', () => {
    const box = `${SEP}\nSubject: a\n\n>From x\n>>From y\n>>>From z\n`;
    expect(split(box)).toEqual(['Subject: a\n\nFrom x\n>From y\n>>From z\n']);
  });

  it('unquotes mboxo: only ">From " loses its ">", deeper quoting stays', () => {
    const box = `${SEP}\nSubject: a\n\n>From x\n>>From y\n`;
    expect(split(box, [], 'mboxo')).toEqual(['Subject: a\n\nFrom x\n>>From y\n']);
  });

  it('leaves ">" lines alone that are not quoted From lines', () => {
    const body = '>Fromage\n> From x\n>from y\n>\n>>\n>Fro\n';
    expect(split(`${SEP}\nSubject: a\n\n${body}`)).toEqual([`Subject: a\n\n${body}`]);
  });

  it('reads CRLF files: CRLF separators and empty lines, bytes otherwise unchanged', () => {
    const box = `${SEP}\r\nSubject: a\r\n\r\nbody a\r\n>From q\r\n\r\n${SEP2}\r\nSubject: b\r\n\r\nbody b\r\n\r\n`;
    expect(split(box)).toEqual(['Subject: a\r\n\r\nbody a\r\nFrom q\r\n', 'Subject: b\r\n\r\nbody b\r\n']);
  });

  it('keeps every 8-bit byte and NUL exactly', () => {
    const all = Buffer.alloc(256 * 2);
    for (let i = 0; i < 256; i++) {
      all[2 * i] = i === 0x0a ? 0x20 : i;
      all[2 * i + 1] = i % 16 === 15 ? 0x0a : 0x41; // some line ends among them
    }
    const body = Buffer.concat([Buffer.from('Subject: bytes\n\n'), all, Buffer.from('\n')]);
    const box = Buffer.concat([Buffer.from(`${SEP}\n`), body, Buffer.from(`\n${SEP2}\nSubject: b\n`)]);
    const msgs = splitAll(box);
    expect(msgs).toHaveLength(2);
    expect(msgs[0].bytes!.equals(body)).toBe(true);
  });

  it('keeps a last line without a line end', () => {
    expect(split(`${SEP}\nSubject: a\n\nno newline`)).toEqual(['Subject: a\n\nno newline']);
    expect(split(`${SEP}\r\nSubject: a\r\n\r\nend\r\n\r\n${SEP2}\r\nSubject: b\r\n\r\nno newline`)).toEqual(['Subject: a\r\n\r\nend\r\n', 'Subject: b\r\n\r\nno newline']);
  });

  it('drops the empty line that ends the file, and only that one', () => {
    expect(split(`${SEP}\nSubject: a\n\nbody\n\n`)).toEqual(['Subject: a\n\nbody\n']);
    expect(split(`${SEP}\nSubject: a\n\nbody\n`)).toEqual(['Subject: a\n\nbody\n']);
    expect(split(`${SEP}\nSubject: a\n\nbody\n\n\n`)).toEqual(['Subject: a\n\nbody\n\n']);
  });

  it('numbers messages from 1 and accounts for every input byte in the spans', () => {
    const box = `${SEP}\nSubject: a\n\n>From x\n\n${SEP2}\nSubject: b\n\n`;
    const msgs = splitAll(box);
    expect(msgs.map((m) => m.index)).toEqual([1, 2]);
    // span: from a separator to the next one (the first includes the empty line before the second)
    expect(msgs[0].span).toBe(`${SEP}\nSubject: a\n\n>From x\n\n`.length);
    expect(msgs[0].span + msgs[1].span).toBe(box.length);
    expect(msgs.map((m) => m.size)).toEqual(['Subject: a\n\nFrom x\n'.length, 'Subject: b\n'.length]);
  });

  it('gives a message over 64 KB a shared buffer of its own (read by a worker without a copy)', () => {
    const body = `Subject: big\n\n${'b'.repeat(70_000)}\n`;
    const [m] = splitAll(`${SEP}\n${body}`);
    expect(m.bytes!.toString('latin1')).toBe(body);
    expect(m.bytes!.byteOffset).toBe(0);
    expect(m.bytes!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m.bytes!.buffer.byteLength).toBe(m.bytes!.length);
  });

  it('keeps every message whole while later ones are split: small ones share slabs, never written over', () => {
    // sizes from a few bytes to past 64 KB, so that messages fill slabs, cross their ends and skip them
    const sizes = Array.from({ length: 300 }, (_, i) => [3, 500, 4_000, 40_000, 63_000, 65_600, 70_000][i % 7] + i);
    const bodies = sizes.map((n, i) => `Subject: ${i}\n\n${String.fromCharCode(0x41 + (i % 26)).repeat(n)}\n`);
    const box = bodies.map((b) => `${SEP}\n${b}`).join('\n');
    for (const chunks of [[], [65_536], [1_000, 77_777]]) {
      const msgs = splitAll(box, chunks);
      expect(msgs.length).toBe(bodies.length);
      msgs.forEach((m, i) => expect(m.bytes!.toString('latin1') === bodies[i], `message ${i + 1}, chunks ${chunks}`).toBe(true));
    }
  });

  it('makes a message of bytes before the first separator, but not of empty lines alone', () => {
    expect(split(`Subject: pre\n\nx\n\n${SEP}\nSubject: a\n`)).toEqual(['Subject: pre\n\nx\n', 'Subject: a\n']);
    expect(split(`\n\n${SEP}\nSubject: a\n`)).toEqual(['Subject: a\n']);
  });
});

describe('mbox splitting in chunks', () => {
  const lines = [
    `${SEP}\r\n`,
    'Subject: a\r\n\r\n',
    '>From quoted\r\n',
    `${'L'.repeat(9000)}\r\n`, // a line longer than anything carried
    `>From ${'q'.repeat(9000)}\r\n`, // a long quoted line
    '\r\n',
    `From ${'n'.repeat(6000)} Thu Feb 22 23:34:45 2024\r\n`, // after an empty line, but too long for a separator
    '\r\n',
    `${SEP2}\r\n`,
    'Subject: b\r\n\r\n>>From deeper\r\nlast line',
  ];
  const box = lines.join('');
  const expected = [
    `Subject: a\r\n\r\nFrom quoted\r\n${'L'.repeat(9000)}\r\nFrom ${'q'.repeat(9000)}\r\n\r\nFrom ${'n'.repeat(6000)} Thu Feb 22 23:34:45 2024\r\n`,
    'Subject: b\r\n\r\n>From deeper\r\nlast line',
  ];

  it('splits the whole input as worked out by hand', () => {
    expect(split(box)).toEqual(expected);
  });

  it('gives the same messages, sizes and spans whatever the chunk sizes', () => {
    const whole = splitAll(box).map((m) => [m.index, m.size, m.span]);
    for (const sizes of [[1], [2], [3], [7], [64], [4095], [4096], [4097], [5000, 1, 13], [1, 9999]]) {
      expect(split(box, sizes), `chunks ${sizes}`).toEqual(expected);
      expect(splitAll(box, sizes).map((m) => [m.index, m.size, m.span])).toEqual(whole);
    }
  });

  it('splits a CRLF empty line cut between CR and LF', () => {
    const b = `${SEP}\r\nSubject: a\r\n\r\n${SEP2}\r\nSubject: b\r\n`;
    const cut = b.indexOf('\r\n\r\nFrom') + 3; // after the CR of the empty line
    expect(split(b, [cut, 1000])).toEqual(['Subject: a\r\n', 'Subject: b\r\n']);
  });
});

describe('mbox size limit', () => {
  it('drops the bytes of a message larger than the limit but still counts it, and goes on', () => {
    const big = 'x'.repeat(100);
    const box = `${SEP}\nSubject: a\n\n${big}\n\n${SEP2}\nSubject: b\n`;
    for (const sizes of [[], [1], [7]]) {
      const msgs = splitAll(box, sizes, 'mboxrd', 50);
      expect(msgs.map((m) => m.index)).toEqual([1, 2]);
      expect(msgs[0].bytes).toBeNull();
      expect(msgs[0].size).toBe(`Subject: a\n\n${big}\n`.length);
      expect(msgs[1].bytes!.toString()).toBe('Subject: b\n');
    }
  });

  it('keeps a message exactly at the limit (the mbox empty line after it does not count)', () => {
    const msg = 'Subject: a\n\n0123456789\n';
    const msgs = splitAll(`${SEP}\n${msg}\n${SEP2}\nSubject: b\n`, [5], 'mboxrd', msg.length);
    expect(msgs[0].bytes!.toString()).toBe(msg);
    expect(splitAll(`${SEP}\n${msg}\n`, [], 'mboxrd', msg.length - 1)[0].bytes).toBeNull();
  });
});
