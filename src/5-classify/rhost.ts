// Provider rules: reasons that depend on who refused the message (docs/formats.md#provider-rules
// "Rhost modules"). Large mailbox providers publish their own error codes (Cox "AUP#CXBL",
// Orange "OFR_416", GoDaddy "IB607", Facebook "RCP-P2", Spectrum "AUP#In-1310") or use
// wordings that mean something specific coming from them (au and docomo answer "User
// unknown" when the subscriber's reception filter refuses a sender). A provider is
// recognised by the recipient's domain or the remote MTA's host name (or, for Google's own
// DSNs, by the wording of its diagnostic); its table then names the reason. Tables are data,
// each with the provider's documentation as source; matching is plain substring search.
import type { Reason } from '../0-core/schema.js';

export interface ProviderInput {
  recipient: string | null;
  remoteMta: string | null;
  /** diagnostic text, lower-cased */
  text: string;
  /** the diagnostic as written (codes keep their case) */
  raw: string;
  status: string | null;
  smtpCommand: string | null;
}

interface Provider {
  name: string;
  /** domain suffixes matched against the recipient's domain and the remote MTA host */
  hosts: readonly string[];
  /** lower-case wordings that identify the provider's own reports when no host is known */
  signatures?: readonly string[];
  decide(input: ProviderInput): Reason | null;
}

type Table = ReadonlyArray<readonly [string, Reason]>;

/** first reason whose (lower-case) phrase occurs in the text */
function byPhrase(text: string, table: Table): Reason | null {
  for (const [p, r] of table) if (text.includes(p)) return r;
  return null;
}

/** The token after `marker` (case-insensitive), up to `max` characters of [A-Za-z0-9_-]. */
function tokenAfter(raw: string, marker: string, max = 12): string | null {
  const at = raw.toLowerCase().indexOf(marker.toLowerCase());
  if (at === -1) return null;
  let end = at + marker.length;
  const start = end;
  while (end < raw.length && end - start < max && /[A-Za-z0-9_-]/.test(raw[end])) end++;
  return end > start ? raw.slice(start, end) : null;
}

// ---- Cox: "AUP#<code>" [cox.com "Email error codes" / Cox postmaster pages]
const COX_CODES: Record<string, Reason> = {
  CXBL: 'blocked', // sending IP blocked for spam-like behaviour
  CDRBL: 'blocked', // sending IP temporarily blocked (up to 24 hours)
  CXDNS: 'requireptr', // reverse DNS of the connecting IP fails
  CXSNDR: 'authfailure', // SPF/DKIM checks of the sending domain failed
  CXSMTP: 'rejected', // SMTP protocol violation, sender not verifiable
  CXCNCT: 'toomanyconn', // too many concurrent connections per IP
  CXMXRT: 'toomanyconn', // sender exceeded the recipients limit
  CXTHRT: 'securityerror', // sending limited for suspicious account activity
  CXMJ: 'securityerror',
};
const COX_PHRASES: Table = [
  ['too many invalid recipients', 'blocked'],
  ['too many bad commands', 'blocked'],
  ['rejected - no rdns', 'requireptr'],
  ['dns check failure', 'requireptr'],
  ['too many sessions from', 'toomanyconn'],
  ['message threshold exceeded', 'toomanyconn'],
];

function cox(input: ProviderInput): Reason | null {
  const code = tokenAfter(input.raw, 'AUP#');
  if (code) {
    const upper = code.toUpperCase();
    if (COX_CODES[upper]) return COX_CODES[upper];
    if (upper.startsWith('IPBL')) return 'blocked'; // sending IP on a DNS blocklist
    if (upper.startsWith('URLBL')) return 'spamdetected'; // a URL in the body is blocklisted
  }
  return byPhrase(input.text, COX_PHRASES);
}

