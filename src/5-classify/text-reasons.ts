// Diagnostic text → reason, by plain lower-cased substring tables (no regular expressions
// over the text: it is hostile input). One flat table; each entry is one phrase with the
// reason it names and where it is met.
//
// Tier 1 phrases name a cause so precisely that they outrank the status code (a
// "5.7.1 ... DMARC policy" is an authentication failure, a "5.1.0 ... per its SPF record"
// too). Tier 2 phrases are the common wordings of common failures; a decisive status code
// (status-reasons.ts) wins over them.
//
// Within a tier, a wording that contains another is the more precise one and takes its
// place: "address that has been blacklisted" (a refused sender) wins over "blacklist" (a
// blocked client), "sending quota exceeded" (a sending limit) over "quota exceeded" (a full
// mailbox), wherever the two stand in the table. Between unrelated phrases the table order
// decides: the first matching entry wins. So the order only has to rank different causes
// met in one text, and a new, more precise wording can be added anywhere.
// A phrase is a string, or a pair [a, b]: a, then b within PAIR_GAP characters.
import type { Reason } from '../0-core/schema.js';
import { prepareText } from '../0-core/text.js';
import { GENERATOR_PHRASES } from './generator-texts.js';
import { keysAfterWarmUp, trigramKeys, trigrams } from './trigram-keys.js';

// callers and tests that read a text the way the phrase tables do
export { prepareText };

export type Phrase = string | readonly [string, string];

export interface PhraseEntry {
  reason: Reason;
  tier: 1 | 2;
  /** lower case, single spaces */
  phrase: Phrase;
  /** where the wording comes from (an RFC, the generating server's source or documentation, docs/formats.md, a corpus file) */
  from: string;
  /** only with this status code: the wording means this reason when paired with it */
  status?: string;
  /**
   * the phrase says something about the word before it ("<x> does not exist"): an address
   * or a mailbox (the reason given), or a domain name (index.ts reads that as the domain)
   */
  aboutPreceding?: boolean;
  /**
   * the phrase only as a word of its own: not inside a longer word, nor joined to one by a
   * hyphen or underscore (so "spam" is not found in "X-Spam-Flag", "antispam", "spam_rule")
   */
  whole?: boolean;
}

const PAIR_GAP = 120;

