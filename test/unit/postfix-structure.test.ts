// The Postfix family read by structure (docs/formats.md#postfix-structure): what a reworded or
// translated template keeps (bounce_notify_util.c's recipient lines, part descriptions and
// X-<mail_name> DSN fields), and what must not be taken for it. Inputs are written from
// bounce(5), `postconf -t` and postfix/src/bounce/bounce_notify_util.c.
import { describe, expect, it } from 'vitest';
import { parseMime } from '../../src/2-mime/parse.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { postfix, reasonParts, recipientLines } from '../../src/3-formats/postfix/postfix.js';
import { hasMailNameFields, hasRecipientLine, hintCount } from '../../src/3-formats/postfix/structure.js';
import { selectAndParse } from '../../src/3-formats/registry.js';
import { markersHold } from '../../src/3-formats/readers/markers.js';
import type { Markers } from '../../src/3-formats/readers/types.js';

const mime = (text: string) => parseMime(Buffer.from(text.replace(/\n/g, '\r\n')));

describe('Postfix recipient lines (bounce_recipient_log)', () => {
  it('finds `<addr>: reason` and `<addr> (expanded from <alias>): reason` after a blank line', () => {
    expect(hasRecipientLine('intro\n\n<bob@example.net>: host mx.example.net[192.0.2.1] said: 550 no\n')).toBe(true);
    expect(hasRecipientLine('\n<sales@example.com> (expanded from <info@example.com>): mail for example.com loops\n    back to myself\n')).toBe(true);
  });
  it('finds an address too long to share its line, left alone above the 4-space continuation (bounce_print_wrap)', () => {
    const long = `<${'x'.repeat(70)}@example.net>`;
    expect(hasRecipientLine(`\n${long}:\n    host mx.example.net[192.0.2.1] said: 550 no\n`)).toBe(true);
    expect(hasRecipientLine(`\n${long}\n    (expanded from <all@example.org>): unknown user: "x"\n`)).toBe(true);
    const lines = recipientLines(`\n${long}\n    (expanded from <all@example.org>): unknown user: "x"\n`);
    expect(lines).toEqual([
      { recipient: `${'x'.repeat(70)}@example.net`, expandedFrom: 'all@example.org', reason: 'unknown user: "x"', paragraph: `${long} (expanded from <all@example.org>): unknown user: "x"` },
    ]);
  });
  it('does not take qmail\'s `<addr>:` alone on its line, a quoted line, or a line inside a paragraph', () => {
    expect(hasRecipientLine('\n<bob@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n')).toBe(false);
    expect(hasRecipientLine('\n> <bob@example.net>: host mx.example.net[192.0.2.1] said: 550 no\n')).toBe(false);
    expect(hasRecipientLine('Here is what it said:\n<bob@example.net>: host mx.example.net[192.0.2.1] said: 550 no\n')).toBe(false);
    // a message id is no recipient: no '@'-less local part claims it either
    expect(hasRecipientLine('\n<localpart>: something\n')).toBe(false);
  });
  it('takes a recipient line at the very start of the text, and after a line of white space only', () => {
    expect(hasRecipientLine('<bob@example.net>: host mx.example.net[192.0.2.1] said: 550 no')).toBe(true);
    expect(hasRecipientLine('intro\n \t \n<bob@example.net>: host mx.example.net[192.0.2.1] said: 550 no')).toBe(true);
    // the continuation must be the next line, and a last line has none
    expect(hasRecipientLine('\n<bob@example.net>:')).toBe(false);
    expect(hasRecipientLine('\n<bob@example.net>:\n\n    host mx.example.net said: 550 no')).toBe(false);
    // a '<' inside a line is no line start
    expect(hasRecipientLine('\nsee <bob@example.net>: host mx.example.net said: 550 no')).toBe(false);
  });
});