// ---- Spectrum / Charter: "AUP#In-NNNN" / "AUP#Out-NNNN" [spectrum.net "Understanding email error codes"]
const SPECTRUM_RANGES: ReadonlyArray<readonly [number, number, Reason]> = [
  [1000, 1000, 'blocked'], // IP blocked for suspicious activity
  [1010, 1080, 'rejected'], // sending account blocked or limited
  [1090, 1090, 'systemerror'],
  [1100, 1150, 'requireptr'], // full-circle DNS required
  [1160, 1190, 'policyviolation'], // against the sender domain's security policy
  [1200, 1250, 'blocked'], // IP listed by Cloudmark CSI / Spamhaus
  [1260, 1260, 'networkerror'], // IPv6 not accepted
  [1300, 1340, 'toomanyconn'], // connection limits
  [1350, 1490, 'speeding'], // message / recipient volume limits
  [1500, 1520, 'rejected'], // sending as another address
  [1530, 1530, 'mesgtoobig'],
  [1540, 1550, 'speeding'],
  [1560, 1560, 'policyviolation'], // too many invalid recipients
  [1580, 1580, 'speeding'],
];

function spectrum(input: ProviderInput): Reason | null {
  const token = tokenAfter(input.raw, 'AUP#', 16);
  const digits = token ? /(\d{4})/.exec(token)?.[1] : undefined;
  if (!digits) return null;
  const n = Number(digits);
  return SPECTRUM_RANGES.find(([lo, hi]) => n >= lo && n <= hi)?.[2] ?? null;
}

// ---- Orange / Wanadoo / La Poste: "OFR_416", "OFR004_405", "LPN007_426", "OUK_513"
// [postmastery.com "Orange postmaster SMTP error codes (OFR)"; La Poste postmaster pages]
const ORANGE_CODES: Record<string, Reason> = {
  '101': 'blocked', // client IP on a blocklist
  '102': 'blocked', // source IP blocked for spam
  '103': 'blocked', // service refused
  '104': 'toomanyconn', // too many connections
  '105': 'blocked', // service refused, try later
  '107': 'blocked',
  '108': 'blocked',
  '109': 'blocked',
  '305': 'securityerror', // invalid authentication code
  '401': 'authfailure', // SPF: not allowed to send
  '402': 'securityerror', // authentication required
  '403': 'rejected', // invalid sender
  '405': 'rejected',
  '415': 'rejected',
  '416': 'userunknown', // invalid recipient
  '417': 'mailboxfull', // recipient over quota
  '420': 'suspend', // archived recipient
  '421': 'rejected', // MAIL FROM not owned by user
  '426': 'suspend', // recipient account blocked
  '505': 'systemerror',
  '506': 'spamdetected', // mail rejected (content)
  '510': 'blocked',
  '514': 'mesgtoobig', // message size limit
  '517': 'authfailure', // DMARC verification failed
  '630': 'policyviolation', // client host rejected
  '999': 'blocked', // service refused
};

function orange(input: ProviderInput): Reason | null {
  // the code is the last number of the label: "OFR_416", "OFR004_405", "LPN007_426", "[416]"
  for (const label of ['ofr', 'lpn', 'ouk']) {
    const at = input.text.lastIndexOf(label);
    if (at === -1) continue;
    const m = /^[a-z]{0,3}\d{0,3}[_-](\d{3})\b/.exec(input.text.slice(at + label.length));
    if (m && ORANGE_CODES[m[1]]) return ORANGE_CODES[m[1]];
  }
  if (input.text.includes('spf/dns de votre nom de domaine')) return 'authfailure';
  return null;
}

