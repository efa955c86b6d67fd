// Reasons read from the texts that generators and RFCs publish: each case is the wording as
// the cited source writes it (a status, a host or an address filled in by hand), and the
// reason that source gives it; then the over-broad readings that must not fire.
import { describe, expect, it } from 'vitest';
import { decideReason, type ClassifyInput } from '../../src/5-classify/index.js';
import { GENERATOR_PHRASES } from '../../src/5-classify/generator-texts.js';
import { matchPhrase, PHRASES, prepareText } from '../../src/5-classify/text-reasons.js';

function row(over: Partial<ClassifyInput>): ClassifyInput {
  return { kind: 'dsn', action: 'failed', status: null, diagnosticType: 'smtp', diagnosticCode: null, smtpReplyCode: null, smtpCommand: null, hint: null, formatReason: null, ...over };
}
const reasonOf = (over: Partial<ClassifyInput>) => decideReason(row(over)).reason;
/** The phrase tables alone: tier 1, then tier 2. */
function reasonFromText(raw: string) {
  const text = prepareText(raw);
  return (matchPhrase(text, 1) ?? matchPhrase(text, 2))?.reason ?? null;
}

describe('generator tables', () => {
  it('are part of the phrase table, each entry with its source', () => {
    for (const e of GENERATOR_PHRASES) {
      expect(PHRASES).toContain(e);
      expect(e.from).toMatch(/\.(c|cpp|m4|xfpt|h)\b|sysexits|RFC \d+|amavisd|learn\.microsoft\.com/);
    }
  });
});

describe('OpenSMTPD relay failures (usr.sbin/smtpd/mta.c, queue.c)', () => {
  // mta_flush hands relay->failstr to every envelope; the DSN's diagnostic carries it
  it.each([
    ['Temporary failure in MX lookup', '4.4.3', 'networkerror'],
    ['Domain does not exist', '5.1.2', 'hostunknown'],
    ['Invalid domain name', '5.0.0', 'hostunknown'],
    ['No MX found for domain', '4.0.0', 'notaccept'],
    ['Destination seem to reject all mails', '4.0.0', 'notaccept'],
    ['Network error on destination MXs', '4.0.0', 'networkerror'],
    ['Address family mismatch on destination MXs', '4.0.0', 'networkerror'],
    ['Could not retrieve source address', '4.0.0', 'networkerror'],
    ['Could not retrieve credentials', '4.0.0', 'securityerror'],
    ['Envelope expired', '5.0.0', 'expired'],
  ])('"%s" (status %s) is %s', (text, status, reason) => {
    expect(reasonOf({ diagnosticCode: text, status })).toBe(reason);
  });
});

describe('sendmail check_mail (cf/m4/proto.m4)', () => {
  it('refusals of the sender address are the sender\'s, whatever the stage field says', () => {
    expect(reasonOf({ diagnosticCode: '553 5.5.4 <nobody>... Real domain name required for sender address', status: '5.5.4' })).toBe('rejected');
    expect(reasonOf({ diagnosticCode: '553 5.5.4 <nobody>... Domain name required for sender address nobody', status: '5.5.4' })).toBe('rejected');
    expect(reasonOf({ diagnosticCode: '550 5.1.2 Illegal MX record for host example.net', status: '5.1.2', smtpCommand: 'MAIL' })).toBe('rejected');
  });
  it('the access map\'s temporary failure is the receiver\'s', () => {
    expect(reasonOf({ diagnosticCode: '451 4.3.0 Temporary system failure. Please try again later.', status: '4.3.0', action: 'delayed' })).toBe('systemerror');
  });
});

describe('content filters', () => {
  it('spamass-milter\'s default refusal is a spam verdict, over the catch-all 5.7.1', () => {
    expect(reasonOf({ diagnosticCode: '550 5.7.1 Blocked by SpamAssassin', status: '5.7.1', smtpCommand: 'DATA' })).toBe('spamdetected');
  });
  it('a failed virus scanner is not a virus (amavisd-new)', () => {
    expect(reasonOf({ diagnosticCode: '451 4.5.0 Error in processing, id=12345-01, virus_scan FAILED', status: '4.5.0', action: 'delayed' })).toBe('systemerror');
    // the message itself carrying a virus still is
    expect(reasonFromText('554 5.7.0 Reject, id=12345-01 - VIRUS: Eicar-Test-Signature')).toBe('virusdetected');
  });
});

