import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText } from '../../src/mime/charset.js';
import { parseMime } from '../../src/mime/parse.js';

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
    const { htmlToText } = await import('../../src/mime/html.js');
    const text = htmlToText('<h1>Delivery has failed</h1><table><tr><th>Recipient</th><th>Status</th></tr><tr><td>a@b.example</td><td>5.1.1</td></tr></table><p>x &amp; y</p>');
    expect(text).toContain('Delivery has failed'); // headings not upper-cased
    expect(text).toMatch(/Recipient\s+Status/); // header cells as written
    expect(text).toMatch(/a@b\.example\s+5\.1\.1/);
    expect(text).toContain('x & y'); // entities decoded: the fallback would leave &amp;
  });

  it('drops style, script and comment blocks before converting (unclosed ones run to the end)', async () => {
    const { dropInvisible, htmlToText } = await import('../../src/mime/html.js');
    expect(dropInvisible('a<STYLE type="x">b{c:d}</style>e<!-- f -->g<script>h</SCRIPT>i')).toBe('a e g i');
    expect(dropInvisible('a<style>never closed')).toBe('a ');
    const page = `<html><head><style>${'p{color:red}'.repeat(500)}</style></head><body><p>User unknown</p><!-- x --></body></html>`;
    expect(htmlToText(page).trim()).toBe('User unknown');
  });
});