// ---- GoDaddy (secureserver.net): "IBnnn" [godaddy.com help "Fix rejected email with a bounce error"]
const GODADDY_CODES: Record<string, Reason> = {
  IB401: 'securityerror', // authentication not allowed on inbound servers
  IB501: 'notcompliantrfc', // blank From:
  IB502: 'notcompliantrfc', // IP address as From:
  IB506: 'rejected', // From: domain invalid
  IB508: 'authfailure', // SPF does not authorise the server
  IB108: 'requireptr', // reverse DNS failed
  IB212: 'spamdetected',
  IB705: 'virusdetected',
  IB605: 'toomanyconn', // too many recipients in the message
  IB007: 'toomanyconn', // too many sessions from the IP
  IB101: 'speeding', // queue busy, try later
  IB110: 'blocked', // IP blocked for an hour (spam)
  IB111: 'blocked',
  IB112: 'blocked', // IP blocked for mailing invalid recipients
  IB113: 'blocked',
  IB504: 'speeding', // too many messages this hour
  IB510: 'speeding', // too many messages per session
  IB607: 'speeding', // too many recipients this hour
  IB103: 'badreputation', // poor Cloudmark CSI reputation
  IB104: 'blocked', // Spamhaus SBL
  IB105: 'blocked', // Spamhaus XBL
  IB106: 'blocked', // Spamhaus PBL
};

function godaddy(input: ProviderInput): Reason | null {
  const m = /\b(IB\d{3})\b/.exec(input.raw.length > 4096 ? input.raw.slice(0, 4096) : input.raw);
  return m ? (GODADDY_CODES[m[1]] ?? null) : null;
}

// ---- Facebook: "<CATEGORY>-<P|T><n>" [facebook.com/postmaster/response_codes]
const FACEBOOK_CODES: Record<string, Reason> = {
  'RCP-P1': 'userunknown',
  'RCP-P2': 'filtered', // the recipient's preferences prevent delivery
  'RCP-P3': 'filtered', // the recipient's privacy settings
  'RCP-T1': 'systemerror',
  'RCP-T4': 'suspend', // address deactivated
  'INT-P1': 'userunknown',
  'INT-P2': 'mesgtoobig',
  'INT-P3': 'userunknown',
  'INT-P4': 'userunknown',
  'POL-P1': 'blocked',
  'POL-P2': 'blocked',
  'POL-P3': 'blocked',
  'POL-P4': 'blocked',
  'POL-T1': 'blocked',
  'POL-T2': 'blocked',
  'POL-T3': 'blocked',
  'POL-P5': 'virusdetected',
  'POL-P6': 'spamdetected',
  'POL-P7': 'authfailure', // domain authentication requirements
  'MSG-P1': 'mesgtoobig',
  'MSG-P2': 'contenterror', // attachment type not accepted
  'MSG-P3': 'notcompliantrfc', // duplicated single-instance header
  'MSG-T1': 'toomanyconn',
  'CON-T1': 'toomanyconn',
  'CON-T2': 'toomanyconn',
  'CON-T3': 'toomanyconn',
  'CON-T4': 'toomanyconn',
  'DNS-P1': 'rejected', // MAIL FROM domain does not exist
  'DNS-P2': 'rejected',
  'DNS-T1': 'rejected',
  'DNS-P3': 'requireptr',
  'DNS-T2': 'requireptr',
};

function facebook(input: ProviderInput): Reason | null {
  const m = /\b([A-Z]{3}-[PT]\d)\b/.exec(input.raw.length > 4096 ? input.raw.slice(0, 4096) : input.raw);
  return m ? (FACEBOOK_CODES[m[1]] ?? null) : null;
}

// ---- Google (Gmail, Workspace): its documented SMTP texts [support.google.com/a/answer/3726730]
const GOOGLE_PHRASES: Table = [
  ['account that you tried to reach is disabled', 'suspend'],
  ['account that you tried to reach is inactive', 'suspend'],
  ['account that you tried to reach does not exist', 'userunknown'],
  ["because the address couldn't be found", 'userunknown'],
  ['account that you tried to reach is over quota', 'mailboxfull'],
  ['inbox is out of storage space', 'mailboxfull'],
  ['very low reputation', 'badreputation'],
  ['unusual rate of unsolicited mail', 'blocked'],
  ['ip not in whitelist for rcpt domain', 'blocked'],
  ['must issue a starttls command first', 'failedstarttls'],
  ['tls required for rcpt domain', 'failedstarttls'],
  ['message exceeded 50 hops', 'networkerror'],
  ['mail relay denied', 'norelaying'],
  ['content presents a potential', 'policyviolation'], // "... potential security issue", often cut at the line end
  ['does not have authentication information', 'authfailure'],
  ['fails to pass authentication checks', 'authfailure'],
  ['likely unsolicited mail', 'spamdetected'],
];
// Google's own DSNs for DNS failures: "DNS Error: <n> DNS type 'mx' lookup of <domain>
// responded with code NXDOMAIN" / "had no relevant answers" / "returned Null MX". Written
// with Status 4.0.0 while Google still retries (a network problem), 5.x once it gave up.
const GOOGLE_DNS = "dns type 'mx' lookup of";

