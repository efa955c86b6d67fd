import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText } from '../../src/2-mime/charset.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveLimits } from '../../src/0-core/limits.js';
import { parseMime, singlePart, splitParts, type NodeState } from '../../src/2-mime/parse.js';

describe('charsets', () => {
  it('decodes declared charsets, including UTF-7 as old Exchange NDRs write it', () => {
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'iso-8859-1')).toBe('café');
    expect(decodeText(Buffer.from('Gr+APw-+AN8-e', 'latin1'), 'unicode-1-1-utf-7')).toBe('Grüße');
    expect(decodeText(iconv.encode('宛先不明', 'shift_jis'), 'Shift_JIS')).toBe('宛先不明');
    expect(decodeText(Buffer.from('\x1b$B%F%9%H\x1b(B', 'latin1'), 'ISO-2022-JP')).toBe('テスト');
  });

  it('reads UTF-8 bytes behind a 7-bit label as UTF-8 (a lying ISO-2022-JP label)', () => {
    expect(decodeText(Buffer.from('メール', 'utf8'), 'iso-2022-jp')).toBe('メール');
    expect(decodeText(Buffer.from('x', 'utf8'), 'UFT-8')).toBe('x');
  });

  it('reads EUC-JP or Shift_JIS bytes behind an ISO-2022-JP label as what they are (corpus lhost-ezweb-03)', () => {
    expect(decodeText(iconv.encode('送信できませんでした', 'euc-jp'), 'ISO-2022-JP')).toBe('送信できませんでした');
    expect(decodeText(iconv.encode('送信できませんでした', 'shift_jis'), 'iso-2022-jp')).toBe('送信できませんでした');
  });

  it('keeps undeclared 8-bit bytes recoverable (latin1, one byte per code point)', () => {
    const bytes = Buffer.from([0x41, 0xe9, 0xff, 0x42]);
    const text = decodeText(bytes, null);
    expect(Buffer.from(text, 'latin1')).toEqual(bytes);
  });
});

describe('MIME layer', () => {

  it('reads a message whose lines end in bare CR (classic Mac OS copies) like an LF one', async () => {
    const lf = 'From: a@example.org\nSubject: cr test\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nhuman\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y\nAction: failed\nStatus: 5.1.1\n--b--\n';
    const msg = await parseMime(Buffer.from(lf.replace(/\n/g, '\r'), 'latin1'));
    expect(msg.subject).toBe('cr test');
    expect(msg.deliveryStatus).toHaveLength(1);
    expect(msg.deliveryStatus[0].text).toContain('Final-Recipient: rfc822; x@y');
  });
  it('finds the delivery-status part and the returned headers, decoding base64', async () => {
    const ds = Buffer.from('Reporting-MTA: dns; a\r\n\r\nFinal-Recipient: rfc822; x@y\r\nAction: failed\r\nStatus: 5.1.1\r\n').toString('base64');
    const msg = await parseMime(
      Buffer.from(
        `Subject: t\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nhuman\n--b\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n${ds}\n--b\nContent-Type: text/rfc822-headers\n\nSubject: orig\nMessage-ID: <o@x>\n\n--b--\n`,
      ),
    );
    expect(msg.reportType).toBe('delivery-status');
    expect(msg.deliveryStatus).toHaveLength(1);
    expect(msg.deliveryStatus[0].text).toContain('Final-Recipient: rfc822; x@y\nAction: failed');
    expect(msg.returned?.headers.get('message-id')).toBe('<o@x>');
    expect(msg.returned?.bytes).toBeNull(); // headers only
    expect(msg.text.trim()).toBe('human');
  });

  it('recovers a delivery-status part behind a boundary that does not match its declaration', async () => {
    const msg = await parseMime(
      Buffer.from('Content-Type: multipart/report; report-type=delivery-status; boundary="AAA"\n\n--AAB\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y\nAction: failed\n--AAB--\n'),
    );
    expect(msg.deliveryStatus).toHaveLength(1);
    expect(msg.deliveryStatus[0].text).toContain('Final-Recipient: rfc822; x@y');
    expect(msg.warnings.join(' ')).toMatch(/recovered/);
  });

  it('reads a plain message without MIME headers as text', async () => {
    const msg = await parseMime(Buffer.from('Subject: failure notice\n\nHi. This is the qmail-send program.\n'));
    expect(msg.text).toContain('Hi. This is the qmail-send program.');
    expect(msg.deliveryStatus).toHaveLength(0);
  });
});

