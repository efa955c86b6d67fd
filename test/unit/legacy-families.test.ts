// The older and smaller MTA families read by structure (issue 15 item 1). Inputs follow the
// notices their sources print (docs/formats.md, one heading per module); whole messages are
// in fixtures/.
import { describe, expect, it } from 'vitest';
import { groupwise } from '../../src/3-formats/mta/groupwise.js';
import { hmailserver } from '../../src/3-formats/mta/hmailserver.js';
import { imailserver } from '../../src/3-formats/mta/imailserver.js';
import { xmail } from '../../src/3-formats/mta/xmail.js';
import { localnames } from '../../src/3-formats/mta/localnames.js';
import { netscape } from '../../src/3-formats/mta/netscape.js';
import { selectAndParse } from '../../src/3-formats/registry.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { parseMime } from '../../src/2-mime/parse.js';

const mail = (head: string[], body: string[]) => parseMime(Buffer.from([...head, '', ...body].join('\n')));
const FROM = 'From: Mail Administrator <Postmaster@mail.example.com>';
const SUBJECT = 'Subject: Mail System Error - Returned Mail';
const FOOTER = ['Please reply to <Postmaster@mail.example.com>', 'if you feel this message to be in error.'];

describe('netscape (docs/formats.md#netscape)', () => {
  const read = async (head: string[], body: string[]) => selectAndParse(await mail(head, body), { limits: DEFAULT_LIMITS }).report;

  // ReturnToSenderServlet.java: INVALID_RECIPIENT paragraph, "Remote host said:" and the list
  const refused = [
    'This Message was undeliverable due to the following reason:',
    '',
    'Your message was not delivered because the destination computer did',
    'not like the recipient.  Carefully check that it was spelled correctly and try',
    'sending it again if there were any mistakes.',
    '',
    '     Remote host said: 550 <ann@example.net>... User unknown',
    '',
    'The following recipients did not receive this message:',
    '',
    '     <ann@example.net>',
    '',
    ...FOOTER,
  ];

  it('reads the list under the reason, the postmaster of the footer left out', async () => {
    const report = await read([FROM, SUBJECT], refused);
    expect(report?.format).toBe('netscape');
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['ann@example.net']);
    // the servlet writes that paragraph when the remote refused the recipient
    expect(report?.recipients[0].reason).toBe('userunknown');
    expect(report?.recipients[0].diagnosticCode).toContain('550 <ann@example.net>... User unknown');
  });

  it('claims the footer and list without the intro line, below its own intro', async () => {
    const msg = await mail([FROM, SUBJECT], refused.slice(2));
    const score = netscape.score(msg);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(netscape.score(await mail([FROM, SUBJECT], refused)));
    expect(netscape.parse(msg, { limits: DEFAULT_LIMITS })?.recipients.map((r) => r.recipient)).toEqual(['ann@example.net']);
  });

  it('reads Recipient:/Reason: pairs at any indent, a reply wrapped under its label', async () => {
    const report = await read(
      [FROM, SUBJECT],
      [
        'This Message was undeliverable due to the following reason:',
        '',
        'Each of the following recipients was rejected by a remote mail server.',
        '',
        'Recipient: <a@example.net>',
        'Reason:    550 5.1.1 <a@example.net>: Recipient address rejected:',
        '           User unknown in local recipient table',
        '',
        '      Recipient: <b@example.org>',
        '      Reason:    554 5.7.1 Service unavailable',
        '',
        ...FOOTER,
      ],
    );
    expect(report?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ['a@example.net', '550 5.1.1 <a@example.net>: Recipient address rejected: User unknown in local recipient table'],
      ['b@example.org', '554 5.7.1 Service unavailable'],
    ]);
  });

  it('reads the text when the status part names no recipient (RFC 3464 §2.2 fields only)', async () => {
    const report = await read(
      [FROM, SUBJECT, 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"'],
      ['--b', 'Content-Type: text/plain', '', ...refused, '', '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mail.example.com', '', '--b--'],
    );
    expect(report?.format).toBe('netscape');
    expect(report?.reportingMta).toBe('mail.example.com');
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['ann@example.net']);
  });

  it('reads a list line naming the channel before the address, and a line with its own reason', async () => {
    const report = await read(
      [FROM, SUBJECT],
      ['This Message was undeliverable due to the following reason:', '', 'The user(s) account is temporarily over quota.', '', 'SMTP <ann@example.net>', 'User quota exceeded: SMTP <bob@example.net>', '', ...FOOTER],
    );
    expect(report?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ['ann@example.net', 'The user(s) account is temporarily over quota.'],
      ['bob@example.net', 'User quota exceeded: SMTP <bob@example.net>'],
    ]);
  });

  it('keeps a list sentence that names the cause as the reason', async () => {
    const report = await read(
      [FROM, SUBJECT],
      ['This Message was undeliverable due to the following reason:', '', 'The following destination addresses were unknown (please check the addresses and re-mail the message):', '', 'SMTP <ann@example.net>', '', ...FOOTER],
    );
    expect(report?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ['ann@example.net', 'The following destination addresses were unknown (please check the addresses and re-mail the message):'],
    ]);
  });

  it('reads the list under the list sentence alone, from a mail system only', async () => {
    const body = ['The following recipients did not receive this message:', '', '     <ann@example.net>', ''];
    const report = await read([FROM, SUBJECT], body);
    expect(report?.format).toBe('netscape');
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['ann@example.net']);
    expect(netscape.score(await mail(['From: Ann <ann@example.com>', 'Subject: list'], body))).toBe(0);
  });

  it('leaves a person quoting the sentence alone when no list follows', async () => {
    const msg = await mail(['From: Ann <ann@example.com>', 'Subject: odd'], ['My mail came back with "This Message was undeliverable due to the following reason:" - any idea?']);
    expect(netscape.parse(msg, { limits: DEFAULT_LIMITS })).toBeNull();
  });
});