function google(input: ProviderInput): Reason | null {
  if (input.text.includes(GOOGLE_DNS) || input.text.startsWith('dns error:')) {
    if (input.text.includes('null mx')) return 'notaccept';
    if (input.text.includes('nxdomain') || input.text.includes('had no relevant answers') || input.text.includes('domain name not found')) {
      return input.status?.startsWith('5') ? 'hostunknown' : 'networkerror';
    }
  }
  return byPhrase(input.text, GOOGLE_PHRASES);
}

// ---- Symantec / Broadcom Email Security.cloud (MessageLabs)
// [knowledge.broadcom.com "Email error and bounce codes for Email Security.cloud"]
const MESSAGELABS_PHRASES: Table = [
  ['please turn on smtp authentication', 'securityerror'],
  ['domain authentication fail', 'authfailure'],
  ['connection rejected by policy', 'badreputation'],
  ['your ip is in the pbl', 'blocked'],
  ['your ip address has been', 'blocked'],
  ['stray linefeeds in message', 'contenterror'],
  ['tls/sslv3 connection required', 'failedstarttls'],
  [' as a relay, ', 'norelaying'],
  ['is not rfc 5322', 'notcompliantrfc'],
  ['sender envelope domain not allowed', 'rejected'],
  ['your domain has been blocked', 'rejected'],
  ['your email address has been blocked', 'rejected'],
  ['badmailfrom list', 'rejected'],
  ['has been blacklisted', 'rejected'],
  ['message filtered', 'spamdetected'],
  ['too many recipients received this hour', 'toomanyconn'],
  ['too many messages', 'toomanyconn'],
  ['mailbox is not allowed', 'userunknown'],
  ['invalid recipient', 'userunknown'],
  ['no such user', 'userunknown'],
];

// ---- Mimecast [mimecast.com "SMTP error codes" knowledge base]
const MIMECAST_PHRASES: Table = [
  ['host network not allowed', 'policyviolation'], // sender IP not in the recipient's permitted networks
  ['rejected by header based', 'policyviolation'],
  ['envelope rejected', 'policyviolation'],
  ['envelope blocked', 'rejected'], // "550 Envelope blocked - User Entry / Domain Entry": the sender is on the recipient's or the domain's block list
  ['message bounced due to organizational policy', 'policyviolation'],
  ['anti-spoofing policy', 'policyviolation'],
  ['invalid recipient', 'userunknown'],
  ['blocked by rbl', 'blocked'],
  ['ip found in rbl', 'blocked'],
  ['virus', 'virusdetected'],
  ['spam', 'spamdetected'],
];

// ---- Tencent QQ Mail [service.mail.qq.com help pages linked from its replies]
const TENCENT_PHRASES: Table = [
  ['ip frequency limited', 'toomanyconn'],
  ['domain frequency limited', 'toomanyconn'],
  ['frequency limited', 'toomanyconn'],
  ['dmarc check failed', 'authfailure'],
  ['spf check failed', 'authfailure'],
  ['mailbox not found', 'userunknown'],
  ['mailbox unavailable or access denied', 'userunknown'],
  ['suspected spam', 'spamdetected'],
  ['content is rejected', 'spamdetected'],
];

