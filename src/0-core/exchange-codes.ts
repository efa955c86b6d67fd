// Exchange component status texts (docs/formats.md#exchange-component-codes): Exchange 2007 and later, and
// Exchange Online, put `<COMPONENT>.<SUB>.<Name>; <text>` after the reply code. The
// component names the cause better than the enhanced code beside it (5.1.10 is "null MX"
// in RFC 7505 but "recipient not found" when Exchange Online writes
// RESOLVER.ADR.RecipientNotFound), and it travels: a Postfix or sendmail relay quoting an
// Exchange reply carries it too. So it is read wherever a diagnostic is classified.
//
// Keys are lower case; longer keys come first where one is a prefix of another. `status`
// is the enhanced code Exchange pairs with the component; `reason` is null where the
// component alone does not decide (the status and text then do).
import type { Reason } from './schema.js';
import { pairsOf, type PairSet } from './pairs.js';

export interface ComponentCode {
  key: string;
  status: string;
  reason: Reason | null;
  /** where the pairing is documented */
  from: string;
}

export const COMPONENT_CODES: readonly ComponentCode[] = [
  { key: 'resolver.adr.exrecipnotfound', status: '5.1.1', reason: 'userunknown', from: 'docs/formats.md#exchange-component-codes (legacy EX address not found)' },
  { key: 'resolver.adr.x400recipnotfound', status: '5.1.1', reason: 'userunknown', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'resolver.adr.recipnotfound', status: '5.1.1', reason: 'userunknown', from: 'docs/formats.md#exchange-component-codes; corpus lhost-exchange2007-01' },
  { key: 'resolver.adr.recipientnotfound', status: '5.1.10', reason: 'userunknown', from: 'docs/formats.md#exchange-component-codes; corpus lhost-office365-01, -13' },
  { key: 'resolver.adr.ambiguous', status: '5.1.4', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (directory lookup gave several objects)' },
  { key: 'resolver.adr.badprimary', status: '5.2.0', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'resolver.adr.invalidinsmtp', status: '5.1.0', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (IMCEAINVALID- encapsulation)' },
  { key: 'resolver.adr.x500insmtp', status: '5.1.0', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (IMCEAX500- encapsulation)' },
  { key: 'resolver.adr.smtpinsmtp', status: '5.1.0', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (IMCEASMTP- encapsulation)' },
  { key: 'resolver.adr.reciplimit', status: '5.5.3', reason: 'toomanyconn', from: 'docs/formats.md#exchange-component-codes (too many recipients)' },
  { key: 'resolver.rst.authrequired', status: '5.7.1', reason: 'securityerror', from: 'docs/formats.md#exchange-component-codes; corpus lhost-exchange2007-04 (even half)' },
  { key: 'resolver.rst.sendernotauthenticatedforgroup', status: '5.7.133', reason: 'rejected', from: 'docs/formats.md#exchange-component-codes (5.7.133: the group takes mail from authenticated senders only)' },
  { key: 'resolver.rst.sendernotauthenticatedformailbox', status: '5.7.134', reason: 'rejected', from: 'docs/formats.md#exchange-component-codes (5.7.134: the mailbox takes mail from authenticated senders only)' },
  { key: 'resolver.rst.sendernotauthenticatedforpublicfolder', status: '5.7.135', reason: 'rejected', from: 'docs/formats.md#exchange-component-codes (5.7.135: the public folder takes mail from authenticated senders only)' },
  { key: 'resolver.rst.restrictedtorecipientspermission', status: '5.7.129', reason: 'rejected', from: 'docs/formats.md#exchange-component-codes (5.7.129: the recipient accepts mail only from the senders it lists; this sender is not one)' },
  { key: 'resolver.rst.notauthorizedtogroup', status: '5.7.1', reason: 'rejected', from: 'docs/formats.md#exchange-component-codes (sender may not write to the group)' },
  { key: 'resolver.rst.notauthorized', status: '5.7.1', reason: 'rejected', from: 'docs/formats.md#exchange-component-codes (delivery restriction on the sender)' },
  { key: 'resolver.rst.recipsizelimit', status: '5.2.3', reason: 'exceedlimit', from: 'docs/formats.md#exchange-component-codes; corpus lhost-exchange2007-03' },
  { key: 'resolver.rst.sendsizelimit', status: '5.2.3', reason: 'mesgtoobig', from: 'docs/formats.md#exchange-component-codes (sender or organisation size limit)' },
  { key: 'resolver.fwd.loop', status: '5.4.6', reason: 'networkerror', from: 'docs/formats.md#exchange-component-codes (forwarding loop)' },
  { key: 'routing.invalidaddress', status: '5.1.2', reason: 'hostunknown', from: 'docs/formats.md#exchange-component-codes (invalid address domain)' },
  { key: 'routing.sizelimit', status: '5.3.4', reason: 'mesgtoobig', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'routing.noconnectorforaddresstype', status: '5.4.4', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (no connector for the address type: configuration)' },
  { key: 'routing.nonexthop', status: '5.4.4', reason: null, from: 'docs/formats.md#exchange-component-codes' },
  { key: 'smtpsend.dns.nonexistentdomain', status: '5.4.4', reason: 'hostunknown', from: 'docs/formats.md#exchange-component-codes (NXDOMAIN)' },
  { key: 'smtpsend.dns.mxloopback', status: '5.4.4', reason: 'networkerror', from: 'docs/formats.md#exchange-component-codes (MX records in a loop)' },
  { key: 'smtpsend.dns.invaliddata', status: '5.4.4', reason: 'networkerror', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'smtpsend.suspiciousremoteservererror', status: '4.4.0', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'smtpsend.barelinefeedsareillegal', status: '5.6.2', reason: 'contenterror', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'smtpsend.overadvertisedsize', status: '5.3.4', reason: 'mesgtoobig', from: 'docs/formats.md#exchange-component-codes' },
  { key: 'queue.expired', status: '4.4.7', reason: 'expired', from: 'docs/formats.md#exchange-component-codes; corpus lhost-exchange2007-05' },
  { key: 'queue.ddadmin', status: '4.3.2', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (deleted by administrative action)' },
  { key: 'queue.admin', status: '4.3.2', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (deleted by administrative action)' },
  { key: 'queue.transportagent', status: '4.3.2', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes (deleted by a transport agent)' },
  { key: 'quotaexceededexception', status: '5.2.2', reason: 'mailboxfull', from: 'docs/formats.md#exchange-component-codes STOREDRV.Deliver.Exception:QuotaExceededException (incl. ShutoffQuota)' },
  { key: 'recipient thread limit exceeded', status: '4.3.2', reason: 'speeding', from: 'docs/formats.md#exchange-component-codes STOREDRV.Deliver throttling' },
  { key: 'storedriver mdb properties', status: '5.3.2', reason: 'notaccept', from: 'docs/formats.md#exchange-component-codes STOREDRV.Deliver' },
  { key: 'mailbox database is offline', status: '4.3.2', reason: 'systemerror', from: 'docs/formats.md#exchange-component-codes STOREDRV' },
  { key: 'cat.invalidcontent', status: '5.6.0', reason: 'contenterror', from: 'docs/formats.md#exchange-component-codes' },
];

const KEY_PAIRS = COMPONENT_CODES.map((c) => pairsOf(c.key));

/** The first component code named in prepared (lower-cased) text, or null. `pairs`: the text's PairSet, when the caller has it. */
export function findComponentCode(text: string, pairs?: PairSet): ComponentCode | null {
  if (!text) return null;
  for (let i = 0; i < COMPONENT_CODES.length; i++) {
    if (pairs && !pairs.mayHold(KEY_PAIRS[i])) continue;
    if (text.includes(COMPONENT_CODES[i].key)) return COMPONENT_CODES[i];
  }
  return null;
}
