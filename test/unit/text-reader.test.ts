// The generic reader of plain-text bounces (src/3-formats/generic, issue 15 items 2 and 6):
// address-line shapes, the conditions it opens on, and what it reads. Every message here is
// written by hand; the expectations follow from the formats cited beside each case.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/8-pipeline/parse.js';
import { readAddressLine } from '../../src/3-formats/generic/address-lines.js';

const parse = (text: string) => parseMessage(Buffer.from(text.replace(/\n/g, '\r\n')), 'test.eml');
const rows = async (text: string) => (await parse(text)).recipients.map((r) => [r.recipient, r.action]);
// what a bounce counter would count: failed or delayed rows of a delivery report (an
// auto-reply's or a feedback report's rows are none)
const failures = (r: Awaited<ReturnType<typeof parse>>) => (r.kind === 'dsn' ? r.recipients.filter((x) => x.action === 'failed' || x.action === 'delayed') : []);

describe('address lines', () => {
  it('reads an address alone: bare, bracketed, quoted, bulleted, numbered, qmail-style with a colon', () => {
    for (const line of ['a@example.net', '  <a@example.net>', '"a@example.net"', '  * a@example.net', '- <a@example.net>', '• a@example.net', '1. a@example.net', '2) a@example.net', '<a@example.net>:']) {
      expect(readAddressLine(line), line).toMatchObject({ address: 'a@example.net', shape: 'alone' });
    }
  });

  it('reads an address beside its reason, whatever the separator; a rendered mailto link is one address', () => {
    // Sendmail-style "addr... reason", Postfix-style "<addr>: reason", Outlook's rendered link
    expect(readAddressLine('a@example.net... User unknown')).toMatchObject({ shape: 'beside', rest: 'User unknown' });
    expect(readAddressLine('<a@example.net>: host mx.example.net said: 550 no')).toMatchObject({ shape: 'beside', rest: 'host mx.example.net said: 550 no' });
    expect(readAddressLine(' a@example.net - mailbox full')).toMatchObject({ shape: 'beside', rest: 'mailbox full' });
    expect(readAddressLine('a@example.net<mailto:a@example.net>')).toMatchObject({ address: 'a@example.net', shape: 'alone' });
    expect(readAddressLine('a@example.net<mailto:a@example.net> The address was not found.')).toMatchObject({ shape: 'beside', rest: 'The address was not found.' });
  });

  it('reads an address after a label or a short reason and a colon as labelled, and inside a sentence as a sentence, with the text around it', () => {
    expect(readAddressLine('Recipient: <a@example.net>')).toMatchObject({ address: 'a@example.net', shape: 'labelled', before: 'Recipient:' });
    expect(readAddressLine('User unknown: <a@example.net>')).toMatchObject({ shape: 'labelled', before: 'User unknown:' });
    expect(readAddressLine('收件人： a@example.net')).toMatchObject({ shape: 'labelled' });
    // a sentence before the colon, or text after the address, is no label
    expect(readAddressLine('We tried to deliver it to this address: a@example.net')?.shape).toBe('sentence');
    expect(readAddressLine('Recipient: a@example.net was not found')?.shape).toBe('sentence');
    expect(readAddressLine('Your message to a@example.net was rejected.')).toMatchObject({ shape: 'sentence', rest: 'was rejected.' });
    expect(readAddressLine('no address here')).toBeNull();
  });

  it('never takes a copy\'s Message-Id, In-Reply-To or From field for a labelled recipient (RFC 5322 §3.6), quoted or not', () => {
    expect(readAddressLine('> Message-Id: <4b64d9fd8f537_1@xenon.example.com>')?.shape).not.toBe('labelled');
    expect(readAddressLine('In-Reply-To: <abc@example.com>')?.shape).not.toBe('labelled');
    expect(readAddressLine('From: <sender@example.com>')?.shape).not.toBe('labelled');
    expect(readAddressLine('To: <rcpt@example.com>')?.shape).toBe('labelled');
  });
});