// ---- au (KDDI, ezweb) and NTT docomo: both answered "User unknown" also when the
// subscriber's reception filter refused the sender. sendmail's relay reads the two apart by
// itself (5.1.1 for a refusal naming the address, 5.2.0 for a filter's answer; corpus
// lhost-sendmail-49 vs rhost-kddi-01), so its status is read first.
function carrierOther(text: string): Reason | null {
  if (text.includes('too much mail data')) return 'mailboxfull';
  if (text.includes('too many recipients')) return 'toomanyconn';
  return null;
}

function carrierUnknown(input: ProviderInput): boolean {
  return input.text.includes('user unknown') || input.text.includes('unknown user');
}

// au answers an unknown user with "550 <addr>: User unknown" at RCPT, and its filter with an
// anonymous "550 : User unknown" (which sendmail's transcripts may show after ">>> DATA", as
// pipelined replies come late): the form tells them apart, not the stage.
function kddi(input: ProviderInput): Reason | null {
  if (!carrierUnknown(input)) return carrierOther(input.text);
  if (input.status?.endsWith('.1.1')) return 'userunknown';
  if (input.status?.endsWith('.2.0')) return 'filtered';
  const local = input.recipient ? input.recipient.toLowerCase() : null;
  return local && input.text.includes(local) ? 'userunknown' : 'filtered';
}

// docomo names the address in both answers ("550 Unknown user <addr>"): the stage tells. At
// RCPT the user is missing; after end of DATA the address had been accepted, so it was the
// filter, which refused chosen senders and sender domains (the "specified reception /
// refusal" settings) until March 2025, when docomo stopped refusing in SMTP (go-sisimai
// rhost/for-nttdocomo.go notes, its issue #64): a refused sender (corpus rhost-nttdocomo-03).
function nttdocomo(input: ProviderInput): Reason | null {
  if (!carrierUnknown(input)) return carrierOther(input.text);
  if (input.status?.endsWith('.1.1')) return 'userunknown';
  if (input.status?.endsWith('.2.0')) return 'filtered';
  const command = input.smtpCommand?.toUpperCase() ?? null;
  if (command === 'DATA') return 'rejected';
  if (command === 'RCPT') return 'userunknown';
  return null;
}

// ---- Hotmail / Outlook.com (classic front ends) [Microsoft "Exchange Online NDR" and Hotmail texts]
const HOTMAIL_PHRASES: Table = [
  ['domain is not reachable', 'hostunknown'],
  ['requested action not taken: mailbox unavailable', 'userunknown'],
  ['mismatches client ip', 'requireptr'],
];

// ---- Yahoo / AOL (Yahoo Inc.) [senders.yahooinc.com "SMTP error codes"]
const YAHOO_PHRASES: Table = [
  ["this user doesn't have a", 'userunknown'], // "554 delivery error: dd This user doesn't have a yahoo.com account"
  ['not a valid recipient', 'userunknown'], // "554 delivery error: dd Not a valid recipient": Yahoo refuses unknown users after DATA
  ['account has been disabled or discontinued', 'suspend'],
  ['mailbox not found', 'userunknown'],
  ['not accepted for policy reasons', 'policyviolation'], // 554 5.7.9
  ['permanently deferred', 'blocked'], // [TS03] / [TSS09]
  ['unexpected volume or user complaints', 'badreputation'], // [TSS04]
  ['message size exceeds', 'mesgtoobig'],
  ['mailbox is full', 'mailboxfull'],
  ['over quota', 'mailboxfull'],
];

// ---- i.ua [mail.i.ua/err pages linked from its replies]
const IUA_PHRASES: Table = [
  ['mailbox is frozen', 'suspend'],
  ['mailbox is full', 'mailboxfull'],
  ['user not found', 'userunknown'],
];

