// The Exchange family's older layouts, read by structure (issue 15 item 1). Each input is
// written from the notice a Microsoft Knowledge Base article quotes (cited per case); the
// expected values are what that notice states: its address, its IMS code as
// docs/formats.md#exchange2003 maps it, its supplementary line.
import { describe, expect, it } from 'vitest';
import { selectAndParse } from '../../src/3-formats/registry.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { parseMime } from '../../src/2-mime/parse.js';

const mail = (head: string[], body: string[]) => parseMime(Buffer.from([...head, '', ...body].join('\n')));
const read = async (head: string[], body: string[]) => selectAndParse(await mail(head, body), { limits: DEFAULT_LIMITS }).report;
const HEAD_55 = ['From: System Administrator <postmaster@mail.example.org>', 'To: bob@example.com', 'Subject: Undeliverable: Hello', 'X-Mailer: Internet Mail Service (5.5.2653.19)', 'Content-Type: text/plain'];

// KB Q251152 (Exchange 5.5 IMS, ambiguous recipient) and docs/formats.md#exchange2003
const IMS_NOTICE = [
  'Your message',
  '',
  '  To:      ann@example.org',
  '  Subject: Hello',
  '  Sent:    Mon, 17 Jan 2000 16:48:45 -0500',
  '',
  'did not reach the following recipient(s):',
  '',
  'ann@example.org on Mon, 17 Jan 2000 16:49:22 -0500',
  '    The recipient name is not recognized',
  '    The MTS-ID of the original message is: c=US;a= ;p=Example;l=MAIL0001172149ABCDEF',
  '    MSEXCH:IMS:Example:Site:MAIL1 0 (000C05A6) Unknown Recipient',
];
// the original pasted below the list, as a text-only NDR carries it
const PASTED = [
  '',
  'Received: from mx.example.com ([192.0.2.7]) by mail.example.org with SMTP',
  '\tid ABCDEF12; Mon, 17 Jan 2000 16:48:50 -0500',
  'Message-ID: <20000117214845.A1234@example.com>',
  'From: Bob <bob@example.com>',
  'To: Sales Team <sales@example.org>',
  'Subject: Hello',
  '',
  'Hi Ann, see you tomorrow.',
];

