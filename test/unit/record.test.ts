// Field names come from strangers: names that Object.prototype knows must be plain keys.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/8-pipeline/parse.js';
import { addField, setOwn } from '../../src/0-core/record.js';

describe('records keyed by field names from message content', () => {
  it('keeps constructor, toString and __proto__ as ordinary own keys', () => {
    const rec: Record<string, string> = {};
    addField(rec, 'constructor', 'one');
    addField(rec, '__proto__', 'two');
    addField(rec, 'toString', 'three');
    addField(rec, 'toString', 'four');
    expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
    expect(Object.keys(rec)).toEqual(['constructor', '__proto__', 'toString']);
    expect(JSON.parse(JSON.stringify(rec))).toEqual(JSON.parse('{"constructor":"one","__proto__":"two","toString":"three\\nfour"}'));
    setOwn(rec, '__proto__', 'five');
    expect(Object.getOwnPropertyDescriptor(rec, '__proto__')?.value).toBe('five');
  });

  it('a DSN group with such field names gives them back as written (RFC 3464 §2.1: extension fields are kept)', async () => {
    const dsn = [
      'From: MAILER-DAEMON@mx.example.org',
      'Subject: Undelivered',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'failed',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; u@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'constructor: one',
      '__proto__: two',
      'hasOwnProperty: three',
      '--b--',
      '',
    ].join('\n');
    const r = await parseMessage(Buffer.from(dsn), 'proto.eml');
    const fields = r.recipients[0].fields;
    expect(Object.hasOwn(fields, 'constructor') && fields.constructor).toBe('one');
    expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toBe('two');
    expect(Object.hasOwn(fields, 'hasOwnProperty')).toBe(true);
    expect(JSON.parse(JSON.stringify(r)).recipients[0].fields).toMatchObject({ constructor: 'one', hasOwnProperty: 'three' });
  });
});
