// Provider rules (src/5-classify/rhost.ts): each provider's own codes and wordings, recognised
// by the remote host, the recipient's domain or the wording itself. Expectations from the
// providers' published error-code pages named in rhost.ts.
import { describe, expect, it } from 'vitest';
import { carriesSignature, PROVIDER_TABLES, reasonFromRemoteHost, type ProviderInput } from '../../src/5-classify/rhost.js';
import { lowerSpaced, preparedFrom } from '../../src/0-core/text.js';
import { piecesCutAndJoined, seededRandom } from '../helpers/inputs.js';
import { HAS_CORPUS } from '../helpers/paths.js';
import { reportsOfEveryMessage } from '../helpers/reports.js';

function input(raw: string, over: Partial<ProviderInput> = {}): ProviderInput {
  return { recipient: null, remoteMta: null, raw, text: raw.toLowerCase(), status: null, smtpCommand: null, ...over };
}

describe('provider rules', () => {
  it('reads Cox AUP# codes, by remote host or recipient domain', () => {
    expect(reasonFromRemoteHost(input('550 5.1.0 <a@b> sender rejected. AUP#CXBL', { remoteMta: 'mx.east.cox.net' }))).toBe('blocked');
    expect(reasonFromRemoteHost(input('554 AUP#CXDNS reverse DNS failed', { recipient: 'x@cox.net' }))).toBe('requireptr');
    expect(reasonFromRemoteHost(input('550 AUP#IPBL0010 listed', { recipient: 'x@cox.net' }))).toBe('blocked');
    // the same code from elsewhere means nothing
    expect(reasonFromRemoteHost(input('550 AUP#CXBL', { recipient: 'x@example.org' }))).toBeNull();
  });

  it('reads Spectrum four-digit codes by range', () => {
    expect(reasonFromRemoteHost(input('550 5.1.0 sender rejected. AUP#In-1310', { recipient: 'a@charter.net' }))).toBe('toomanyconn');
    expect(reasonFromRemoteHost(input('554 AUP#O-1530', { recipient: 'a@charter.net' }))).toBe('mesgtoobig');
  });

  it('reads Orange / La Poste labels', () => {
    expect(reasonFromRemoteHost(input('550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]', { recipient: 'a@orange.fr' }))).toBe('userunknown');
    expect(reasonFromRemoteHost(input('550 5.5.0 The recipient account is blocked. LPN007_426', { recipient: 'a@laposte.net' }))).toBe('suspend');
    expect(reasonFromRemoteHost(input('421 mwinf ME Service refused, please try later. OFR_999 [999]', { recipient: 'a@wanadoo.fr' }))).toBe('blocked');
  });

  it('reads GoDaddy IB codes and Facebook category codes', () => {
    expect(reasonFromRemoteHost(input('550 IP has sent to too many recipients this hour. IB607', { remoteMta: 'smtp.secureserver.net' }))).toBe('speeding');
    expect(reasonFromRemoteHost(input('550 5.1.1 RCP-P2 Refused due to recipient preferences', { recipient: 'a@facebook.com' }))).toBe('filtered');
  });

  it("reads Google's texts, and its DNS errors by their class", () => {
    expect(reasonFromRemoteHost(input('550-5.2.1 The email account that you tried to reach is inactive.', { remoteMta: 'aspmx.l.google.com' }))).toBe('suspend');
    const dns = "DNS Error: 123 DNS type 'mx' lookup of example.jpn responded with code NXDOMAIN Domain name not found: example.jpn";
    expect(reasonFromRemoteHost(input(dns, { status: '4.0.0' }))).toBe('networkerror');
    expect(reasonFromRemoteHost(input(dns, { status: '5.0.0' }))).toBe('hostunknown');
    expect(reasonFromRemoteHost(input("DNS Error: 1 DNS type 'mx' lookup of x.org responded with code NOERROR returned Null MX", { status: '4.0.0' }))).toBe('notaccept');
  });

  it('tells a carrier filter from an unknown user (au, docomo)', () => {
    // the anonymous "550 : User unknown" after DATA is the subscriber's reception filter
    expect(reasonFromRemoteHost(input('550 : User unknown', { recipient: 'a@ezweb.ne.jp', smtpCommand: 'DATA', status: '5.0.0' }))).toBe('filtered');
    expect(reasonFromRemoteHost(input('550 : User unknown', { recipient: 'a@ezweb.ne.jp', status: '5.2.0' }))).toBe('filtered');
    // a refusal naming the address, or at RCPT, is an unknown user
    expect(reasonFromRemoteHost(input('550 <a@au.com>: User unknown', { recipient: 'a@au.com', smtpCommand: 'DATA', status: '5.0.0' }))).toBe('userunknown');
    expect(reasonFromRemoteHost(input('550 Unknown user a@docomo.ne.jp', { recipient: 'a@docomo.ne.jp', smtpCommand: 'RCPT' }))).toBe('userunknown');
    // docomo names the address either way: after end of DATA the address had been accepted,
    // so the refusal is its filter's, which refused chosen senders
    expect(reasonFromRemoteHost(input('550 Unknown user a@docomo.ne.jp', { recipient: 'a@docomo.ne.jp', smtpCommand: 'DATA', status: '5.0.0' }))).toBe('rejected');
  });

  it('recognises providers by their own wording when no host is given', () => {
    // Mimecast's replies link its knowledge base: its own table reads the wording
    expect(reasonFromRemoteHost(input('554 Host network not allowed - https://community.mimecast.com/docs/x'))).toBe('policyviolation');
    expect(reasonFromRemoteHost(input('550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help'))).toBe('toomanyconn');
    expect(reasonFromRemoteHost(input("554 delivery error: dd This user doesn't have a yahoo.com account", { recipient: 'a@yahoo.com' }))).toBe('userunknown');
    // no provider's host, domain or wording: no provider rule speaks
    expect(reasonFromRemoteHost(input('550 5.1.1 user unknown', { recipient: 'a@example.org' }))).toBeNull();
  });
});