describe('html parts', () => {
  it('converts HTML with tables and headings to text (the converter compiles: no silent tag-stripping fallback)', async () => {
    const { htmlToText } = await import('../../src/2-mime/html.js');
    const text = htmlToText('<h1>Delivery has failed</h1><table><tr><th>Recipient</th><th>Status</th></tr><tr><td>a@b.example</td><td>5.1.1</td></tr></table><p>x &amp; y</p>');
    expect(text).toContain('Delivery has failed'); // headings not upper-cased
    expect(text).toMatch(/Recipient\s+Status/); // header cells as written
    expect(text).toMatch(/a@b\.example\s+5\.1\.1/);
    expect(text).toContain('x & y'); // entities decoded: the fallback would leave &amp;
  });

  it('drops style, script and comment blocks before converting (unclosed ones run to the end)', async () => {
    const { dropInvisible, htmlToText } = await import('../../src/2-mime/html.js');
    expect(dropInvisible('a<STYLE type="x">b{c:d}</style>e<!-- f -->g<script>h</SCRIPT>i')).toBe('a e g i');
    expect(dropInvisible('a<style>never closed')).toBe('a ');
    const page = `<html><head><style>${'p{color:red}'.repeat(500)}</style></head><body><p>User unknown</p><!-- x --></body></html>`;
    expect(htmlToText(page).trim()).toBe('User unknown');
  });
});

describe('single-part messages without the splitter', () => {
  // singlePart() reads a message that is not multipart with mailsplit's MimeNode alone; what it
  // gives must be what mailsplit's splitter gives for the same bytes (its first and only node).
  const limits = resolveLimits();
  const shape = (s: NodeState) => ({
    contentType: s.node.contentType,
    charset: s.node.charset,
    encoding: s.node.encoding,
    disposition: s.node.disposition,
    filename: s.node.filename,
    multipart: s.node.multipart,
    headers: s.node.getHeaders().toString('latin1'),
    body: Buffer.concat(s.chunks).toString('latin1'),
    size: s.size,
  });
  const crafted: Record<string, string> = {
    'no empty line': 'From: a@example.org\nSubject: only headers',
    'empty body': 'From: a@example.org\nSubject: x\n\n',
    'CRLF, no final line end': 'From: a@example.org\r\nContent-Type: text/plain; charset="ISO-8859-1"\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\nbody =E9\r\nlast',
    'first line empty': '\nFrom: not a header, body\n',
    'folded content type, comments, encoded filename': 'Content-Type: text/plain;\n\tcharset=utf-8 (comment);\n\tname="=?UTF-8?B?w6kudHh0?="\nContent-Disposition: attachment\nContent-Transfer-Encoding: "base64"\n\nw6k=\n',
    'disposition without content type': 'Content-Disposition: attachment; filename=report.pdf\n\n%PDF\n',
    'message/rfc822 at the top': 'Content-Type: message/rfc822\n\nFrom: b@example.org\nSubject: inner\n\ninner body\n',
  };
  it('gives what the splitter gives, for every single-part fixture and crafted edge cases', async () => {
    const dir = path.join(import.meta.dirname, '../../fixtures/bounces');
    const inputs: [string, Buffer][] = Object.entries(crafted).map(([k, v]) => [k, Buffer.from(v, 'latin1')]);
    for (const f of readdirSync(dir)) inputs.push([f, readFileSync(path.join(dir, f))]);
    let single = 0;
    for (const [name, bytes] of inputs) {
      const fast = singlePart(bytes, limits);
      const { states } = await splitParts(bytes, limits, []);
      if (!fast) continue;
      single++;
      expect(states, name).toHaveLength(1);
      expect(shape(fast), name).toEqual(shape(states[0]));
    }
    // every crafted case is single-part, and so are the 43 plain-text fixtures of today (qmail, Exim ...)
    expect(single).toBeGreaterThanOrEqual(Object.keys(crafted).length + 43);
  });

  it('leaves anything that may be multipart, or a huge header block, to the splitter', () => {
    const report = 'Content-Type: multipart/report; boundary=b\n\n--b\n\nx\n--b--\n';
    expect(singlePart(Buffer.from(report), limits)).toBeNull();
    // the word anywhere in the header block is enough to take the careful path
    expect(singlePart(Buffer.from('Subject: Multipart question\n\nplain\n'), limits)).toBeNull();
    // an odd spelling is not looked for in the bytes, but the parsed Content-Type still says multipart
    expect(singlePart(Buffer.from('Content-Type: MultiPart/Mixed; boundary=b\n\n--b\n\nx\n--b--\n'), limits)).toBeNull();
    const bigHead = `X-Big: ${'a'.repeat(64 * 1024)}\n\nbody\n`;
    expect(singlePart(Buffer.from(bigHead), { ...limits, maxHeaderBytes: 1024 * 1024 })).toBeNull();
    expect(singlePart(Buffer.from('Subject: plain\n\nbody\n'), limits)).not.toBeNull();
  });
});
