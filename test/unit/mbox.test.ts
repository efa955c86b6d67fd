import { describe, expect, it } from 'vitest';
import { isSeparatorLine, looksLikeMbox, MboxSplitter } from '../../src/input/mbox.js';

function split(input: Buffer | string, chunkSize = 0, format: 'mboxrd' | 'mboxo' = 'mboxrd'): string[] {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
  const s = new MboxSplitter(format);
  const out: Buffer[] = [];
  if (chunkSize > 0) {
    for (let i = 0; i < buf.length; i += chunkSize) out.push(...s.push(buf.subarray(i, i + chunkSize)).map((m) => m.bytes!));
  } else out.push(...s.push(buf).map((m) => m.bytes!));
  out.push(...s.end().map((m) => m.bytes!));
  return out.map((b) => b.toString('latin1'));
}

const SEP = 'From MAILER-DAEMON Thu Feb 22 23:34:45 2024';

describe('mbox splitting (RFC 4155)', () => {
  it('recognises separator lines by content', () => {
    expect(isSeparatorLine(Buffer.from(SEP))).toBe(true);
    expect(isSeparatorLine(Buffer.from('From here we go'))).toBe(false);
    expect(looksLikeMbox(Buffer.from(`${SEP}\nSubject: x\n`))).toBe(true);
    expect(looksLikeMbox(Buffer.from('Subject: x\n'))).toBe(false);
  });

  it('splits at separators after a blank line, drops the separator and its blank line', () => {
    expect(split(`${SEP}\nSubject: a\n\nbody a\n\n${SEP}\nSubject: b\n\nbody b\n`)).toEqual(['Subject: a\n\nbody a\n', 'Subject: b\n\nbody b\n']);
  });

  it('does not split at a From line that is not after a blank line', () => {
    const msgs = split(`${SEP}\nSubject: a\n\nline\nFrom someone Thu Feb 22 23:34:45 2024\nmore\n`);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toContain('From someone');
  });

  it('unquotes >From lines: mboxrd removes one > from every level, mboxo only from >From', () => {
    const box = `${SEP}\nSubject: a\n\n>From x\n>>From y\n`;
    expect(split(box)).toEqual(['Subject: a\n\nFrom x\n>From y\n']);
    expect(split(box, 0, 'mboxo')).toEqual(['Subject: a\n\nFrom x\n>>From y\n']);
  });

  it('handles CRLF files, keeps 8-bit bytes exact and a last line without newline', () => {
    const bytes = Buffer.concat([Buffer.from(`${SEP}\r\nSubject: a\r\n\r\n`), Buffer.from([0xe9, 0xff, 0x80]), Buffer.from(`\r\n\r\n${SEP}\r\nSubject: b\r\n\r\nno newline`)]);
    const msgs = split(bytes);
    expect(msgs).toHaveLength(2);
    expect(Buffer.from(msgs[0], 'latin1')).toEqual(Buffer.concat([Buffer.from('Subject: a\r\n\r\n'), Buffer.from([0xe9, 0xff, 0x80]), Buffer.from('\r\n')]));
    expect(msgs[1]).toBe('Subject: b\r\n\r\nno newline');
  });

  it('gives the same messages whatever the chunk size', () => {
    const box = `${SEP}\nSubject: a\n\nx\n\n${SEP}\nSubject: b\n\n>From q\ny\n`;
    const whole = split(box);
    for (const size of [1, 2, 3, 7, 64]) expect(split(box, size)).toEqual(whole);
  });
});
