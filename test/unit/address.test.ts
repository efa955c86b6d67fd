// Address normalisation (src/0-core/address.ts, issue 15 item 5): each case is a notation a
// spec or a vendor's documentation defines, cited beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanAddress, isLocalDeliveryTarget, lowerDomain } from '../../src/0-core/address.js';
import { seededRandom } from '../helpers/inputs.js';
import { reportsOfEveryMessage } from '../helpers/reports.js';
import { rowFromGroup } from '../../src/3-formats/readers/rfc3464.js';
import { HeaderList } from '../../src/2-mime/headers.js';

describe('cleanAddress', () => {
  it('reads a plain address (its quick path) as it reads the same address in angle brackets (every step)', () => {
    // the bracketed form goes through each step of cleanAddress; the bare one, when it is only
    // atom characters, an '@' and a host name, takes the quick path: both must agree, at the
    // edges too (trailing dot, leading dot, two '@', an IMCEA form)
    // (no ';' or ':': a type or proxy prefix is read only at the start, where the bracket would hide it)
    const atom = fc.constantFrom('a', 'Z', '0', '.', '_', '%', '+', '=', '-', '@', 'x', 'imceasmtp-', 'IMCEA', '+40');
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 24 }).map((a) => a.join('')), fc.constantFrom(undefined, 'rfc822', 'utf-8', 'x400'), (v, type) => {
        expect(cleanAddress(v, type)).toBe(cleanAddress(`<${v}>`, type));
      }),
      { numRuns: 20000 },
    );
    expect(cleanAddress('Jo.Smith+tag@Example.COM')).toBe('Jo.Smith+tag@example.com');
    expect(cleanAddress('jo@example.com.')).toBe('jo@example.com');
  });

  it('drops an RFC 3464 address type written into the value (§2.1.2: "rfc822;", "utf-8;", "x400;")', () => {
    expect(cleanAddress('rfc822;ann@Example.NET')).toBe('ann@example.net');
    expect(cleanAddress('RFC822; <ann@example.net>')).toBe('ann@example.net');
    // RFC 6533 §3: utf-8 addresses escape with \x{HEX}; the type in the value selects the decoding
    expect(cleanAddress('utf-8; j\\x{FC}rgen@example.de')).toBe('jürgen@example.de');
  });

  it('drops an unregistered or extension address type before an address (RFC 3464 §2.1.2 address-type is an atom; an unquoted local part has no ";")', () => {
    expect(cleanAddress('x-unknown; kim@Example.net')).toBe('kim@example.net');
    expect(cleanAddress('X-MS-Exch;kim@example.net')).toBe('kim@example.net');
    // no address after it: nothing is dropped
    expect(cleanAddress('x400; c=US;p=Corp;s=Smith')).toBe('c=US;p=Corp;s=Smith');
  });

  it('drops Exchange proxy-address prefixes (proxyAddresses: "SMTP:" primary, "smtp:" secondary)', () => {
    expect(cleanAddress('SMTP:bo@example.com')).toBe('bo@example.com');
    expect(cleanAddress('<smtp:bo@example.com>')).toBe('bo@example.com');
  });

  it('decodes an IMCEA-encapsulated SMTP address and leaves other encapsulated types alone ([MS-OXCMAIL])', () => {
    // "IMCEA" + type + "-" + address with '@' and other characters written +HH, then @domain
    expect(cleanAddress('IMCEASMTP-cy+40example+2Eorg@corp.example.com')).toBe('cy@example.org');
    const ex = 'IMCEAEX-_O=CORP_OU=FIRST+20ADMINISTRATIVE+20GROUP_CN=RECIPIENTS_CN=DEE@corp.example.com';
    expect(cleanAddress(ex)).toBe(ex);
  });

  it('keeps a quoted local part whole, quotes and spaces inside them (RFC 5322 §3.4.1)', () => {
    expect(cleanAddress('"john doe"@Example.COM')).toBe('"john doe"@example.com');
    expect(cleanAddress('<"john..doe"@example.com>')).toBe('"john..doe"@example.com');
    // a whole address in quotes is not a quoted local part
    expect(cleanAddress('"ed@example.com"')).toBe('ed@example.com');
  });

  it('drops a source route (RFC 5321 §4.1.2 A-d-l, to be ignored per Appendix C)', () => {
    expect(cleanAddress('<@relay1.example,@relay2.example:fay@example.net>')).toBe('fay@example.net');
    expect(cleanAddress('@relay1.example:fay@example.net')).toBe('fay@example.net');
  });
});

