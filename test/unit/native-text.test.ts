// Helpers for reading native (text) bounces: addresses, blocks, inline DSN fields, the
// quoted original, and the un-quoting of forwarded bounces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forwardedText } from '../../src/3-formats/embedded.js';
import type { BounceMessage } from '../../src/2-mime/message.js';
import { findAddress, hostBeforeBracket, inlineDeliveryStatus, returnedAfter, splitBlocks, toLines, type Lines } from '../../src/3-formats/readers/native-text.js';
import { HeaderList } from '../../src/2-mime/headers.js';
import { parseMime, parseMimeSync } from '../../src/2-mime/parse.js';
import { readFileSync } from 'node:fs';
import { messageFiles, seededRandom } from '../helpers/inputs.js';

describe('native text helpers', () => {
  it('finds the first address, in brackets or bare, lower-casing only the domain', () => {
    expect(findAddress('  (reason: 550 5.1.1 <Bob@Example.NET>... User unknown)')).toBe('Bob@example.net');
    expect(findAddress('"greta@example.net":')).toBe('greta@example.net');
    expect(findAddress('no address here')).toBeNull();
    expect(findAddress('user@[192.0.2.1] x')).toBe('user@[192.0.2.1]');
  });

  it('names the host before a bracketed address', () => {
    expect(hostBeforeBracket('host mx1.example.net [192.0.2.25]: 550 no')).toBe('mx1.example.net');
    expect(hostBeforeBracket('Server mx.example.org[192.0.2.222] failed with')).toBe('mx.example.org');
  });

  it('splits recipient blocks at head lines', () => {
    const t = toLines('intro\n  a@example.org\n    error one\n  b@example.org\n    error two\n');
    const blocks = splitBlocks(t, 0, t.lines.length, (l) => /^ {2}\S/.test(l));
    expect(blocks.map((b) => [b.address, b.body.map((x) => x.trim())])).toEqual([
      ['a@example.org', ['error one']],
      ['b@example.org', ['error two', '']],
    ]);
  });

  it('reads RFC 3464 fields written into text', () => {
    const t = toLines('Technical report:\n\nReporting-MTA: dns; mta.example.org\n\nAction: failed\nFinal-Recipient: rfc822; c@example.net\nStatus: 5.1.1\n');
    const ds = inlineDeliveryStatus(t);
    expect(ds?.reportingMta).toBe('mta.example.org');
    expect(ds?.recipients.map((r) => [r.recipient, r.action, r.status])).toEqual([['c@example.net', 'failed', '5.1.1']]);
    expect(inlineDeliveryStatus(toLines('no fields here'))).toBeNull();
  });

  it('reads the header block of an original quoted after a marker, indented or not', () => {
    const t = toLines('text\n------ This is a copy of the message ------\n\n   From: a@example.org\n   Subject: Hi\n   Message-ID: <m@x>\n\nbody');
    const r = returnedAfter(t, ['this is a copy of the message']);
    expect(r?.headers.get('subject')).toBe('Hi');
    expect(r?.headers.get('message-id')).toBe('<m@x>');
  });

  it('un-quotes a forwarded copy after the forwarding line', () => {
    const text = 'see below\n\nBegin forwarded message:\n\n> From: MAILER-DAEMON@x.example\n> Subject: Returned mail\n>\n> body line\n';
    expect(forwardedText(text, 'Fwd: Returned mail')).toBe('From: MAILER-DAEMON@x.example\nSubject: Returned mail\n\nbody line\n');
    expect(forwardedText('just a message\n', 'Hello')).toBeNull();
  });
});