describe('the generic reader opens for automated failure reports only', () => {
  it('reads a report from a daemon in German, its address after a label and its reason beside it', async () => {
    // an unknown generator: a daemon sender (RFC 5321 §4.5.1 postmaster), a localised
    // failure subject ("Unzustellbar", Exchange's German NDR prefix) and a recipient label
    const r = await parse(
      'From: Postmaster <postmaster@mx.example.de>\nTo: anna@example.org\nSubject: Unzustellbar: Angebot\nReturn-Path: <>\n\nIhre Nachricht konnte nicht zugestellt werden.\n\nEmpfänger: <bert@example.de>\nGrund: 550 5.1.1 Mailbox unbekannt\n',
    );
    expect(r.format).toBe('text');
    expect(r.recipients).toHaveLength(1);
    expect(r.recipients[0]).toMatchObject({ recipient: 'bert@example.de', action: 'failed', status: '5.1.1', smtpReplyCode: '550' });
  });

  it('reads a delay warning as delayed (wording of Exim deliver.c: "has not yet been delivered", "Delivery attempts will continue")', async () => {
    const text =
      'From: Mail Delivery System <Mailer-Daemon@relay.example.org>\nTo: anna@example.org\nSubject: Warning: message 1abc delayed 24 hours\nAuto-Submitted: auto-replied\n\n' +
      'A message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on relay.example.org.\n\n' +
      'The addresses to which the message has not yet been delivered are:\n\n  carl@example.net\n    host mx.example.net [192.0.2.7]: Connection timed out\n\n' +
      'No action is required on your part. Delivery attempts will continue for\nsome time.\n';
    expect(await rows(text)).toEqual([['carl@example.net', 'delayed']]);
  });

  it("reads a relay's notice that quotes sendmail's or Postfix's lifetime lines as delayed (sendmail envelope.c \"Warning: message still undelivered after %s\"; Postfix bounce_template.c \"It will be retried until it is ... old\")", async () => {
    const head = 'From: MAILER-DAEMON@relay.example.org\nTo: anna@example.org\nSubject: Mail delivery notice\nAuto-Submitted: auto-generated\n\n';
    const body = 'Your message to the following recipient:\n\n    carl@example.net\n\nReason: 421 4.4.2 mx.example.net connection dropped\n\n';
    expect(await rows(head + body + 'Warning: message still undelivered after 4 hours\n')).toEqual([['carl@example.net', 'delayed']]);
    expect(await rows(head + body + 'It will be retried until it is 5 day(s) old.\n')).toEqual([['carl@example.net', 'delayed']]);
  });

  it('lets X-Failed-Recipients (Exim) decide which of the addresses in the text failed', async () => {
    const r = await parse(
      'From: MAILER-DAEMON@gw.example.org\nTo: anna@example.org\nSubject: Delivery report\nX-Failed-Recipients: dora@example.net\n\nDelivery to the following recipients failed:\n\n  dora@example.net: 550 5.1.1 unknown user\n  emil@example.net: delivered\n',
    );
    expect(r.recipients.map((x) => x.recipient)).toEqual(['dora@example.net']);
    expect(r.recipients[0].status).toBe('5.1.1');
  });

  it('takes the returned message\'s recipient as a last resort (Delivered-To, RFC 9228)', async () => {
    const text =
      'From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Undelivered mail\nReturn-Path: <>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n--b\nContent-Type: message/rfc822\n\n' +
      'Delivered-To: fritz@example.net\nFrom: anna@example.org\nTo: list@example.net\nSubject: hi\n\nhello\n--b--\n';
    expect(await rows(text)).toEqual([['fritz@example.net', 'failed']]);
  });

  it('does not read ordinary mail that talks about a failed delivery', async () => {
    const r = await parse('From: Gus <gus@example.org>\nTo: hal@example.net\nSubject: about yesterday\n\nMy message to ida@example.net could not be delivered, can you check?\n');
    expect(failures(r)).toHaveLength(0);
  });

  it('does not read a newsletter marked Auto-Submitted: auto-generated (RFC 3834 says automated, nothing says failed)', async () => {
    const r = await parse('From: News <news@example.org>\nTo: hal@example.net\nSubject: Weekly news\nAuto-Submitted: auto-generated\n\nThis week: jo@example.org joined the team.\n');
    expect(failures(r)).toHaveLength(0);
  });

  it('does not read a challenge-response request (TMDA-style confirmation) as a failure', async () => {
    const r = await parse(
      'From: <confirm@example.net>\nTo: anna@example.org\nSubject: Your email requires verification\nReturn-Path: <>\n\nThe message you sent to kim@example.net could not be delivered until you confirm that you are a person.\nPlease confirm your message by replying.\n',
    );
    expect(failures(r)).toHaveLength(0);
  });

  it('does not read a read receipt sent with a null sender (Outlook "Read:")', async () => {
    const r = await parse('From: Lea <lea@example.net>\nTo: anna@example.org\nSubject: Read: plans\nReturn-Path: <>\n\nYour message to lea@example.net was read, it was not delivered late.\n');
    expect(failures(r)).toHaveLength(0);
  });

  it('reads a stored bounce text without headers (no From, no Subject) when it speaks of a failure', async () => {
    const r = await parseMessage(Buffer.from("Your message to max@example.net couldn't be delivered.\n\nmax@example.net\nRemote server returned '550 5.1.10 RecipientNotFound'\n"), 'stored.txt');
    expect(r.recipients.map((x) => [x.recipient, x.status, x.smtpReplyCode])).toEqual([['max@example.net', '5.1.10', '550']]);
    const hello = await parseMessage(Buffer.from('Hello\n'), 'hello.txt');
    expect(failures(hello)).toHaveLength(0);
  });

  it('stops at a copy quoted line by line, even when its marker runs into the first quoted line', async () => {
    const text = 'From: Postmaster@example.net\nSubject: Mail Delivery Failure\nReturn-Path: <>\n\nDelivery of email to this address\n\n"a@example.net"\n\nhas failed due to a full mailbox.\n\nThe first 50 lines of your original message follow:> Received: from relay.example.org\n>       by mx.example.net with SMTP id 4\n> To: b@example.net\n> Message-Id: <m1@relay.example.org>\n> Subject: hi\n>\n> hello\n';
    const r = failures(await parse(text));
    expect(r.map((x) => x.recipient)).toEqual(['a@example.net']);
    expect(r[0].diagnosticCode ?? '').not.toContain('Message-Id');
  });

  it('does not take a server\'s version number on a copy\'s Received line for a status code', async () => {
    // RFC 5321 §4.4: the "by" clause may carry any comment, e.g. "(CommuniGate Pro SMTP 5.0.9)"
    const log = 'subscriber exists: 1\nemail: someone@example.net\n\nReceived: from relay.example.org ([192.0.2.1])\n  by mx.example.net (CommuniGate Pro SMTP 5.0.9)\n  with ESMTPS id 1 for someone@example.net; Fri, 19 Feb 2010 14:14:02 +0200\nSubject: News\n\nHello\n';
    expect(failures(await parseMessage(Buffer.from(log), 'log.txt'))).toHaveLength(0);
    // the same code in the text itself still speaks of a failure
    const real = 'Delivery to the following recipient failed:\n\nsomeone@example.net\n  5.1.1 no such user\n';
    expect(failures(await parseMessage(Buffer.from(real), 'stored.txt')).map((x) => x.recipient)).toEqual(['someone@example.net']);
  });
});