const PROVIDERS: readonly Provider[] = [
  { name: 'cox', hosts: ['cox.net'], decide: cox },
  { name: 'spectrum', hosts: ['charter.net', 'spectrum.net', 'twc.com', 'rr.com'], decide: spectrum },
  { name: 'orange', hosts: ['orange.fr', 'wanadoo.fr', 'laposte.net'], decide: orange },
  { name: 'godaddy', hosts: ['secureserver.net'], decide: godaddy },
  { name: 'facebook', hosts: ['facebook.com'], decide: facebook },
  { name: 'google', hosts: ['google.com', 'googlemail.com', 'gmail.com'], signatures: [GOOGLE_DNS], decide: google },
  { name: 'messagelabs', hosts: ['messagelabs.com'], decide: (i) => byPhrase(i.text, MESSAGELABS_PHRASES) },
  { name: 'mimecast', hosts: ['mimecast.com'], signatures: ['community.mimecast.com'], decide: (i) => byPhrase(i.text, MIMECAST_PHRASES) },
  { name: 'tencent', hosts: ['qq.com'], signatures: ['service.mail.qq.com'], decide: (i) => byPhrase(i.text, TENCENT_PHRASES) },
  { name: 'kddi', hosts: ['ezweb.ne.jp', 'au.com'], decide: kddi },
  { name: 'nttdocomo', hosts: ['docomo.ne.jp'], decide: nttdocomo },
  {
    name: 'hotmail',
    hosts: ['hotmail.com', 'outlook.com', 'live.com', 'msn.com'],
    // Hotmail's own reports name neither host (Reporting-MTA only): its wordings are its own
    signatures: ['could not be delivered to the recipient because the domain is not reachable', 'mismatches client ip'],
    decide: (i) => byPhrase(i.text, HOTMAIL_PHRASES) },
  { name: 'yahoo', hosts: ['yahoo.com', 'yahoo.co.jp', 'yahoodns.net', 'aol.com', 'ymail.com', 'rocketmail.com'], signatures: ['postmaster.yahooinc.com', 'senders.yahooinc.com'], decide: (i) => byPhrase(i.text, YAHOO_PHRASES) },
  { name: 'iua', hosts: ['email.ua', 'i.ua'], decide: (i) => byPhrase(i.text, IUA_PHRASES) },
];

function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at === -1 ? null : address.slice(at + 1).toLowerCase();
}

/** A host name as providerByHost reads it: lower case, without the root's trailing dot. */
function hostName(host: string | null): string | null {
  if (!host) return null;
  const h = host.toLowerCase();
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

// every provider host → the first provider (its place in the table) that names it
const BY_HOST = new Map<string, number>();
PROVIDERS.forEach((p, i) => p.hosts.forEach((h) => BY_HOST.has(h) || BY_HOST.set(h, i)));

/**
 * The first provider (in table order) with a host that is `h` (a hostName) or a domain
 * above it: `h` and each name after one of its dots looked up, a few lookups instead of
 * every provider's every host compared.
 */
function providerByHost(h: string | null): Provider | null {
  if (!h) return null;
  let best = PROVIDERS.length;
  for (let from = 0; from !== -1; ) {
    best = Math.min(best, BY_HOST.get(from === 0 ? h : h.slice(from)) ?? best);
    const dot = h.indexOf('.', from);
    from = dot === -1 ? -1 : dot + 1;
  }
  return PROVIDERS[best] ?? null;
}

/** The provider a failure comes from, by remote host, then recipient domain, then wording. */
function findProvider(input: ProviderInput): Provider | null {
  // both compared with every provider's hosts: normalised once
  const remote = hostName(input.remoteMta?.split(/[\s[]/, 1)[0] ?? null);
  const domain = hostName(domainOf(input.recipient));
  return (
    providerByHost(remote) ??
    providerByHost(domain) ??
    PROVIDERS.find((p) => p.signatures?.some((s) => input.text.includes(s))) ??
    null
  );
}

/** The reason a provider's own codes or wording give for this failure, or null. */
export function reasonFromRemoteHost(input: ProviderInput): Reason | null {
  if (!input.text) return null;
  const provider = findProvider(input);
  return provider ? provider.decide(input) : null;
}
