import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText } from '../../src/2-mime/charset.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveLimits } from '../../src/0-core/limits.js';
import { paddingBeforeHeader, parseMime, singlePart, splitHeaderBlock, splitParts, startsWithoutHeader, type NodeState } from '../../src/2-mime/parse.js';
import { readMediaType } from '../../src/2-mime/media-type.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

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

describe('texts without a header block (issue 15)', () => {
  // RFC 5322 §2.2 / §3.6.8: a message opens with header fields, "name:" with a name of
  // printable characters; a stored bounce text opens with a sentence
  it('takes a first line that is no header field for the start of a bare text', () => {
    expect(startsWithoutHeader(Buffer.from('This is the mail system at host a.example.\n\nI am sorry'))).toBe(true);
    expect(startsWithoutHeader(Buffer.from('Delivery has failed to these recipients or groups:\n'))).toBe(true);
    expect(startsWithoutHeader(Buffer.from('[https://img.example/logo.png]\nYour message'))).toBe(true);
    expect(startsWithoutHeader(Buffer.from('\ufeffHello'))).toBe(true);
  });

  it('leaves messages alone: header fields, an empty header block, mbox From lines, empty input', () => {
    expect(startsWithoutHeader(Buffer.from('Received: from a by b; Thu, 1 Jan 2026 00:00:00 +0000\n'))).toBe(false);
    expect(startsWithoutHeader(Buffer.from('X-Failed-Recipients : a@b.example\n'))).toBe(false);
    expect(startsWithoutHeader(Buffer.from('\nbody only'))).toBe(false);
    expect(startsWithoutHeader(Buffer.from('From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n'))).toBe(false);
    expect(startsWithoutHeader(Buffer.alloc(0))).toBe(false);
  });

  // the reading by pattern the byte tests stand for: the first line (to LF, at most 200 bytes)
  // as latin1, an mbox From_ line, or FIELD_START /^[A-Za-z0-9][A-Za-z0-9_.-]{0,76}[ \t]{0,8}:/
  const byPattern = (bytes: Buffer): boolean => {
    let start = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    if (start >= bytes.length) return false;
    if (bytes[start] === 0x0a || bytes[start] === 0x0d) return false;
    let end = bytes.indexOf(0x0a, start);
    if (end === -1 || end - start > 200) end = Math.min(bytes.length, start + 200);
    const first = bytes.subarray(start, end).toString('latin1');
    if (first.startsWith('From ') || first.startsWith('>From ')) return false;
    return !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,76}[ \t]{0,8}:/.test(first);
  };

  it('reads the first line as the pattern does, on every fixture and corpus file and on seeded lines', () => {
    let files = 0;
    for (const dir of [path.join(import.meta.dirname, '../../fixtures'), path.join(import.meta.dirname, '../../../shared/corpus')]) {
      if (!existsSync(dir)) continue;
      for (const f of filesUnder(dir)) {
        const bytes = readFileSync(f);
        expect(startsWithoutHeader(bytes), f).toBe(byPattern(bytes));
        files++;
      }
    }
    expect(files).toBeGreaterThan(300);
    // names and white space around both bounds (76 more name characters, 8 spaces), a line end
    // or the input's end inside them, From_ lines, a BOM, bytes beyond ASCII
    const random = seededRandom(1849);
    const pieces = ['X', 'x-A', '9', '_', '.', '-', ' ', '\t', ':', '\n', '\r', '>', 'From ', 'From', '\xef\xbb\xbf', '\xe9', '[', 'a'.repeat(70), ' '.repeat(7)];
    for (let n = 0; n < 6000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const bytes = Buffer.from(text, 'latin1');
      expect(startsWithoutHeader(bytes), JSON.stringify(text)).toBe(byPattern(bytes));
    }
    for (let name = 75; name <= 79; name++)
      for (let spaces = 7; spaces <= 10; spaces++) {
        const bytes = Buffer.from(`${'N'.repeat(name)}${' '.repeat(spaces)}: v\n`, 'latin1');
        expect(startsWithoutHeader(bytes), `${name} ${spaces}`).toBe(byPattern(bytes));
      }
  });

  it('reads the whole bare text as the body, with no headers and a warning', async () => {
    const msg = await parseMime(Buffer.from('This is the mail system at host a.example.\n\n<b@c.example>: host d.example[192.0.2.1] said: 550 no\n'));
    expect(msg.headerless).toBe(true);
    expect(msg.headers.fields).toHaveLength(0);
    expect(msg.text.startsWith('This is the mail system at host a.example.\n')).toBe(true);
    expect(msg.text).toContain('<b@c.example>');
    expect(msg.warnings.join(' ')).toMatch(/no header block/);
  });

  it('skips white-space-only padding lines before a header block, not an empty line (RFC 5322 2.1)', async () => {
    expect(paddingBeforeHeader(Buffer.from('   \n\t\r\nFrom: a@b.example\n'))).toBe(7);
    expect(paddingBeforeHeader(Buffer.from('\nFrom: a@b.example\n'))).toBe(0);
    expect(paddingBeforeHeader(Buffer.from('   \nsome text\n'))).toBe(0);
    expect(paddingBeforeHeader(Buffer.from('   indented text\nFrom: x\n'))).toBe(0);
    const msg = await parseMime(Buffer.from('    \nFrom: MAILER-DAEMON@mx.example\nSubject: failure notice\n\nbody\n'));
    expect(msg.headerless).toBe(false);
    expect(msg.subject).toBe('failure notice');
  });

  it('does not mark a message with headers', async () => {
    const msg = await parseMime(Buffer.from('Subject: x\n\nbody\n'));
    expect(msg.headerless).toBe(false);
  });
});

