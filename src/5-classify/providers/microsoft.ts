// Microsoft: Exchange Online (Microsoft 365, *.mail.protection.outlook.com) and Outlook.com /
// Hotmail (outlook-com.olc.protection.outlook.com). Both publish their own references: the
// Exchange Online NDR table on Microsoft Learn names each enhanced code with its wording and
// cause; the Outlook.com postmaster pages name its SC/DY/OU/RP block codes. At Microsoft an
// enhanced code means one thing (5.7.606 is a banned sending IP, 5.4.1 with "Access denied"
// a recipient that the tenant's directory does not know), so after the wordings the code
// itself decides.
import type { Reason } from '../../0-core/schema.js';
import { byCode, enhancedCode, firstRule } from './match.js';
import type { CodeRule, Provider, ProviderText, Rule, Verdict } from './types.js';

const EXO = 'Microsoft Learn "Email non-delivery reports and SMTP errors in Exchange Online" (learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online)';
const OLC = 'Outlook.com postmaster troubleshooting, SMTP errors (sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx)';

const EOP = 'Exchange Online Protection replies as recorded at smtp.codes/exchangeonline';
const ex = (code: string, what: string) => `${EXO}: ${code} "${what}"`;
const olc = (what: string) => `${OLC}: ${what}`;

const RULES: readonly Rule[] = [
  // addresses
  { phrase: 'recipient not found by smtp address lookup', reason: 'userunknown', from: ex('5.1.10', 'Recipient not found by SMTP address lookup') },
  // directory-based edge blocking: the tenant does not know the recipient. Elsewhere
  // "access denied" names a refused client; here it names the address.
  { phrase: 'recipient address rejected: access denied', reason: 'userunknown', from: ex('5.4.1 / 5.7.504', 'Recipient address rejected: Access denied') },
  { phrase: 'tenantattribution; relay access denied', reason: 'norelaying', from: ex('5.7.64', 'TenantAttribution; Relay Access Denied') },
  { phrase: 'relay access denied', reason: 'norelaying', from: ex('5.4.1', 'Relay Access Denied') },
  { phrase: 'unable to relay', reason: 'norelaying', from: ex('5.7.1', 'Unable to relay') },
  { phrase: 'banned recipient', reason: 'suspend', from: ex('5.7.503 / 5.7.505', 'Access denied, banned recipient') },
  { phrase: 'mailbox full', reason: 'mailboxfull', from: ex('5.2.2', 'mailbox full') },
  { phrase: 'requested action not taken: mailbox unavailable', reason: 'userunknown', from: olc('550 5.5.0 "Requested action not taken: mailbox unavailable" (no such mailbox)') },
  { phrase: 'domain is not reachable', reason: 'hostunknown', from: olc('554 "The mail could not be delivered to the recipient because the domain is not reachable"') },
  // sending limits
  { phrase: 'submission quota exceeded', reason: 'speeding', from: ex('5.2.2', 'Submission quota exceeded') },
  { phrase: 'daily limit for message recipients', reason: 'speeding', from: ex('5.1.90', "you've reached your daily limit for message recipients") },
  { phrase: 'message receive limit', reason: 'speeding', from: ex('5.2.121 / 5.2.122', "Recipient's per hour message receive limit exceeded") },
  { phrase: 'tenant has exceeded threshold', reason: 'speeding', from: ex('5.7.700-749', 'Access denied, tenant has exceeded threshold') },
  // the sending host
  { phrase: 'access denied, banned sending ip', reason: 'blocked', from: ex('5.7.606-649', 'Access denied, banned sending IP') },
  { phrase: 'traffic not accepted from this ip', reason: 'blocked', from: ex('5.7.708', 'Access denied, traffic not accepted from this IP') },
  { phrase: 'using customer block list', reason: 'blocked', from: ex('5.7.513', 'Client host blocked by <domain> using Customer Block list') },
  { phrase: 'part of their network is on our block list', reason: 'blocked', from: olc('550 5.7.1 "part of their network is on our block list (S3150)"') },
  { phrase: 'helo domain is listed in spamhaus', reason: 'blocked', from: `${EOP}: "550 5.7.1 Service unavailable, Helo domain is listed in Spamhaus. (S8001)"` },
  { phrase: 'maximum number of concurrent connections', reason: 'toomanyconn', from: `${EOP}: "421 4.3.2 The maximum number of concurrent connections per resource forest has exceeded a limit, closing transmission channel"` },
  { phrase: 'rate limited due to ip reputation', reason: 'badreputation', from: ex('4.7.650', 'temporarily rate limited due to IP reputation') },
  { phrase: 'server busy. please try again later from', reason: 'blocked', from: ex('4.7.500-699', 'suspicious activity from the IP: temporarily restricted') },
  { phrase: 'must have a reverse dns record', reason: 'requireptr', from: ex('5.7.25', 'the sending IPv6 address must have a reverse DNS record') },
  { phrase: 'mismatches client ip', reason: 'requireptr', from: olc('550 "domain [x] mismatches client ip"') },
  // the sender
  { phrase: 'access denied, banned sender', reason: 'rejected', from: ex('5.7.501 / 5.7.502 / 5.7.800', 'Access denied, banned sender: the EHLO, P1 or P2 sender domain was banned for spam activity') },
  { phrase: 'bad outbound sender', reason: 'rejected', from: ex('5.1.8', 'Access denied, bad outbound sender') },
  { phrase: 'not in allowed-senders list', reason: 'rejected', from: ex('5.7.124', 'Sender not in allowed-senders list') },
  { phrase: 'delivery not authorized, message refused', reason: 'rejected', from: ex('5.7.1', 'Delivery not authorized, message refused') },
  { phrase: 'sending from unregistered domain', reason: 'rejected', from: ex('5.7.750', 'Client blocked from sending from unregistered domain') },
  { phrase: 'blocked by your organization using tenant allow block list', reason: 'policyviolation', from: ex('5.7.703', "messages to <recipients> are blocked by your organization using Tenant Allow Block List") },
  { phrase: 'does not have permissions to send as this sender', reason: 'securityerror', from: ex('5.7.60', 'Client does not have permissions to send as this sender') },
  { phrase: 'not authenticated to send anonymous mail', reason: 'securityerror', from: ex('5.7.57', 'Client was not authenticated to send anonymous mail during MAIL FROM') },
  // authentication
  { phrase: 'does not pass dmarc verification', reason: 'authfailure', from: ex('5.7.509', 'sending domain does not pass DMARC verification') },
  { phrase: 'sender policy framework violation', reason: 'authfailure', from: ex('5.7.23', 'rejected because of Sender Policy Framework violation') },
  { phrase: 'meet the required authentication level', reason: 'authfailure', from: 'Microsoft Defender for Office 365 blog "Strengthening Email Ecosystem: Outlook\'s New Requirements for High-Volume Senders" (techcommunity.microsoft.com, 2025-04-02, updated 2025-04-30): Outlook.com rejects "550; 5.7.515 Access denied, sending domain [SendingDomain] does not meet the required authentication level."' },
  { phrase: 'must pass either spf or dkim validation', reason: 'authfailure', from: ex('4.7.26', 'a message sent over IPv6 must pass either SPF or DKIM validation') },
  // policy and content
  { phrase: 'does not allow external forwarding', reason: 'policyviolation', from: ex('5.7.520', 'Your organization does not allow external forwarding') },
  { phrase: 'remote server returned message detected as spam', reason: 'spamdetected', from: `${EXO}: 550 5.7.350 "Remote server returned message detected as spam" (as quoted in Microsoft's service alert EX703958, support.nhs.net 2024-01-05)` },
  { phrase: 'policy violation detected', reason: 'policyviolation', from: ex('5.0.350', 'Requested action not taken: policy violation detected (AS345)') },
  { phrase: 'rfc 5322 section 3.6.2 compliant', reason: 'notcompliantrfc', from: ex('5.7.512', 'message must be RFC 5322 section 3.6.2 compliant') },
  { phrase: 'x-dg-ref header is too long', reason: 'contenterror', from: ex('5.0.350', 'x-dg-ref header is too long') },
  { phrase: 'invalid mime content', reason: 'contenterror', from: ex('5.6.211', 'Invalid MIME Content') },
  // transport
  { phrase: 'starttls-not-supported', reason: 'failedstarttls', from: ex('4.7.321', 'starttls-not-supported') },
  { phrase: 'certificate-expired', reason: 'failedstarttls', from: ex('4.7.322', 'certificate-expired') },
  { phrase: 'tlsa-invalid', reason: 'failedstarttls', from: ex('4.7.323', 'tlsa-invalid') },
  { phrase: 'dnssec-invalid', reason: 'failedstarttls', from: ex('4.7.324', 'dnssec-invalid') },
  { phrase: 'certificate-host-mismatch', reason: 'failedstarttls', from: ex('4.7.325', 'certificate-host-mismatch') },
  { phrase: 'socket error code 10061', reason: 'networkerror', from: ex('4.4.316', 'Connection refused [Message=Socket error code 10061]') },
  { phrase: 'dns query failed', reason: 'networkerror', from: ex('4.4.312 / 5.4.312', 'DNS query failed') },
  { phrase: 'routing loop detected', reason: 'networkerror', from: ex('5.4.14', 'Routing loop detected') },
  { phrase: 'message expired', reason: 'expired', from: ex('4.4.7 / 5.4.300', 'Message expired') },
];