describe('exchange2003: Exchange 4.0/5.5 text NDRs (docs/formats.md#exchange2003)', () => {
  it('ends the diagnostic at the IMS line when the original is pasted below the list', async () => {
    const report = await read(HEAD_55, [...IMS_NOTICE, ...PASTED]);
    expect(report?.format).toBe('exchange2003');
    const [row] = report?.recipients ?? [];
    expect(report?.recipients).toHaveLength(1);
    expect(row.recipient).toBe('ann@example.org');
    // 000C05A6 is "Unknown Recipient" (docs/formats.md#exchange2003)
    expect(row.status).toBe('5.1.1');
    expect(row.diagnosticCode).toBe('MSEXCH:IMS:Example:Site:MAIL1 0 (000C05A6) Unknown Recipient');
    // the pasted header block is the returned message
    expect(report?.returned?.headers.get('message-id')).toBe('<20000117214845.A1234@example.com>');
  });

  it('keeps the words Exchange wrapped after the IMS line, not the text after the blank line', async () => {
    const body = [...IMS_NOTICE.slice(0, -1), '    MSEXCH:IMS:Example:Site:MAIL1 0 (000C05A6) Unknown', 'Recipient', '', 'Hi Ann, a paragraph of the original.'];
    const report = await read(HEAD_55, body);
    expect(report?.recipients[0].diagnosticCode).toBe('MSEXCH:IMS:Example:Site:MAIL1 0 (000C05A6) Unknown Recipient');
  });

  it('stops at a separator line before the original', async () => {
    const report = await read(HEAD_55, [...IMS_NOTICE, '', '-----Original Message-----', 'From: Bob <bob@example.com>', 'Sent: Monday', 'ann@example.org on Monday said hello']);
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['ann@example.org']);
    expect(report?.recipients[0].diagnosticCode).toBe('MSEXCH:IMS:Example:Site:MAIL1 0 (000C05A6) Unknown Recipient');
  });

  it('reads a block in another language by its MSEXCH line, the recipient the address leading a line above it', async () => {
    // the English layout's structure with the sentences and " on " translated; the MSEXCH
    // line is the X.400 MTA's trace and stays as it is (docs/formats.md#exchange2003)
    const head = ['From: Systemadministrator <postmaster@mail.example.de>', 'Subject: Unzustellbar: Angebot', 'Content-Type: text/plain; charset=utf-8'];
    const report = await read(head, [
      'Ihre Nachricht',
      '',
      '  An:      rita@example.de',
      '  Betreff: Angebot',
      '',
      'hat folgende Empfänger nicht erreicht:',
      '',
      'rita@example.de am 03.03.2001 14:02',
      '    Der Empfängername wurde nicht erkannt.',
      '    MSEXCH:IMS:EXAMPLE:BERLIN:MAIL1 0 (000C05A6) Unknown',
      '    Recipient',
      '',
      'udo@example.de am 03.03.2001 14:02',
      '    MSEXCH:IMS:EXAMPLE:BERLIN:MAIL1 0 (00120270) Too many hops',
    ]);
    expect(report?.format).toBe('exchange2003');
    expect(report?.recipients.map((r) => [r.recipient, r.status, r.diagnosticCode])).toEqual([
      ['rita@example.de', '5.1.1', 'MSEXCH:IMS:EXAMPLE:BERLIN:MAIL1 0 (000C05A6) Unknown Recipient'],
      // 00120270: too many hops (docs/formats.md#exchange2003)
      ['udo@example.de', '5.4.6', 'MSEXCH:IMS:EXAMPLE:BERLIN:MAIL1 0 (00120270) Too many hops'],
    ]);
  });

  it('does not take an ordinary message quoting an MSEXCH line for an NDR', async () => {
    const report = await read(['From: Ann <ann@example.org>', 'Subject: Re: mail problem', 'Content-Type: text/plain'], [
      'Hi Bob, this is what I got back:',
      '',
      'bob@example.com',
      '    MSEXCH:IMS:Example:Site:MAIL1 0 (000C05A6) Unknown Recipient',
    ]);
    expect(report?.format).not.toBe('exchange2003');
  });

  it('reads an indented display-name block and takes its address from the pasted original (KB Q246881)', async () => {
    // KB Q246881: the NDR names a distribution list by display name, indented
    const body = [
      '   Your message did not reach some or all of the intended recipients.',
      '',
      '      Subject:  Hello',
      '      Sent:     10/20/99 8:16 PM',
      '',
      '   The following recipient(s) could not be reached:',
      '',
      '      Sales Team on 10/20/99 8:28 PM',
      '         The recipient name is not recognized',
      '            The MTS-ID of the original message is: c=US;a= ;p=Example',
      '         MSEXCH:IMS:Example:Site:SERVER1 0 (000C05A6) Unknown Recipient',
      ...PASTED,
    ];
    const report = await read(HEAD_55, body);
    expect(report?.recipients.map((r) => [r.recipient, r.displayName, r.status])).toEqual([['sales@example.org', 'Sales Team', '5.1.1']]);
  });

  it('does not take an indented sentence with a date for a display-name block', async () => {
    const head = ['From: System Administrator <postmaster@example.org>', 'Subject: Undeliverable: Test', 'X-MimeOLE: Produced By Microsoft Exchange V6.0.4417.0'];
    const report = await read(head, [
      'Your message did not reach some or all of the intended recipients.',
      '',
      '    The following recipient(s) could not be reached:',
      '',
      '    user1@example.org on 11/01/2000 8:14 AM',
      '',
      '    The message could not be delivered to the remote server on 11/01/2000 8:14 AM',
      '',
      '    <exchange.EXAMPLE.ORG #5.0.0>',
    ]);
    expect(report?.recipients.map((r) => [r.recipient, r.status])).toEqual([['user1@example.org', '5.0.0']]);
  });

  it('reads the 4.0 IMC block: bracketed MSEXCH line without a code, the explanation kept for the classifier (KB Q197976)', async () => {
    const head = ['From: System Administrator <postmaster@example.org>', 'Subject: Undeliverable: Report', 'X-Mailer: Microsoft Exchange Server Internet Mail Connector Version 4.0.994.63'];
    const report = await read(head, [
      '  Your message did not reach some or all of the intended recipients.',
      '',
      '  The following recipient(s) could not be reached:',
      '',
      '  user@company on 6/26/97 18:58:04 PM',
      '  Recipient Not Found',
      '  [MSEXCH:IMC:ROHR:EXGATE:ROHR_EX]',
    ]);
    expect(report?.format).toBe('exchange2003');
    expect(report?.recipients.map((r) => [r.recipient, r.diagnosticCode])).toEqual([['user@company', 'MSEXCH:IMC:ROHR:EXGATE:ROHR_EX']]);
    // the classifier reads the row's hint: the block's own words
    expect(report?.recipients[0].hint).toContain('Recipient Not Found');
  });

  it('reads Exchange 2000 blocks with blank lines inside and a quoted local part (KB Q289549)', async () => {
    const head = ['From: System Administrator <postmaster@example.org>', 'Subject: Undeliverable: Test Message', 'X-MimeOLE: Produced By Microsoft Exchange V6.0.4417.0'];
    const block = (addr: string, why: string, code: string) => [`    ${addr} on 11/01/2000 8:14 AM`, '', `    ${why}`, '', `    <exchange.EXAMPLE.ORG #${code}>`, ''];
    const report = await read(head, [
      'Your message did not reach some or all of the intended recipients.',
      '',
      '    Subject: Test Message',
      '    Sent: 11/01/2000 8:14 AM',
      '',
      '    The following recipient(s) could not be reached:',
      '',
      ...block('user1@example.org', 'The e-mail system was unable to deliver the message, but did not report a specific reason.', '5.0.0'),
      ...block('"user2@example.org"@example.org', 'The e-mail account does not exist at the organization this message was sent to.', '5.1.1'),
    ]);
    expect(report?.recipients.map((r) => [r.recipient, r.status])).toEqual([
      ['user1@example.org', '5.0.0'],
      ['"user2@example.org"@example.org', '5.1.1'],
    ]);
  });
});