describe('a delivery agent\'s rejection sent as an MDN (RFC 5429 §2.1, RFC 8098)', () => {
  // the layout Pigeonhole writes (lib-sieve/sieve-actions.c, sieve_action_do_reject_mail):
  // Subject "Automatically rejected mail", Auto-Submitted "auto-replied (rejected)", a human
  // part "Your message to <%s> was automatically rejected:" and the reason, then an MDN part
  // with Final-Recipient and "Disposition: automatic-action/MDN-sent-automatically; deleted"
  const pigeonhole = (mdnFields: string, subject = 'Automatically rejected mail') =>
    'From: postmaster@mx.example.net\nTo: <anna@example.org>\nSubject: ' + subject + '\nAuto-Submitted: auto-replied (rejected)\nPrecedence: bulk\nMIME-Version: 1.0\n' +
    'Content-Type: multipart/report; report-type=disposition-notification;\n boundary="4242/mx.example.net"\n\nThis is a MIME-encapsulated message\n\n' +
    '--4242/mx.example.net\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline\nContent-Transfer-Encoding: 8bit\n\n' +
    'Your message to <olga@example.net> was automatically rejected:\nMailbox is over quota\n' +
    '--4242/mx.example.net\nContent-Type: message/disposition-notification\n\n' + mdnFields + '\n' +
    '--4242/mx.example.net\nContent-Type: message/rfc822\n\nFrom: anna@example.org\nTo: olga@example.net\nSubject: hi\n\n\n--4242/mx.example.net--\n';

  it('is a failed delivery to the Final-Recipient, with the reason the human part gives', async () => {
    const r = await parse(pigeonhole('Reporting-UA: mx.example.net; Dovecot Mail Delivery Agent\nOriginal-Recipient: rfc822; o.p@example.net\nFinal-Recipient: rfc822; olga@example.net\nOriginal-Message-ID: <1@example.org>\nDisposition: automatic-action/MDN-sent-automatically; deleted'));
    expect(r.kind).toBe('dsn');
    expect(r.format).toBe('mdn-rejection');
    expect(r.recipients.map((x) => [x.recipient, x.originalRecipient, x.action, x.diagnosticCode])).toEqual([['olga@example.net', 'o.p@example.net', 'failed', 'Mailbox is over quota']]);
  });

  it('is no failure when the disposition is a read receipt\'s ("displayed") and nothing says rejected', async () => {
    const text = pigeonhole('Reporting-UA: mua.example.net; Mail\nFinal-Recipient: rfc822; olga@example.net\nDisposition: manual-action/MDN-sent-manually; displayed', 'Read: hi').replace('Auto-Submitted: auto-replied (rejected)\n', '').replace('was automatically rejected:\nMailbox is over quota', 'was displayed.');
    expect(failures(await parse(text))).toHaveLength(0);
  });

  it('reads parts whose header fields follow an empty line (RFC 2046 §5.1.1 puts them right after the boundary)', async () => {
    const text = pigeonhole('Final-Recipient: rfc822; olga@example.net\nDisposition: automatic-action/MDN-sent-automatically; deleted').replace(/--4242\/mx\.example\.net\nContent-Type/g, '--4242/mx.example.net\n\nContent-Type');
    const r = await parse(text);
    expect(r.recipients.map((x) => [x.recipient, x.action])).toEqual([['olga@example.net', 'failed']]);
    expect(r.original?.subject).toBe('hi');
  });
});