describe('authentication codes (RFC 7372 §3, RFC 7505 §4.2)', () => {
  it.each([
    ['550 5.7.20 No passing DKIM signature found', 'authfailure'],
    ['550 5.7.21 No acceptable DKIM signature found', 'authfailure'],
    ['550 5.7.22 No valid author-matched DKIM signature found', 'authfailure'],
    ['550 5.7.23 SPF validation failed', 'authfailure'],
    ['451 4.7.24 SPF validation error', 'authfailure'],
    ['550 5.7.25 Reverse DNS validation failed', 'requireptr'],
    ['550 5.7.26 Multiple authentication checks failed', 'authfailure'],
    ['550 5.7.27 Sender address has null MX', 'rejected'],
  ])('"%s" is %s, even read with a catch-all 5.7.1', (text, reason) => {
    expect(reasonOf({ diagnosticCode: text, status: '5.7.1' })).toBe(reason);
  });
  it('Gmail\'s and Exchange Online\'s authentication refusals', () => {
    // support.google.com/a/answer/3726730
    expect(reasonOf({ diagnosticCode: '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.', status: '5.7.26' })).toBe('authfailure');
    expect(reasonFromText('Authentication results: DKIM = did not pass SPF [example.org] with ip: [192.0.2.1] = did not pass')).toBe('authfailure');
    expect(reasonFromText('450 4.7.26 must pass either SPF or DKIM validation')).toBe('authfailure');
  });
});

describe('over-broad tokens no longer decide', () => {
  it('"dkim" in a header or signing notice is not an authentication failure', () => {
    // a size refusal that quotes the DKIM-Signature header it was reading
    expect(reasonOf({ diagnosticCode: '552 5.3.4 Message size exceeds fixed limit (while reading DKIM-Signature header)', status: '5.3.4' })).toBe('mesgtoobig');
    expect(reasonFromText('550 5.1.1 User unknown; messages signed with DKIM are welcome')).toBe('userunknown');
  });
  it('"reverse dns" in a remedy is not a missing PTR record', () => {
    expect(reasonOf({ diagnosticCode: '550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown (check the address; reverse DNS of 192.0.2.1 is fine)', status: '5.1.1' })).toBe('userunknown');
  });
  it('"reputation" in a help link is not a reputation verdict', () => {
    expect(reasonOf({ diagnosticCode: '550 5.2.2 mailbox full, see https://help.example/reputation-and-quotas', status: '5.2.2' })).toBe('mailboxfull');
  });
  it('"policy violation: <what>" is decided by what', () => {
    expect(reasonFromText('554 5.7.1 Policy violation: message contains a virus')).toBe('virusdetected');
    expect(reasonFromText('554 5.7.1 Local Policy Violation')).toBe('policyviolation');
  });
});

describe('more generators (Postfix, Exim, filters, Exchange Online)', () => {
  it.each([
    ['5.4.6 mail forwarding loop for bob@example.net', '5.4.6', 'networkerror'],
    ['lowest numbered MX record points to local host', '5.0.0', 'networkerror'],
    ['remote host address is the local host', '5.0.0', 'networkerror'],
    ['550 This message scored 14.2 spam points.', '5.0.0', 'spamdetected'],
    ['550 5.7.1 Message content rejected', '5.7.1', 'spamdetected'],
    ['550 5.7.25 Access denied, the sending IPv6 address [2001:db8::1] must have a reverse DNS record.', '5.7.25', 'requireptr'],
    ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.', '5.7.750', 'blocked'],
    ['550 5.7.129 RESOLVER.RST.RestrictedToRecipientsPermission; not authorized to send to recipient', '5.7.129', 'rejected'],
  ])('"%s" (status %s) is %s', (text, status, reason) => {
    expect(reasonOf({ diagnosticCode: text, status })).toBe(reason);
  });
});