// Outlook.com's block codes, as its replies write them ("550 SC-001 (BAY004-MC1F13) ...")
const OUTLOOK_CODES: Readonly<Record<string, CodeRule>> = {
  'RP-001': { reason: 'speeding', note: 'the IP exceeded the rate limit, set by its reputation' },
  'RP-002': { reason: 'speeding', note: 'the IP exceeded the rate limit allowed on this connection' },
  'RP-003': { reason: 'toomanyconn', note: 'the IP exceeded the connection limit' },
  'SC-001': { reason: 'blocked', note: 'rejected for policy reasons: spam-like content or IP/domain reputation' },
  'SC-002': { reason: 'blocked', note: 'the IP showed namespace mining behaviour' },
  'SC-003': { reason: 'blocked', note: 'the IP appears to be an open proxy/relay' },
  'SC-004': { reason: 'blocked', note: 'a block placed on the IP after complaints' },
  'DY-001': { reason: 'blocked', note: 'mail from dynamic IPs is not accepted' },
  'DY-002': { reason: 'blocked', note: 'a compromised or infected sending host' },
  'OU-001': { reason: 'blocked', note: 'rejected for policy reasons' },
  'OU-002': { reason: 'blocked', note: 'rejected for policy reasons: IP/domain reputation' },
};