describe('localnames (docs/formats.md#localnames)', () => {
  const DAEMON = 'From: Mail Delivery Subsystem <MAILER-DAEMON@aol.com>';
  const parse = async (head: string[], body: string[]) => localnames.parse(await mail(head, body), { limits: DEFAULT_LIMITS });
  const intro = ['Your mail to the following recipients could not be delivered:', ''];

  it('completes each listed local part with the notice\'s own domain', async () => {
    const report = await parse([DAEMON, 'To: sara@example.com'], [...intro, '    - first.name', '    second', '']);
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['first.name@aol.com', 'second@aol.com']);
  });

  it('takes the full address from the returned copy when it names the local part', async () => {
    const head = ['From: MAILER-DAEMON@mx1.example.net', 'To: sara@example.com', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"'];
    const body = ['--b', 'Content-Type: text/plain', '', ...intro, '    jdoe', '', '--b', 'Content-Type: message/rfc822', '', 'From: sara@example.com', 'To: J Doe <jdoe@example.net>', 'Subject: x', '', 'hi', '--b--'];
    expect((await parse(head, body))?.recipients.map((r) => r.recipient)).toEqual(['jdoe@example.net']);
  });

  it('declines when an address elsewhere names the recipient', async () => {
    expect(await parse([DAEMON], [...intro, '    second', '', 'Remote reply: 550 <second@example.net>... unknown'])).toBeNull();
  });

  it('declines a list that runs into a sentence, and a list under no failure sentence', async () => {
    expect(await parse([DAEMON], [...intro, '    second', 'and the rest of a sentence'])).toBeNull();
    expect(await parse([DAEMON], ['Here are the members:', '', '    second', ''])).toBeNull();
  });

  it('leaves the same text from a person alone', async () => {
    expect(await parse(['From: Ann <ann@example.com>'], [...intro, '    second', ''])).toBeNull();
  });
});