describe('automated messages that are not failures (issue 15 item 6)', () => {
  it('reads a client\'s unsubscribe request (RFC 2369 List-Unsubscribe mailto, subject "unsubscribe") as feedback, not a bounce', async () => {
    const r = await parse('From: Pia <pia@example.net>\nTo: news-request@lists.example.org\nSubject: unsubscribe\n\nThis message was sent to unsubscribe from the list.\n');
    expect(r.kind).toBe('feedback');
    expect(r.recipients.map((x) => [x.recipient, x.feedbackType])).toEqual([['pia@example.net', 'unsubscribe']]);
  });

  it('still reads the bounce of an unsubscribe request as a bounce', async () => {
    const r = await parse('From: MAILER-DAEMON@lists.example.org\nTo: pia@example.net\nSubject: Undelivered Mail Returned to Sender\n\nYour message could not be delivered to the following recipient:\n\n  news-request@lists.example.org: 550 5.1.1 unknown\n');
    expect(r.kind).toBe('dsn');
    expect(r.recipients.map((x) => x.recipient)).toEqual(['news-request@lists.example.org']);
  });

  it('leaves an out-of-office reply (RFC 3834 Auto-Submitted: auto-replied) that mentions delivery to the auto-reply reader', async () => {
    const r = await parse('From: Quinn <quinn@example.net>\nTo: anna@example.org\nSubject: Out of office\nAuto-Submitted: auto-replied\n\nI am away until Monday: your message could not be delivered to me in person. For urgent matters:\n\n  rosa@example.net\n');
    expect(r.kind).toBe('autoreply');
    expect(failures(r)).toHaveLength(0);
  });
});

describe('a failed recipient named by its local part only (issue 15 item 5)', () => {
  const bounce = (list: string) =>
    'From: MAILER-DAEMON@mail.example.net\nTo: anna@example.org\nSubject: Mail delivery problem\nReturn-Path: <>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n' +
    `I was unable to deliver your message to the following addresses:\n\n${list}\n\n--b\nContent-Type: message/rfc822\n\nFrom: anna@example.org\nTo: Jo <jo@example.net>, kim@example.net\nSubject: plans\n\nsee you\n--b--\n`;

  it('is completed with the domain the returned message gives that local part', async () => {
    const r = await parse(bounce('  jo... no such user'));
    expect(r.recipients.map((x) => [x.recipient, x.action, x.diagnosticCode])).toEqual([['jo@example.net', 'failed', 'no such user']]);
  });

  it('is completed with the reporting host\'s domain, not a returned recipient\'s, when no returned address has that local part', async () => {
    const r = await parse(bounce('  lee... no such user'));
    expect(r.recipients.map((x) => x.recipient)).toEqual(['lee@mail.example.net']);
  });
});

describe('a report attached to a report', () => {
  it('is read from the report inside, not as a failure to the inner report\'s addressee', async () => {
    // a gateway that relays a bounce as an attachment: the outer text names nobody; the inner
    // message is an RFC 3464 report (multipart/report) about zed@example.net, sent to anna
    const inner =
      'From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="in"\n\n' +
      '--in\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n--in\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; zed@example.net\nAction: failed\nStatus: 5.1.1\n\n--in--\n';
    const outer =
      'From: MAILER-DAEMON@gw.example.org\nTo: anna@example.org\nSubject: Returned mail: User unknown\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="out"\n\n--out\nContent-Type: text/plain\n\nThe original message was received at Mon, 16 Mar 2026 10:00:00 +0000\n\n' +
      '--out\nContent-Type: message/rfc822\n\n' + inner + '\n--out--\n';
    const r = await parse(outer);
    expect(r.recipients.map((x) => [x.recipient, x.status])).toEqual([['zed@example.net', '5.1.1']]);
  });
});

describe('the human text when the status part names no recipient (issue 15 item 3)', () => {
  // RFC 3464 §2.1 puts per-recipient fields in groups after the per-message ones; a status
  // part with the per-message fields alone gives no row, and the human part is read instead
  const report = (human: string) =>
    'From: Mail Delivery System <MAILER-DAEMON@relay.example.org>\nTo: anna@example.org\nSubject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n' +
    `--r\nContent-Type: text/plain\n\n${human}\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\nArrival-Date: Mon, 16 Mar 2026 10:00:00 +0000\n\n--r--\n`;

  it('reads the recipient lines of the human part', async () => {
    const r = await parse(report('Your message was not delivered.\n\n<uma@example.net>: host mx.example.net[192.0.2.3] said: 550 5.1.1 no such user\n'));
    expect(r.recipients.map((x) => [x.recipient, x.status, x.smtpReplyCode])).toEqual([['uma@example.net', '5.1.1', '550']]);
  });

  it('reads a recipient named only inside a failure sentence', async () => {
    const r = await parse(report('Hello,\n\nDelivery to vic@example.net failed permanently: 552 5.2.2 mailbox full.\n'));
    expect(r.recipients.map((x) => [x.recipient, x.status])).toEqual([['vic@example.net', '5.2.2']]);
  });
});