// A failure template reworded in Dutch, as bounce_template_file allows (bounce(5)), in a
// message that lost its delivery-status part (a gateway that keeps only text and message
// parts): the parts bounce_notify_util.c describes and its recipient lines remain.
const REWORDED_NO_DSN = `From: MAILER-DAEMON@mail.example.nl (Mailsysteem)
To: jan@example.nl
Subject: Bericht kon niet worden afgeleverd
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B1"

--B1
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

Dit is het mailsysteem van mail.example.nl.

Uw bericht kon niet worden afgeleverd bij een of meer ontvangers.

                   Het mailsysteem

<piet@example.org>: host mx.example.org[192.0.2.8] said: 550 5.1.1 <piet@example.org>:
    Recipient address rejected: User unknown in local recipient table (in reply to
    RCPT TO command)

--B1
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: jan@example.nl
To: piet@example.org
Subject: Vergadering

Tot morgen.
--B1--
`;

// An ordinary reply that quotes a Postfix recipient line: a person wrote it.
const QUOTING = `From: Alice <alice@example.org>
To: helpdesk@example.com
Subject: Why did my mail bounce?
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello, my message to Bob came back with this line:

<bob@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1 User unknown
    (in reply to RCPT TO command)

Can you tell me what it means? Thanks, Alice
`;

describe('Postfix family by structure', () => {
  it('claims a reworded template by its recipient lines and the fixed parts around it, and reads it', async () => {
    const msg = await mime(REWORDED_NO_DSN);
    // MAILER-DAEMON, Auto-Submitted: auto-replied, Content-Description Notification / Undelivered Message
    expect(hintCount(msg)).toBe(3);
    expect(postfix.score(msg)).toBe(55);
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.format).toBe('postfix');
    expect(report?.recipients).toHaveLength(1);
    expect(report?.recipients[0]).toMatchObject({ recipient: 'piet@example.org', action: 'failed', smtpCommand: 'RCPT', remoteMta: 'mx.example.org', status: '5.1.1' });
  });

  it('takes X-<mail_name>-Queue-ID for Postfix under any mail_name (postconf(5) mail_name)', async () => {
    const dsn = (field: string) =>
      mime(`From: x@example.org
Subject: s
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B2"

--B2
Content-Type: text/plain

text
--B2
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.org
${field}

Final-Recipient: rfc822; a@example.net
Action: failed
Status: 5.0.0
--B2--
`);
    expect(hasMailNameFields(await dsn('X-Mailhub-Queue-ID: 4B7C2A1D9F'))).toBe(true);
    expect(hasMailNameFields(await dsn('X-Postfix-Queue-ID: 4B7C2A1D9F'))).toBe(true);
    expect(postfix.score(await dsn('X-Mail-Hub-Queue-ID: 4B7C2A1D9F'))).toBe(60);
    // another generator's per-message extension field is not Postfix's
    expect(hasMailNameFields(await dsn('X-PowerMTA-VirtualMTA: vmta1'))).toBe(false);
    expect(postfix.score(await dsn('X-PowerMTA-VirtualMTA: vmta1'))).toBe(0);
  });

  it('does not claim an ordinary message that quotes a Postfix recipient line', async () => {
    const msg = await mime(QUOTING);
    expect(hasRecipientLine(msg.lowerHead)).toBe(true); // the quoted line has the shape
    expect(hintCount(msg)).toBe(0); // but nothing around it is the bounce daemon's
    expect(postfix.score(msg)).toBe(0);
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.format).not.toBe('postfix');
  });

  it('one hint is not enough: a MAILER-DAEMON message with a Postfix-shaped line and nothing else', async () => {
    const msg = await mime(QUOTING.replace('Alice <alice@example.org>', 'MAILER-DAEMON@example.org'));
    expect(markersHold(postfix.markers as Markers, msg)).toBe(true);
    expect(hintCount(msg)).toBe(1);
    expect(postfix.score(msg)).toBe(0);
  });
});