describe('media types read leniently (issue 15 item 3)', () => {
  // RFC 2045 §5.1: type "/" subtype *(";" parameter); real mail bends it
  it('cuts the type at what cannot belong to it and still finds a charset written after it', () => {
    expect(readMediaType('text/plain charset=us-ascii')).toEqual({ type: 'text/plain', charset: 'us-ascii' });
    expect(readMediaType('text/plain name="a.txt"')).toEqual({ type: 'text/plain', charset: null });
    expect(readMediaType('Text / Plain; charset="ISO-8859-1"')).toEqual({ type: 'text/plain', charset: 'iso-8859-1' });
    expect(readMediaType('"message/delivery-status"')).toEqual({ type: 'message/delivery-status', charset: null });
    // a frequent inversion, and nothing usable (RFC 2045 §5.2's default)
    expect(readMediaType('plain/text')).toEqual({ type: 'text/plain', charset: null });
    expect(readMediaType(';')).toEqual({ type: 'text/plain', charset: null });
  });

  it('gives the same answer when asked again, past its store of answers, and a frozen one', () => {
    const first = readMediaType('Text/HTML; charset=UTF-8');
    for (let i = 0; i < 600; i++) expect(readMediaType(`x-type/sub${i}; charset=c${i}`)).toEqual({ type: `x-type/sub${i}`, charset: `c${i}` });
    expect(readMediaType('Text/HTML; charset=UTF-8')).toEqual({ type: 'text/html', charset: 'utf-8' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(readMediaType(null)).toEqual({ type: 'text/plain', charset: null });
  });

  it('keeps a part with a malformed Content-Type in the human text', async () => {
    for (const ct of ['text/plain charset=us-ascii', 'plain/text', 'text / plain', 'text/plain name="a.txt"']) {
      const msg = await parseMime(Buffer.from(`From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BB"\n\n--BB\nContent-Type: ${ct}\n\nHuman text\n--BB\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x.example\n\nFinal-Recipient: rfc822; q@example.net\nAction: failed\n--BB--\n`));
      expect(msg.text, ct).toContain('Human text');
      expect(msg.deliveryStatus, ct).toHaveLength(1);
    }
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

describe('splitHeaderBlock', () => {
  it('finds the same block with the bytes read as latin1 as without, on every fixture and crafted ends', () => {
    const dir = path.join(import.meta.dirname, '../../fixtures/bounces');
    const inputs = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)));
    for (const c of ['', '\n', '\r\n', 'a: b', 'a: b\n', 'a: b\n\n', 'a: b\r\n\r\nx', 'a: b\n\r\nx', 'a: b\n\r\r\n\nx', '\nbody']) inputs.push(Buffer.from(c, 'latin1'));
    for (const bytes of inputs) {
      const plain = splitHeaderBlock(bytes);
      const viaText = splitHeaderBlock(bytes, bytes.toString('latin1'));
      expect(viaText.bodyOffset).toBe(plain.bodyOffset);
      expect(viaText.header.equals(plain.header)).toBe(true);
    }
  });
});

describe('single-part messages without the splitter', () => {
  // singlePart() reads a message that is not multipart with PartHead alone (MimeNode's reading); what it
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
      // given the bytes read as latin1 (parseMimeSync does), the same
      const withText = singlePart(bytes, limits, bytes.toString('latin1'));
      expect(withText === null, name).toBe(fast === null);
      if (!fast || !withText) continue;
      single++;
      expect(states, name).toHaveLength(1);
      expect(shape(fast), name).toEqual(shape(states[0]));
      expect(shape(withText), name).toEqual(shape(states[0]));
    }
    // every crafted case is single-part, and so are the 43 plain-text fixtures of today (qmail, Exim ...)
    expect(single).toBeGreaterThanOrEqual(Object.keys(crafted).length + 54);
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
    // the same answers where the spellings are looked for in the message read as latin1 (parseMimeSync)
    const withText = (m: string) => singlePart(Buffer.from(m, 'latin1'), limits, m);
    expect(withText(report)).toBeNull();
    expect(withText('Subject: Multipart question\n\nplain\n')).toBeNull();
    expect(withText('X-A: MULTIPART\r\n\r\nplain\r\n')).toBeNull();
    expect(withText('Content-Type: MultiPart/Mixed; boundary=b\n\n--b\n\nx\n--b--\n')).toBeNull();
    // the head only: the word in the body (a quoted Content-Type, say) leaves the message single-part
    expect(withText('Subject: plain\n\nContent-Type: multipart/mixed\n')).not.toBeNull();
    expect(singlePart(Buffer.from('Subject: plain\n\nContent-Type: multipart/mixed\n'), limits)).not.toBeNull();
  });
});
