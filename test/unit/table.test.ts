import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanAddress, cleanOriginalAddress, toIsoDate } from '../../src/0-core/address.js';
import { findFailureStatusInText, findStatusCodes, parseStatusField, preferStatus } from '../../src/0-core/status.js';
import { findCommand, findFailureReplyCode, findReplyCode } from '../../src/0-core/smtp.js';
import { parseMessage } from '../../src/8-pipeline/parse.js';
import { lowerSpaced, oneSpaced, preparedFrom } from '../../src/0-core/text.js';
import { seededRandom } from '../helpers/inputs.js';
import { reportsOfEveryMessage } from '../helpers/reports.js';

describe('status codes (RFC 3463)', () => {
  it('reads the Status field with comments and rejects malformed values', () => {
    expect(parseStatusField('5.0.0 (permanent failure)')).toBe('5.0.0');
    expect(parseStatusField('5.1.10')).toBe('5.1.10');
    expect(parseStatusField('5.7.350')).toBe('5.7.350');
    expect(parseStatusField('5.01')).toBeNull();
    expect(parseStatusField('3.1.1')).toBeNull(); // class must be 2, 4 or 5
    expect(parseStatusField('5.9.8')).toBeNull(); // subject 9 is not defined
    expect(parseStatusField('')).toBeNull();
  });

  // parseStatusField takes a value already in RFC 3463's form as it is, and looks for comments
  // only where a '(' is; findFailureStatusInText stops at the first failure code. The general
  // readings: every value through the comment pattern and the match groups, every text's codes listed.
  it('reads fields and texts as the general readings do, on every row of the fixtures and corpus and on generated values', () => {
    const generalField = (value: string | null | undefined): string | null => {
      if (!value) return null;
      const m = /^([245])\.(\d{1,3})\.(\d{1,3})(?!\d)/.exec(value.replace(/\([^()]{0,500}\)/g, ' ').trim());
      if (!m) return null;
      const code = `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
      return /^[245]\.[0-7]\.(?:0|[1-9]\d{0,2})$/.test(code) ? code : null;
    };
    const generalFailure = (text: string | null | undefined) => findStatusCodes(text).find((c) => c[0] !== '2') ?? null;
    const values: (string | null | undefined)[] = [];
    for (const report of reportsOfEveryMessage()) for (const d of report.recipients) values.push(d.status, d.diagnosticCode, d.hint);
    expect(values.length).toBeGreaterThan(100);
    const pieces = ['5', '4', '2', '3', '.', '1', '0', '00', '10', '350', '1000', '5.1.1', '2.0.0', '2.1.5', '4.4.7', '5.0.0', ' ', '(', ')', '(x)', 'x', '192.0.2.5', '05', '9', '\n', '\u00a0'];
    for (let seed = 1; seed <= 5000; seed++) {
      const rnd = seededRandom(seed);
      values.push(Array.from({ length: Math.floor(rnd() * 14) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''));
    }
    values.push(`${'2.0.0 '.repeat(8)}5.1.1`, `${'2.0.0 '.repeat(7)}5.1.1`, `${'5.9.9 '.repeat(9)}5.1.1`);
    for (const v of values) {
      expect(parseStatusField(v), String(v)).toBe(generalField(v));
      expect(findFailureStatusInText(v), String(v)).toBe(generalFailure(v));
    }
  });

  it('finds codes in text but not inside IPv4 addresses or longer dotted numbers', () => {
    expect(findStatusCodes('host 192.0.2.5 said: 550 5.1.1 no')).toEqual(['5.1.1']);
    expect(findStatusCodes('Sorry (#5.1.1)')).toEqual(['5.1.1']);
    expect(findStatusCodes('version 4.5.5.1 and 10.4.4.4')).toEqual([]);
  });

  it('prefers a specific code from the text over a generic X.0.0 field (Exim, Gmail)', () => {
    expect(preferStatus('5.0.0', '5.1.1', '550')).toBe('5.1.1');
    expect(preferStatus(null, '5.2.2', '552')).toBe('5.2.2');
    // classes disagree: the reply code decides which one the failure really had (docs/formats.md#status-versus-reply-code)
    expect(preferStatus('4.0.0', '5.1.1', '550')).toBe('5.1.1');
    expect(preferStatus('4.0.0', '5.1.1', '421')).toBe('4.0.0');
    expect(preferStatus('4.4.7', '5.1.1', null)).toBe('4.4.7');
  });

  it('prefers the code the reply supports when a specific field disagrees with it in class (issue 15)', () => {
    // a 4.x.x field beside "550 5.1.1": the remote refused for good
    expect(preferStatus('4.2.0', '5.1.1', '550')).toBe('5.1.1');
    expect(preferStatus('2.0.0', '5.7.1', '554')).toBe('5.7.1');
    // a final 5.x.x field beside the last temporary reply stays (retry time ran out, RFC 3464 §2.3.3)
    expect(preferStatus('5.4.7', '4.4.1', '421')).toBe('5.4.7');
    // a code in the text that the reply does not support does not win
    expect(preferStatus('4.2.0', '5.1.1', '451')).toBe('4.2.0');
    // a generic field of the other class, and a reply without a code: the reply's class
    expect(preferStatus('4.0.0', null, '550')).toBe('5.0.0');
    expect(preferStatus('4.4.7', null, '550')).toBe('4.4.7');
  });

  it('lets catch-all Status values yield to the reply\'s own code of the same class (docs/formats.md#status-versus-reply-code)', () => {
    // a relay writes 5.1.1 for any RCPT refusal; "550 5.7.1 IP address blacklisted" says what happened
    expect(preferStatus('5.1.1', '5.7.1', '550')).toBe('5.7.1');
    // ...but not to a vaguer code, nor to one of the same subject
    expect(preferStatus('5.1.1', '5.1.0', '550')).toBe('5.1.1');
    expect(preferStatus('5.1.1', '5.1.2', '550')).toBe('5.1.1');
    // queue expiry (X.4.7) hides the cause; RFC 3463 asks for the underlying one
    expect(preferStatus('4.4.7', '4.4.5', '452')).toBe('4.4.5');
    // a specific field is kept against another specific code
    expect(preferStatus('5.2.1', '5.1.1', '550')).toBe('5.2.1');
    expect(preferStatus('5.2.2', '5.7.1', '550')).toBe('5.2.2');
  });
});

describe('SMTP reply and command', () => {
  it('finds the reply code at the start or after a marker', () => {
    expect(findReplyCode('550 5.1.1 <a@b>: User unknown')).toBe('550');
    expect(findReplyCode('host mx[192.0.2.1] said: 452 4.2.2 full')).toBe('452');
    expect(findReplyCode("Remote Server returned '554 5.2.2 mailbox full'")).toBe('554');
    expect(findReplyCode('no code here 2011')).toBeNull();
  });

  it('takes the code that ends a multi-line reply when a 2xx continuation opens it (RFC 5321 4.2.1)', () => {
    expect(findReplyCode('220-mx.example.net 421 4.2.1 Service refused, please try later.')).toBe('421');
    expect(findReplyCode('550-5.1.1 The email account does not exist. 550 5.1.1 try again')).toBe('550');
    expect(findReplyCode('250 2.0.0 Ok: queued as 4Xy7')).toBe('250');
    // a number inside a 2xx text is not a reply
    expect(findReplyCode('250-mx.example.net says hello 250 SIZE 10240000')).toBe('250');
  });

  it('explains a failed row by the failing reply of a transcript, not the positive replies before it (RFC 5321 4.2.1)', async () => {
    const session = '--> MAIL From:<bob@example.org>\n<-- 250 2.1.0 Ok\n--> RCPT To:<ann@example.net>\n<-- 550 5.1.1 <ann@example.net>: Recipient address rejected: User unknown';
    expect(findReplyCode(session)).toBe('250');
    expect(findFailureReplyCode(session)).toBe('550');
    expect(findFailureStatusInText(session)).toBe('5.1.1');
    expect(findFailureReplyCode('250 2.0.0 Ok: queued')).toBeNull();
    // a text report whose transcript quotes the MAIL reply before the RCPT refusal
    const report = `From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>\nTo: bob@example.org\nSubject: Permanent Delivery Failure\nReturn-Path: <>\n\nYOUR MESSAGE WAS NOT DELIVERED TO ONE OR MORE RECIPIENTS!\n\n--- Session Transcript ---\n${session}\n--- End Transcript ---\n`;
    const r = await parseMessage(Buffer.from(report), 'transcript.eml');
    expect(r.recipients.map((x) => [x.recipient, x.action, x.status, x.smtpReplyCode])).toEqual([['ann@example.net', 'failed', '5.1.1', '550']]);
  });

  it('lets a generic Status (X.0.0) yield to the code the human list states for that recipient, line by line (RFC 3463 §3.1)', async () => {
    // OpenSMTPD-style: "addr: reply" lines in the text, a DSN part with only Status 5.0.0
    const report = [
      'From: MAILER-DAEMON@mx.example.org', 'To: anna@example.org', 'Subject: Delivery status notification: error', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'Ihre Nachricht konnte nicht zugestellt werden.', '',
      'zoe@example.net: 550 5.1.1 <zoe@example.net>: Recipient address rejected: User unknown',
      'yan@example.net: 552 5.2.2 <yan@example.net>: Recipient address rejected: Mailbox full', '',
      '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.org', '',
      'Final-Recipient: rfc822; zoe@example.net', 'Action: failed', 'Status: 5.0.0', '',
      'Final-Recipient: rfc822; yan@example.net', 'Action: failed', 'Status: 5.0.0', '', '--b--', '',
    ].join('\n');
    const r = await parseMessage(Buffer.from(report), 'generic-status.eml');
    expect(r.recipients.map((x) => [x.recipient, x.status, x.smtpReplyCode])).toEqual([
      ['zoe@example.net', '5.1.1', '550'],
      ['yan@example.net', '5.2.2', '552'],
    ]);
  });

  it('names the command from the phrases MTAs use', () => {
    expect(findCommand('... (in reply to RCPT TO command)')).toBe('RCPT');
    expect(findCommand('(in reply\n    to end of DATA command)')).toBe('DATA');
    expect(findCommand('SMTP error from remote mail server after MAIL FROM:<a@b>')).toBe('MAIL');
    expect(findCommand('192.0.2.1 does not like recipient.')).toBe('RCPT');
    expect(findCommand('nothing')).toBeNull();
  });
});

describe('addresses and dates', () => {
  it('cleans typed, bracketed and commented addresses and lower-cases only the domain', () => {
    expect(cleanAddress('<John.Doe@Example.COM> (John)')).toBe('John.Doe@example.com');
    expect(cleanAddress('"Neko"<neko@Example.jp>')).toBe('neko@example.jp');
    expect(cleanAddress('m\\x{E9}lanie@example.org', 'utf-8')).toBe('mélanie@example.org');
    expect(cleanOriginalAddress('a+2Bb@example.org')).toBe('a+b@example.org');
  });

  it('converts RFC 5322 dates to ISO 8601 UTC, comments and all', () => {
    expect(toIsoDate('Thu, 22 Feb 2011 23:34:45 +0900 (JST)')).toBe('2011-02-22T14:34:45.000Z');
    expect(toIsoDate('29 Apr 2010 00:00:00 -0000')).toBe('2010-04-29T00:00:00.000Z');
    expect(toIsoDate('not a date')).toBeNull();
  });

  // toIsoDate reads the common RFC 5322 form by hand; the reference is the engine's parser
  // as toIsoDate used it before (Date.parse, its retry with the parts it can read, the
  // 1970-2200 range, toISOString)
  const engineIso = (value: string): string | null => {
    const v = value.trim().replace(/\([^()]{0,100}\)/g, ' ').trim();
    let t = Date.parse(v);
    const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*([+-]\d{4})?/.exec(v);
    if (Number.isNaN(t) && m) t = Date.parse(`${m[1]} ${m[2]} ${m[3].length === 2 ? (Number(m[3]) < 50 ? '20' : '19') + m[3] : m[3]} ${m[4]} ${m[5] ?? '+0000'}`);
    if (Number.isNaN(t)) return null;
    const y = new Date(t).getUTCFullYear();
    return y < 1970 || y > 2200 ? null : new Date(t).toISOString();
  };
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const rfc5322 = fc
    .record({
      weekday: fc.constantFrom('', 'Mon, ', 'Sun,  ', 'Thu,', 'Xyz, ', 'Fri '),
      day: fc.integer({ min: 0, max: 33 }),
      padDay: fc.boolean(),
      month: fc.constantFrom('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'apr', 'Sept'),
      year: fc.oneof(fc.integer({ min: 1965, max: 2205 }), fc.constantFrom(1969, 1970, 2000, 2100, 2200, 2201, 10, 99)),
      h: fc.integer({ min: 0, max: 25 }),
      m: fc.integer({ min: 0, max: 61 }),
      s: fc.integer({ min: 0, max: 61 }),
      zone: fc.oneof(
        fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([sign, h, m]) => `${sign}${pad(h)}${pad(m)}`),
        fc.constantFrom('GMT', 'UT', 'EDT', '+090', 'JST'),
      ),
      comment: fc.constantFrom('', ' (JST)', ' (UTC)', ' x'),
      // white space around the value, of the kinds trim() drops and the ASCII ones next to them
      lead: fc.constantFrom('', '', ' ', '\t', '\u00a0', '\ufeff', '\u007f', '!'),
      trail: fc.constantFrom('', '', ' ', '\r\n', '\u2028', '\u3000', '\u007f', '~'),
    })
    .map((d) => `${d.lead}${d.weekday}${d.padDay ? pad(d.day) : d.day} ${d.month} ${d.year} ${pad(d.h)}:${pad(d.m)}:${pad(d.s)} ${d.zone}${d.comment}${d.trail}`);
  // and the same with one character changed
  const mangled = fc.tuple(rfc5322, fc.nat(), fc.constantFrom(' ', '0', '9', ':', '-', 'a', ',')).map(([v, i, c]) => v.slice(0, i % v.length) + c + v.slice((i % v.length) + 1));

  it('reads RFC 5322 dates exactly as the engine does, at the edges of every field', () => {
    expect(toIsoDate('Mon, 31 Dec 2200 23:59:59 +0000')).toBe('2200-12-31T23:59:59.000Z');
    expect(toIsoDate('Mon, 31 Dec 2200 23:59:59 -0100')).toBeNull(); // 2201 in UTC
    expect(toIsoDate('Thu, 1 Jan 1970 00:30:00 +0100')).toBeNull(); // 1969 in UTC
    expect(toIsoDate('Sat, 29 Feb 2020 12:00:00 +0000')).toBe('2020-02-29T12:00:00.000Z');
    expect(toIsoDate('Sat,  1 Mar 2020 01:00:00 +0200')).toBe('2020-02-29T23:00:00.000Z');
    fc.assert(
      fc.property(fc.oneof(rfc5322, mangled), (v) => toIsoDate(v) === engineIso(v)),
      { numRuns: 30000 },
    );
  });

  it('writes every second of 1970-2200 as Date.prototype.toISOString does (the date worked out without a Date)', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const written = (t: number) => {
      const d = new Date(t);
      return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    };
    // leap days of the century years (2000 is one, 2100 and 2200 are not), the first and last seconds
    for (const t of [Date.UTC(2000, 1, 29, 23, 59, 59), Date.UTC(2100, 2, 1), Date.UTC(2200, 1, 28, 12), Date.UTC(1970, 0, 1), Date.UTC(2200, 11, 31, 23, 59, 59)]) {
      expect(toIsoDate(written(t))).toBe(new Date(t).toISOString());
    }
    expect(toIsoDate('29 Feb 2100 00:00:00 +0000')).toBe('2100-03-01T00:00:00.000Z'); // runs on, as Date.parse does
    // the first and the last day of every month of the years read (and a 31st that runs on),
    // at the zone offsets that carry the time over into the day before or after
    for (let year = 1970; year <= 2200; year++) {
      for (const month of months) {
        for (const [day, time, zone] of [[1, '00:00:00', '+2359'], [1, '23:59:59', '-2359'], [28, '12:00:00', '+0000'], [31, '00:00:01', '+0001'], [31, '23:30:00', '-0045']] as const) {
          const v = `${day} ${month} ${year} ${time} ${zone}`;
          expect(toIsoDate(v), v).toBe(engineIso(v));
        }
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2201, 0, 1) / 1000 - 1 }), (secs) => toIsoDate(written(secs * 1000)) === new Date(secs * 1000).toISOString()),
      { numRuns: 30000 },
    );
  });
});

describe('preparedFrom', () => {
  // the reference: the engine's replace of the same pattern, then trim
  const general = (folded: string) => folded.replace(/(^| )[245]\d\d(?:-(?:[245]\.\d{1,3}\.\d{1,3} )?| [245]\.\d{1,3}\.\d{1,3} )/g, '$1').trim();
  it('drops reply-line prefixes as replace does, on every row of the fixtures and corpus and on generated texts', () => {
    const texts: string[] = [];
    for (const report of reportsOfEveryMessage()) for (const d of report.recipients) for (const t of [d.diagnosticCode, d.hint]) if (t) texts.push(lowerSpaced(t));
    expect(texts.length).toBeGreaterThan(100);
    const pieces = ['550', '550-', '250 ', '421-', '5.1.1', '4.7.0', '2.0.0', '5.1.1234', ' ', ' ', '-', '5', '4', '2', '9', '.', '1', '12', '123', 'x', 'user unknown'];
    for (let seed = 1; seed <= 5000; seed++) {
      const rnd = seededRandom(seed);
      texts.push(Array.from({ length: Math.floor(rnd() * 16) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''));
    }
    for (const t of texts) expect(preparedFrom(t), t).toBe(general(t));
  });
});

describe('lowerSpaced', () => {
  it('gives each text its own form, whatever was asked before (it keeps the last two)', () => {
    const texts = ['550 5.1.1 User\n  Unknown', 'Host  MX.Example\tsaid', '550 5.1.1 User\n  Unknown ', 'İ\u00a0X'];
    const expected = ['550 5.1.1 user unknown', 'host mx.example said', '550 5.1.1 user unknown ', 'i̇ x'];
    for (const order of [[0, 1, 2, 3], [0, 0, 1, 0, 2, 1, 3, 2, 0], [3, 2, 1, 0, 3]]) {
      for (const i of order) expect(lowerSpaced(texts[i])).toBe(expected[i]);
    }
  });

  it('turns every run of white space, of any kind and length, into one space', () => {
    const piece = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(' ', '  ', '\n', ' \n ', '\t', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', 'A'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (ps) => lowerSpaced(ps.join('')) === ps.join('').toLowerCase().replace(/\s+/g, ' ')),
      { numRuns: 5000 },
    );
  });

  it('oneSpaced: every run of white space as one space, the case kept', () => {
    const piece = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(' ', '  ', '\n', ' \n ', '\t', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', 'A'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (ps) => oneSpaced(ps.join('')) === ps.join('').replace(/\s+/g, ' ')),
      { numRuns: 5000 },
    );
  });
});