describe('exchange2007: the administrators\' machine lines of 2007 to Online (docs/formats.md#exchange2007)', () => {
  const head = ['From: Microsoft Exchange <postmaster@alpineskihouse.com>', 'Subject: Undeliverable: Plans', 'Content-Type: text/plain'];
  // Microsoft Learn, "Email non-delivery reports and SMTP errors in Exchange Online" (its
  // example NDR), and KB 2685437 for the `#< #5.1.1 ...> #SMTP#` line
  const body = [
    'Delivery has failed to these recipients or groups:',
    '',
    'Ronald Slattery (ronald@contoso.com)',
    "Your message wasn't delivered due to a permission or security issue.",
    '',
    'Diagnostic information for administrators:',
    '',
    'Generating server: alpineskihouse.com',
    '',
    'ronald@contoso.com',
    'mail.contoso.com #<exchange.contoso.com #5.7.1 smtp;530 5.7.1 Client was not authenticated> #SMTP#',
    '',
    'IMCEAEX-_O=ALPINE_OU=EXCHANGE+20ADMINISTRATIVE+20GROUP+20+28FYDIBOHF23SPDLT+29_CN=RECIPIENTS_CN=JDOE@alpineskihouse.com',
    '#< #5.1.1 smtp;550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found> #SMTP#',
    '',
    'sam@fabrikam.com',
    'mx.fabrikam.com #550 5.1.1 <sam@fabrikam.com>... User unknown ##',
    '',
    'Original message headers:',
    '',
    'Message-ID: <abc@alpineskihouse.com>',
    'To: ronald@contoso.com',
  ];

  it('reads the refusing host, the status and the reply from each machine line', async () => {
    const report = await read(head, body);
    expect(report?.format).toBe('exchange2007');
    expect(report?.reportingMta).toBe('alpineskihouse.com');
    expect(report?.recipients.map((r) => [r.recipient, r.status, r.diagnosticCode, r.remoteMta])).toEqual([
      ['ronald@contoso.com', '5.7.1', '530 5.7.1 Client was not authenticated', 'mail.contoso.com'],
      // the legacyExchangeDN encapsulated as an SMTP address (IMCEAEX-) is the recipient Exchange names
      ['IMCEAEX-_O=ALPINE_OU=EXCHANGE+20ADMINISTRATIVE+20GROUP+20+28FYDIBOHF23SPDLT+29_CN=RECIPIENTS_CN=JDOE@alpineskihouse.com', '5.1.1', '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found', null],
      ['sam@fabrikam.com', '5.1.1', '550 5.1.1 <sam@fabrikam.com>... User unknown', 'mx.fabrikam.com'],
    ]);
  });

  it('takes the display name from "Name (addr)" in the users\' section', async () => {
    const report = await read(head, body);
    expect(report?.recipients[0].displayName).toBe('Ronald Slattery');
    expect(report?.recipients[2].displayName).toBeNull();
  });

  it('does not take a host and text without a reply for a machine line', async () => {
    const report = await read(head, [...body.slice(0, 16), 'mx.fabrikam.com #see the log ##', ...body.slice(17)]);
    expect(report?.recipients[2].diagnosticCode ?? null).toBeNull();
  });
});
