// Google (Gmail, Google Workspace): its SMTP error reference lists each reply it sends with
// the code pair and the text; the texts are matched here (a Gmail reply is wrapped over
// "550-5.7.1 " continuation lines, which the prepared text drops). Google's own DSNs for DNS
// failures ("DNS Error: ... DNS type 'mx' lookup of <domain> responded with code NXDOMAIN")
// carry no reply at all; they are read by what the lookup answered.
import { firstRule } from './match.js';
import type { Provider, ProviderText, Rule, Verdict } from './types.js';

const PAGE = 'Google "Gmail SMTP errors and codes" (support.google.com/a/answer/3726730, as of 2026-02-12; older wordings noted)';
const g = (code: string, what: string) => `${PAGE}: ${code} "${what}"`;

const RULES: readonly Rule[] = [
  // the recipient
  { phrase: 'account that you tried to reach does not exist', reason: 'userunknown', from: g('550 5.1.1', 'The email account that you tried to reach does not exist') },
  { phrase: 'account that you tried to reach is disabled', reason: 'suspend', from: g('550 5.2.1', 'The email account that you tried to reach is disabled') },
  { phrase: 'account that you tried to reach is inactive', reason: 'suspend', from: g('550 5.2.1', 'The email account that you tried to reach is inactive') },
  { phrase: 'account that you tried to reach is over quota', reason: 'mailboxfull', from: g('452 4.2.2 / 552 5.2.2', 'The email account that you tried to reach is over quota (the wording before 2024)') },
  { phrase: 'inbox is out of storage space', reason: 'mailboxfull', from: g('452 4.2.2 / 552 5.2.2', "The recipient's inbox is out of storage space") },
  { phrase: "weren't able to find the recipient domain", reason: 'hostunknown', from: g('553 5.1.2', "We weren't able to find the recipient domain") },
  { phrase: "because the address couldn't be found", reason: 'userunknown', from: `${PAGE}; Gmail's bounce "wasn't delivered to <x> because the address couldn't be found, or is unable to receive mail"` },
  // limits: "mail" in the wordings before 2024, "email" since
  { phrase: 'receiving mail too quickly', reason: 'speeding', from: g('450 4.2.1', 'The user you are trying to contact is receiving mail too quickly') },
  { phrase: 'receiving email too quickly', reason: 'speeding', from: g('450 4.2.1', 'The user you are trying to contact is receiving email too quickly') },
  { phrase: 'receiving mail at a rate', reason: 'speeding', from: g('450 4.2.1 / 550 5.2.1', 'receiving mail at a rate that prevents additional messages from being delivered') },
  { phrase: 'receiving email at a rate', reason: 'speeding', from: g('450 4.2.1 / 550 5.2.1', 'receiving email at a rate that prevents additional messages from being delivered') },
  { phrase: 'smtp relay limit exceeded', reason: 'speeding', from: g('450 4.2.1 / 550 5.4.5', 'Peak / Daily SMTP relay limit exceeded') },
  { phrase: 'relay sending limit exceeded', reason: 'speeding', from: g('550 5.7.1', 'Daily SMTP relay sending limit exceeded for this customer') },
  { phrase: 'sending quota exceeded', reason: 'speeding', from: g('550 5.4.5', 'Daily user sending quota exceeded (the wording before 2024)') },
  { phrase: 'daily user sending limit exceeded', reason: 'speeding', from: g('550 5.4.5', 'Daily user sending limit exceeded') },
  { phrase: 'email quota exceeded', reason: 'speeding', from: g('550 5.7.1', 'Email quota exceeded') },
  { phrase: 'quota for sending messages that have the same message-id', reason: 'speeding', from: g('421 4.7.28', 'this sender exceeded the quota for sending messages that have the same Message-ID:') },
  { phrase: 'domain policy size per transaction exceeded', reason: 'toomanyconn', from: g('452 4.5.3', 'Domain policy size per transaction exceeded') },
  { phrase: 'your message has too many recipients', reason: 'toomanyconn', from: g('452 4.5.3', 'Your message has too many recipients') },
  // "552 5.2.3 Your message exceeded Google's message size limits" is left to its status
  // (X.2.3, the administrative limit: exceedlimit; fixtures/bounces/reasons-size-route.eml)
  // the sending host
  { phrase: 'very low reputation', reason: 'badreputation', from: g('421 4.7.0 / 550 5.7.1', 'This message is (likely) suspicious due to the very low reputation of the sending IP address / domain') },
  { phrase: 'unusual rate of unsolicited', reason: 'blocked', from: g('421 4.7.28 / 550 5.7.28', 'Gmail has detected an unusual rate of unsolicited email originating from your IP address / IP Netblock / DKIM or SPF domain') },
  { phrase: 'unusual amount of unsolicited', reason: 'blocked', from: g('421 4.7.28', 'Gmail has detected an unusual amount of unsolicited email originating from your IP address') },
  { phrase: 'detected an unusual rate of email', reason: 'speeding', from: g('421 4.7.28', 'Gmail has detected an unusual rate of email (originating from your IP address): temporarily rate limited') },
  { phrase: 'not authorized to send email directly to our servers', reason: 'blocked', from: g('550 5.7.1', "The IP you're using to send email is not authorized to send email directly to our servers") },
  { phrase: 'ip not in whitelist for rcpt domain', reason: 'blocked', from: g('421 4.7.0', 'IP not in whitelist for RCPT domain, closing connection') },
  { phrase: 'does not have a ptr record', reason: 'requireptr', from: g('421 4.7.0', 'The IP address sending this message does not have a PTR record') },
  { phrase: "doesn't have a ptr record", reason: 'requireptr', from: g('451 4.7.23 / 550 5.7.25', "the sending IP address doesn't have a PTR record") },
  { phrase: 'must issue a starttls command first', reason: 'failedstarttls', from: g('530 5.7.0', 'Must issue a STARTTLS command first') },
  { phrase: 'tls required for rcpt domain', reason: 'failedstarttls', from: g('421 4.7.0', 'TLS required for RCPT domain, closing connection') },
  { phrase: "you're not using a tls connection", reason: 'failedstarttls', from: g('421 4.7.29', "Your email has been rate limited because you're not using a TLS connection") },
  { phrase: "wasn't sent over a tls connection", reason: 'failedstarttls', from: g('550 5.7.29', "This message was blocked because it wasn't sent over a TLS connection") },
  { phrase: 'mail relay denied', reason: 'norelaying', from: g('550 5.7.0', '(E)mail relay denied') },
  { phrase: 'invalid credentials for relay', reason: 'securityerror', from: g('550 5.7.1', 'Invalid credentials for relay') },
  // the sender
  { phrase: 'mail sending denied', reason: 'rejected', from: g('550 5.7.0', '(E)mail sending denied (the sender account is disabled or not registered)') },
  { phrase: ['the sender address', 'is not a valid rfc 5321 address'], reason: 'rejected', from: g('553 5.1.7', 'The sender address <address> is not a valid RFC 5321 address') },
  // authentication
  { phrase: "is not accepted due to domain's dmarc policy", reason: 'authfailure', from: g('550 5.7.26 / 451 4.7.26', "Unauthenticated email from <domain> is not accepted due to domain's DMARC policy") },
  { phrase: 'unauthenticated email is not accepted from this domain', reason: 'authfailure', from: g('550 5.7.1', 'Unauthenticated email is not accepted from this domain') },
  { phrase: 'does not have authentication information', reason: 'authfailure', from: g('550 5.7.26', 'This message does not have authentication information or fails to pass authentication checks') },
  { phrase: 'fails to pass authentication checks', reason: 'authfailure', from: g('550 5.7.26', 'fails to pass authentication checks') },
  { phrase: 'fails to pass spf checks', reason: 'authfailure', from: g('550 5.7.26', 'has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks') },
  { phrase: 'sender is unauthenticated', reason: 'authfailure', from: g('550 5.7.26', 'This email has been blocked because the sender is unauthenticated') },
  { phrase: 'this mail is unauthenticated', reason: 'authfailure', from: g('550 5.7.26', 'This mail is unauthenticated, which poses a security risk to the sender and Gmail users') },
  { phrase: 'rate limited because it is unauthenticated', reason: 'authfailure', from: g('421 4.7.26', 'This email has been rate limited because it is unauthenticated') },
  { phrase: "spf authentication didn't pass", reason: 'authfailure', from: g('421 4.7.27', "Your email has been rate limited because SPF authentication didn't pass for this message") },
  { phrase: "didn't pass spf authentication", reason: 'authfailure', from: g('550 5.7.27', "This message was blocked because it didn't pass SPF authentication") },
  { phrase: "dkim authentication didn't pass", reason: 'authfailure', from: g('421 4.7.30', "Your email has been rate limited because DKIM authentication didn't pass for this message") },
  { phrase: "didn't pass dkim authentication", reason: 'authfailure', from: g('550 5.7.30', "This message was blocked because it didn't pass DKIM authentication") },
  { phrase: "doesn't have a dmarc record", reason: 'authfailure', from: g('421 4.7.40 / 550 5.7.40', "the sending domain doesn't have a DMARC record, or the DMARC record doesn't specify a DMARC policy") },
  { phrase: "isn't aligned with either the authenticated spf or dkim", reason: 'authfailure', from: g('421 4.7.32 / 5.7.32', "the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain") },
  { phrase: 'spf record of the sending domain has one or more suspicious entries', reason: 'authfailure', from: g('451 4.7.24 / 550 5.7.24', 'The SPF record of the sending domain has one or more suspicious entries') },
  // content and policy
  { phrase: 'likely unsolicited', reason: 'spamdetected', from: g('550 5.7.1', 'This message is likely unsolicited email (before 2024: "...likely unsolicited mail")') },
  { phrase: 'suspicious due to the nature of the content', reason: 'spamdetected', from: g('421 4.7.0', 'This message is suspicious due to the nature of the content or the links within') },
  { phrase: 'content presents a potential', reason: 'policyviolation', from: g('552 5.7.0', 'This message was blocked because its content presents a potential security issue') },
  { phrase: 'has a policy that prohibit', reason: 'policyviolation', from: g('550 5.7.1', 'The user or domain that you are sending to (or from) has a policy that prohibits (before 2024: prohibited) the email that you sent') },
  { phrase: ['this message violates', 'email policy'], reason: 'policyviolation', from: g('550 5.7.1', 'This message violates <domain> email policy (gcdp: a rule of the domain administrator)') },
  { phrase: 'messages with multiple addresses in', reason: 'notcompliantrfc', from: g('550 5.7.1', 'Messages with multiple addresses in (the) From: header are not accepted') },
  { phrase: 'missing a valid address in the from: header', reason: 'notcompliantrfc', from: g('550 5.7.1', 'Messages missing a valid address in the From: header, or having no From: header, are not accepted') },
  { phrase: 'missing a valid message-id', reason: 'notcompliantrfc', from: g('550 5.7.1', 'Messages missing a valid Message-ID: header are not accepted') },
  { phrase: 'missing a valid messageid', reason: 'notcompliantrfc', from: g('550 5.7.1', 'Messages missing a valid messageId header are not accepted') },
  { phrase: 'not rfc 5322 compliant', reason: 'notcompliantrfc', from: g('550 5.7.1', 'This message is not RFC 5322 compliant (duplicate headers, a missing or multiple From:, a malformed header)') },
  { phrase: 'not rfc 2822 compliant', reason: 'notcompliantrfc', from: g('550 5.7.1', 'Our system has detected that this message is not RFC 2822 compliant (the wording before RFC 5322)') },
  { phrase: 'encoded-word syntax is not permitted in message header', reason: 'notcompliantrfc', from: g('550 5.7.1', 'Encoded-word syntax is not permitted in message header <name>') },
  { phrase: 'unicode character in a disallowed header', reason: 'notcompliantrfc', from: g('550 5.7.1', 'The message contains a unicode character in a disallowed header') },
  { phrase: 'mail message is malformed', reason: 'contenterror', from: g('554 5.6.0', '(E)mail message is malformed. Not accepted') },
  { phrase: 'message exceeded 50 hops', reason: 'networkerror', from: g('554 5.4.6', 'Message exceeded 50 hops, this may indicate an email loop') },
  { phrase: 'temporary system problem', reason: 'systemerror', from: g('421 4.3.0', 'Temporary System Problem. Try again later') },
];

