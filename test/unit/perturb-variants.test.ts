// Variants of each family's layout that the generator's source or configuration allows and
// that the perturbation harness (test/bench/perturb.ts) showed the parser lost. Each input is
// written by hand from the cited source; the expectation follows from that source.
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';

const parse = async (text: string) => (await analyzeMessage(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'), 'test')).result;

// United Internet (1&1 / IONOS, GMX) bounces are Exim-derived: Exim's intro sentence (deliver.c;
// rewordable through bounce_message_file, the Exim specification, chapter "Customizing bounce and warning messages"),
// then `addr:` heads over unindented error lines, then the fixed header separator
// (docs/formats.md#gmx). The intro is a hint; the heads and the separator are the structure.
const ionos = (intro: string, head: string) => `From: "Mail Delivery System" <mailer-daemon@kundenserver.de>
To: petra@example.de
Subject: Mail delivery failed: returning message to sender
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8
Date: Mon, 09 Mar 2026 11:00:00 +0100

${intro}

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address(es)
failed:

${head}
SMTP error from remote server for RCPT command, host: mx.example.nl (192.0.2.61) reason: 550 5.1.1 No such user

--- The header of the original message is following. ---

From: Petra <petra@example.de>
To: jan@example.nl
Subject: Fotos
`;

describe('United Internet (Exim-derived) layout read by structure', () => {
  it('reads the list when the intro is translated', async () => {
    const r = await parse(ionos('Diese Nachricht wurde automatisch vom Mailsystem erstellt.', 'jan@example.nl:'));
    expect(r.format).toBe('einsundeins');
    expect(r.recipients.map((x) => [x.recipient, x.action, x.status, x.smtpCommand])).toEqual([['jan@example.nl', 'failed', '5.1.1', 'RCPT']]);
  });
  it('reads the intro wrapped at another width, and an indented head', async () => {
    const r = await parse(ionos('This message was created automatically by mail\ndelivery software.', '  jan@example.nl:'));
    expect(r.format).toBe('einsundeins');
    expect(r.recipients.map((x) => [x.recipient, x.status])).toEqual([['jan@example.nl', '5.1.1']]);
  });
  it('reads the list when the header separator and the header are left out', async () => {
    const text = ionos('This message was created automatically by mail delivery software.', 'jan@example.nl:');
    const r = await parse(text.slice(0, text.indexOf('--- The header')));
    expect(r.format).toBe('einsundeins');
    expect(r.recipients.map((x) => x.recipient)).toEqual(['jan@example.nl']);
  });
});

// A bounce no module claims, written as Exim derivatives write it (deliver.c: one paragraph per
// failed address, the address over its reason lines; the derivative puts the address at column
// 0 with a colon, as docs/formats.md#gmx describes) and with an intro of its own.
// QSBMF (cr.yp.to/proto/qsbmf.txt §2) has the same paragraph structure. Every paragraph's
// head is a failed recipient, not only the first.
const PARAGRAPHS = `From: Mail Delivery System <MAILER-DAEMON@mx.example.de>
To: anna@example.de
Subject: Undeliverable
Date: Mon, 09 Mar 2026 11:00:00 +0100

Sorry, your message could not be delivered to the following addresses:

jan@example.nl:
Remote host said: 550 5.1.1 No such user
Giving up on 192.0.2.7.

piet@example.nl:
Remote host said: 552 5.2.2 Mailbox full
Giving up on 192.0.2.7.

Regards, your mail system
`;

describe('generic text reader: one recipient paragraph after another', () => {
  it("reads every paragraph headed by an address line of the first head's shape", async () => {
    const r = await parse(PARAGRAPHS);
    expect(r.format).toBe('text');
    expect(r.recipients.map((x) => [x.recipient, x.status])).toEqual([
      ['jan@example.nl', '5.1.1'],
      ['piet@example.nl', '5.2.2'],
    ]);
  });
  it('does not take a later paragraph whose head has another shape', async () => {
    const r = await parse(PARAGRAPHS.replace('piet@example.nl:', '  Kontakt: piet@example.nl'));
    expect(r.recipients.map((x) => x.recipient)).toEqual(['jan@example.nl']);
  });
});

// Sendmail 5.x savemail.c errbody(): the transcript, then "   ----- Unsent message follows -----"
// with the copy, "  ----- Message header follows -----" with its header only, or
// "  ----- No message was collected -----" when there is none. The recipient lines of the
// transcript are sendmail's "NNN <addr>... text" (err.c); the code is the row's reply.
const v5 = (copy: string) => `From: Mail Delivery Subsystem <MAILER-DAEMON@mx9.example.com>
To: anna@example.co.jp
Subject: Returned mail: User unknown
Date: Thu, 29 Apr 1995 23:34:45 +0900

   ----- Transcript of session follows -----
While talking to mail.example.org:
>>> RCPT To:<jan@example.org>
<<< 550 No such user here.
550 <jan@example.org>... User unknown

${copy}
`;

describe('Sendmail 5 bounce, whatever copy follows the transcript', () => {
  for (const copy of ['   ----- Unsent message follows -----\nFrom: anna@example.co.jp\nTo: jan@example.org\nSubject: Hi\n\nHello', '  ----- Message header follows -----\nFrom: anna@example.co.jp\nTo: jan@example.org\nSubject: Hi', '  ----- No message was collected -----\n']) {
    it(`reads the transcript before "${copy.split('\n')[0].trim()}"`, async () => {
      const r = await parse(v5(copy));
      expect(r.format).toBe('v5sendmail');
      expect(r.recipients.map((x) => [x.recipient, x.smtpReplyCode, x.smtpCommand])).toEqual([['jan@example.org', '550', 'RCPT']]);
    });
  }
});

// Smail 3's returned-mail layout (smail-3 src/notify.c; KDE KMail's createBounce() in
// kmail/kmmessage.cpp writes the same banners): a message log, the failed addresses under
// "|---- Failed addresses follow: ----|", the copy under "|---- Message text follows: ----|".
// The banner says which addresses failed: the message is a failure report with or without a
// Subject (a site may leave it out or change it).
const SMAIL = (subject: string) => `From: <MAILER-DAEMON@mx.example.net>
To: anna@example.org
${subject}Date: Thu, 29 Apr 2006 23:34:45 +0000

|------------------------- Message log follows: -------------------------|
 no valid recipients were found for this message
|------------------------- Failed addresses follow: ---------------------|
 jan@unknown.example.com ... unknown host
|------------------------- Message text follows: ------------------------|
From: anna@example.org
To: jan@unknown.example.com
Subject: Hi

Hello
`;

describe('Smail 3 layout', () => {
  for (const subject of ['Subject: mail failed, returning to sender\n', '']) {
    it(`reads the failed address ${subject ? 'under its subject' : 'without a Subject'}`, async () => {
      const r = await parse(SMAIL(subject));
      expect(r.recognized).toBe(true);
      expect(r.recipients.map((x) => [x.recipient, x.action])).toEqual([['jan@unknown.example.com', 'failed']]);
    });
  }
});

// Sendmail 8 with SendMimeErrors off (or a gateway that kept only the text): savemail.c's text
// lists the failing address over "(expanded from: <alias>)"; its DSN, when written, gives the
// RCPT name as Final-Recipient and the failing address as X-Actual-Recipient (savemail.c
// errbody(): "Final-Recipient: -- the name from the RCPT command", a bare local part completed
// with MyHostName). The text form gives the same row.
const sendmailText = (expanded: string) => `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>
To: anna@example.net
Subject: Returned mail: see transcript for details
Date: Sat, 21 Jun 2014 23:34:45 +0900

The original message was received at Sat, 21 Jun 2014 23:34:40 +0900
from mail.example.net [192.0.2.1]

   ----- The following addresses had permanent fatal errors -----
jo@example.com
    (reason: 550 5.1.1 <jo@example.com>... User Unknown)
    (expanded from: ${expanded})

   ----- Transcript of session follows -----
... while talking to mx.example.com.:
>>> RCPT To:<jo@example.com>
<<< 550 5.1.1 <jo@example.com>... User Unknown
550 5.1.1 jo@example.com... User unknown

   ----- Original message follows -----
From: anna@example.net
To: sales@example.org
Subject: Hi

Hello
`;

describe('Sendmail text form: an expanded recipient under its RCPT name', () => {
  it('reports the alias it was expanded from, the failing address as X-Actual-Recipient', async () => {
    const r = await parse(sendmailText('<sales@example.org>'));
    expect(r.format).toBe('sendmail');
    expect(r.recipients.map((x) => [x.recipient, x.fields['X-Actual-Recipient'], x.status, x.smtpCommand])).toEqual([['sales@example.org', 'rfc822; jo@example.com', '5.1.1', 'RCPT']]);
  });
  it('completes a bare local alias with the reporting host (MyHostName)', async () => {
    const r = await parse(sendmailText('sales'));
    expect(r.recipients.map((x) => x.recipient)).toEqual(['sales@mx.example.org']);
  });
});
