// The chasquid module's markers and scores (docs/adding-a-format.md), on messages written from
// its template (internal/queue/dsn.go) and on the Exim notice whose Subject it copies.
import { describe, expect, it } from 'vitest';
import { parseMime } from '../../src/2-mime/parse.js';
import { markersHold } from '../../src/3-formats/readers/markers.js';
import { chasquid } from '../../src/3-formats/mta/chasquid.js';
import { parseMessage } from '../../src/8-pipeline/parse.js';

const markers = chasquid.markers === 'every message' ? null : chasquid.markers;

const text = (headers: string[], body: string) => Buffer.from(`${headers.join('\n')}\n\n${body}`);

describe('chasquid', () => {
  it('is not opened by the Exim notice whose Subject and X-Failed-Recipients it copies', async () => {
    const exim = text(
      ['From: Mail Delivery System <Mailer-Daemon@mx.example.org>', 'Subject: Mail delivery failed: returning message to sender', 'X-Failed-Recipients: a@example.net'],
      'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  a@example.net\n    Unrouteable address\n',
    );
    expect(markersHold(markers!, await parseMime(exim))).toBe(false);
    expect((await parseMessage(exim)).format).toBe('exim');
  });

  it('scores a clone that keeps the layout but not the Message-ID in the layout band', async () => {
    const clone = await parseMime(
      text(
        ['From: Mail Delivery System <mailer-daemon@mx.example.org>', 'Subject: Mail delivery failed: returning message to sender', 'Message-ID: <abc@mx.example.org>'],
        'Delivery to the following recipient(s) failed permanently:\n\n  - a@example.net\n\n\n----- Technical details -----\n\n- "a@example.net" (EMAIL) failed permanently with error:\n    550 5.1.1 no such user\n',
      ),
    );
    expect(markersHold(markers!, clone)).toBe(true);
    expect(chasquid.score(clone)).toBe(65);
  });

  it('reads the oldest wording, and an error wrapped over several indented lines', async () => {
    const r = await parseMessage(
      text(
        ['From: Mail Delivery System <postmaster-dsn@mx.example.org>', 'Subject: Mail delivery failed: returning message to sender', 'Message-ID: <chasquid-dsn-x1@mx.example.org>'],
        'Delivery to the following recipient(s) failed permanently:\n\n  - b@example.net\n\n\n----- Technical details -----\n\n- "b@example.net" (EMAIL) failed with error:\n    550 5.7.1 message refused:\n    your host is on a block list\n\n\n----- Original message -----\n\nSubject: hi\n\nhello\n',
      ),
    );
    expect(r.format).toBe('chasquid');
    expect(r.recipients.map((x) => [x.recipient, x.status, x.diagnosticCode])).toEqual([['b@example.net', '5.7.1', '550 5.7.1 message refused: your host is on a block list']]);
  });

  it('gives nothing for a message with its markers but no entry to read', async () => {
    const msg = await parseMime(text(['From: postmaster-dsn@mx.example.org', 'Subject: hello'], 'Just a note from the postmaster.\n'));
    expect(chasquid.score(msg)).toBe(0);
  });
});