const DNS_PAGE = "Gmail's own delivery failure for DNS errors (\"DNS Error: ... DNS type 'mx' lookup of <domain> ...\")";
export const GOOGLE_DNS = "dns type 'mx' lookup of";

// Written with Status 4.0.0 while Google still retries (a network problem), 5.x once it gave up.
function dnsError(input: ProviderText): Verdict | null {
  const text = input.text;
  if (!text.includes(GOOGLE_DNS) && !text.startsWith('dns error:')) return null;
  if (text.includes('null mx')) return { reason: 'notaccept', from: `${DNS_PAGE}: returned Null MX (RFC 7505)` };
  if (text.includes('nxdomain') || text.includes('had no relevant answers') || text.includes('domain name not found')) {
    const final = input.status?.startsWith('5') ?? false;
    return { reason: final ? 'hostunknown' : 'networkerror', from: `${DNS_PAGE}: NXDOMAIN / no relevant answers, ${final ? 'given up' : 'still retried'}` };
  }
  return null;
}

export const google: Provider = {
  name: 'google',
  hosts: ['google.com', 'googlemail.com', 'gmail.com'],
  signatures: [GOOGLE_DNS],
  rules: RULES,
  decide: (input) => dnsError(input) ?? firstRule(input.prepared, RULES),
};
