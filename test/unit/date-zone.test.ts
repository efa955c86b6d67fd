// Dates that name no zone are read as UTC wherever the code runs (src/0-core/date-zone.ts):
// which strings V8 reads in local time follows ECMA-262 §21.4.3.2 (date-only forms are UTC,
// date-time forms without an offset are local) and V8's zone words (UT, UTC, GMT, Z, the
// North American zones of RFC 5322 §4.3).
import { describe, expect, it } from 'vitest';
import { readsLocalTime } from '../../src/0-core/date-zone.js';
import { runCli } from '../helpers/cli.js';

describe('readsLocalTime', () => {
  it.each([
    'Wed, 3 May 2007 23:34:45',
    '3 May 2007 23:34',
    '2007-05-03T23:34:45',
    '2007-05-03 23:34:45',
    'Thu Apr 29 00:00:00 2010',
    'Thursday, April 29, 2010 12:00 AM',
    'May 3 2007',
    'Wed, 3 May 2007 23:34:45 (no zone here: GMT is in a comment)',
  ])('%s names no zone', (v) => expect(readsLocalTime(v)).toBe(true));

  it.each([
    'Thu, 29 Apr 2010 00:00:00 +0200',
    'Thu, 29 Apr 2010 00:00:00 -0000',
    'Thu, 29 Apr 2010 00:00:00 GMT',
    'Thu, 29 Apr 2010 00:00:00 UT',
    'thu, 29 apr 2010 00:00:00 gmt',
    'Thu, 29 Apr 2010 00:00:00 EDT',
    'Thu Apr 29 00:00:00 PDT 2010',
    '2007-05-03T23:34:45Z',
    '2010-04-29T00:00:00+02:00',
    '2010-04-29 00:00:00-0400',
    '3 May 2007 11:34:45 PM +0900 (JST)',
    // ECMA-262 reads the date-only forms as UTC already
    '2007-05-03',
    '2007-05',
  ])('%s names its zone (or is read as UTC by the language)', (v) => expect(readsLocalTime(v)).toBe(false));
});

describe('the same bounce gives the same dates in every time zone', () => {
  // a DSN whose Date names no zone; RFC 5322 §4.3 reads an unknown zone as -0000 (UTC)
  const dsn = [
    'From: MAILER-DAEMON@mx.example.net',
    'To: ann@example.com',
    'Date: Wed, 3 May 2007 23:34:45',
    'Subject: Delivery Status Notification (Failure)',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Delivery failed.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    'Arrival-Date: Thu, 3 May 2007 20:00:00',
    '',
    'Final-Recipient: rfc822; bob@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Last-Attempt-Date: Thu, 3 May 2007 23:34:45 +0900',
    '',
    '--b--',
    '',
  ].join('\r\n');

  for (const tz of ['UTC', 'Asia/Tokyo', 'America/New_York', 'Australia/Lord_Howe']) {
    it(`TZ=${tz}`, async () => {
      const run = await runCli(['parse', '--format', 'ndjson'], { input: dsn, env: { TZ: tz } });
      const r = JSON.parse(run.stdout);
      expect(r.date).toBe('2007-05-03T23:34:45.000Z');
      expect(r.arrivalDate).toBe('2007-05-03T20:00:00.000Z');
      // a zone given is kept: 23:34:45 at +0900 is 14:34:45 UTC
      expect(r.recipients[0].lastAttemptDate).toBe('2007-05-03T14:34:45.000Z');
    });
  }
});