function outlookCode(raw: string): string | null {
  const upper = raw.length > 4096 ? raw.slice(0, 4096).toUpperCase() : raw.toUpperCase();
  for (const code of Object.keys(OUTLOOK_CODES)) if (upper.includes(code)) return code;
  return null;
}

// Enhanced codes whose meaning at Exchange Online is its own, for replies whose wording the
// rules above do not know (cut short by a relay, or reworded).
const EXO_CODES: Readonly<Record<string, CodeRule>> = {
  '5.1.10': { reason: 'userunknown' },
  '5.1.90': { reason: 'speeding' },
  '5.2.121': { reason: 'speeding' },
  '5.2.122': { reason: 'speeding' },
  '5.4.310': { reason: 'hostunknown', note: 'DNS domain does not exist' },
  '4.4.312': { reason: 'networkerror' },
  '5.4.312': { reason: 'networkerror' },
  '5.4.14': { reason: 'networkerror' },
  '5.7.23': { reason: 'authfailure' },
  '5.7.25': { reason: 'requireptr' },
  '4.7.26': { reason: 'authfailure' },
  '5.7.57': { reason: 'securityerror' },
  '5.7.64': { reason: 'norelaying' },
  '5.7.124': { reason: 'rejected' },
  '5.7.501': { reason: 'rejected' },
  '5.7.502': { reason: 'rejected' },
  '5.7.503': { reason: 'suspend' },
  '5.7.504': { reason: 'userunknown' },
  '5.7.505': { reason: 'suspend' },
  '5.7.509': { reason: 'authfailure' },
  '5.7.515': { reason: 'authfailure' },
  '5.7.512': { reason: 'notcompliantrfc' },
  '5.7.513': { reason: 'blocked' },
  '5.7.520': { reason: 'policyviolation' },
  '5.7.703': { reason: 'policyviolation' },
  '5.7.750': { reason: 'rejected' },
  '5.7.800': { reason: 'rejected' },
  '4.7.650': { reason: 'badreputation' },
};

const EXO_RANGES: ReadonlyArray<readonly [string, number, number, Reason, string]> = [
  ['5.7.', 606, 649, 'blocked', 'Access denied, banned sending IP'],
  ['5.7.', 700, 749, 'speeding', 'Access denied, tenant has exceeded threshold'],
  ['4.7.', 321, 325, 'failedstarttls', 'TLS required by the destination failed'],
  ['4.7.', 500, 699, 'blocked', 'Access denied, please try again later (suspicious activity from the IP)'],
];

function byExoCode(code: string | null): Verdict | null {
  if (!code) return null;
  const exact = byCode(code, EXO_CODES, EXO);
  if (exact) return exact;
  for (const [prefix, lo, hi, reason, what] of EXO_RANGES) {
    if (!code.startsWith(prefix)) continue;
    const n = Number(code.slice(prefix.length));
    if (n >= lo && n <= hi) return { reason, from: `${EXO}: ${prefix}${lo}-${hi} "${what}"` };
  }
  return null;
}

// 5.7.511 words its refusal as the domain bans do ("Access denied, banned sender"), but bans
// the sending IP: the code tells them apart.
const BANNED_IP: Verdict = { reason: 'blocked', from: ex('5.7.511', 'Access denied, banned sender[<ip>]: the sending IP is banned') };

function decide(input: ProviderText): Verdict | null {
  const code = enhancedCode(input.raw) ?? input.status;
  if (code === '5.7.511') return BANNED_IP;
  return (
    firstRule(input.prepared, RULES) ??
    byCode(outlookCode(input.raw), OUTLOOK_CODES, OLC) ??
    byExoCode(code)
  );
}

export const microsoft: Provider = {
  name: 'microsoft',
  hosts: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'office365.com'],
  // Outlook.com's own reports name neither host (Reporting-MTA only): its wordings are its
  // own; Exchange Online ends each reply with the name of the answering server in brackets
  // ("[BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]"), also when a relay quotes it
  signatures: ['could not be delivered to the recipient because the domain is not reachable', 'mismatches client ip', '.prod.outlook.com', '.prod.protection.outlook.com'],
  rules: RULES,
  decide,
};