describe('pipe and file list lines reported under the address they were generated from (issue 15 item 5)', () => {
  // Sendmail's errbody prints a pipe recipient as written (q_paddr, `"|/usr/local/bin/procmail"`)
  // with "(expanded from: %s)" under it, %s being the alias as given: an address or a local part
  const sendmail = (alias: string) =>
    'From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.net>\nTo: anna@example.org\nSubject: Returned mail: see transcript for details\nReturn-Path: <>\n\n' +
    `   ----- The following addresses had permanent fatal errors -----\n"|/usr/local/bin/procmail"\n    (reason: Service unavailable)\n    (expanded from: ${alias})\n\n` +
    '   ----- Transcript of session follows -----\n554 5.3.0 "|/usr/local/bin/procmail"... unknown mailer error 1\n';

  it('takes the address of "(expanded from: <addr>)"', async () => {
    expect((await parse(sendmail('<zed@example.net>'))).recipients.map((x) => [x.recipient, x.status])).toEqual([['zed@example.net', '5.3.0']]);
  });

  it('completes a local part there with the reporting daemon\'s domain', async () => {
    expect((await parse(sendmail('zed'))).recipients.map((x) => x.recipient)).toEqual(['zed@mail.example.net']);
  });

  it('reads Exim\'s "pipe to |cmd" with "generated by addr" under it (deliver.c)', async () => {
    const r = await parse('From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: anna@example.org\nSubject: Delivery report\nReturn-Path: <>\n\nThe following address(es) failed:\n\n  pipe to |/usr/local/bin/filter\n    generated by zed@example.net\n    local delivery failed\n');
    expect(r.recipients.map((x) => x.recipient)).toEqual(['zed@example.net']);
  });

  it('never makes a pipe into an address', async () => {
    const r = await parse(sendmail('<zed@example.net>').replace('    (expanded from: <zed@example.net>)\n', '').replace(/"\|\/usr\/local\/bin\/procmail"\n/, '|/usr/local/bin/procmail\n'));
    expect(r.recipients.map((x) => x.recipient).filter((a) => a.includes('|'))).toEqual([]);
  });
});

describe('pipe and file deliveries in a text report (issue 15 item 5)', () => {
  it('are reported under the address they were expanded from', async () => {
    // Postfix's wording for an alias expanded to a program: <"|/usr/bin/x"@host> (expanded from <addr>)
    const r = await parse(
      'From: MAILER-DAEMON@mail.example.org\nTo: anna@example.org\nSubject: Delivery failure\nReturn-Path: <>\n\nYour message could not be delivered to the following recipients:\n\n<"|/usr/local/bin/filter"@mail.example.org> (expanded from <wes@example.org>): Command died with status 1\n',
    );
    expect(r.recipients.map((x) => x.recipient)).toEqual(['wes@example.org']);
  });
});

describe('a recipient after its display name (Exchange lists "Name (addr)", docs/formats.md#exchange2007)', () => {
  it('reads "Name (addr)" and "Name <addr>" alone on a line as a list line, not as prose', () => {
    expect(readAddressLine('Jean Dupont (jean@example.fr)')).toMatchObject({ address: 'jean@example.fr', shape: 'named', before: 'Jean Dupont' });
    expect(readAddressLine('  Ola Nordmann <ola@example.no>')).toMatchObject({ shape: 'named' });
    // a label's colon, text after the address, or a long sentence keep it prose
    expect(readAddressLine('Von: Ola <ola@example.no>')?.shape).toBe('sentence');
    expect(readAddressLine('Ola <ola@example.no> was not found')?.shape).toBe('sentence');
    expect(readAddressLine('We could not deliver your message to the mailbox of (ola@example.no)')?.shape).toBe('sentence');
  });

  it('reads a French Exchange notice whose list names the recipient that way', async () => {
    // the French form of Exchange's users' section ("Échec de la remise pour ces destinataires
    // ou groupes :", an Exchange notice posted verbatim at pastebin.com/HZca6aT2)
    const r = await parse(
      'From: Microsoft Outlook <postmaster@example.fr>\nTo: anna@example.org\nSubject: Non remis : devis\nReturn-Path: <>\n\nÉchec de la remise pour ces destinataires ou groupes :\n\nJean Dupont (jean.dupont@example.fr)\nL\'adresse de messagerie est introuvable.\n',
    );
    expect(r.recipients.map((x) => [x.recipient, x.action])).toEqual([['jean.dupont@example.fr', 'failed']]);
  });
});

