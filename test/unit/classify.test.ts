// The reason classifier: each rule on its own, with inputs written from the formats.
import { describe, expect, it } from 'vitest';
import { bounceTypeFor, classifyReason, type ClassifyInput } from '../../src/classify/index.js';
import { COMPONENT_CODES, findComponentCode } from '../../src/classify/component-codes.js';
import { statusReason } from '../../src/classify/status-reasons.js';
import { matchPhrase, PHRASES, prepareText, reasonFromText } from '../../src/classify/text-reasons.js';
import { REASONS } from '../../src/table/schema.js';

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
    // Postfix joins "550-5.7.1 ... multiple" and "550 5.7.1 addresses" (native-formats.md 7.7)
    const t = prepareText('550-5.7.1 Messages with multiple\n    550 5.7.1 addresses in From: header');
    expect(t).toBe('messages with multiple addresses in from: header');
    expect(matchPhrase(t, 1)?.reason).toBe('notcompliantrfc');
  });

  it('takes the first matching entry, specific before general', () => {
    expect(reasonFromText('452 4.3.2 Connection rate limit exceeded.')).toBe('toomanyconn');
    expect(reasonFromText('421 4.7.0 sending rate limit exceeded')).toBe('speeding');
    expect(reasonFromText('451 4.7.650 rate limited due to IP reputation')).toBe('badreputation');
    expect(reasonFromText('554 Message rejected: Sender address rejected: Domain not found')).toBe('rejected');
    expect(reasonFromText('Host or domain name not found. Name service error for name=x type=MX: Host not found')).toBe('hostunknown');
    expect(reasonFromText('Name service error for name=example.org type=MX: Malformed or unexpected name server reply')).toBe('networkerror');
    expect(reasonFromText('nothing to see')).toBeNull();
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
});
