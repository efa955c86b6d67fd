// Generator families read by structure (issue 15): what a family's structure claims without
// its generator's own intro, and what it must leave alone. Inputs are written from the
// generators' sources cited beside each; whole messages are in fixtures/.
import { describe, expect, it } from 'vitest';
import { readEximText } from '../../src/3-formats/exim/exim.js';
import { qmail } from '../../src/3-formats/qmail/qmail.js';
import { toLines } from '../../src/3-formats/readers/native-text.js';
import { selectAndParse } from '../../src/3-formats/registry.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { parseMime } from '../../src/2-mime/parse.js';

const mail = (head: string[], body: string[]) => parseMime(Buffer.from([...head, '', ...body].join('\n')));

describe('qmail by structure (QSBMF §2.1: intro, <address>: paragraphs, a break beginning with "-")', () => {
  const body = [
    'Votre message n\'a pas pu etre remis aux adresses suivantes.',
    '',
    '<a@example.net>:',
    'Sorry, no mailbox here by that name. (#5.1.1)',
    '',
    '--- Below this line is a copy of the message.',
    '',
    'Subject: x',
  ];

  it('claims an intro of its own from a mail system', async () => {
    const msg = await mail(['From: MAILER-DAEMON@mx.example.org', 'Subject: failure notice'], body);
    expect(qmail.score(msg)).toBeGreaterThan(0);
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.format).toBe('qmail');
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['a@example.net']);
  });

  it('leaves a person\'s mail of the same shape alone', async () => {
    const msg = await mail(['From: Ann <ann@example.com>', 'Subject: addresses'], body);
    expect(qmail.score(msg)).toBe(0);
  });

  it('takes a copy attached as a MIME part in place of the break paragraph', async () => {
    const msg = parseMime(
      Buffer.from(
        [
          'From: MAILER-DAEMON@mx.example.org',
          'Subject: failure notice',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b"',
          '',
          '--b',
          'Content-Type: text/plain',
          '',
          ...body.slice(0, 4),
          '--b',
          'Content-Type: message/rfc822',
          '',
          'Subject: x',
          '',
          'hello',
          '--b--',
        ].join('\n'),
      ),
    );
    expect(qmail.score(await msg)).toBeGreaterThan(0);
  });

  it('needs the break paragraph when no greeting says qmail', async () => {
    const msg = await mail(['From: MAILER-DAEMON@mx.example.org', 'Subject: failure notice'], body.slice(0, 4));
    expect(qmail.score(msg)).toBe(0);
  });
});

describe('Exim lists by structure (deliver.c print_address_information / print_address_error)', () => {
  const read = async (body: string[]) => {
    const msg = await mail(['From: Mail Delivery System <Mailer-Daemon@mx.example.org>', 'X-Failed-Recipients: a@example.net'], body);
    return readEximText(msg, toLines(msg.text))?.rows ?? [];
  };

  it('finds the list sentence wrapped at any word', async () => {
    const rows = await read(['A message that you sent could not be delivered. The following address(es)', 'failed:', '', '  a@example.net', '    Unrouteable address']);
    expect(rows.map((r) => [r.recipient, r.diagnosticCode])).toEqual([['a@example.net', 'Unrouteable address']]);
  });

  it('reads addresses at any indent, bracketed or not, with the error on the same line', async () => {
    const rows = await read(['The following address(es) failed:', '', '      <a@example.net>: 550 5.1.1 no such user', '      b@example.net:', '        mailbox is full: retry timeout exceeded']);
    expect(rows.map((r) => r.recipient)).toEqual(['a@example.net', 'b@example.net']);
    expect(rows[0].diagnosticCode).toBe('550 5.1.1 no such user');
  });

  it('does not take an address inside an error text for a recipient', async () => {
    const rows = await read(['The following address(es) failed:', '', '  a@example.net', '    SMTP error from remote mail server after RCPT TO:<a@example.net>:', '    host mx.example.net [192.0.2.1]: 550 <a@example.net>: unknown', '    b@example.net: said the same']);
    expect(rows.map((r) => r.recipient)).toEqual(['a@example.net']);
  });

  it('finds a list whose sentence a bounce_message_file replaced, by X-Failed-Recipients and layout', async () => {
    // deliver.c: the template's intro, then print_address_information(addr, f, "  ", "\n    ", "")
    const rows = await read(['Votre message n\'a pas pu etre remis. Il venait de', '', '  <alice@example.org>', '', 'Adresses :', '', '  a@example.net', '    Unrouteable address', '', 'Merci.']);
    expect(rows.map((r) => [r.recipient, r.action, r.diagnosticCode])).toEqual([['a@example.net', 'failed', 'Unrouteable address']]);
  });

  it('reads a replaced warning list as delayed by its "Delay reason:" lines', async () => {
    const msg = await mail(['From: Mail Delivery System <Mailer-Daemon@mx.example.org>'], ['Still trying.', '', '  a@example.net', '    Delay reason: Connection timed out', '', 'Bye.']);
    const rows = readEximText(msg, toLines(msg.text))?.rows ?? [];
    expect(rows.map((r) => [r.recipient, r.action, r.diagnosticCode])).toEqual([['a@example.net', 'delayed', 'Connection timed out']]);
  });

  it('ends the list at a paragraph back at the list indent', async () => {
    const rows = await read(['The following address(es) failed:', '', 'a@example.net', 'no such user', '', 'Contact postmaster@example.org for help.']);
    expect(rows.map((r) => r.recipient)).toEqual(['a@example.net']);
  });
});

describe("Exim's moan.c notices", () => {
  it('reads the address of the malformed-address notice, its final dot dropped', async () => {
    const msg = await mail(
      ['From: Mail Delivery System <Mailer-Daemon@mx.example.org>', 'Subject: Mail failure - malformed recipient address'],
      [
        'A message that you sent contained a recipient address that was incorrectly',
        'constructed:',
        '',
        '  vic@example.org.  malformed address: . may not follow vic@example.org',
        '',
        "Recipient addresses must not end with a '.' character.",
        '',
        'The message has not been delivered to any recipients.',
      ],
    );
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.format).toBe('exim');
    expect(report?.recipients.map((r) => [r.recipient, r.reason])).toEqual([['vic@example.org', 'syntaxerror']]);
  });
});