describe('localised notices (issue 15 item 2)', () => {
  it('reads Exchange\'s French delay notice as delayed ("Remise retardée", "n\'a pas encore été remis": pastebin.com/SYa736QZ)', async () => {
    const r = await parse(
      'From: Microsoft Outlook <postmaster@example.fr>\nTo: anna@example.org\nSubject: Remise retardée : devis\n\nLa remise est retardée pour ces destinataires ou groupes :\n\nMélanie Daube (melanie@example.fr)\n\nCe message n\'a pas encore été remis. De nouvelles tentatives de remise seront effectuées.\n',
    );
    expect(r.recipients.map((x) => [x.recipient, x.action])).toEqual([['melanie@example.fr', 'delayed']]);
  });

  it('opens for a Japanese notice ("配信不能" subject, "管理者向けの診断情報" section: Microsoft Support ja-jp)', async () => {
    const r = await parse(
      'From: postmaster@example.jp\nTo: anna@example.org\nSubject: =?UTF-8?B?6YWN5L+h5LiN6IO9?=: mitsumori\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n管理者向けの診断情報:\n\ntaro@example.jp\nRemote Server returned \'550 5.1.1 RESOLVER.ADR.RecipNotFound; not found\'\n',
    );
    expect(r.recipients.map((x) => [x.recipient, x.status, x.smtpReplyCode])).toEqual([['taro@example.jp', '5.1.1', '550']]);
  });

  it('reads a Chinese notice\'s recipient label ("退信", "收件人不存在": emailhost.com.cn\'s notice list), with a full-width colon', async () => {
    const r = await parse(
      'From: postmaster@example.cn\nTo: anna@example.org\nSubject: =?UTF-8?B?57O757uf6YCA5L+h?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n退信\n\n收件人： wang@example.cn\n收件人不存在 550 User not found\n',
    );
    expect(r.recipients.map((x) => [x.recipient, x.action, x.smtpReplyCode])).toEqual([['wang@example.cn', 'failed', '550']]);
  });

  it('opens for the German subject "Zustellung nicht möglich" (Yahoo\'s German help, sln3275)', async () => {
    // the subject alone marks it as automated and failure-related (a sender that is no daemon, no code)
    const r = await parse('From: Mail <mail@mx.example.de>\nTo: anna@example.org\nSubject: =?UTF-8?Q?Zustellung_nicht_m=C3=B6glich?=\n\nmax@example.de\nBenutzer unbekannt\n');
    expect(failures(r).map((x) => [x.recipient, x.diagnosticCode])).toEqual([['max@example.de', 'Benutzer unbekannt']]);
    // the same subject from a person, forwarding a bounce they got, is no bounce
    const person = await parse('From: Max <max@example.de>\nTo: anna@example.org\nSubject: Fwd: =?UTF-8?Q?Zustellung_nicht_m=C3=B6glich?=\n\nSiehe unten: kim@example.de\n550 5.1.1 Benutzer unbekannt\n');
    expect(failures(person)).toHaveLength(0);
  });

  it('does not read a person\'s Chinese mail that mentions a returned letter', async () => {
    const r = await parse('From: Li <li@example.cn>\nTo: anna@example.org\nSubject: =?UTF-8?B?6YCA5L+h?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n我收到了退信，收件人： wang@example.cn\n');
    expect(failures(r)).toHaveLength(0);
  });
});

describe('the returned message as the last clue (issue 15 item 2)', () => {
  it('takes the recipient of a copy written into the text after its marker (RFC 5322 header block, folded To)', async () => {
    const r = await parse(
      'From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Undeliverable mail\nReturn-Path: <>\n\nYour message could not be delivered.\n\n------ Original message follows ------\nFrom: anna@example.org\nTo:\n Zoe <zoe@example.net>\nSubject: x\n\nhi, write to yan@example.net\n',
    );
    expect(r.recipients.map((x) => [x.recipient, x.action])).toEqual([['zoe@example.net', 'failed']]);
  });

  it('takes none when the copy names several recipients and nothing says which failed', async () => {
    const r = await parse(
      'From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Undeliverable mail\nReturn-Path: <>\n\nYour message could not be delivered.\n\n------ Original message follows ------\nFrom: anna@example.org\nTo: zoe@example.net, yan@example.net\nSubject: x\n\nhi\n',
    );
    expect(failures(r)).toHaveLength(0);
  });
});

describe('a multipart/report whose delivery-status part is missing (issue 15 item 3)', () => {
  // RFC 6522 §3: the report-type names the report; its first part is the human-readable one
  const report = (text: string) =>
    `From: "Content-filter at example.com" <postmaster@example.com>\nTo: <anna@example.org>\nSubject: Considered UNSOLICITED BULK EMAIL, apparently from you\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\n${text}\n--b1\nContent-Type: text/rfc822-headers\n\nFrom: anna@example.org\nTo: zoe@example.net\nSubject: x\n\n--b1--\n`;

  it('is read from its human part, an arrow before the address being a list bullet', async () => {
    const r = await parse(report('A message from <anna@example.org> to:\n-> zoe@example.net\n\nwas considered unsolicited bulk e-mail (UBE).\n\nDelivery of the email was stopped!'));
    expect(failures(r).map((x) => x.recipient)).toEqual(['zoe@example.net']);
  });

  it('does not take the last word of a sentence wrapped onto its own line for a local part', async () => {
    // HTML text wrapped by its converter: "... to the following" / "address" / the address
    const r = await parse(report('We were unable to deliver your message to the following\n   address\n   zoe@example.net\n   because: Email routing issue due to network'));
    expect(failures(r).map((x) => x.recipient)).toEqual(['zoe@example.net']);
  });
});

