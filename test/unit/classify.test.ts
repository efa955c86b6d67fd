// The reason classifier: each rule on its own, with inputs written from the formats.
import { describe, expect, it } from 'vitest';
import { bounceTypeFor, classifyReason, type ClassifyInput } from '../../src/5-classify/index.js';
import { COMPONENT_CODES, findComponentCode } from '../../src/0-core/exchange-codes.js';
import { statusReason } from '../../src/5-classify/status-reasons.js';
import { isDomainName, matchPhrase, phraseContains, PHRASES, prepareText, wordBefore } from '../../src/5-classify/text-reasons.js';
import { REASONS } from '../../src/0-core/schema.js';

function row(over: Partial<ClassifyInput>): ClassifyInput {
  return {
    kind: 'dsn',
    action: 'failed',
    status: null,
    diagnosticType: 'smtp',
    diagnosticCode: null,
    smtpReplyCode: null,
    smtpCommand: null,
    hint: null,
    formatReason: null,
    ...over,
  };
}

/** A row that has only its diagnostic to go by (no status, no command), through what production calls. */
const byText = (diagnosticCode: string) => classifyReason(row({ diagnosticCode }));

describe('phrase table', () => {
  it('is data: lower-case, single-spaced phrases of known reasons, each with its source, none twice', () => {
    const seen = new Set<string>();
    for (const e of PHRASES) {
      const parts = typeof e.phrase === 'string' ? [e.phrase] : [...e.phrase];
      for (const p of parts) {
        expect(p, JSON.stringify(e)).toBe(p.toLowerCase());
        expect(p, JSON.stringify(e)).not.toMatch(/\s{2}|[\t\n]/);
        expect(p.length, JSON.stringify(e)).toBeGreaterThan(2);
      }
      expect(REASONS).toContain(e.reason);
      expect(e.from.length, JSON.stringify(e)).toBeGreaterThan(3);
      const key = `${e.tier}:${JSON.stringify(e.phrase)}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('prepares text once: lower case, one space, reply-line prefixes of multi-line replies dropped', () => {
    // Postfix joins "550-5.7.1 ... multiple" and "550 5.7.1 addresses" (docs/formats.md#multi-line-replies)
    const t = prepareText('550-5.7.1 Messages with multiple\n    550 5.7.1 addresses in From: header');
    expect(t).toBe('messages with multiple addresses in from: header');
    expect(matchPhrase(t, 1)?.reason).toBe('notcompliantrfc');
  });

  it('takes the first matching entry, specific before general', () => {
    expect(byText('452 4.3.2 Connection rate limit exceeded.')).toBe('toomanyconn');
    expect(byText('421 4.7.0 sending rate limit exceeded')).toBe('speeding');
    expect(byText('451 4.7.650 rate limited due to IP reputation')).toBe('badreputation');
    expect(byText('554 Message rejected: Sender address rejected: Domain not found')).toBe('rejected');
    expect(byText('Host or domain name not found. Name service error for name=x type=MX: Host not found')).toBe('hostunknown');
    expect(byText('Name service error for name=example.org type=MX: Malformed or unexpected name server reply')).toBe('networkerror');
    // An Exim sender-verify callout that failed: cPanel's unroutable-domain text names the
    // *sender's* domain there, and Exim's closing "Sender verify failed" says whose it was
    // (Exim acl.c, verify = sender): the sender was refused, the recipient's host is fine.
    expect(byText('550-Verification failed for <a@sender.example> The mail server could not deliver mail to a@sender.example.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries. Sender verify failed')).toBe('rejected');
    // a diagnostic that names no cause: held, not guessed
    expect(byText('nothing to see')).toBe('onhold');
  });
});

describe('precedence inside a tier: the more precise wording', () => {
  it('knows when one phrase contains another, pairs included', () => {
    expect(phraseContains('address that has been blacklisted', 'blacklist')).toBe(true);
    expect(phraseContains('blacklist', 'address that has been blacklisted')).toBe(false);
    expect(phraseContains('blacklist', 'blacklist')).toBe(false);
    expect(phraseContains(['user ', ' has been disabled'], 'been disabled')).toBe(true);
    expect(phraseContains('the user x has been disabled', ['user ', ' disabled'])).toBe(true);
    expect(phraseContains('disabled user', ['user ', ' disabled'])).toBe(false);
    expect(phraseContains(['mailbox ', ' is full'], ['box', 'full'])).toBe(true);
  });

  it('lets a wording win over a shorter one it contains, wherever the two stand in the table', () => {
    // an address on a list (a refused sender) is not a blocked client
    expect(byText('"Sorry, you are sending to/from an address that has been blacklisted"')).toBe('rejected');
    expect(byText('554 Your IP has been blacklisted')).toBe('blocked');
    // a sending limit is not a full mailbox
    expect(byText('550 5.4.5 Daily user sending quota exceeded.')).toBe('speeding');
    expect(byText('552 5.2.2 Quota exceeded (mailbox for user is full)')).toBe('mailboxfull');
    // the resolver's TRY_AGAIN is not a missing domain
    expect(byText('Host or domain name not found. Name service error for name=x.example type=MX: Host not found, try again')).toBe('networkerror');
    // cPanel's routing failure lists blacklists only as a possibility
    expect(byText('The mail server could not deliver mail to a@x.example.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.')).toBe('hostunknown');
  });

  it('keeps table order between unrelated phrases: a blocklist named "Reputation" is a blocklist', () => {
    expect(byText('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.1')).toBe('blocked');
    expect(byText('451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.')).toBe('badreputation');
  });

  it('has no tier-2 phrase that contains a tier-1 phrase (it could never take its place)', () => {
    for (const a of PHRASES.filter((e) => e.tier === 2))
      for (const b of PHRASES.filter((e) => e.tier === 1)) expect(phraseContains(a.phrase, b.phrase), `${JSON.stringify(a.phrase)} contains ${JSON.stringify(b.phrase)}`).toBe(false);
  });

  it('uses a status-bound phrase only with its status', () => {
    const dbeb = prepareText('550 5.4.1 Recipient address rejected: Access denied. AS(201806281)');
    expect(matchPhrase(dbeb, 1, '5.4.1')?.reason).toBe('userunknown');
    expect(matchPhrase(dbeb, 1, '5.7.1')).toBeNull();
  });

  it('reads the word before "does not exist"', () => {
    const t = prepareText('553 neko.example.com does not exist');
    const m = matchPhrase(t, 2);
    expect(m?.entry.aboutPreceding).toBe(true);
    expect(wordBefore(t, m!.at)).toBe('neko.example.com');
    expect(wordBefore(prepareText("550 'a@b.example' does not exist"), prepareText("550 'a@b.example' does not exist").indexOf('does'))).toBe('a@b.example');
    expect(isDomainName('neko.example.com')).toBe(true);
    expect(isDomainName('a@b.example')).toBe(false);
    expect(isDomainName('192.0.2.1')).toBe(false);
    expect(isDomainName('mailbox')).toBe(false);
  });
});

describe('status codes', () => {
  it('tells decisive codes from catch-alls, class first', () => {
    expect(statusReason('5.1.1')).toEqual({ reason: 'userunknown', decisive: true });
    expect(statusReason('4.4.1')).toEqual({ reason: 'expired', decisive: true });
    expect(statusReason('5.4.4')).toEqual({ reason: 'hostunknown', decisive: false });
    expect(statusReason('4.4.4')).toEqual({ reason: 'networkerror', decisive: false });
    expect(statusReason('5.7.1')).toEqual({ reason: 'securityerror', decisive: false });
    expect(statusReason('4.7.1')).toEqual({ reason: 'blocked', decisive: false });
    expect(statusReason('5.2.1')).toEqual({ reason: 'filtered', decisive: false });
    expect(statusReason('2.0.0')?.reason).toBe('delivered');
    expect(statusReason('5.0.0')).toBeNull();
    expect(statusReason('5.1.351')).toBeNull();
  });
});

describe('Exchange component codes', () => {
  it('finds the component in a reply, longer names before their prefixes', () => {
    expect(findComponentCode(prepareText('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'))?.reason).toBe('userunknown');
    expect(findComponentCode(prepareText('550 5.7.1 RESOLVER.RST.NotAuthorizedToGroup; not authorized'))?.key).toBe('resolver.rst.notauthorizedtogroup');
    for (let i = 0; i < COMPONENT_CODES.length; i++)
      for (let j = i + 1; j < COMPONENT_CODES.length; j++) expect(COMPONENT_CODES[j].key.includes(COMPONENT_CODES[i].key), COMPONENT_CODES[j].key).toBe(false);
  });
});

describe('classifyReason', () => {
  it('reads a wordless refusal at the greeting as a block, but not a bare 421 (RFC 5321 §3.8: the server closing the channel)', () => {
    expect(classifyReason(row({ action: 'failed', status: '5.0.0', smtpReplyCode: '554', smtpCommand: 'CONN', diagnosticCode: '554' }))).toBe('blocked');
    expect(classifyReason(row({ action: 'delayed', status: '4.0.0', smtpReplyCode: '421', smtpCommand: 'CONN', diagnosticCode: '421' }))).toBe('expired');
  });

  it('gives feedback, vacation and delivered rows their reason whatever the text', () => {
    expect(classifyReason(row({ kind: 'feedback', diagnosticCode: 'user unknown' }))).toBe('feedback');
    expect(classifyReason(row({ kind: 'autoreply' }))).toBe('vacation');
    expect(classifyReason(row({ action: 'relayed', status: '2.0.0' }))).toBe('delivered');
  });

  it('keeps a definite reason of the format, re-examines a fallback one only with tier-1 phrases', () => {
    expect(classifyReason(row({ formatReason: 'exceedlimit', diagnosticCode: 'message too large', status: '5.3.4' }))).toBe('exceedlimit');
    // qmail-ldap's own text, then the queue lifetime sentence (tier 2 expired): stays systemerror
    expect(classifyReason(row({ formatReason: 'systemerror', diagnosticCode: "Unable to contact LDAP server. (#4.4.3) I'm not going to try again; this message has been in the queue too long." }))).toBe('systemerror');
    expect(classifyReason(row({ formatReason: 'networkerror', diagnosticCode: '550 5.7.26 Unauthenticated email is not accepted due to DMARC policy' }))).toBe('authfailure');
  });

  it('reads an Exchange component before the enhanced code (5.1.10 is not null MX there)', () => {
    expect(classifyReason(row({ status: '5.1.10', diagnosticCode: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' }))).toBe('userunknown');
    expect(classifyReason(row({ status: '5.1.10', diagnosticCode: '556 5.1.10 Recipient address has null MX' }))).toBe('notaccept');
    expect(classifyReason(row({ status: '5.2.3', diagnosticCode: '550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient' }))).toBe('exceedlimit');
  });

  it('lets a tier-1 phrase outrank the status, a decisive status outrank tier-2 phrases', () => {
    expect(classifyReason(row({ status: '5.1.0', diagnosticCode: "550 5.1.0 192.0.2.1 is not allowed to send from <example.net> per it's SPF Record" }))).toBe('authfailure');
    expect(classifyReason(row({ status: '5.1.8', smtpCommand: 'MAIL', diagnosticCode: '553 5.1.8 <a@b.example>... Domain of sender address a@b.example does not exist' }))).toBe('rejected');
    expect(classifyReason(row({ status: '5.2.1', smtpCommand: 'RCPT', diagnosticCode: '550 5.2.1 <a@b.example>... User Unknown' }))).toBe('userunknown');
    expect(classifyReason(row({ status: '5.2.3', diagnosticCode: '552 5.2.3 Message size exceeds fixed maximum message size' }))).toBe('exceedlimit');
    expect(classifyReason(row({ status: '5.0.0', diagnosticCode: '552 Message size exceeds fixed maximum message size' }))).toBe('mesgtoobig');
  });

  it('reads a user-unknown wording by the SMTP stage it answered', () => {
    const unknown = '550 Unknown user kijitora@example.net';
    expect(classifyReason(row({ status: '5.0.0', smtpCommand: 'RCPT', diagnosticCode: unknown }))).toBe('userunknown');
    expect(classifyReason(row({ status: '5.0.0', smtpCommand: null, diagnosticCode: unknown }))).toBe('userunknown');
    expect(classifyReason(row({ status: '5.0.0', smtpCommand: 'DATA', diagnosticCode: unknown }))).toBe('filtered');
    expect(classifyReason(row({ status: '5.0.0', smtpCommand: 'MAIL', diagnosticCode: unknown }))).toBe('rejected');
  });

  it('falls back on the stage: refused at MAIL FROM is the sender, at the greeting the client', () => {
    expect(classifyReason(row({ status: '5.7.1', smtpCommand: 'MAIL', diagnosticCode: '550 5.7.1 <root@x.example>... Access denied' }))).toBe('rejected');
    expect(classifyReason(row({ status: '5.0.0', smtpCommand: 'CONN', diagnosticCode: '554 go away' }))).toBe('blocked');
    expect(classifyReason(row({ status: '5.7.1', smtpCommand: 'RCPT', diagnosticCode: '550 5.7.1 go away' }))).toBe('securityerror');
  });

  it('treats a local delivery program\'s output as that program\'s failure unless it names the cause', () => {
    expect(classifyReason(row({ status: '5.1.1', diagnosticType: 'x-unix', diagnosticCode: 'procmail: Couldn\'t create "/var/mail/x" id: x: No such user' }))).toBe('mailererror');
    expect(classifyReason(row({ status: '4.3.0', diagnosticType: 'x-unix', diagnosticCode: '/home/x/Maildir/tmp/1.2: Disk quota exceeded' }))).toBe('mailboxfull');
    expect(classifyReason(row({ status: '5.1.1', diagnosticType: 'x-unix', diagnosticCode: 'unknown user: "x"' }))).toBe('userunknown');
  });

  it('reads a temporary "domain not found" as a DNS failure', () => {
    expect(classifyReason(row({ status: '4.0.0', action: 'delayed', diagnosticCode: "DNS type 'mx' lookup of x.example responded with code NXDOMAIN Domain name not found" }))).toBe('networkerror');
    expect(classifyReason(row({ status: '5.0.0', diagnosticCode: 'Domain name not found' }))).toBe('hostunknown');
  });

  it("decides Postfix's 'Recipient address rejected:' by what follows it, not by the prefix", () => {
    const rcpt = (diagnosticCode: string, status: string, extra: Partial<ClassifyInput> = {}) =>
      classifyReason(row({ status, smtpCommand: 'RCPT', diagnosticCode, ...extra }));
    // [PF src/smtpd/smtpd_check.c] the recipient tables
    expect(rcpt('550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in virtual mailbox table', '5.1.1')).toBe('userunknown');
    expect(rcpt('450 4.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table', '4.1.1')).toBe('userunknown');
    // reject_unknown_recipient_domain
    expect(rcpt('450 4.1.2 <a@b.example>: Recipient address rejected: Domain not found', '4.1.2')).toBe('hostunknown');
    // an access(5) map's REJECT: a policy refusal, not a missing user
    expect(rcpt('554 5.7.1 <a@b.example>: Recipient address rejected: Access denied', '5.7.1')).toBe('securityerror');
    // ... but Exchange Online's directory-based edge blocking (5.4.1) is for a missing address
    expect(rcpt('550 5.4.1 Recipient address rejected: Access denied. AS(201806281)', '5.4.1')).toBe('userunknown');
    // policy services: greylisting, SPF, quotas; and a text that says nothing
    expect(rcpt('450 4.2.0 <a@b.example>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/b.example.html', '4.2.0', { action: 'delayed' })).toBe('blocked');
    expect(rcpt('550 5.7.23 <a@b.example>: Recipient address rejected: Message rejected due to: SPF fail - not authorized.', '5.7.23')).toBe('authfailure');
    expect(rcpt('552 5.2.2 <a@b.example>: Recipient address rejected: Mailbox is full', '5.2.2')).toBe('mailboxfull');
    expect(rcpt('550 5.0.0 <a@b.example>: Recipient address rejected: On hold', '5.0.0')).toBe('onhold');
  });

  it('reads "<x> does not exist" by what x is, and a domain by whose it is', () => {
    const r = (diagnosticCode: string, smtpCommand: string | null, recipient = 'a@example.net') => classifyReason(row({ status: '5.0.0', smtpCommand, diagnosticCode, recipient }));
    expect(r('550 <a@example.net> does not exist', 'RCPT')).toBe('userunknown');
    expect(r('550 Recipient does not exist', null)).toBe('userunknown');
    expect(r('550 example.net does not exist', null)).toBe('hostunknown');
    // after end of data the recipient's domain was accepted: another domain is the sender's
    expect(r('553 neko.example.com does not exist', 'DATA')).toBe('rejected');
    expect(r('553 example.net does not exist', 'DATA')).toBe('hostunknown');
    expect(r('553 neko.example.com does not exist', 'MAIL')).toBe('rejected');
    // a subdomain of the recipient's domain is the recipient's side
    expect(r('550 DNS domain mx.example.net does not exist', null)).toBe('hostunknown');
    // a dotted mailbox name after a word that names a mailbox is a mailbox
    expect(r('550 5.7.1 Mailbox "john.smith" does not exist', 'RCPT')).toBe('userunknown');
    expect(r('550 User john.smith does not exist', 'DATA')).toBe('filtered');
  });

  it("reads a local mailer's transcript lines before calling it a mailer error", () => {
    expect(classifyReason(row({ status: '5.3.0', diagnosticType: 'X-Unix', diagnosticCode: '77', hint: 'maildrop: maildir over quota.\n550 5.0.0 <a@b.example>... Insufficient permission' }))).toBe('mailboxfull');
    expect(classifyReason(row({ status: '5.3.0', diagnosticType: 'X-Unix', diagnosticCode: '77', hint: '550 5.0.0 <a@b.example>... Insufficient permission' }))).toBe('mailererror');
  });

  it('reads refusals aimed at the client, the sender or the transport by their wording, not by the catch-all code', () => {
    const r = (diagnosticCode: string, status: string, smtpCommand: string | null = 'RCPT') => classifyReason(row({ status, smtpCommand, diagnosticCode, recipient: 'x@example.com' }));
    // Postfix's HELO checks: 'Host not found' is the client's HELO name, not the destination
    expect(r('550 5.7.1 <unknown[192.0.2.1]>: Helo command rejected: Host not found', '5.7.1')).toBe('blocked');
    expect(r('550 5.7.1 SPF: 192.0.2.1 is not allowed to send mail from example.com', '5.7.1', 'MAIL')).toBe('authfailure');
    expect(r('530 5.7.0 Must issue a STARTTLS command first', '5.7.0', 'MAIL')).toBe('failedstarttls');
    expect(r('550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', '5.7.708')).toBe('blocked');
    expect(r('550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required', '5.7.133', null)).toBe('rejected');
    expect(r('550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a valid From address', '5.7.512', 'DATA')).toBe('notcompliantrfc');
    expect(r('550 5.4.310 DNS domain example.com does not exist [Message=InfoDomainNonexistent]', '5.4.310', null)).toBe('hostunknown');
    expect(r('450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.', '4.2.1')).toBe('speeding');
    expect(r('554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1', '5.0.0', 'CONN')).toBe('blocked');
    expect(r('550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent.', '5.7.1', 'DATA')).toBe('policyviolation');
  });

  it('uses the human paragraph when the diagnostic says nothing', () => {
    expect(classifyReason(row({ status: '5.0.0', diagnosticCode: '550 Requested action not taken', hint: '<a@b.example>: host mx[192.0.2.1] said: 550 mailbox is full' }))).toBe('mailboxfull');
  });

  it('ends with the class defaults, onhold with text, undefined without', () => {
    expect(classifyReason(row({ status: '5.0.0', smtpReplyCode: '504', diagnosticCode: '504 what?' }))).toBe('syntaxerror');
    expect(classifyReason(row({ status: '4.0.0', action: 'delayed', diagnosticCode: 'something odd' }))).toBe('expired');
    expect(classifyReason(row({ status: '5.6.77', diagnosticCode: 'odd' }))).toBe('contenterror');
    expect(classifyReason(row({ status: '5.0.0', diagnosticCode: 'odd' }))).toBe('onhold');
    expect(classifyReason(row({ status: '5.0.0', diagnosticType: null }))).toBe('undefined');
  });
});

describe('bounceTypeFor', () => {
  it('is hard only when the address itself is dead', () => {
    expect(bounceTypeFor('userunknown', 'failed', '4.1.1', 'dsn')).toBe('hard');
    expect(bounceTypeFor('hostunknown', 'failed', '5.1.2', 'dsn')).toBe('hard');
    expect(bounceTypeFor('notaccept', 'failed', '5.4.4', 'dsn')).toBe('hard');
    expect(bounceTypeFor('notaccept', 'failed', '4.3.2', 'dsn')).toBe('soft');
    expect(bounceTypeFor('mailboxfull', 'failed', '5.2.2', 'dsn')).toBe('soft');
    expect(bounceTypeFor('delivered', 'delivered', '2.0.0', 'dsn')).toBe('none');
    expect(bounceTypeFor('feedback', null, null, 'feedback')).toBe('none');
  });

  it('is never hard on a delay notice: the MTA is still trying', () => {
    expect(bounceTypeFor('userunknown', 'delayed', '4.1.1', 'dsn')).toBe('soft');
    expect(bounceTypeFor('hostunknown', 'delayed', '4.4.4', 'dsn')).toBe('soft');
  });
});
