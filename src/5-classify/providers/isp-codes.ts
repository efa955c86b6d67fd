// ISPs whose replies carry a code of their own, explained on their help pages: Cox
// ("AUP#CXBL"), Spectrum / Charter ("AUP#In-1310"), Orange / La Poste ("OFR_416",
// "LPN007_426") and GoDaddy ("IB607"). The code decides; the table is the page's.
import type { Reason } from '../../0-core/schema.js';
import { byCode, firstRule, tokenAfter } from './match.js';
import type { CodeRule, Provider, ProviderText, Rule, Verdict } from './types.js';

// ---- Cox: "AUP#<code>"
const COX = 'Cox "Email error codes" (cox.com/residential/support/email-error-codes.html)';
const COX_CODES: Readonly<Record<string, CodeRule>> = {
  CXBL: { reason: 'blocked', note: 'sending IP blocked for spam-like behaviour' },
  CDRBL: { reason: 'blocked', note: 'sending IP temporarily blocked (up to 24 hours)' },
  CXDNS: { reason: 'requireptr', note: 'reverse DNS of the connecting IP fails' },
  CXSNDR: { reason: 'authfailure', note: 'SPF/DKIM checks of the sending domain failed' },
  CXSMTP: { reason: 'rejected', note: 'SMTP protocol violation, sender not verifiable' },
  CXCNCT: { reason: 'toomanyconn', note: 'too many concurrent connections per IP' },
  CXMXRT: { reason: 'toomanyconn', note: 'the sender exceeded the recipients limit' },
  CXTHRT: { reason: 'securityerror', note: 'sending limited for suspicious account activity' },
  CXMJ: { reason: 'securityerror' },
};
const COX_RULES: readonly Rule[] = [
  { phrase: 'too many invalid recipients', reason: 'blocked', from: `${COX}: too many invalid recipients` },
  { phrase: 'too many bad commands', reason: 'blocked', from: `${COX}: too many bad commands` },
  { phrase: 'rejected - no rdns', reason: 'requireptr', from: `${COX}: rejected - no rDNS` },
  { phrase: 'dns check failure', reason: 'requireptr', from: `${COX}: DNS check failure` },
  { phrase: 'too many sessions from', reason: 'toomanyconn', from: `${COX}: too many sessions from <ip>` },
  { phrase: 'message threshold exceeded', reason: 'toomanyconn', from: `${COX}: message threshold exceeded` },
];

function cox(input: ProviderText): Verdict | null {
  const code = tokenAfter(input.raw, 'AUP#')?.toUpperCase() ?? null;
  if (code) {
    const hit = byCode(code, COX_CODES, COX);
    if (hit) return hit;
    if (code.startsWith('IPBL')) return { reason: 'blocked', from: `${COX}: IPBL (the sending IP is on a DNS block list)` };
    if (code.startsWith('URLBL')) return { reason: 'spamdetected', from: `${COX}: URLBL (a URL in the body is block-listed)` };
  }
  return firstRule(input.prepared, COX_RULES);
}

// ---- Spectrum / Charter: "AUP#In-NNNN" / "AUP#Out-NNNN"
const SPECTRUM = 'Spectrum "Understanding email error codes" (spectrum.net/support/internet/understanding-email-error-codes)';
const SPECTRUM_RANGES: ReadonlyArray<readonly [number, number, Reason, string]> = [
  [1000, 1000, 'blocked', 'IP blocked for suspicious activity'],
  [1010, 1080, 'rejected', 'sending account blocked or limited'],
  [1090, 1090, 'systemerror', 'system error'],
  [1100, 1150, 'requireptr', 'full-circle DNS required'],
  [1160, 1190, 'policyviolation', "against the sender domain's security policy"],
  [1200, 1250, 'blocked', 'IP listed by Cloudmark CSI / Spamhaus'],
  [1260, 1260, 'networkerror', 'IPv6 not accepted'],
  [1300, 1340, 'toomanyconn', 'connection limits'],
  [1350, 1490, 'speeding', 'message / recipient volume limits'],
  [1500, 1520, 'rejected', 'sending as another address'],
  [1530, 1530, 'mesgtoobig', 'message too large'],
  [1540, 1550, 'speeding', 'volume limits'],
  [1560, 1560, 'policyviolation', 'too many invalid recipients'],
  [1580, 1580, 'speeding', 'volume limits'],
];

function spectrum(input: ProviderText): Verdict | null {
  const token = tokenAfter(input.raw, 'AUP#', 16);
  const digits = token ? /(\d{4})/.exec(token)?.[1] : undefined;
  if (!digits) return null;
  const n = Number(digits);
  const range = SPECTRUM_RANGES.find(([lo, hi]) => n >= lo && n <= hi);
  return range ? { reason: range[2], from: `${SPECTRUM}: ${range[0]}${range[1] !== range[0] ? `-${range[1]}` : ''} (${range[3]})` } : null;
}