describe('imailserver by structure (docs/formats.md#imailserver)', () => {
  // the layout of [SOE lhost-imailserver-01, -03]: failure lines naming the recipient last,
  // "Original message follows." and the returned message as text
  const head = ['From: postmaster@mail.example.com', 'To: sara@example.com', 'Subject: Undeliverable Mail', 'X-Mailer: <SMTP32 v8.15>'];
  const original = ['Original message follows.', '', 'From: sara@example.com', 'To: ann@example.net, bob@other.example', 'Cc: <cid@example.net>', 'Subject: x', '', 'hi'];
  const parse = async (lines: string[]) => imailserver.parse(await mail(head, [...lines, '', ...original]), { limits: DEFAULT_LIMITS });

  it('reads every failure line, with or without a colon before the address, each with the lines under it', async () => {
    const report = await parse(['Unknown user: ann@example.net', '', '550 5.1.1 <ann@example.net>... User unknown', 'Invalid final delivery userid <cid@example.net>']);
    expect(report?.recipients.map((r) => [r.recipient, r.diagnosticCode, r.reason])).toEqual([
      ['ann@example.net', 'Unknown user 550 5.1.1 <ann@example.net>... User unknown', 'userunknown'],
      ['cid@example.net', 'Invalid final delivery userid', 'userunknown'],
    ]);
  });

  it('takes a failure line naming a host only for the recipients of the returned copy at that host', async () => {
    const report = await parse(['Delivery failure: example.net']);
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['ann@example.net', 'cid@example.net']);
  });

  it('reads long hostile lines in linear time', async () => {
    const line = `${'a'.repeat(4000)} ${'b@'.repeat(40)}`;
    const msg = await mail(head, Array.from({ length: 2000 }, () => line));
    const start = performance.now();
    imailserver.parse(msg, { limits: DEFAULT_LIMITS });
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('does not take the returned copy\'s addresses, nor a reply line, for failure lines', async () => {
    expect(await parse(['550 Requested action not taken: ann@example.net'])).toBeNull();
  });
});

describe('hmailserver (docs/formats.md#hmailserver)', () => {
  // the blocks of ExternalDelivery.cpp / LocalDelivery.cpp, under a reworded template
  const head = ['From: mailer-daemon@mail.example.com', 'To: sara@example.com', 'Subject: Message undeliverable: x'];
  const body = [
    'Sorry, we could not deliver your mail.',
    '',
    'ann@example.net',
    '   Error Type: SMTP',
    '   Error Description: Inbox is full',
    '   Additional information: The recipients inbox is full.',
    '',
    'bob@example.net',
    '   Error Type: SMTP',
    '   Remote server (192.0.2.7) issued an error.',
    '   hMailServer sent: DATA',
    '   Remote server replied: 554 5.7.1 Message rejected',
    '',
  ];

  it('reads each block whatever the template around it says', async () => {
    const msg = await mail(head, body);
    expect(hmailserver.score(msg)).toBeGreaterThan(0);
    const report = selectAndParse(msg, { limits: DEFAULT_LIMITS }).report;
    expect(report?.format).toBe('hmailserver');
    expect(report?.recipients.map((r) => [r.recipient, r.diagnosticCode, r.smtpCommand ?? null])).toEqual([
      ['ann@example.net', 'Inbox is full The recipients inbox is full.', null],
      ['bob@example.net', '554 5.7.1 Message rejected', 'DATA'],
    ]);
  });

  it('does not take an address line without its Error Type line for a block', async () => {
    const msg = await mail(head, ['Contact:', 'help@example.com', 'Error Type is unknown', '']);
    expect(hmailserver.parse(msg, { limits: DEFAULT_LIMITS })).toBeNull();
  });
});

describe('groupwise (docs/formats.md#groupwise)', () => {
  const GWIA = 'X-Mailer: Novell GroupWise Internet Agent 6.5.4';
  const head = ['From: postmaster@gw.example.com', 'To: sara@example.com', 'Subject: Undeliverable: x', GWIA];

  it('reads indented entries under another failure sentence, spaces or tabs, a user ID completed with the notice\'s domain', async () => {
    const msg = await mail(head, ['Delivery failed for these recipients:', '', '    jdoe   (User not on post office)', '\t<ann@example.net>', '', 'Information about your message:']);
    expect(groupwise.score(msg)).toBeGreaterThan(0);
    expect(groupwise.parse(msg, { limits: DEFAULT_LIMITS })?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ['jdoe@gw.example.com', 'User not on post office'],
      ['ann@example.net', null],
    ]);
  });

  it('reads entries at the margin when they are addresses, not bare words there', async () => {
    const msg = await mail(head, ['The message that you sent was undeliverable to the following:', 'ann@example.net (host not found)', '<bob@example.org>', 'Thanks', '']);
    expect(groupwise.parse(msg, { limits: DEFAULT_LIMITS })?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ['ann@example.net', 'host not found'],
      ['bob@example.org', null],
    ]);
  });

  it('reads a reason after a gap of any width (columns aligned with many spaces or a mix of tabs)', async () => {
    const msg = await mail(head, ['The message that you sent was undeliverable to the following:', `    jdoe${' '.repeat(24)}(User not on post office)`, `\tann@example.net \t\t \t host not found`, '']);
    expect(groupwise.parse(msg, { limits: DEFAULT_LIMITS })?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([
      ['jdoe@gw.example.com', 'User not on post office'],
      ['ann@example.net', 'host not found'],
    ]);
  });

  it('leaves ordinary mail sent through GWIA alone', async () => {
    const msg = await mail(['From: Ann <ann@gw.example.com>', 'Subject: lunch', GWIA], ['Agenda:', '', '    soup (hot)', '']);
    expect(groupwise.score(msg)).toBe(0);
  });

  it('stops at the first line that is not an entry', async () => {
    const msg = await mail(head, ['The message that you sent was undeliverable to the following:', '\tjdoe (User not on post office)', 'Possible causes:', '\tother (not a recipient)']);
    expect(groupwise.parse(msg, { limits: DEFAULT_LIMITS })?.recipients.map((r) => r.recipient)).toEqual(['jdoe@gw.example.com']);
  });
});

describe('xmail (docs/formats.md#xmail)', () => {
  // QueUtBuildErrorResponse's first body line; a temporary failure uses the same notice
  const head = ['From: mail.example.com PostMaster <postmaster@mail.example.com>', 'Subject: Error sending message [1.mail] from [mail.example.com]'];

  it('reads a temporary failure as delayed, a reply with brackets of its own whole', async () => {
    const msg = await mail(head, ['[<00>] XMail bounce: Rcpt=[ann@example.net];Error=[451 4.7.1 [192.0.2.1] greylisted, try later]', '']);
    expect(xmail.score(msg)).toBeGreaterThan(0);
    const rows = xmail.parse(msg, { limits: DEFAULT_LIMITS })?.recipients ?? [];
    expect(rows.map((r) => [r.recipient, r.action, r.diagnosticCode])).toEqual([['ann@example.net', 'delayed', '451 4.7.1 [192.0.2.1] greylisted, try later']]);
  });

  it('leaves a message that only quotes the words in a sentence alone', async () => {
    const msg = await mail(['From: Ann <ann@example.com>', 'Subject: xmail'], ['I saw "XMail bounce" in a log once.']);
    expect(xmail.score(msg)).toBe(0);
  });
});