// smtpd_chat_notify() [postfix/src/smtpd/smtpd_chat.c]: "Subject: %s SMTP server: errors from %s"
// with var_mail_name, then the fixed line "Transcript of session follows." and the session.
const TRANSCRIPT = (name: string, opening: string) => `From: MAILER-DAEMON@mail.example.org (Mail Delivery System)
To: postmaster@mail.example.org (Postmaster)
Subject: ${name} SMTP server: errors from client.example.com[192.0.2.50]

${opening}

 Out: 220 mail.example.org ESMTP
 In:  MAIL FROM:<sender@client.example.com>
 Out: 250 2.1.0 Ok
 In:  RCPT TO:<rhea@example.org>
 Out: 550 5.1.1 <rhea@example.org>: Recipient address rejected: User unknown
 In:  QUIT
 Out: 221 2.0.0 Bye
`;

describe('Postfix SMTP server transcripts under any mail_name', () => {
  it('reads `<mail_name> SMTP server: errors from` over "Transcript of session follows."', async () => {
    const msg = await mime(TRANSCRIPT('Mailhub', 'Transcript of session follows.'));
    expect(postfix.score(msg)).toBe(60);
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.format).toBe('postfix');
    expect(report?.recipients).toEqual([
      expect.objectContaining({ recipient: 'rhea@example.org', action: 'failed', smtpCommand: 'RCPT', diagnosticCode: '550 5.1.1 <rhea@example.org>: Recipient address rejected: User unknown' }),
    ]);
  });
  it('wants the fixed first line when the subject does not say Postfix', async () => {
    expect(postfix.score(await mime(TRANSCRIPT('Mailhub', 'Here is what happened.')))).toBe(0);
    // a reply's prefix before it is no mail_name
    expect(postfix.score(await mime(TRANSCRIPT('Re: my', 'Transcript of session follows.')))).toBe(0);
  });
  it('takes a mail_name of several words (postconf(5) mail_name is free text)', async () => {
    const msg = await mime(TRANSCRIPT('Mail Delivery System', 'Transcript of session follows.'));
    expect(postfix.score(msg)).toBe(60);
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.recipients.map((r) => [r.recipient, r.smtpCommand])).toEqual([['rhea@example.org', 'RCPT']]);
  });
});

describe('the stage of a broken or stalled session (smtp_trouble.c smtp_stream_except, smtp_proto.c xfer_states)', () => {
  it('names the command of the stage after "while"', () => {
    expect(reasonParts('conversation with mx.example.net[192.0.2.5] timed out while sending RCPT TO')).toMatchObject({ command: 'RCPT', remoteMta: 'mx.example.net' });
    expect(reasonParts('lost connection with mx.example.net[192.0.2.5] while sending end of data -- message may be sent more than once').command).toBe('DATA');
    expect(reasonParts('lost connection with mx.example.net[192.0.2.5] while receiving the initial server greeting').command).toBe('CONN');
    expect(reasonParts('conversation with mx.example.net[192.0.2.5] timed out while performing the EHLO handshake').command).toBe('EHLO');
    expect(reasonParts('lost connection with mx.example.net[192.0.2.5] while sending MAIL FROM').command).toBe('MAIL');
  });
  it('leaves other reasons and unknown stages alone', () => {
    expect(reasonParts('connect to mx.example.net[192.0.2.5]:25: Connection timed out').command).toBeNull();
    expect(reasonParts('lost connection with mx.example.net[192.0.2.5] while doing something new').command).toBeNull();
    expect(reasonParts('the mailbox was full while we tried sending RCPT TO').command).toBeNull();
  });
});

describe('the remote host of a reason (smtp_proto.c "host NAME[IP] said")', () => {
  it('takes a host name of the characters a DNS name has, for every UTF-16 code unit before the bracket', () => {
    // the general reading: the host is the run of [A-Za-z0-9._-] characters before '['
    const hostChar = /[A-Za-z0-9._-]/;
    for (let code = 0; code <= 0xffff; code++) {
      const ch = String.fromCharCode(code);
      const expected = hostChar.test(ch) ? `${ch}x` : null;
      expect(reasonParts(`host ${ch}x[192.0.2.1] said: 550 no`).remoteMta, `U+${code.toString(16)}`).toBe(expected);
    }
  });
});