// ---- Orange / Wanadoo / La Poste: "OFR_416", "OFR004_405", "LPN007_426", "OUK_513"
const ORANGE = 'Orange postmaster SMTP error codes (OFR/LPN labels; postmaster.orange.fr, La Poste postmaster pages)';
const ORANGE_CODES: Readonly<Record<string, CodeRule>> = {
  '101': { reason: 'blocked', note: 'client IP on a block list' },
  '102': { reason: 'blocked', note: 'source IP blocked for spam' },
  '103': { reason: 'blocked', note: 'service refused' },
  '104': { reason: 'toomanyconn', note: 'too many connections' },
  '105': { reason: 'blocked', note: 'service refused, try later' },
  '107': { reason: 'blocked' },
  '108': { reason: 'blocked' },
  '109': { reason: 'blocked' },
  '305': { reason: 'securityerror', note: 'invalid authentication code' },
  '401': { reason: 'authfailure', note: 'SPF: not allowed to send' },
  '402': { reason: 'securityerror', note: 'authentication required' },
  '403': { reason: 'rejected', note: 'invalid sender' },
  '405': { reason: 'rejected' },
  '415': { reason: 'rejected' },
  '416': { reason: 'userunknown', note: 'invalid recipient' },
  '417': { reason: 'mailboxfull', note: 'recipient over quota' },
  '420': { reason: 'suspend', note: 'archived recipient' },
  '421': { reason: 'rejected', note: 'MAIL FROM not owned by user' },
  '426': { reason: 'suspend', note: 'recipient account blocked' },
  '505': { reason: 'systemerror' },
  '506': { reason: 'spamdetected', note: 'mail rejected (content)' },
  '510': { reason: 'blocked' },
  '514': { reason: 'mesgtoobig', note: 'message size limit' },
  '517': { reason: 'authfailure', note: 'DMARC verification failed' },
  '630': { reason: 'policyviolation', note: 'client host rejected' },
  '999': { reason: 'blocked', note: 'service refused' },
};

function orange(input: ProviderText): Verdict | null {
  // the code is the last number of the label: "OFR_416", "OFR004_405", "LPN007_426", "[416]"
  for (const label of ['ofr', 'lpn', 'ouk']) {
    const at = input.text.lastIndexOf(label);
    if (at === -1) continue;
    const m = /^[a-z]{0,3}\d{0,3}[_-](\d{3})\b/.exec(input.text.slice(at + label.length, at + label.length + 16));
    const hit = m ? byCode(m[1], ORANGE_CODES, ORANGE) : null;
    if (hit) return hit;
  }
  if (input.text.includes('spf/dns de votre nom de domaine')) return { reason: 'authfailure', from: `${ORANGE}: "SPF/DNS de votre nom de domaine" (the sending domain's SPF)` };
  return null;
}

// ---- GoDaddy (secureserver.net): "IBnnn"
const GODADDY = 'GoDaddy help "Fix rejected email with a bounce error" (IB codes)';
const GODADDY_CODES: Readonly<Record<string, CodeRule>> = {
  IB401: { reason: 'securityerror', note: 'authentication not allowed on inbound servers' },
  IB501: { reason: 'notcompliantrfc', note: 'blank From:' },
  IB502: { reason: 'notcompliantrfc', note: 'IP address as From:' },
  IB506: { reason: 'rejected', note: 'From: domain invalid' },
  IB508: { reason: 'authfailure', note: 'SPF does not authorise the server' },
  IB108: { reason: 'requireptr', note: 'reverse DNS failed' },
  IB212: { reason: 'spamdetected' },
  IB705: { reason: 'virusdetected' },
  IB605: { reason: 'toomanyconn', note: 'too many recipients in the message' },
  IB007: { reason: 'toomanyconn', note: 'too many sessions from the IP' },
  IB101: { reason: 'speeding', note: 'queue busy, try later' },
  IB110: { reason: 'blocked', note: 'IP blocked for an hour (spam)' },
  IB111: { reason: 'blocked' },
  IB112: { reason: 'blocked', note: 'IP blocked for mailing invalid recipients' },
  IB113: { reason: 'blocked' },
  IB504: { reason: 'speeding', note: 'too many messages this hour' },
  IB510: { reason: 'speeding', note: 'too many messages per session' },
  IB607: { reason: 'speeding', note: 'too many recipients this hour' },
  IB103: { reason: 'badreputation', note: 'poor Cloudmark CSI reputation' },
  IB104: { reason: 'blocked', note: 'Spamhaus SBL' },
  IB105: { reason: 'blocked', note: 'Spamhaus XBL' },
  IB106: { reason: 'blocked', note: 'Spamhaus PBL' },
};

function godaddy(input: ProviderText): Verdict | null {
  const m = /\b(IB\d{3})\b/.exec(input.raw.length > 4096 ? input.raw.slice(0, 4096) : input.raw);
  return m ? byCode(m[1], GODADDY_CODES, GODADDY) : null;
}

export const coxProvider: Provider = { name: 'cox', hosts: ['cox.net'], rules: COX_RULES, decide: cox };
export const spectrumProvider: Provider = { name: 'spectrum', hosts: ['charter.net', 'spectrum.net', 'twc.com', 'rr.com'], decide: spectrum };
export const orangeProvider: Provider = { name: 'orange', hosts: ['orange.fr', 'wanadoo.fr', 'laposte.net'], decide: orange };
export const godaddyProvider: Provider = { name: 'godaddy', hosts: ['secureserver.net'], decide: godaddy };