describe('provider by host', () => {
  it('takes a host or any name below it, whole labels only, case and root dot aside', () => {
    // Cox's AUP#CXBL means something only from Cox's hosts
    const cxbl = (remoteMta: string) => reasonFromRemoteHost(input('550 AUP#CXBL', { remoteMta }));
    expect(cxbl('cox.net')).toBe('blocked');
    expect(cxbl('MX.East.COX.net. [192.0.2.1]')).toBe('blocked');
    expect(cxbl('mx.notcox.net')).toBeNull();
    expect(cxbl('cox.net.example')).toBeNull();
    expect(reasonFromRemoteHost(input('550 5.1.1 Invalid recipient. OFR_416 [416]', { recipient: 'a@mail.Orange.FR' }))).toBe('userunknown');
    // the remote host speaks before the recipient's domain: GoDaddy's IB607, not Google's rules
    expect(reasonFromRemoteHost(input('550 IP has sent to too many recipients this hour. IB607', { remoteMta: 'mx1.secureserver.net', recipient: 'a@gmail.com' }))).toBe('speeding');
  });
});

// The one-scan gate before the search per signature (rhost.ts carriesSignature) says yes exactly
// where some provider's signature occurs: on every row's diagnostic of the fixtures and the
// corpus, and on generated texts of the signatures cut and joined with other characters.
describe('the signature gate', () => {
  const signatures = PROVIDER_TABLES.flatMap((p) => p.signatures ?? []);
  const plain = (text: string) => signatures.some((s) => text.includes(s));

  it('finds each signature alone, and inside other text', () => {
    for (const s of signatures) {
      expect(carriesSignature(s)).toBe(true);
      expect(carriesSignature(`550 x ${s} y`)).toBe(true);
    }
    expect(carriesSignature('prod outlook com')).toBe(false);
  });

  /** every recipient's diagnostic in the fixtures and the corpus, lower-cased with its spaces folded */
  const diagnostics = (): string[] => [...reportsOfEveryMessage()].flatMap((report) => report.recipients.map((d) => lowerSpaced(d.diagnosticCode ?? '')));

  it('agrees with a search per signature on the diagnostics of the fixtures and the corpus', () => {
    const texts = diagnostics();
    for (const text of texts) expect(carriesSignature(text)).toBe(plain(text));
    expect(texts.length).toBeGreaterThan(HAS_CORPUS ? 500 : 50);
  });

  it('agrees with a search per signature on generated texts', () => {
    const noise = ['.', '*', '(', ')', '[', ']', '|', '\\', '?', '+', '^', '$', ' ', 'x', '#5'];
    for (let seed = 1; seed <= 5000; seed++) {
      const text = piecesCutAndJoined(seededRandom(seed), signatures, noise, 5, 0.3);
      expect(carriesSignature(text)).toBe(plain(text));
    }
  });

  // with the prepared text beside it, the keys are looked for in the prepared text's trigrams:
  // its reply-code prefixes dropped and its ends trimmed, which must never hide a signature
  it('agrees with it when the keys are read from the prepared text', () => {
    const texts = diagnostics();
    for (const text of texts) expect(carriesSignature(text, preparedFrom(text))).toBe(plain(text));
    expect(texts.length).toBeGreaterThan(HAS_CORPUS ? 500 : 50);
    const noise = ['.', ' ', 'x', '#5', '-', '550-', '550 ', '550 5.1.1 ', '550-5.7.1 ', ' 421 4.7.0 ', '250 2.0.0 ', '5', '.1 ', '  '];
    for (let seed = 1; seed <= 5000; seed++) {
      const text = lowerSpaced(piecesCutAndJoined(seededRandom(seed), signatures, noise, 5, 0.3));
      expect(carriesSignature(text, preparedFrom(text)), text).toBe(plain(text));
    }
  });
});