describe('pipe and file deliveries', () => {
  it('knows a pipe or a mailbox file from an address', () => {
    expect(isLocalDeliveryTarget('|/usr/bin/procmail')).toBe(true);
    expect(isLocalDeliveryTarget('"|/usr/local/bin/filter"@host.example')).toBe(true);
    expect(isLocalDeliveryTarget('/var/mail/gus')).toBe(true);
    expect(isLocalDeliveryTarget('gus@example.org')).toBe(false);
  });

  it('reports a DSN row under the address the pipe was generated from', () => {
    // a Final-Recipient naming the program an alias expanded to, and the Original-Recipient
    // (RFC 3464 §2.3.1: the address the sender gave) it was generated from
    const g = HeaderList.parse('Final-Recipient: RFC822; |/usr/bin/procmail\nOriginal-Recipient: rfc822; gus@example.org\nAction: failed\nStatus: 5.0.0');
    expect(rowFromGroup(g)).toMatchObject({ recipient: 'gus@example.org', originalRecipient: null });
  });
});

describe('addresses found in text', () => {
  it('keeps a quoted local part whole (RFC 5322 §3.4.1)', async () => {
    const { findAddress } = await import('../../src/3-formats/readers/native-text.js');
    expect(findAddress('<"john doe"@Example.com>: host mx said: 550 no')).toBe('"john doe"@example.com');
    expect(findAddress('to "ann@example.net" failed')).toBe('ann@example.net');
  });
});

describe('DSN rows whose Final-Recipient is no internet address', () => {
  it('reports an x400 Final-Recipient under the Original-Recipient the sender gave (RFC 3464 §2.3.1, §2.3.2)', () => {
    const g = HeaderList.parse('Original-Recipient: rfc822; sam@example.net\nFinal-Recipient: x400; c=US;a= ;p=Example;o=Sales;s=Smith;g=Sam;\nAction: failed\nStatus: 5.1.1');
    expect(rowFromGroup(g)).toMatchObject({ recipient: 'sam@example.net', originalRecipient: null });
    // with nothing else, the x400 address stays: it has no SMTP form
    const alone = HeaderList.parse('Final-Recipient: x400; c=US;p=Example;s=Smith;\nAction: failed\nStatus: 5.1.1');
    expect(rowFromGroup(alone)?.recipient).toContain('s=Smith');
  });

  it('reports a pipe Final-Recipient without Original-Recipient under the address its human paragraph says it was expanded from', async () => {
    // Postfix (bounce_notify_util.c) writes `<"|cmd"@host> (expanded from <addr>): reason`
    const { parseMessage } = await import('../../src/8-pipeline/parse.js');
    const text =
      'From: MAILER-DAEMON@mx.example.net\nTo: anna@example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n--r\nContent-Type: text/plain\n\n' +
      '<"|/usr/bin/procmail"@mx.example.net> (expanded from <zed@example.net>): Command died with status 1\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; |/usr/bin/procmail\nAction: failed\nStatus: 5.3.0\n\n--r--\n';
    const r = await parseMessage(Buffer.from(text.replace(/\n/g, '\r\n')), 't.eml');
    expect(r.recipients.map((x) => x.recipient)).toEqual(['zed@example.net']);
  });
});