describe('a bare local part completed with the reporting host\'s domain (issue 15 item 5)', () => {
  // Sendmail names a local user as "user... reason" (savemail.c, errbody: "%s... %s"); the
  // user is the reporting host's: the MAILER-DAEMON@host the report comes from
  const sendmail = (from: string, line: string) =>
    `From: ${from}\nTo: anna@example.org\nSubject: Returned mail: see transcript for details\nReturn-Path: <>\n\n   ----- The following addresses had permanent fatal errors -----\n${line}\n`;

  it('completes "bob... User unknown" and a local part alone on its line', async () => {
    expect(await rows(sendmail('Mail Delivery Subsystem <MAILER-DAEMON@mail.example.net>', 'bob... User unknown'))).toEqual([['bob@mail.example.net', 'failed']]);
    expect(await rows(sendmail('MAILER-DAEMON@mail.example.net', 'bob'))).toEqual([['bob@mail.example.net', 'failed']]);
  });

  it('does not make a label or a sender that is no daemon into an address', async () => {
    expect(failures(await parse(sendmail('MAILER-DAEMON@mail.example.net', 'Reason: unknown')))).toHaveLength(0);
    expect(failures(await parse(sendmail('Robot <robot@example.net>', 'bob... User unknown')))).toHaveLength(0);
  });
});

describe('positive delivery notices are not failures (RFC 3464 §2.3.3 "relayed", "delivered")', () => {
  it('does not read a relay notice titled "Delivery Status Notification (Relay)" as a bounce', async () => {
    // Sun Java System Messaging Server DSN_RELAYED_FORMAT: "has been relayed to a messaging
    // system which may not provide a final delivery confirmation" (Administration Guide 6.3)
    const r = await parse('From: postmaster@mx.example.net\nTo: anna@example.org\nSubject: Delivery Status Notification (Relay)\nReturn-Path: <>\n\nYour message to kim@example.net has been relayed to a messaging system which may not provide a final delivery confirmation.\n\n       kim@example.net\n');
    expect(failures(r)).toHaveLength(0);
  });

  it('still reads a report that says one recipient was delivered and another failed', async () => {
    const r = await parse('From: postmaster@mx.example.net\nTo: anna@example.org\nSubject: Delivery Status Notification (Failure)\nReturn-Path: <>\n\nYour message was successfully delivered to lou@example.net.\nDelivery to the following recipient failed permanently:\n\n   kim@example.net\n');
    expect(failures(r).map((x) => x.recipient)).toEqual(['kim@example.net']);
  });
});

describe('DSN fields written into a text report, with a human line about the same recipient (issue 15 items 3, 4)', () => {
  const text = (status: string) =>
    `From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Returned mail\nReturn-Path: <>\n\nYour message could not be delivered.\n\n<kim@example.net>: host mx.example.net said: 550 5.1.1 no such user (in reply to RCPT TO command)\n\nFinal-Recipient: rfc822; kim@example.net\nAction: failed\nStatus: ${status}\n`;

  it('reads the human line (a label inside a field name, "recipient:" in "Final-Recipient:", is no label), and a generic X.0.0 Status gives way to its specific code (RFC 3463 §3.1)', async () => {
    const r = await parse(text('5.0.0'));
    expect(r.recipients.map((x) => [x.recipient, x.status, x.smtpReplyCode])).toEqual([['kim@example.net', '5.1.1', '550']]);
  });

  it('keeps a specific Status field as written', async () => {
    const r = await parse(text('5.2.2'));
    expect(r.recipients.map((x) => x.status)).toEqual(['5.2.2']);
  });
});

describe('an address after its reason (issue 15 item 2: "after a reason")', () => {
  it('reads each "reason: <address>" line of a list, whatever the reason says', async () => {
    const r = await parse('From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Delivery failure\nReturn-Path: <>\n\nThe following errors occurred:\n\nUser unknown: <kim@example.net>\nMailbox full: <lou@example.net>\n');
    expect(failures(r).map((x) => [x.recipient, x.diagnosticCode])).toEqual([
      ['kim@example.net', 'User unknown'],
      ['lou@example.net', 'Mailbox full'],
    ]);
  });

  it('does not take the footer\'s contacts ("Questions: <addr>", "Support: addr") for failed recipients', async () => {
    const r = await parse('From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Delivery failure\nReturn-Path: <>\n\nThe following errors occurred:\n\nUser unknown: <kim@example.net>\n\nQuestions: <help@isp.example>\nSupport: support@isp.example\n');
    expect(failures(r).map((x) => x.recipient)).toEqual(['kim@example.net']);
  });
});