const OWN_PHRASES: readonly PhraseEntry[] = [
  // ---- tier 1: the cause is named; outranks the status code ----
  { tier: 1, reason: 'speeding', phrase: 'submission quota exceeded', from: 'Exchange Online 5.2.2 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'speeding', phrase: 'receiving mail too quickly', from: 'Gmail 450-4.2.1 "The user you are trying to contact is receiving mail too quickly" (support.google.com/a/answer/3726730)' },
  { tier: 1, reason: 'speeding', phrase: 'limits for how many messages', from: 'Outlook.com RP-001 "We have limits for how many messages can be sent per hour and per day"' },
  { tier: 1, reason: 'speeding', phrase: 'receiving mail at a rate', from: 'Gmail 550-5.2.1 ReceivingRatePerm (corpus lhost-postfix-59)' },
  { tier: 1, reason: 'speeding', phrase: 'daily limit for message recipients', from: 'Exchange Online 5.1.90 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'speeding', phrase: 'tenant has exceeded threshold', from: 'Exchange Online 5.7.700-749 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'blocked', phrase: 'blocked using', from: 'Postfix reject_rbl_client "Client host [ip] blocked using <dnsbl>" [PF src/smtpd/smtpd_check.c]; Barracuda "blocked using Barracuda Reputation"' },
  { tier: 1, reason: 'blocked', phrase: 'is in a black list', from: 'Exim dnslists default "rejected because <ip> is in a black list at <zone>" (Exim spec, ACL dnslists)' },
  // "reputation" alone names no verdict (a help URL, "Barracuda Reputation" a blocklist's name)
  { tier: 1, reason: 'badreputation', phrase: 'ip reputation', from: 'Outlook.com "temporarily rate limited due to IP reputation" (S3113; corpus rhost-microsoft-05)' },
  { tier: 1, reason: 'badreputation', phrase: 'low reputation', from: 'Gmail 421-4.7.0 / 550-5.7.1 "... very low reputation of the sending IP address / domain" (support.google.com/a/answer/3726730)' },
  { tier: 1, reason: 'badreputation', phrase: 'bad reputation', from: 'Deutsche Telekom (T-Online) 554 "IP=<ip> - None/bad reputation" (postmaster.t-online.de)' },
  { tier: 1, reason: 'badreputation', phrase: 'user complaints', from: 'Yahoo TSS04 "unexpected volume or user complaints" (corpus lhost-qmail-19)' },
  { tier: 1, reason: 'toomanyconn', phrase: 'connection rate limit', from: 'a 452 4.3.2 throttle (corpus lhost-postfix-09)' },
  { tier: 1, reason: 'toomanyconn', phrase: 'too many connections', from: 'common 421 text' },
  { tier: 1, reason: 'toomanyconn', phrase: 'too many concurrent', from: 'common 421 text' },
  { tier: 1, reason: 'speeding', phrase: 'recipients this hour', from: 'GoDaddy "has sent to too many recipients this hour" (corpus rhost-godaddy-03)' },
  { tier: 1, reason: 'toomanyconn', phrase: 'too many recipients', from: 'RFC 5321 §4.5.3.1.10 452 text; Exchange RESOLVER.ADR.RecipLimit (corpus lhost-postfix-55)' },
  { tier: 1, reason: 'speeding', phrase: 'too many recipients from', from: 'Postfix smtpd_client_recipient_rate_limit "Error: too many recipients from <client>" [PF src/smtpd/smtpd.c]' },
  { tier: 1, reason: 'speeding', phrase: 'too much mail from', from: 'Postfix smtpd_client_message_rate_limit "Error: too much mail from <client>" [PF src/smtpd/smtpd.c]' },
  { tier: 1, reason: 'speeding', phrase: 'sending quota exceeded', from: 'Gmail 550 5.4.5 "Daily user sending quota exceeded" (support.google.com/a/answer/3726730): a sending limit, not a full mailbox' },
  { tier: 1, reason: 'speeding', phrase: 'rate limit', from: 'providers throttling a sender ("rate limited", "rate limit exceeded")' },
  { tier: 1, reason: 'blocked', phrase: 'banned sending ip', from: 'Exchange Online 5.7.606-649 (docs/formats.md#exchange-component-codes; corpus lhost-qmail-09, rhost-microsoft-01)' },
  { tier: 1, reason: 'blocked', phrase: 'banned sender', from: 'Exchange Online 5.7.511 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'blocked', phrase: 'block list', from: 'Exchange Online 5.7.513 "customer block list" (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'rejected', phrase: 'address that has been blacklisted', from: 'an address (not a host) on a receiver\'s list: "you are sending to/from an address that has been blacklisted" (corpus lhost-exim-57)' },
  { tier: 1, reason: 'rejected', phrase: 'sender verify failed', from: 'Exim acl.c sender verification (verify = sender) "Sender verify failed"; ranked above the cPanel unroutable-domain text, which the same callout prints about the sender\'s domain' },
  { tier: 1, reason: 'hostunknown', phrase: 'the account or domain may not exist, they may be blacklisted, or missing the proper dns entries', from: 'cPanel\'s Exim cannot_route_message for an unroutable domain; it names blacklists only as a possibility (corpus lhost-exim-31)' },
  { tier: 1, reason: 'blocked', phrase: 'blocklist', from: 'DNS blocklist rejections' },
  { tier: 1, reason: 'blocked', phrase: 'blacklist', from: 'DNS blocklist rejections ("blacklisted")' },
  { tier: 1, reason: 'blocked', phrase: 'dnsbl', from: 'DNS blocklist rejections' },
  { tier: 1, reason: 'blocked', phrase: 'spamhaus', from: 'Spamhaus blocklist rejections ("blocked using zen.spamhaus.org")' },
  { tier: 1, reason: 'blocked', phrase: 'spamcop', from: 'SpamCop blocklist rejections' },
  // "reverse dns" alone is a mechanism, named in remedies and help texts too: only wordings that say it is missing or invalid
  { tier: 1, reason: 'requireptr', phrase: 'no reverse dns', from: 'MagicMail "will not accept messages from servers/devices with no reverse DNS" (corpus lhost-exim-39)' },
  { tier: 1, reason: 'requireptr', phrase: 'fix reverse dns', from: '"connections not accepted from servers without a valid sender domain. fix reverse DNS for <ip>" (corpus lhost-exim-43)' },
  { tier: 1, reason: 'requireptr', phrase: 'valid reverse dns', from: 'Comcast 554 "must have a PTR record with a valid reverse DNS entry" (postmaster.comcast.net/smtp-error-codes.php; corpus lhost-exim-33)' },
  { tier: 1, reason: 'requireptr', phrase: 'ptr record', from: 'receivers requiring a PTR record' },
  { tier: 1, reason: 'requireptr', phrase: 'unverifyable sending ip', from: '"service permits 2 unverifyable sending IPs - <host> is not <ip>": the client\'s name does not resolve to its address (corpus lhost-exim-41)' },
  { tier: 1, reason: 'requireptr', phrase: 'unverifiable sending ip', from: 'same, corrected spelling' },
  { tier: 1, reason: 'requireptr', phrase: 'cannot find your hostname', from: 'Postfix smtpd reject_unknown_client_hostname (postconf(5))' },
  { tier: 1, reason: 'requireptr', phrase: 'cannot find your reverse hostname', from: 'Postfix smtpd reject_unknown_reverse_client_hostname (postconf(5))' },
  { tier: 1, reason: 'blocked', phrase: 'helo command rejected', from: 'Postfix smtpd reject_unknown_helo_hostname / reject_non_fqdn_helo_hostname "Helo command rejected: Host not found" (a refusal of the client\'s HELO name, not of a destination) [PF src/smtpd/smtpd_check.c]' },
  { tier: 1, reason: 'blocked', phrase: 'ipcheck.proofpoint.com', from: 'Proofpoint\'s IP reputation refusal "554 Blocked - see https://ipcheck.proofpoint.com/?ip=<ip>"' },
  { tier: 1, reason: 'blocked', phrase: 'dynamically-assigned ip', from: 'Hotmail SC-001 "Hotmail does not relay dynamically-assigned IP ranges" (a refusal of the client\'s address range)' },
  { tier: 1, reason: 'blocked', phrase: 'traffic not accepted from this ip', from: 'Exchange Online 5.7.708 "Access denied, traffic not accepted from this IP" (Microsoft Learn, NDR 5.7.708)' },
  { tier: 1, reason: 'blocked', phrase: 'client host rejected', from: 'Postfix smtpd client restrictions (postconf(5))' },
  // a verdict on the content outranks the remedies such notices list after it ("Set up SPF records ...")
  { tier: 1, reason: 'spamdetected', phrase: 'spam classification', from: 'Google Groups "Your email to group <g> was rejected due to spam classification" (corpus rfc3464-61)' },
  // "dmarc" alone names a mechanism (remedy lists name it beside SPF and DKIM): the wordings that say it failed or refused
  { tier: 1, reason: 'authfailure', phrase: 'dmarc policy', from: 'Gmail 550-5.7.26 "not accepted due to domain\'s DMARC policy" (support.google.com/a/answer/3726730); Exchange Online 5.7.509 "has a DMARC policy of reject" (learn.microsoft.com, NDR 5.7.509); corpus lhost-postfix-73' },
  { tier: 1, reason: 'authfailure', phrase: 'dmarc verification', from: 'Exchange Online 5.7.509 "does not pass DMARC verification" (learn.microsoft.com, NDR 5.7.509)' },
  { tier: 1, reason: 'authfailure', phrase: 'dmarc check', from: 'Tencent "550 DMARC check failed" (corpus rhost-tencent-03)' },
  { tier: 1, reason: 'authfailure', phrase: 'dmarc fail', from: 'receivers reporting a DMARC evaluation of fail (RFC 7489 §6.6.2: the result is "fail")' },
  { tier: 1, reason: 'authfailure', phrase: 'dmarc validation', from: 'receivers reporting a failed DMARC validation (RFC 7489 §6.6)' },
  { tier: 1, reason: 'authfailure', phrase: 'spf record', from: 'SPF rejections (corpus lhost-office365-03)' },
  { tier: 1, reason: 'authfailure', phrase: 'spf check', from: 'SPF rejections' },
  { tier: 1, reason: 'authfailure', phrase: 'spf fail', from: 'pypolicyd-spf "Message rejected due to: SPF fail - not authorized" (Postfix policy service); "SPF failure"' },
  { tier: 1, reason: 'authfailure', phrase: 'openspf', from: 'SPF policy daemons point to the SPF project\'s explanation page "http://www.openspf.net/Why?s=mfrom;..." in their refusals (pypolicyd-spf, Mail::SPF)' },
  { tier: 1, reason: 'authfailure', phrase: ['spf', 'not allowed to send'], from: 'Exim/Mail::SPF "SPF: <ip> is not allowed to send mail from <domain>"' },
  { tier: 1, reason: 'authfailure', phrase: 'spf unauthorized', from: '"550 5.7.1 SPF unauthorized mail is prohibited" (Broadcom KB 162445)' },
  { tier: 1, reason: 'authfailure', phrase: 'spf validation', from: 'Exchange Online 4.7.26 "must pass either SPF or DKIM validation" (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'authfailure', phrase: 'sender policy framework', from: 'Exchange Online 5.7.23 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'authfailure', phrase: 'pass authentication checks', from: 'Gmail 550-5.7.1 "fails to pass authentication checks (SPF or DKIM)" (corpus lhost-sendmail-59)' },
  // "dkim" alone is a mechanism (a DKIM-Signature header, a signing notice); RFC 7372's own texts are in generator-texts.ts
  { tier: 1, reason: 'authfailure', phrase: 'dkim validation', from: 'Exchange Online 4.7.26 "must pass either SPF or DKIM validation" (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'authfailure', phrase: ['dkim', 'did not pass'], from: 'Gmail 550-5.7.26 "Authentication results: DKIM = did not pass" (support.google.com/a/answer/3726730)' },
  { tier: 1, reason: 'authfailure', phrase: 'sender is unauthenticated', from: 'Gmail 550-5.7.26 "This mail has been blocked because the sender is unauthenticated" (support.google.com/a/answer/3726730)' },
  // "policy violation" alone only as a last resort (below): a virus or spam refusal is often worded "policy violation: <what>"
  { tier: 1, reason: 'policyviolation', phrase: 'local policy violation', from: '"Local Policy Violation" (corpus lhost-postfix-51)' },
  { tier: 1, reason: 'policyviolation', phrase: 'policy that prohibited the mail', from: 'Gmail 550-5.7.1 "The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent" (support.google.com/a/answer/3726730)' },
  { tier: 1, reason: 'policyviolation', phrase: 'denied by policy', from: '"550 Denied by policy", a recipient server\'s content policy (Broadcom KB 162445)' },
  { tier: 1, reason: 'policyviolation', phrase: 'policy reasons', from: 'Yahoo/AOL 554 5.7.9 "not accepted for policy reasons" (corpus lhost-postfix-67)' },
  // as words of their own: "antivirus", "anti-virus", "virus_scan" name a scanner, not a finding
  { tier: 1, reason: 'virusdetected', phrase: 'virus', whole: true, from: 'virus scanner rejections ("554 5.7.0 Reject, id=... - VIRUS: <name>", amavisd-new)' },
  { tier: 1, reason: 'virusdetected', phrase: 'malware', whole: true, from: 'virus scanner rejections (Exim spec, malware ACL condition example "This message contains malware")' },
  { tier: 1, reason: 'spamdetected', phrase: ' - spam', from: 'amavisd-new "Reject, id=... - SPAM" (corpus lhost-amavis-03)' },
  { tier: 1, reason: 'spamdetected', phrase: 'content rejected, ube', from: 'amavisd-new "Message content rejected, UBE" (unsolicited bulk e-mail; corpus lhost-barracuda-01)' },
  // "<verb> as spam" is a verdict on the message, whichever verb the filter uses
  { tier: 1, reason: 'spamdetected', phrase: 'as spam', from: 'Exchange content filter "550 5.7.1 Message rejected as spam by Content Filtering" (Microsoft Learn, Exchange Server content filtering); Exchange Online 5.7.350 "message detected as spam" (Microsoft Learn, NDR 5.7.350)' },
  { tier: 1, reason: 'spamdetected', phrase: 'scored as spam', from: 'content filter score (corpus lhost-postfix-39)' },
  { tier: 1, reason: 'spamdetected', phrase: 'considered spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'considered as spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'classified as spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'detected as spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'identified as spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'looks like spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'may consider spam', from: 'content filters: "matches a profile the Internet community may consider spam"' },
  { tier: 1, reason: 'spamdetected', phrase: 'probability of spam', from: 'content filters: "High probability of spam"' },
  { tier: 1, reason: 'spamdetected', phrase: 'spam detected', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'rejected as spam', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'spam message', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'spam score', from: 'content filter rejections' },
  { tier: 1, reason: 'spamdetected', phrase: 'likely unsolicited', from: 'Gmail 550-5.7.1 "likely unsolicited mail"' },
  { tier: 1, reason: 'systemfull', phrase: 'insufficient system storage', from: 'RFC 5321 §4.2.3 452 text' },
  { tier: 1, reason: 'systemfull', phrase: 'no space left on device', from: 'local delivery write errors (ENOSPC)' },
  { tier: 1, reason: 'systemfull', phrase: 'insufficient disk space', from: 'sendmail 452 4.4.5 "Insufficient disk space" (corpus lhost-sendmail-39)' },
  { tier: 1, reason: 'mailboxfull', phrase: 'mailbox full', from: 'Exchange STOREDRV 5.2.2 (docs/formats.md#exchange-component-codes), sendmail, many' },
  { tier: 1, reason: 'mailboxfull', phrase: 'mailbox is full', from: 'many MTAs' },
  { tier: 1, reason: 'mailboxfull', phrase: 'due to a full mailbox', from: 'RFC 3463 X.2.2 "Mailbox full" in the word order of a notice that says delivery "has failed due to a full mailbox" (one sample, corpus bounces__unknown_code_bounce_01: a guess at the family\'s wording)' },
  { tier: 1, reason: 'mailboxfull', phrase: 'inbox is full', from: 'many MTAs' },
  { tier: 1, reason: 'mailboxfull', phrase: 'mailbox has exceeded', from: 'many MTAs' },
  { tier: 1, reason: 'mailboxfull', phrase: 'mailbox size limit', from: 'Postfix local mailbox_size_limit' },
  { tier: 1, reason: 'mailboxfull', phrase: 'over quota', from: 'vpopmail "user is over quota" (docs/formats.md#qmail-variants), maildrop (docs/formats.md#local-delivery-agents)' },
  { tier: 1, reason: 'mailboxfull', phrase: 'quota exceeded', from: 'dovecot, procmail, "Disk quota exceeded" (docs/formats.md#local-delivery-agents; corpus lhost-postfix-45)' },
  { tier: 1, reason: 'mailboxfull', phrase: 'exceeded storage allocation', from: 'RFC 5321 §4.2.3 552 text' },
  { tier: 1, reason: 'mailboxfull', phrase: 'out of storage space', from: 'Gmail 552-5.2.2 (support.google.com/a/answer/3726730)' },
  { tier: 1, reason: 'suspend', phrase: 'account has been disabled', from: 'provider texts (Gmail 5.2.1)' },
  { tier: 1, reason: 'suspend', phrase: 'account is disabled', from: 'provider texts' },
  { tier: 1, reason: 'suspend', phrase: 'account disabled', from: 'provider texts' },
  { tier: 1, reason: 'suspend', phrase: 'account that you tried to reach is disabled', from: 'Gmail 550 5.2.1' },
  { tier: 1, reason: 'suspend', phrase: 'account is locked', from: 'vpopmail vdelivermail "account is locked email bounced" (docs/formats.md#qmail-variants)' },
  { tier: 1, reason: 'suspend', phrase: 'account suspended', from: 'provider texts' },
  { tier: 1, reason: 'suspend', phrase: 'account has been suspended', from: 'provider texts' },
  { tier: 1, reason: 'suspend', phrase: 'mailbox suspended', from: 'provider texts' },
  { tier: 1, reason: 'suspend', phrase: 'temporarily locked', from: 'provider texts (a locked account)' },
  { tier: 1, reason: 'suspend', phrase: 'temporary locked', from: 'same, as written in corpus lhost-amazonses-19' },
  { tier: 1, reason: 'suspend', phrase: 'account is blocked', from: 'Orange "The recipient account is blocked" (corpus rhost-franceptt-05)' },
  { tier: 1, reason: 'suspend', phrase: 'tried to reach is inactive', from: 'Gmail 550-5.2.1 "The email account that you tried to reach is inactive" (corpus rhost-google-07)' },
  { tier: 1, reason: 'suspend', phrase: 'mailbox is disabled', from: 'provider texts' },
  { tier: 1, reason: 'suspend', phrase: 'mailbox disabled', from: 'RFC 3463 X.2.1 wording' },
  { tier: 1, reason: 'suspend', phrase: 'mailbox is frozen', from: 'i.ua 550 (corpus lhost-postfix-61)' },
  { tier: 1, reason: 'suspend', phrase: 'administrativly disabled', from: 'qmail-ldap "Mailaddress is administrativly disabled" (sic, docs/formats.md#qmail-variants)' },
  { tier: 1, reason: 'suspend', phrase: 'administratively disabled', from: 'qmail-ldap, corrected spelling (docs/formats.md#qmail-variants)' },
  { tier: 1, reason: 'hasmoved', phrase: 'has moved', from: 'RFC 3463 X.1.6 wording' },
  { tier: 1, reason: 'hasmoved', phrase: 'user not local', from: 'RFC 5321 §4.2.3 551 text' },
  { tier: 1, reason: 'notcompliantrfc', phrase: 'multiple addresses in from', from: 'Gmail 550-5.7.1 (corpus lhost-postfix-29)' },
  { tier: 1, reason: 'notcompliantrfc', phrase: 'rfc 5322 compliant', from: 'Gmail 550-5.7.1 "not RFC 5322 compliant"' },
  { tier: 1, reason: 'notcompliantrfc', phrase: 'rfc5322 compliant', from: 'same, other spelling' },
  { tier: 1, reason: 'notcompliantrfc', phrase: ['rfc 5322 section', 'compliant'], from: 'Exchange Online 5.7.512 "message must be RFC 5322 section 3.6.2 compliant" (Microsoft Learn, NDR 5.7.512)' },
  { tier: 1, reason: 'userunknown', phrase: 'recipient address rejected: access denied', status: '5.4.1', from: 'Exchange Online directory-based edge blocking: "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)" for an address that is not in the tenant (learn.microsoft.com, NDR 5.4.1; corpus lhost-mimecast-01)' },
  { tier: 1, reason: 'userunknown', phrase: 'unknown user: "', from: 'Postfix local(8) \'unknown user: "name"\', whatever its diagnostic type (docs/formats.md#postfix-recipient-lines [PF src/local/unknown.c])' },
  { tier: 1, reason: 'securityerror', phrase: 'unauthenticated senders', from: '"Unauthenticated senders not allowed" (corpus lhost-postfix-65)' },
  { tier: 1, reason: 'securityerror', phrase: 'client was not authenticated', from: 'Exchange Online 5.7.57 (docs/formats.md#office365)' },
  { tier: 1, reason: 'rejected', phrase: 'sender address rejected', from: 'Postfix smtpd sender restrictions (corpus lhost-office365-05, lhost-yahoo-11)' },
  { tier: 1, reason: 'rejected', phrase: 'domain of sender address', from: 'sendmail "Domain of sender address ... does not exist" (corpus lhost-postfix-11)' },
  { tier: 1, reason: 'rejected', phrase: 'sender rejected', from: 'many MTAs refusing MAIL FROM' },
  { tier: 1, reason: 'rejected', phrase: 'purported responsible address', from: 'Sender ID (RFC 4407) checks (corpus lhost-courier-03)' },
  { tier: 1, reason: 'rejected', phrase: 'bad outbound sender', from: 'Exchange Online 5.1.8 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'norelaying', phrase: 'relay access denied', from: 'Postfix smtpd reject_unauth_destination' },
  { tier: 1, reason: 'norelaying', phrase: 'relaying denied', from: 'sendmail "Relaying denied"' },
  { tier: 1, reason: 'norelaying', phrase: 'relay denied', from: 'common text' },
  { tier: 1, reason: 'norelaying', phrase: 'unable to relay', from: 'Exchange 5.7.1 "Unable to relay" (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'norelaying', phrase: 'relaying not allowed', from: 'common text' },
  { tier: 1, reason: 'norelaying', phrase: "isn't in my list of allowed rcpthosts", from: 'qmail-smtpd "553 sorry, that domain isn\'t in my list of allowed rcpthosts (#5.7.1)" [QMAIL-SRC qmail-smtpd.c]' },
  { tier: 1, reason: 'norelaying', phrase: 'relay not permitted', from: 'Exim default configuration, ACL for unauthorised relaying "relay not permitted" [EXIM src/src/configure.default]' },
  { tier: 1, reason: 'norelaying', phrase: 'not permitted to relay', from: 'common text' },
  { tier: 1, reason: 'failedstarttls', phrase: 'must issue a starttls command first', from: 'Postfix smtpd with smtpd_tls_security_level=encrypt "530 5.7.0 Must issue a STARTTLS command first" [PF src/smtpd/smtpd.c]; Gmail' },
  { tier: 1, reason: 'failedstarttls', phrase: 'starttls is required', from: 'Exchange Online 4.4.317 (docs/formats.md#exchange-component-codes)' },
  { tier: 1, reason: 'failedstarttls', phrase: 'must issue a starttls', from: 'Gmail 530 5.7.0' },
  { tier: 1, reason: 'failedstarttls', phrase: 'tls is required', from: 'receivers requiring TLS' },

  // ---- tier 2: common wordings; a decisive status code outranks them ----
  { tier: 2, reason: 'blocked', phrase: 'refused to talk to me', from: 'Postfix smtp client, greeting refused (docs/formats.md#postfix-recipient-lines; corpus lhost-postfix-49)' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message too large', from: 'many MTAs' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message is too large', from: 'many MTAs' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message too big', from: 'many MTAs' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message is too big', from: 'many MTAs' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message size exceeds', from: 'Postfix "message size exceeds fixed limit", Exchange ROUTING.SizeLimit' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'exceeds the maximum message size', from: 'Exchange 2007 human text (corpus lhost-exchange2007-03)' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message length exceeds', from: 'RFC 3463 X.2.3/X.3.4 wording' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'maximum fixed size', from: 'sendmail "552 5.2.3 Message exceeds maximum fixed size (<n>)" (MaxMessageSize) [SM srvrsmtp.c]' },
  { tier: 2, reason: 'mesgtoobig', phrase: 'size limit', from: '"message size limit exceeded", Gmail "exceeded Google\'s message size limits"' },
  { tier: 2, reason: 'notaccept', phrase: 'null mx', from: 'RFC 7505' },
  { tier: 2, reason: 'notaccept', phrase: 'does not accept mail', from: 'RFC 7505 §3 556 text' },
  { tier: 2, reason: 'notaccept', phrase: 'no mx record found', from: 'Yahoo "No mx record found for domain=" (corpus lhost-yahoo-09)' },
  { tier: 2, reason: 'notaccept', phrase: "couldn't find a mail exchanger or ip address", from: 'qmail-remote (#5.4.4) (docs/formats.md#qmail-texts)' },
  { tier: 2, reason: 'hostunknown', phrase: "couldn't find any host named", from: 'qmail-remote (#5.1.2) (docs/formats.md#qmail-texts)' },
  { tier: 2, reason: 'hostunknown', phrase: "couldn't find any host by that name", from: 'qmail-remote (#4.1.2) (docs/formats.md#qmail-texts)' },
  // an MTA giving up once its retry time ran out ("Connection timed out: retry timeout
  // exceeded") reads as the status codes X.4.1 and X.4.7 it writes then do (1.5, 6.5:
  // expired); the transient error that kept recurring reads as a network error only while
  // the MTA still retries
  { tier: 2, reason: 'expired', phrase: 'queue too long', from: 'qmail-send (docs/formats.md#qmail)' },
  { tier: 2, reason: 'expired', phrase: 'message expired', from: 'Exchange QUEUE.Expired (docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'expired', phrase: 'retry timeout exceeded', from: 'Exim (docs/formats.md#exim)' },
  { tier: 2, reason: 'expired', phrase: 'after multiple retries', from: 'Yahoo "Unable to deliver message after multiple retries, giving up." (corpus lhost-yahoo-13)' },
  { tier: 2, reason: 'expired', phrase: 'delivery time expired', from: 'RFC 3463 X.4.7 wording' },
  { tier: 2, reason: 'expired', phrase: 'message could not be delivered for', from: 'sendmail queue timeout "Message could not be delivered for <n> days" (corpus lhost-sendmail-21)' },
  { tier: 2, reason: 'expired', phrase: 'will be deleted from queue', from: 'sendmail queue timeout "Message will be deleted from queue" (corpus lhost-sendmail-21)' },
  { tier: 2, reason: 'expired', phrase: 'could not send message for past', from: 'sendmail delay warning "Warning: could not send message for past <n> hours"' },
  { tier: 2, reason: 'expired', phrase: 'have been failing for a long time', from: 'Exim "all hosts for <d> have been failing for a long time (and retry time not reached)" [EXIM deliver.c] (docs/formats.md#exim)' },
  { tier: 2, reason: 'expired', phrase: 'retry time not reached for any host', from: 'Exim "retry time not reached for any host after a long failure period" [EXIM deliver.c] (docs/formats.md#exim)' },
  { tier: 2, reason: 'expired', phrase: 'exceeded max time without delivery', from: 'Symantec Messaging Gateway "554 5.4.7 [internal] exceeded max time without delivery" (Broadcom KB)' },
  { tier: 2, reason: 'networkerror', phrase: 'host not found, try again', from: 'Postfix dns_lookup: the resolver\'s TRY_AGAIN, a DNS failure still retried, not a missing domain [PF src/dns/dns_lookup.c] (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'networkerror', phrase: 'temporary failure in name resolution', from: 'resolver error text (EAI_AGAIN)' },
  { tier: 2, reason: 'hostunknown', phrase: "domain couldn't be found", from: 'Google "** Domain not found ** ... because the domain <d> couldn\'t be found" (docs/formats.md#google-family)' },
  { tier: 2, reason: 'hostunknown', phrase: 'host not found', from: 'Postfix dns_lookup "Host not found" (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'hostunknown', phrase: 'domain name not found', from: 'Postfix "Host or domain name not found" (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'hostunknown', phrase: 'host unknown', from: 'sendmail "Host unknown"' },
  { tier: 2, reason: 'hostunknown', phrase: 'unknown host', from: 'common text' },
  { tier: 2, reason: 'hostunknown', phrase: 'domain not found', from: 'common text' },
  { tier: 2, reason: 'hostunknown', phrase: 'no such domain', from: 'Courier "No such domain" (docs/formats.md#courier)' },
  { tier: 2, reason: 'hostunknown', phrase: 'domain does not exist', from: 'common text' },
  { tier: 2, reason: 'hostunknown', phrase: 'nonexistent domain', from: 'Exchange SMTPSEND.DNS.NonExistentDomain (docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'hostunknown', phrase: 'unrouteable address', from: 'Exim (docs/formats.md#exim)' },
  { tier: 2, reason: 'hostunknown', phrase: 'point to non-existent hosts', from: 'Exim "all relevant MX records point to non-existent hosts" (docs/formats.md#exim)' },
  { tier: 2, reason: 'hostunknown', phrase: 'name or service not known', from: 'resolver error text (EAI_NONAME)' },
  { tier: 2, reason: 'hostunknown', phrase: 'domain is not reachable', from: 'Hotmail 554 "the domain is not reachable. Please check the domain" (corpus lhost-outlook-03)' },
  { tier: 2, reason: 'userunknown', phrase: 'no mailbox here by that name', from: 'qmail-local (#5.1.1), vpopmail, chkuser (docs/formats.md#qmail-texts, docs/formats.md#qmail-variants)' },
  { tier: 2, reason: 'userunknown', phrase: 'user unknown', from: 'sendmail, Postfix smtpd, many' },
  { tier: 2, reason: 'userunknown', phrase: 'unknown user', from: 'Postfix local "unknown user" (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'userunknown', phrase: 'no such user', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'no such recipient', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'no such mailbox', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'recipient not found', from: 'Exchange Online RESOLVER.ADR.RecipientNotFound (docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'userunknown', phrase: 'recipnotfound', from: 'Exchange RESOLVER.ADR.RecipNotFound (docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'userunknown', phrase: 'user not found', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'mailbox not found', from: 'RFC 5321 §4.2.3 550 text' },
  { tier: 2, reason: 'userunknown', phrase: 'mailbox unavailable', from: 'RFC 5321 §4.2.3 550 text' },
  { tier: 2, reason: 'userunknown', phrase: 'mailbox does not exist', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: "mailbox doesn't exist", from: 'dovecot (docs/formats.md#local-delivery-agents)' },
  { tier: 2, reason: 'userunknown', phrase: 'unknown recipient', from: 'Exchange 5.5 IMS, Exchange Online 5.1.351 (docs/formats.md#exchange2003, docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'userunknown', phrase: 'recipient unknown', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'not a valid recipient', from: 'Yahoo "554 delivery error: dd Not a valid recipient" (senders.yahooinc.com SMTP error codes)' },
  { tier: 2, reason: 'userunknown', phrase: 'address could not be found', from: '"Email address could not be found, or was misspelled"' },
  { tier: 2, reason: 'userunknown', phrase: "address couldn't be found", from: 'Google "** Address not found ** ... because the address couldn\'t be found" (docs/formats.md#google-family; corpus rfc3464-65)' },
  { tier: 2, reason: 'userunknown', phrase: 'address not found', from: 'Google "** Address not found **" headline (docs/formats.md#google-family)' },
  { tier: 2, reason: 'userunknown', phrase: 'bad destination mailbox address', from: 'RFC 3463 X.1.1 wording used as reply text' },
  { tier: 2, reason: 'userunknown', phrase: 'not a registered gateway user', from: 'RFC 3464 Appendix example (RFC 1894 §A.3): a gateway that does not know the recipient named in the reply (corpus rfc3464-35)' },
  { tier: 2, reason: 'userunknown', phrase: 'invalid recipient', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'invalid mailbox', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'unknown address', from: 'Amazon SES "Unknown address error" (docs/formats.md#amazonses)' },
  { tier: 2, reason: 'userunknown', phrase: 'address unknown', from: 'many MTAs' },
  { tier: 2, reason: 'userunknown', phrase: 'not listed in domino directory', from: 'Domino (docs/formats.md#domino)' },
  { tier: 2, reason: 'userunknown', phrase: 'recipient name is not recognized', from: 'Exchange 5.5 IMS (docs/formats.md#exchange2003)' },
  { tier: 2, reason: 'userunknown', phrase: "wasn't found at", from: 'Exchange Online NDR layout B "<local> wasn\'t found at <domain>" (docs/formats.md#office365)' },
  { tier: 2, reason: 'userunknown', phrase: "this user doesn't have", from: 'Yahoo "This user doesn\'t have a yahoo.com account" (corpus rhost-yahooinc-03)' },
  { tier: 2, reason: 'userunknown', phrase: 'does not exist', aboutPreceding: true, from: 'Gmail "The email account that you tried to reach does not exist", many; "<domain> does not exist" names a domain (corpus lhost-exim-37)' },
  { tier: 2, reason: 'userunknown', phrase: "doesn't exist", aboutPreceding: true, from: 'dovecot "Mailbox doesn\'t exist" (docs/formats.md#local-delivery-agents), "user doesn\'t exist"' },
  { tier: 2, reason: 'networkerror', phrase: 'name service error', from: 'Postfix dns_lookup, DNS failure other than NXDOMAIN (docs/formats.md#postfix-recipient-lines; corpus lhost-postfix-17)' },
  { tier: 2, reason: 'networkerror', phrase: 'connection timed out', from: 'Postfix smtp_connect (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'networkerror', phrase: 'timed out while', from: 'Postfix "conversation with ... timed out while" (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'networkerror', phrase: 'connection refused', from: 'Postfix smtp_connect (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'networkerror', phrase: 'no route to host', from: 'socket error text' },
  { tier: 2, reason: 'networkerror', phrase: 'network is unreachable', from: 'socket error text' },
  { tier: 2, reason: 'networkerror', phrase: 'lost connection', from: 'Postfix "lost connection with ... while" (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'networkerror', phrase: 'connection reset', from: 'socket error text' },
  { tier: 2, reason: 'networkerror', phrase: 'connection died', from: 'qmail-remote (#4.4.2) (docs/formats.md#qmail-texts)' },
  { tier: 2, reason: 'networkerror', phrase: 'loops back to myself', from: 'Postfix smtp_addr (docs/formats.md#postfix-recipient-lines)' },
  { tier: 2, reason: 'networkerror', phrase: 'routing loop', from: 'RFC 3463 X.4.6 wording; Exchange Online 5.4.14 (§4.6)' },
  { tier: 2, reason: 'networkerror', phrase: 'mail loop', from: 'common text' },
  { tier: 2, reason: 'networkerror', phrase: 'too many hops', from: 'Exchange 5.5 IMS 00120270 (docs/formats.md#exchange2003), sendmail' },
  { tier: 2, reason: 'networkerror', phrase: 'dns query failed', from: 'Exchange Online 4.4.312 (docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'networkerror', phrase: 'dns error', from: 'Google "DNS Error: ... lookup of ... had no relevant answers" (corpus rhost-gsuite-13)' },
  // greylisting (RFC 6647): the receiver defers a client it has not seen with this sender and
  // recipient; a refusal aimed at the sending host, temporary by design
  { tier: 2, reason: 'blocked', phrase: 'greylist', from: 'RFC 6647; Postgrey "Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/<d>.html"' },
  { tier: 2, reason: 'blocked', phrase: 'graylist', from: 'same, American spelling ("graylisted")' },
  { tier: 2, reason: 'syntaxerror', phrase: 'syntax error', from: 'RFC 5321 §4.2.3 500/501 texts' },
  { tier: 2, reason: 'syntaxerror', phrase: 'command not recognized', from: 'RFC 5321 §4.2.3 500 text' },
  { tier: 2, reason: 'syntaxerror', phrase: 'command not implemented', from: 'RFC 5321 §4.2.3 502 text' },
  { tier: 2, reason: 'syntaxerror', phrase: 'bad sequence of commands', from: 'RFC 5321 §4.2.3 503 text' },
  { tier: 2, reason: 'syntaxerror', phrase: 'parameter not implemented', from: 'RFC 5321 §4.2.3 504 text (corpus lhost-postfix-53)' },
  { tier: 2, reason: 'policyviolation', phrase: 'protocol violation', from: 'a receiver refusing a client that broke its protocol rules (corpus lhost-postfix-41)' },
  { tier: 2, reason: 'securityerror', phrase: 'authentication required', from: 'common 530 text; Exchange RESOLVER.RST.AuthRequired (docs/formats.md#exchange-component-codes)' },
  { tier: 2, reason: 'securityerror', phrase: 'authentication is required', from: 'common 530 text' },
  { tier: 2, reason: 'securityerror', phrase: 'smtp authentication', from: 'receivers asking for SMTP AUTH (corpus rhost-messagelabs-01)' },
  { tier: 2, reason: 'securityerror', phrase: 'must authenticate', from: 'common 530 text' },
  { tier: 2, reason: 'requireptr', phrase: 'mismatches client ip', from: 'Hotmail "domain [..] mismatches client ip" (corpus lhost-outlook-09, rhost-outlook-09)' },
  { tier: 2, reason: 'norelaying', phrase: 'email address is not verified', from: 'Amazon SES SMTP: unverified sender identity (corpus lhost-postfix-77)' },
  { tier: 2, reason: 'systemerror', phrase: 'transaction failed', from: 'RFC 5321 §4.2.3 554 text (corpus lhost-postfix-47)' },
  { tier: 2, reason: 'systemerror', phrase: 'queue file write error', from: 'Postfix cleanup (corpus lhost-postfix-75)' },
  { tier: 2, reason: 'systemerror', phrase: 'local error in processing', from: 'RFC 5321 §4.2.3 451 text' },
  { tier: 2, reason: 'systemerror', phrase: 'service currently unavailable', from: 'RFC 5321 421/554 "service not available" wordings (corpus lhost-surfcontrol-03)' },
  { tier: 2, reason: 'systemerror', phrase: 'service not available', from: 'RFC 5321 §4.2.3 421 text' },
  { tier: 2, reason: 'systemerror', phrase: 'system error', from: 'common text' },
  { tier: 2, reason: 'systemerror', phrase: 'internal error', from: 'common text' },
  { tier: 2, reason: 'systemerror', phrase: 'configuration error', from: 'common text' },
  { tier: 2, reason: 'systemerror', phrase: 'ldap server', from: 'qmail-ldap "Unable to contact LDAP server" (docs/formats.md#qmail-variants)' },
  { tier: 2, reason: 'contenterror', phrase: 'invalid characters', from: 'Exchange Online 5.6.11 (docs/formats.md#exchange-component-codes)' },

  // ---- additions from issue 4 (formats-b) go below this line, same shape ----
  { tier: 2, reason: 'userunknown', phrase: 'user not exist', from: '"550 <addr>... User not exist" (corpus lhost-mcafee-05)' },
  { tier: 1, reason: 'policyviolation', phrase: 'header error', from: 'a receiving site\'s header checks refusing the message ("554 5.7.0 Header error"; corpus lhost-exim-03, lhost-sendmail-09)' },
  { tier: 1, reason: 'blocked', phrase: 'use the smtp server of your isp', from: 'port-25 blocking of dynamic client addresses (corpus lhost-exim-01)' },
  { tier: 1, reason: 'blocked', phrase: 'which is an open relay', from: 'a receiver refusing a client listed as an open relay (corpus lhost-v5sendmail-07)' },
  { tier: 1, reason: 'failedstarttls', phrase: 'does not support tls', from: 'Gmail "500 Remote server does not support TLS" (corpus lhost-gmail-07)' },
  { tier: 1, reason: 'notaccept', phrase: 'indicated no smtp service', from: 'Exim "an MX or SRV record indicated no SMTP service", a null MX [EXIM routers/dnslookup.c] (corpus lhost-mailru-05)' },
  { tier: 1, reason: 'mailboxfull', phrase: 'mailfolder is full', from: '"the user\'s mailfolder is full" (corpus lhost-x4-01)' },
  { tier: 1, reason: 'networkerror', phrase: 'hop count exceeded', from: 'RFC 5321 6.3 loop detection, X.4.6 (corpus lhost-x6-01, lhost-domino-03)' },
  { tier: 1, reason: 'norelaying', phrase: 'no relaying', from: 'relay refusal wording (corpus lhost-dragonfly-15)' },
  { tier: 1, reason: 'authfailure', phrase: 'does not have authentication information', from: 'Gmail 550-5.7.1 / 5.7.26 (corpus lhost-sendmail-59)' },
  { tier: 1, reason: 'systemerror', phrase: 'internal system error', from: 'WorkMail "Internal System Error" (corpus lhost-amazonworkmail-03, lhost-dragonfly-23)' },
  { tier: 1, reason: 'mailererror', phrase: 'mailer error', from: 'local mailer failure wording (corpus lhost-dragonfly-13)' },
  { tier: 1, reason: 'contenterror', phrase: 'media error', from: 'RFC 3463 X.6.0 "Other or undefined media error" as reply text (corpus lhost-dragonfly-07)' },
  { tier: 1, reason: 'securityerror', phrase: 'delivery not authorized', from: 'RFC 3463 X.7.1 "Delivery not authorized, message refused" as reply text (corpus lhost-dragonfly-19)' },
  { tier: 1, reason: 'policyviolation', phrase: 'content presents a potential', from: 'Gmail 552-5.7.0 "its content presents a potential security issue" (corpus lhost-sendmail-31)' },
  { tier: 1, reason: 'networkerror', phrase: 'host name lookup failure', from: 'sendmail "Deferred: Name server: <host>: host name lookup failure" (a DNS failure behind a queue expiry; corpus lhost-sendmail-11)' },
];

// Last in the table: a word that names a verdict, when no wording above named a cause.
const LAST_RESORT: readonly PhraseEntry[] = [
  // a policy verdict outranks a code (a "554 5.2.3 ... policy violation" is not a size limit), but
  // any wording that says what the policy found ("policy violation: virus") comes first
  { tier: 1, reason: 'policyviolation', phrase: 'policy violation', from: 'receivers naming a policy verdict ("Local Policy Violation", corpus lhost-postfix-51); last in tier 1 so that the finding it names decides' },
  // "spam" as a word of its own is what a refusal calls the message ("451 SPAM not accepted",
  // rspamd's "Spam message rejected", Exim's "... spam points"); inside "X-Spam-Flag",
  // "antispam" or "spamhaus" it names a header, a product or a list, and does not count
  { tier: 2, reason: 'spamdetected', phrase: 'spam', whole: true, from: 'refusals that call the message spam: rspamd reject_message "Spam message rejected" (rspamd docs), Exim spec spam ACL example, spamass-milter "Blocked by SpamAssassin"' },
  { tier: 2, reason: 'spamdetected', phrase: 'unsolicited', whole: true, from: 'refusals that call the message unsolicited: Gmail 550-5.7.1 "likely unsolicited mail" (support.google.com/a/answer/3726730); RFC 2505 "unsolicited bulk email"' },
];

/** The whole table: our own entries, the generators' texts (generator-texts.ts), then the last resort. */
export const PHRASES: readonly PhraseEntry[] = [...OWN_PHRASES, ...GENERATOR_PHRASES, ...LAST_RESORT];

// characters that continue a word, for `whole` phrases
const WORD_CHAR = /[a-z0-9_-]/;

/** Where `phrase` stands in `text` as a word of its own, or -1. */
function findWhole(text: string, phrase: string): number {
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const before = at > 0 ? text[at - 1] : ' ';
    const after = at + phrase.length < text.length ? text[at + phrase.length] : ' ';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return at;
  }
  return -1;
}

/** Where `phrase` occurs in `text` (the start of its first part), or -1. */
function findPhrase(text: string, phrase: Phrase, whole = false): number {
  if (typeof phrase === 'string') return whole ? findWhole(text, phrase) : text.indexOf(phrase);
  const a = text.indexOf(phrase[0]);
  if (a === -1) return -1;
  const from = a + phrase[0].length;
  const b = text.indexOf(phrase[1], from);
  return b !== -1 && b - from <= PAIR_GAP ? a : -1;
}

/** Does every text that holds `outer` also hold `inner`? (the test for "more precise") */
export function phraseContains(outer: Phrase, inner: Phrase): boolean {
  if (outer === inner) return false;
  if (typeof inner === 'string') return typeof outer === 'string' ? outer.includes(inner) : outer[0].includes(inner) || outer[1].includes(inner);
  if (typeof outer === 'string') {
    const a = outer.indexOf(inner[0]);
    return a !== -1 && outer.indexOf(inner[1], a + inner[0].length) !== -1;
  }
  return outer[0].includes(inner[0]) && outer[1].includes(inner[1]);
}

const phraseLength = (p: Phrase) => (typeof p === 'string' ? p.length : p[0].length + p[1].length);

// Per tier, in table order.
const BY_TIER: Record<1 | 2, readonly PhraseEntry[]> = { 1: PHRASES.filter((e) => e.tier === 1), 2: PHRASES.filter((e) => e.tier === 2) };

// For an entry, the entries of its tier that contain its phrase, longest first. Worked out
// the first time the entry matches, not at load: comparing every phrase with every other
// cost ~10 ms of every start-up, and a run meets only a few of the entries.
const MORE_PRECISE = new Map<PhraseEntry, readonly PhraseEntry[]>();
function morePrecise(e: PhraseEntry): readonly PhraseEntry[] {
  let outer = MORE_PRECISE.get(e);
  if (outer === undefined) {
    outer = BY_TIER[e.tier].filter((o) => phraseContains(o.phrase, e.phrase)).sort((x, y) => phraseLength(y.phrase) - phraseLength(x.phrase));
    MORE_PRECISE.set(e, outer);
  }
  return outer;
}

export interface PhraseMatch {
  entry: PhraseEntry;
  reason: Reason;
  /** where the phrase starts in the prepared text */
  at: number;
}

const usable = (e: PhraseEntry, status: string | null) => e.status === undefined || e.status === status;

// each entry's trigram key (trigram-keys.ts), by tier in table order: a sieve of one bit test
// an entry. It only skips searches (a "no" is never wrong), so the first KEYS_AFTER texts are
// searched without it: making the keys costs more than a one-bounce run saves. The hint's
// character pairs (a PairSet) were a second sieve: ~0.45 us to make for a 145-character hint,
// for the few entries past the keys (19 of the corpus' 350 rows read their hint at all);
// classifyRow on those rows without it, old/new interleaved: 6.19/5.82, 7.94/7.93, 6.70/5.85 us.
const entryPieces = (e: PhraseEntry): readonly string[] => (typeof e.phrase === 'string' ? [e.phrase] : e.phrase);
const phraseKeys = keysAfterWarmUp((): Record<1 | 2, Int32Array> => {
  const keys = trigramKeys(PHRASES.map(entryPieces));
  // each entry's key by a map to its place, not PHRASES.indexOf per entry (~190 x ~400 compares, cold)
  const place = new Map(PHRASES.map((e, k) => [e, k]));
  const keysOf = (tier: 1 | 2) => Int32Array.from(BY_TIER[tier], (e) => keys[place.get(e)!]);
  return { 1: keysOf(1), 2: keysOf(2) };
});

/**
 * The phrase entry of `tier` found in prepared `text`: the first in table order, or the most
 * precise wording that contains it. `status` is the row's status code, for entries that
 * only hold with one. The entries that cannot be there are ruled out unsearched by their
 * trigram keys.
 */
export function matchPhrase(text: string, tier: 1 | 2, status: string | null = null): PhraseMatch | null {
  return searchPhrases(text, tier, status, true);
}

/** matchPhrase with no sieve at all, every usable entry searched for: the reference the sieve is tested against. */
export function plainMatchPhrase(text: string, tier: 1 | 2, status: string | null = null): PhraseMatch | null {
  return searchPhrases(text, tier, status, false);
}

function searchPhrases(text: string, tier: 1 | 2, status: string | null, sieve: boolean): PhraseMatch | null {
  if (!text) return null;
  const entries = BY_TIER[tier];
  const keys = sieve ? phraseKeys()?.[tier] : undefined;
  if (keys) trigrams.read(text);
  // the entries whose keys the text may hold, in table order (every entry without the keys)
  for (let i = keys ? trigrams.next(keys, 0) : 0; i < entries.length; i = keys ? trigrams.next(keys, i + 1) : i + 1) {
    const e = entries[i];
    if (!usable(e, status)) continue;
    const at = findPhrase(text, e.phrase, e.whole);
    if (at === -1) continue;
    for (const o of morePrecise(e)) {
      if (!usable(o, status)) continue;
      const oat = findPhrase(text, o.phrase, o.whole);
      if (oat !== -1) return { entry: o, reason: o.reason, at: oat };
    }
    return { entry: e, reason: e.reason, at };
  }
  return null;
}

/**
 * The word just before position `at` of prepared text, without the brackets and quotes
 * around addresses ("<a@b.example>", "'b.example'"); at most 254 characters back (the
 * longest address, RFC 5321 §4.5.3.1.3).
 */
export function wordBefore(text: string, at: number): string {
  const start = wordStart(text, at);
  let end = at;
  while (end > start && text[end - 1] === ' ') end--;
  let word = text.slice(start, end);
  while (word && '<(["\''.includes(word[0])) word = word.slice(1);
  while (word && '>)]"\':,.'.includes(word[word.length - 1])) word = word.slice(0, -1);
  return word;
}

/** Where the word just before position `at` of prepared text begins (brackets and quotes included). */
export function wordStart(text: string, at: number): number {
  let end = at;
  while (end > 0 && text[end - 1] === ' ') end--;
  let start = end;
  while (start > 0 && end - start < 254 && text[start - 1] !== ' ') start--;
  return start;
}

/** A bare domain name (letters, digits, hyphens, at least one dot; no local part). */
export function isDomainName(word: string): boolean {
  if (word.length < 3 || word.length > 253 || !word.includes('.') || word.startsWith('.') || word.endsWith('.')) return false;
  for (const ch of word) if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch === '-' || ch === '.')) return false;
  return /[a-z]/.test(word);
}