describe('DSN rows whose Final-Recipient is an Exchange-encapsulated address', () => {
  it('reports an IMCEAEX Final-Recipient (a legacyExchangeDN, [MS-OXCMAIL] encapsulation) under an SMTP Original-Recipient', () => {
    const g = HeaderList.parse('Original-Recipient: rfc822;dee@example.com\nFinal-Recipient: rfc822;IMCEAEX-_O=CORP_OU=FIRST+20ADMINISTRATIVE+20GROUP_CN=RECIPIENTS_CN=DEE@corp.example.com\nAction: failed\nStatus: 5.1.1');
    expect(rowFromGroup(g)).toMatchObject({ recipient: 'dee@example.com', originalRecipient: null });
  });

  it('reports an "EX:" proxy address under an SMTP Original-Recipient, and keeps it when there is none', () => {
    const g = HeaderList.parse('Original-Recipient: rfc822;dee@example.com\nFinal-Recipient: rfc822;EX:/o=Corp/ou=Exchange Administrative Group/cn=Recipients/cn=dee\nAction: failed\nStatus: 5.1.1');
    expect(rowFromGroup(g)?.recipient).toBe('dee@example.com');
    const alone = HeaderList.parse('Final-Recipient: rfc822;IMCEAEX-_O=CORP_CN=DEE@corp.example.com\nAction: failed\nStatus: 5.1.1');
    expect(rowFromGroup(alone)?.recipient).toBe('IMCEAEX-_O=CORP_CN=DEE@corp.example.com');
  });

  it('knows an encapsulated or proxy address from an SMTP one', async () => {
    const { isNonSmtpAddress } = await import('../../src/0-core/address.js');
    expect(isNonSmtpAddress('IMCEAEX-_O=CORP_CN=DEE@corp.example.com')).toBe(true);
    expect(isNonSmtpAddress('IMCEAX400-c=US;a=+20;p=Corp;s=Smith;@corp.example.com')).toBe(true);
    expect(isNonSmtpAddress('X400:c=US;a= ;p=Corp;s=Smith;')).toBe(true);
    // IMCEASMTP has an SMTP form (cleanAddress decodes it)
    expect(isNonSmtpAddress('IMCEASMTP-dee+40example+2Ecom@corp.example.com')).toBe(false);
    expect(isNonSmtpAddress('imcea.fan@example.com')).toBe(false);
    expect(isNonSmtpAddress('dee@example.com')).toBe(false);
  });
});

describe('lowerDomain', () => {
  // the general routine: the local part as written, the domain lower-cased
  const general = (a: string) => {
    const at = a.lastIndexOf('@');
    return at === -1 ? a : a.slice(0, at + 1) + a.slice(at + 1).toLowerCase();
  };
  it('agrees with the split-and-join reading on corners and seeded generated addresses', () => {
    const corners = ['a@b.example', 'A@B.Example', 'Jo@EXAMPLE.ORG', 'no-at', '@', 'a@', '@B', 'a@b@C', 'x@İ.example', 'x@Σ.example', 'x@ß', 'x@\u212a'];
    for (const a of corners) expect(lowerDomain(a), a).toBe(general(a));
    const pieces = ['a', 'B', 'Z', 'z', '[', '`', '{', '@', '.', 'İ', 'Σ', 'ß', '\u212a', '\u007f', '\u0080', 'É', '-', '9'];
    for (let seed = 1; seed <= 3000; seed++) {
      const rnd = seededRandom(seed);
      const a = Array.from({ length: Math.floor(rnd() * 10) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      expect(lowerDomain(a), a).toBe(general(a));
    }
  });

  it('agrees with it on the addresses of every row of the fixtures and the corpus, as the parsers give them', () => {
    let n = 0;
    for (const report of reportsOfEveryMessage()) {
      for (const d of report.recipients) {
        for (const a of [d.recipient, d.originalRecipient, d.recipient?.toUpperCase()]) {
          if (!a) continue;
          n++;
          expect(lowerDomain(a), a).toBe(general(a));
        }
      }
    }
    expect(n).toBeGreaterThan(100);
  });
});