describe('delivered addresses listed beside failed ones', () => {
  it('skips an address noted "(successfully delivered to mailbox)" (Sendmail savemail.c\'s success list wording)', async () => {
    const r = await parse('From: postmaster@gw.example.net\nTo: anna@example.org\nSubject: Delivery report\nReturn-Path: <>\n\nThe message could not be delivered to every recipient.\n\n  lou@example.net  (successfully delivered to mailbox)\n  kim@example.net: 550 5.1.1 unknown user\n');
    expect(failures(r).map((x) => x.recipient)).toEqual(['kim@example.net']);
  });

  it('reads the older Sendmail heading "The following addresses had delivery problems" (RFC 3464\'s sample "Simple DSN")', async () => {
    const r = await parse('From: postmaster@gw.example.net\nTo: anna@example.org\nSubject: Delivery report\nReturn-Path: <>\n\n      ----- The following addresses had delivery problems -----\n<louisl@larry.example.edu>  (unrecoverable error)\n\nHelp desk:\n  lou@example.net\n');
    expect(failures(r).map((x) => x.recipient)).toEqual(['louisl@larry.example.edu']);
  });
});

describe('each failed address with its own reason (issue 15 item 2)', () => {
  it('takes the failure sentences around an address alone on its line as its diagnostic, not the footer', async () => {
    // the reason is written in the paragraphs before and after the address, as a person reads
    // it: "Delivery of email to this address ... has failed because the mailbox is full"
    const r = await parse(
      'From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Undeliverable message\nReturn-Path: <>\n\n' +
        'Delivery of email to this address\n\n"dora@example.net"\n\nhas failed because the mailbox is full.\n\n' +
        'Please contact your system administrator for assistance.\n',
    );
    expect(r.recipients).toHaveLength(1);
    const row = r.recipients[0];
    expect(row.recipient).toBe('dora@example.net');
    expect(row.diagnosticCode).toContain('has failed because the mailbox is full.');
    expect(row.diagnosticCode).toContain('Delivery of email to this address');
    // the footer two paragraphs away is no part of the reason
    expect(row.diagnosticCode).not.toContain('administrator');
    expect(row.reason).toBe('mailboxfull');
  });

  it('reads a list whose addresses each carry a block of indented detail lines: every address, each with its own lines as reason', async () => {
    // the layout a person reads as "address, then what happened to it": the indented lines
    // belong to the address above them, and the list goes on after them
    const r = await parse(
      'From: MAILER-DAEMON@gw.example.org\nTo: anna@example.org\nSubject: Undeliverable mail\nReturn-Path: <>\n\n' +
        'Delivery to the following recipients failed:\n\n' +
        'dora@example.net\n    SMTP error: 550 user unknown\n' +
        'emil@example.net\n    SMTP error from remote server after RCPT TO:<emil@example.net>:\n    552 mailbox full\n' +
        'fritz@example.net\n    SMTP error: 550 user unknown\n\n' +
        'Please contact your administrator.\n',
    );
    expect(r.recipients.map((x) => x.recipient)).toEqual(['dora@example.net', 'emil@example.net', 'fritz@example.net']);
    const [dora, emil, fritz] = r.recipients;
    expect(dora).toMatchObject({ diagnosticCode: 'SMTP error: 550 user unknown', smtpReplyCode: '550', reason: 'userunknown' });
    // a detail line may name the address again (in the RCPT TO command): still a detail line
    expect(emil).toMatchObject({ diagnosticCode: 'SMTP error from remote server after RCPT TO:<emil@example.net>: 552 mailbox full', smtpReplyCode: '552', smtpCommand: 'RCPT', reason: 'mailboxfull' });
    expect(fritz).toMatchObject({ smtpReplyCode: '550', reason: 'userunknown' });
  });

  it('gives each row only its own lines as hint: one row\'s 5.1.1 does not land on a row whose reply is 552', async () => {
    // two addresses, each beside its own reply (Postfix-like "<addr>: reply"); only the first
    // states an enhanced status. RFC 5321 §4.2.3: 552 is a storage allocation refusal, so the
    // second row's status follows its own reply (5.x.x, not the first row's 5.1.1)
    const r = await parse(
      'From: MAILER-DAEMON@gw.example.org\nTo: anna@example.org\nSubject: Undelivered Mail\nReturn-Path: <>\n\n' +
        'Delivery to the following recipients failed:\n\n' +
        '  dora@example.net: 550 5.1.1 user unknown\n' +
        '  emil@example.net: 552 sorry, mailbox full\n',
    );
    const byAddress = new Map(r.recipients.map((x) => [x.recipient, x]));
    expect(byAddress.get('dora@example.net')).toMatchObject({ status: '5.1.1', smtpReplyCode: '550' });
    const emil = byAddress.get('emil@example.net');
    expect(emil?.smtpReplyCode).toBe('552');
    expect(emil?.status).not.toBe('5.1.1');
    expect(emil?.reason).toBe('mailboxfull');
  });
});