describe('a phrase that names the cause outranks stage, status and reply-code defaults', () => {
  it('over the stage: a blocklist refusal at MAIL FROM is the client\'s, not the sender address\'s', () => {
    expect(reasonOf({ diagnosticCode: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.example', smtpCommand: 'MAIL', status: '5.7.1' })).toBe('blocked');
  });
  it('over a catch-all status class: a virus refusal with 5.6.0 is a virus, not a media error', () => {
    expect(reasonOf({ diagnosticCode: '554 5.6.0 Message contains a virus', status: '5.6.0' })).toBe('virusdetected');
  });
  it('over the reply code: 501 naming the sender is the sender refused, not a syntax error', () => {
    expect(reasonOf({ diagnosticCode: '501 5.1.7 Sender address rejected: Domain not found', smtpReplyCode: '501', status: '5.1.7' })).toBe('rejected');
  });
  it('and the default decides only when no text names a cause (RFC 3463 X.7.1, RFC 5321 §4.2.2)', () => {
    expect(reasonOf({ diagnosticCode: '550 5.7.1 go away', status: '5.7.1' })).toBe('securityerror');
    expect(reasonOf({ diagnosticCode: '501 no', smtpReplyCode: '501' })).toBe('syntaxerror');
  });
});

describe('the texts RFCs give their codes, read where the code is missing or a catch-all', () => {
  it.each([
    ['550 Bad destination system address', 'hostunknown'],
    ["553 Bad sender's system address", 'rejected'],
    ['552 Message length exceeds administrative limit', 'exceedlimit'],
    ['552 Message too big for system', 'mesgtoobig'],
    ['452 Mail system full', 'systemfull'],
    ['554 System not accepting network messages', 'notaccept'],
    ['451 Mail system congestion', 'systemfull'],
    ['554 Media not supported', 'contenterror'],
    ['553 Requested action not taken: mailbox name not allowed', 'userunknown'],
    ['555 MAIL FROM/RCPT TO parameters not recognized or not implemented', 'syntaxerror'],
    ['535 Authentication credentials invalid', 'securityerror'],
    ['454 TLS not available due to temporary reason', 'failedstarttls'],
    ['556 Recipient address has null MX', 'notaccept'],
    ['550 Mailbox owner has changed', 'hasmoved'],
    ['550 ARC validation failure', 'authfailure'],
  ])('"%s" is %s (no status: the text alone decides)', (text, reason) => {
    expect(reasonOf({ diagnosticCode: text, status: '5.0.0' })).toBe(reason);
  });
  it('a decisive status code still outranks them', () => {
    // 5.1.1 names the mailbox; the X.3.4 text beside it does not make it a size refusal
    expect(reasonOf({ diagnosticCode: '550 5.1.1 Message too big for system', status: '5.1.1' })).toBe('userunknown');
  });
});

describe('verdict words as words of their own', () => {
  it('"spam" naming the message is a spam refusal, as a last resort (rspamd, Exim spec, Haraka\'s "spam score exceeded threshold")', () => {
    expect(reasonOf({ diagnosticCode: '451 SPAM not accepted', action: 'delayed', status: '4.0.0' })).toBe('spamdetected');
    expect(reasonOf({ diagnosticCode: '554 5.7.1 Spam message rejected; If this is not spam contact abuse team', status: '5.7.1' })).toBe('spamdetected');
    expect(reasonOf({ diagnosticCode: '550 5.7.1 spam score exceeded threshold', status: '5.7.1' })).toBe('spamdetected');
    expect(reasonOf({ diagnosticCode: '554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.', status: '5.7.1' })).toBe('spamdetected');
  });
  it('"spam" inside a header, product, list or rule name does not count', () => {
    expect(reasonOf({ diagnosticCode: '554 5.7.1 rejected: header X-Spam-Flag not allowed', status: '5.7.1' })).toBe('securityerror');
    expect(reasonOf({ diagnosticCode: '451 4.3.0 antispam_engine timeout', status: '4.3.0', action: 'delayed' })).not.toBe('spamdetected');
    // a blocklist named after spam is a blocklist
    expect(reasonFromText('554 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org')).toBe('blocked');
  });
  it('"virus" in a scanner\'s name is not a virus finding (a footer a relay appended)', () => {
    expect(reasonOf({ diagnosticCode: 'mailbox is full: retry timeout exceeded -- scanned by the example anti-virus system, antivirus signature 1234', status: '5.0.0' })).toBe('mailboxfull');
    expect(reasonFromText('554 5.7.1 Message rejected: virus found')).toBe('virusdetected');
  });
});

describe('Postfix smtpd and postscreen refusals', () => {
  it.each([
    ['503 5.5.0 <unknown[192.0.2.1]>: Client host rejected: Improper use of SMTP command pipelining', '5.5.0', 'blocked'],
    ['421 4.3.2 All server ports are busy', '4.3.2', 'toomanyconn'],
    ['535 5.7.0 Error: authentication failed: authentication failure', '5.7.0', 'securityerror'],
  ])('"%s" is %s', (text, status, reason) => {
    expect(reasonOf({ diagnosticCode: text, status })).toBe(reason);
  });
});

describe('Exim transports and routers', () => {
  it.each([
    ['a TLS session is required, but the server did not offer TLS support', '4.0.0', 'failedstarttls'],
    ['host lookup did not complete', '4.4.3', 'networkerror'],
    ['message has lines too long for transport (received 2200, limit 998)', '5.0.0', 'contenterror'],
  ])('"%s" is %s', (text, status, reason) => {
    expect(reasonOf({ diagnosticCode: text, status, action: status.startsWith('4') ? 'delayed' : 'failed' })).toBe(reason);
  });
  it('the retry limit over the lookup that kept failing', () => {
    expect(reasonOf({ diagnosticCode: 'host lookup did not complete: retry timeout exceeded', status: '5.4.4' })).toBe('expired');
  });
});

describe('a refusal at the greeting or at our HELO (stage sentences)', () => {
  it('a wording about recipients or messages cannot be the cause before MAIL FROM: the client was refused', () => {
    // qmail-remote: "Connected to <ip> but my name was rejected." then the remote's reply
    const d = decideReason(row({ diagnosticCode: '501 5.5.4 Syntax error in parameters', smtpCommand: 'HELO', status: '5.5.4' }));
    expect(d.reason).toBe('blocked');
    expect(d.evidence.adjusted).toContain('HELO');
  });
  it('a wording that fits the stage is kept', () => {
    expect(reasonOf({ diagnosticCode: '421 4.7.0 too many connections from your host', smtpCommand: 'CONN', status: '4.7.0', action: 'delayed' })).toBe('toomanyconn');
  });
});

describe('Exchange Server anti-spam agents (their default reject responses)', () => {
  it('an attachment refusal is the receiver\'s policy; a Sender ID failure is an authentication failure', () => {
    expect(reasonOf({ diagnosticCode: '550 5.7.1 Message rejected due to unacceptable attachments', status: '5.7.1', smtpCommand: 'DATA' })).toBe('policyviolation');
    expect(reasonOf({ diagnosticCode: '550 5.7.1 Sender ID (PRA) Not Permitted', status: '5.7.1', smtpCommand: 'DATA' })).toBe('authfailure');
  });
});

describe('qmail chkuser patch (chkuser_settings.h)', () => {
  it.each([
    ["511 sorry, can't find a valid MX for sender domain (#5.1.1 - chkuser)", '5.1.1', 'rejected'],
    ["511 sorry, can't find a valid MX for rcpt domain (#5.1.1 - chkuser)", '5.1.1', 'hostunknown'],
    ['571 sorry, sender address has invalid format (#5.7.1 - chkuser)', '5.7.1', 'rejected'],
    ['571 sorry, reached maximum number of recipients for one session (#5.7.1 - chkuser)', '5.7.1', 'toomanyconn'],
    ['571 sorry, you are violating our security policies (#5.1.1 - chkuser)', '5.1.1', 'blocked'],
    ['511 sorry, recipient address has invalid format (#5.1.1 - chkuser)', '5.1.1', 'userunknown'],
    ['451 DNS temporary failure (#4.5.1 - chkuser)', '4.5.1', 'networkerror'],
    ['522 sorry, recipient mailbox is full (#5.2.2 - chkuser)', '5.2.2', 'mailboxfull'],
  ])('"%s" is %s', (text, status, reason) => {
    expect(reasonOf({ diagnosticCode: text, status, action: status.startsWith('4') ? 'delayed' : 'failed' })).toBe(reason);
  });
});

describe('sendmail delivery texts (sendmail/*.c)', () => {
  it.each([
    ['Cannot send message for 5 days', '4.4.7', 'expired'],
    ['553 5.3.5 mx.example.org. config error: mail loops back to me (MX problem?)', '5.3.5', 'networkerror'],
    ['553 5.3.5 system config error', '5.3.5', 'systemerror'],
  ])('"%s" is %s', (text, status, reason) => {
    expect(reasonOf({ diagnosticCode: text, status })).toBe(reason);
  });
});

describe('ordered two-part wordings with a name in the middle (Postfix local/mailbox.c)', () => {
  it('the mailbox limit, the disk quota, or another write error', () => {
    expect(reasonOf({ diagnosticCode: 'cannot update mailbox /var/mail/bob for user bob. error writing message: File too large', status: '5.2.2' })).toBe('mailboxfull');
    expect(reasonOf({ diagnosticCode: 'cannot update mailbox /var/mail/bob for user bob. error writing message: Disk quota exceeded', status: '4.2.2', action: 'delayed' })).toBe('mailboxfull');
    expect(reasonOf({ diagnosticCode: 'cannot update mailbox /var/mail/bob for user bob. destination /var/mail/bob is not owned by recipient', status: '5.2.0' })).toBe('systemerror');
  });
  it('the two parts must come in order', () => {
    expect(reasonFromText('file too large; cannot update mailbox x')).not.toBe('mailboxfull');
  });
});

describe('"unsolicited" as a word', () => {
  it('is a spam verdict when nothing else is named', () => {
    expect(reasonOf({ diagnosticCode: '554 Message refused: unsolicited commercial email', status: '5.0.0' })).toBe('spamdetected');
  });
  it('a rate limit on unsolicited mail is a rate limit', () => {
    expect(reasonFromText('421-4.7.0 unusual rate of unsolicited mail originating from your IP address, temporarily rate limited')).toBe('speeding');
  });
});

describe('local delivery programs\' exit codes (<sysexits.h>)', () => {
  it('their texts name the cause, over a catch-all 5.3.0', () => {
    expect(reasonOf({ diagnosticCode: '553 5.3.0 <bob@example.net>... Addressee unknown', status: '5.3.0' })).toBe('userunknown');
    expect(reasonOf({ diagnosticCode: 'exit 68: host name unknown', status: '5.3.0' })).toBe('hostunknown');
    expect(reasonOf({ diagnosticCode: 'internal software error', status: '5.3.0' })).toBe('systemerror');
  });
});

describe('"dmarc" as a mechanism named in a remedy is not a verdict', () => {
  it('a spam refusal that lists DMARC among the fixes stays a spam refusal', () => {
    expect(reasonOf({ diagnosticCode: '550-5.7.1 this message is likely unsolicited mail. Senders should authenticate with SPF, DKIM and DMARC.', status: '5.7.1' })).toBe('spamdetected');
  });
  it('a DMARC refusal is an authentication failure', () => {
    expect(reasonFromText('550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject.')).toBe('authfailure');
    expect(reasonFromText('550 DMARC check failed.')).toBe('authfailure');
  });
});

describe('verdicts kept, only as a last resort or in their precise wording', () => {
  it('"policy violation" with nothing more precise outranks a catch-all code', () => {
    expect(reasonOf({ diagnosticCode: '554 5.2.3 Mail policy violation, error delivering to mailboxes', status: '5.2.3' })).toBe('policyviolation');
    // the finding it names comes first
    expect(reasonOf({ diagnosticCode: '554 5.7.1 Policy violation: message contains a virus', status: '5.7.1' })).toBe('virusdetected');
  });
  it('"bad reputation" names a reputation verdict', () => {
    expect(reasonOf({ diagnosticCode: '554 IP=192.0.2.1 - None/bad reputation.', status: '5.0.0' })).toBe('badreputation');
  });
});