describe('toLines', () => {
  // each line without its CR, cut at 4096 characters, and lower-cased as that line alone
  const byLine = (text: string) => {
    const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l).slice(0, 4096));
    return { lines, lower: lines.map((l) => l.toLowerCase()) };
  };
  const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r', 'ΑΣ', 'Σ', 'ΣΑ', 'İ', 'ẞ', 'Straße', ' '), fc.constantFrom('a'.repeat(4095), 'B'.repeat(4100)));
  it('gives the same lines and lower-cased lines as reading each line alone', () => {
    expect(toLines('ΟΔΟΣ\r\nİX\n').lower).toEqual(['οδος', 'i̇x', '']);
    expect(toLines(`${'a'.repeat(4095)}ΣΑ`).lower).toEqual([`${'a'.repeat(4095)}ς`]); // final once cut
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (ps) => {
        const text = ps.join('');
        expect(toLines(text)).toEqual(byLine(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('message views', () => {
  it('are computed once per message and kept on it', async () => {
    let calls = 0;
    const view = (m: BounceMessage) => `${++calls}:${m.subject}`;
    const a = await parseMime(Buffer.from('Subject: a\n\nbody\n'));
    const b = await parseMime(Buffer.from('Subject: b\n\nbody\n'));
    expect([a.view(view), a.view(view)]).toEqual(['1:a', '1:a']);
    expect([b.view(view), a.view(view)]).toEqual(['2:b', '1:a']);
  });

  it('keep each view apart, a view that asks for another included, and a value that is null or undefined', async () => {
    const asked: string[] = [];
    const inner = (m: BounceMessage) => (asked.push('inner'), m.subject.length);
    const outer = (m: BounceMessage) => (asked.push('outer'), m.view(inner) + 1);
    const none = (_m: BounceMessage) => (asked.push('none'), undefined);
    const empty = (_m: BounceMessage) => (asked.push('empty'), null);
    const msg = await parseMime(Buffer.from('Subject: four\n\nbody\n'));
    expect([msg.view(outer), msg.view(inner), msg.view(outer), msg.view(none), msg.view(none), msg.view(empty), msg.view(empty)]).toEqual([5, 4, 5, undefined, undefined, null, null]);
    expect(asked).toEqual(['outer', 'inner', 'none', 'empty']);
  });
});

describe('toLines', () => {
  // the general routine: each line's CR dropped, a line longer than 4096 cut, each lower-cased
  // (from the whole text's lower case where that keeps every character in place)
  function generalToLines(text: string): { lines: string[]; lower: string[] } {
    const lines = text.split('\n');
    const whole = text.toLowerCase();
    const lower = whole.length === text.length ? whole.split('\n') : null;
    const lowerLines = new Array<string>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      let l = lines[i];
      const cr = l.endsWith('\r');
      if (cr) l = l.slice(0, -1);
      const cut = l.length > 4096;
      if (cut) l = l.slice(0, 4096);
      lines[i] = l;
      lowerLines[i] = lower && !cut ? (cr ? lower[i].slice(0, -1) : lower[i]) : l.toLowerCase();
    }
    return { lines, lower: lowerLines };
  }

  it('agrees with the line-by-line reading on texts with and without CRs, long lines and case changes of other lengths', () => {
    const pieces = ['a', 'B', ' ', '\n', '\r\n', '\r', 'İ', 'Σ', 'ΣA', 'x'.repeat(4095), 'y'.repeat(4097), ''];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (ps) => {
        const text = ps.join('');
        expect(toLines(text)).toEqual(generalToLines(text));
      }),
      { numRuns: 500, seed: 18 },
    );
  });

  it('agrees with the line-by-line reading on the fixtures and the corpus', () => {
    let read = 0;
    for (const f of messageFiles()) {
      const msg = parseMimeSync(readFileSync(f));
      if (!msg) continue;
      read++;
      expect(toLines(msg.text)).toEqual(generalToLines(msg.text));
      expect(toLines(msg.lowerHead)).toEqual(generalToLines(msg.lowerHead));
    }
    expect(read).toBeGreaterThan(10);
  });
});

describe('returnedAfter', () => {
  // the general routine: blank lines told by trim(), the indent measured by a regex match
  function generalReturnedAfter(t: Lines, markers: readonly string[], from = 0): { headerText: string; fields: [string, string][] } | null {
    let at = -1;
    for (let i = Math.max(0, from); i < t.lines.length && at === -1; i++) if (markers.some((m) => t.lower[i].includes(m))) at = i;
    if (at === -1) return null;
    let i = at + 1;
    while (i < t.lines.length && t.lines[i].trim() === '') i++;
    const indent = /^\s*/.exec(t.lines[i] ?? '')![0].length;
    const head: string[] = [];
    for (; i < t.lines.length && head.length < 500; i++) {
      const l = t.lines[i];
      if (l.trim() === '') break;
      head.push(indent ? l.slice(Math.min(indent, /^\s*/.exec(l)![0].length)) : l);
    }
    const headerText = head.join('\n');
    const headers = HeaderList.parse(headerText);
    return headers.fields.length ? { headerText, fields: headers.fields.map((f) => [f.key, f.value]) } : null;
  }
  const read = (t: Lines, markers: readonly string[], from = 0) => {
    const r = returnedAfter(t, markers, from);
    return r && { headerText: r.headerText, fields: r.headers.fields.map((f): [string, string] => [f.key, f.value]) };
  };

  it('agrees with the general reading after every line of every fixture and corpus text', () => {
    let found = 0;
    for (const f of messageFiles()) {
      const msg = parseMimeSync(readFileSync(f));
      if (!msg) continue;
      const t = toLines(msg.text);
      // each non-blank line (at most 40 a text) taken as the marker line
      for (let k = 0, asked = 0; k < t.lines.length && asked < 40; k++) {
        const marker = t.lower[k].trim();
        if (!marker) continue;
        asked++;
        const general = generalReturnedAfter(t, [marker], k);
        expect(read(t, [marker], k), `${f} line ${k}`).toEqual(general);
        if (general) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  it('agrees with the general reading on seeded texts of indented, blank and white-space-only lines', () => {
    const pieces = ['copy of the message', 'From: a@example.org', 'Subject: x', 'X-A: 1', ' ', '\t', '\u00a0', '\u3000', '\u2028', '\ufeff', '  ', '\n', '\r\n', 'b', '>'];
    const random = seededRandom(3464);
    let found = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 2 + Math.floor(random() * 20) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const t = toLines(text);
      const general = generalReturnedAfter(t, ['copy of the message']);
      expect(read(t, ['copy of the message']), `seed 3464 text ${n} ${JSON.stringify(text)}`).toEqual(general);
      if (general) found++;
    }
    expect(found).toBeGreaterThan(100);
  });
});
