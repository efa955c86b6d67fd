// Failure texts that mail software writes itself, one table per generator, each with the
// source file or document the wording was read in. They join the phrase table
// (text-reasons.ts) with the same tiers and the same "most precise wording wins" rule; a
// format module need not know them, since a relay may quote another generator's words.
// Tier 1: the text names its cause; tier 2: a common wording a decisive status may override.
import type { PhraseEntry } from './text-reasons.js';

// OpenSMTPD's queue writes these as the failure of every envelope for the relay
// (relay->failstr in mta_on_mx, mta_on_source, mta_on_secret; mta_on_smarthost).
const OPENSMTPD_MTA = 'OpenSMTPD usr.sbin/smtpd/mta.c';
const OPENSMTPD: readonly PhraseEntry[] = [
  { tier: 1, reason: 'networkerror', phrase: 'temporary failure in mx lookup', from: `${OPENSMTPD_MTA} mta_on_mx, DNS_RETRY` },
  { tier: 2, reason: 'hostunknown', phrase: 'invalid domain name', from: `${OPENSMTPD_MTA} mta_on_mx, DNS_EINVAL` },
  // DNS_ENOTFOUND after the implicit-MX fallback: neither an MX nor an address, the domain takes no mail
  { tier: 1, reason: 'notaccept', phrase: 'no mx found for domain', from: `${OPENSMTPD_MTA} mta_on_mx, DNS_ENOTFOUND` },
  { tier: 1, reason: 'notaccept', phrase: 'no mx found for destination', from: `${OPENSMTPD_MTA} mta_on_source, CONNECTOR_ERROR_MX` },
  { tier: 1, reason: 'notaccept', phrase: 'destination seem to reject all mails', from: `${OPENSMTPD_MTA} mta_on_source, CONNECTOR_ERROR_ROUTE_SMTP (every MX refused the SMTP session)` },
  { tier: 1, reason: 'networkerror', phrase: 'network error on destination mxs', from: `${OPENSMTPD_MTA} mta_on_source, CONNECTOR_ERROR_ROUTE_NET` },
  { tier: 1, reason: 'networkerror', phrase: 'address family mismatch on destination mxs', from: `${OPENSMTPD_MTA} mta_on_source, CONNECTOR_ERROR_FAMILY` },
  { tier: 1, reason: 'networkerror', phrase: 'all routes to destination blocked', from: `${OPENSMTPD_MTA} mta_on_source, CONNECTOR_ERROR_BLOCKED (routes blocked by the sending side)` },
  { tier: 1, reason: 'networkerror', phrase: 'no valid route to remote mx', from: `${OPENSMTPD_MTA} mta_on_source` },
  { tier: 1, reason: 'networkerror', phrase: 'no valid route to destination', from: `${OPENSMTPD_MTA} mta_on_source` },
  { tier: 1, reason: 'networkerror', phrase: 'could not retrieve source address', from: `${OPENSMTPD_MTA} mta_on_source` },
  // the SMTP AUTH secret for the relay is missing: the sender cannot authenticate
  { tier: 1, reason: 'securityerror', phrase: 'could not retrieve credentials', from: `${OPENSMTPD_MTA} mta_on_secret` },
  { tier: 1, reason: 'systemerror', phrase: 'cannot retrieve smarthost', from: `${OPENSMTPD_MTA} mta_on_smarthost` },
  { tier: 2, reason: 'expired', phrase: 'envelope expired', from: 'OpenSMTPD usr.sbin/smtpd/queue.c IMSG_QUEUE_EXPIRE' },
];

// DragonFly's dma: the reader's own words when the remote's reply breaks off.
const DMA: readonly PhraseEntry[] = [{ tier: 2, reason: 'networkerror', phrase: 'unexpected connection end', from: 'DragonFly dma net.c read_remote' }];

// sendmail's check_mail / check_rcpt rulesets (cf/m4/proto.m4): refusals of the sender's
// address at MAIL FROM, and the temporary failures of the access map and MX checks.
const SENDMAIL_PROTO = 'sendmail cf/m4/proto.m4';
const SENDMAIL: readonly PhraseEntry[] = [
  { tier: 1, reason: 'rejected', phrase: 'domain name required for sender address', from: `${SENDMAIL_PROTO} check_mail ("Real domain name required for sender address", "Domain name required for sender address")` },
  { tier: 1, reason: 'rejected', phrase: 'illegal mx record for host', from: `${SENDMAIL_PROTO} BadMX (FEATURE badmx: the sender domain's MX)` },
  { tier: 1, reason: 'rejected', phrase: 'invalid mx record for host', from: `${SENDMAIL_PROTO} BadMX (FEATURE badmx: the sender domain's MX)` },
  { tier: 2, reason: 'networkerror', phrase: 'can not check mx records for recipient host', from: `${SENDMAIL_PROTO} Rcpt_ok (_RELAY_MX_SERVED_)` },
  { tier: 2, reason: 'systemerror', phrase: 'temporary system failure', from: `${SENDMAIL_PROTO} access map _ATMPF_ "451 Temporary system failure. Please try again later."` },
  // sendmail's own delivery code (sendmail/*.c)
  { tier: 2, reason: 'expired', phrase: 'cannot send message for', from: 'sendmail sendmail/queue.c, deliver.c queue return timeout "Cannot send message for %s"' },
  { tier: 1, reason: 'networkerror', phrase: 'mail loops back to me', from: 'sendmail sendmail/usersmtp.c "553 5.3.5 %s config error: mail loops back to me (MX problem?)"' },
  { tier: 2, reason: 'systemerror', phrase: 'system config error', from: 'sendmail sendmail/usersmtp.c mci_setstat "553 5.3.5 system config error"' },
];

// Postfix's delivery agents (local, pipe, smtp) refuse a recipient whose Delivered-To is
// already in the message: a loop, X.4.6.
const POSTFIX: readonly PhraseEntry[] = [
  { tier: 1, reason: 'networkerror', phrase: 'mail forwarding loop', from: 'Postfix src/local/recipient.c, src/pipe/pipe.c, src/smtp/smtp.c "mail forwarding loop for %s" (5.4.6)' },
  // local(8) puts the mailbox and the user between its words and the write error; the
  // mailbox_size_limit (postconf(5)) makes that error EFBIG, "File too large"
  { tier: 2, reason: 'systemerror', phrase: ['cannot update mailbox', 'for user'], from: 'Postfix src/local/mailbox.c "cannot update mailbox %s for user %s. %s"' },
  { tier: 1, reason: 'mailboxfull', phrase: ['cannot update mailbox', 'file too large'], from: 'Postfix src/local/mailbox.c with mailbox_size_limit (postconf(5)): the write fails with EFBIG' },
  // a client that speaks before its turn (spamware) is refused for what it does, not for the message
  { tier: 1, reason: 'blocked', phrase: 'improper use of smtp command pipelining', from: 'Postfix src/smtpd/smtpd_check.c reject_unauth_pipelining (503 5.5.0)' },
  { tier: 1, reason: 'toomanyconn', phrase: 'all server ports are busy', from: 'Postfix src/postscreen/postscreen_send.c, postscreen_early.c "421 4.3.2 All server ports are busy"' },
  { tier: 2, reason: 'securityerror', phrase: 'error: authentication failed', from: 'Postfix src/smtpd/smtpd_sasl_glue.c "535 5.7.0 Error: authentication failed: %s"' },
];

// Exim's routers, when the MX or address of a remote domain is this host (a routing loop).
const EXIM: readonly PhraseEntry[] = [
  { tier: 1, reason: 'networkerror', phrase: 'lowest numbered mx record points to local host', from: 'Exim src/src/routers/rf_self_action.c' },
  { tier: 1, reason: 'networkerror', phrase: 'remote host address is the local host', from: 'Exim src/src/routers/rf_self_action.c' },
  { tier: 1, reason: 'failedstarttls', phrase: 'a tls session is required', from: 'Exim src/src/transports/smtp.c "a TLS session is required, but an attempt to start TLS failed" / "... the server did not offer TLS support" (hosts_require_tls)' },
  { tier: 2, reason: 'networkerror', phrase: 'host lookup did not complete', from: 'Exim dnslookup router defer "host lookup did not complete" (src/src/routers/dnslookup.c)' },
  { tier: 1, reason: 'contenterror', phrase: 'message has lines too long for transport', from: 'Exim smtp transport, message_linelength_limit (Exim specification, smtp transport options): RFC 5322 §2.1.1 line length' },
  // the spec's own spam ACL example: deny message = This message scored $spam_score spam points.
  { tier: 1, reason: 'spamdetected', phrase: ['scored', 'spam points'], from: 'Exim specification, content scanning at ACL time, spam condition example (doc/doc-docbook/spec.xfpt)' },
];

// chkuser, the qmail-smtpd patch that checks recipients and senders (chkuser_settings.h):
// its codes are coarse (5.1.1 for a sender's missing MX), so the texts that name a
// sender, a domain or a limit are tier 1.
const CHKUSER_H = 'qmail chkuser patch chkuser_settings.h';
const CHKUSER: readonly PhraseEntry[] = [
  { tier: 2, reason: 'systemerror', phrase: 'system temporary unavailable', from: `${CHKUSER_H} CHKUSER_RESOURCE_STRING (#4.3.0)` },
  { tier: 1, reason: 'toomanyconn', phrase: 'reached maximum number of recipients for one session', from: `${CHKUSER_H} CHKUSER_MAXRCPT_STRING` },
  // too many unknown recipients from one client: an intrusion threshold, aimed at the client
  { tier: 1, reason: 'blocked', phrase: 'you are violating our security policies', from: `${CHKUSER_H} CHKUSER_MAXWRONGRCPT_STRING, CHKUSER_INTRUSIONTHRESHOLD_STRING` },
  { tier: 2, reason: 'userunknown', phrase: 'you must specify a domain', from: `${CHKUSER_H} CHKUSER_DOMAINMISSING_STRING (#5.1.1)` },
  { tier: 2, reason: 'userunknown', phrase: 'recipient address has invalid format', from: `${CHKUSER_H} CHKUSER_RCPTFORMAT_STRING (#5.1.1)` },
  { tier: 1, reason: 'hostunknown', phrase: "can't find a valid mx for rcpt domain", from: `${CHKUSER_H} CHKUSER_RCPTMX_STRING (#5.1.1)` },
  { tier: 1, reason: 'rejected', phrase: 'sender address has invalid format', from: `${CHKUSER_H} CHKUSER_SENDERFORMAT_STRING (#5.7.1)` },
  { tier: 1, reason: 'rejected', phrase: "can't find a valid mx for sender domain", from: `${CHKUSER_H} CHKUSER_SENDERMX_STRING (#5.1.1)` },
  { tier: 2, reason: 'networkerror', phrase: 'dns temporary failure', from: `${CHKUSER_H} CHKUSER_RCPTMX_TMP_STRING, CHKUSER_SENDERMX_TMP_STRING (#4.5.1)` },
];

// The exit codes of local delivery programs (BSD <sysexits.h>), whose comments are the texts
// mailers print for them; sendmail's own wordings of the same codes are in sendmail/sysexits.c.
const SYSEXITS: readonly PhraseEntry[] = [
  { tier: 2, reason: 'userunknown', phrase: 'addressee unknown', from: '<sysexits.h> EX_NOUSER (67) "addressee unknown"' },
  { tier: 2, reason: 'hostunknown', phrase: 'host name unknown', from: '<sysexits.h> EX_NOHOST (68) "host name unknown"' },
  { tier: 2, reason: 'systemerror', phrase: 'internal software error', from: '<sysexits.h> EX_SOFTWARE (70) "internal software error"' },
  { tier: 2, reason: 'systemerror', phrase: 'critical os file missing', from: '<sysexits.h> EX_OSFILE (72) "critical OS file missing"' },
  { tier: 2, reason: 'systemerror', phrase: 'operating system error', from: 'sendmail sendmail/sysexits.c EX_OSERR "Operating system error"' },
];

// Content filters' default refusal texts.
const FILTERS: readonly PhraseEntry[] = [
  // both refuse with it what their spam (and virus) checks judged: dcc's bulk-mail verdict, amavisd's REJECT
  { tier: 2, reason: 'spamdetected', phrase: 'message content rejected', from: 'amavis-milter (amavisd-new helper/amavis-milter.c) and rmilter (src/mfilter.c, dcc reject): smfi_setreply 550 5.7.1 "Message content rejected"' },
  { tier: 1, reason: 'spamdetected', phrase: 'blocked by spamassassin', from: 'spamass-milter spamass-milter.cpp, default rejecttext "Blocked by SpamAssassin" (5.7.1)' },
  // a scanner that failed is the receiver's trouble, not a virus in the message
  { tier: 1, reason: 'systemerror', phrase: 'virus_scan failed', from: 'amavisd-new "451 4.5.0 Error in processing, id=..., virus_scan FAILED" (check_mail TROUBLE when all virus scanners failed)' },
  { tier: 1, reason: 'systemerror', phrase: 'virus scanners failed', from: 'amavisd-new "ALL VIRUS SCANNERS FAILED"' },
];

// RFC 7372 §3 (and RFC 7505 §4.2) give each authentication code its text; receivers write
// them after the code. Each names the check that failed.
const RFC7372 = 'RFC 7372 §3';
const AUTH_CODES: readonly PhraseEntry[] = [
  { tier: 1, reason: 'authfailure', phrase: 'no passing dkim signature found', from: `${RFC7372} X.7.20` },
  { tier: 1, reason: 'authfailure', phrase: 'no acceptable dkim signature found', from: `${RFC7372} X.7.21` },
  { tier: 1, reason: 'authfailure', phrase: 'no valid author-matched dkim signature found', from: `${RFC7372} X.7.22` },
  { tier: 1, reason: 'authfailure', phrase: 'spf validation failed', from: `${RFC7372} X.7.23` },
  { tier: 1, reason: 'authfailure', phrase: 'spf validation error', from: `${RFC7372} X.7.24` },
  { tier: 1, reason: 'requireptr', phrase: 'reverse dns validation failed', from: `${RFC7372} X.7.25` },
  { tier: 1, reason: 'authfailure', phrase: 'multiple authentication checks failed', from: `${RFC7372} X.7.26` },
  // the sender's domain publishes a null MX: it sends no mail, so its address is refused
  { tier: 1, reason: 'rejected', phrase: 'sender address has null mx', from: 'RFC 7505 §4.2 X.7.27' },
];

// The texts the RFCs give their codes; servers write them after the code, and relays quote
// them without it. Tier 2: a decisive status code still outranks them.
const RFC3463 = 'RFC 3463 §3';
const RFC_TEXTS: readonly PhraseEntry[] = [
  { tier: 2, reason: 'hostunknown', phrase: 'bad destination system address', from: `${RFC3463} X.1.2` },
  { tier: 2, reason: 'rejected', phrase: "bad sender's mailbox address syntax", from: `${RFC3463} X.1.7` },
  { tier: 2, reason: 'rejected', phrase: "bad sender's system address", from: `${RFC3463} X.1.8` },
  { tier: 2, reason: 'exceedlimit', phrase: 'message length exceeds administrative limit', from: `${RFC3463} X.2.3 (the recipient's limit, not the system's: X.3.4)` },
  { tier: 2, reason: 'systemfull', phrase: 'mail system full', from: `${RFC3463} X.3.1` },
  { tier: 2, reason: 'notaccept', phrase: 'system not accepting network messages', from: `${RFC3463} X.3.2` },
  { tier: 2, reason: 'systemerror', phrase: 'system not capable of selected features', from: `${RFC3463} X.3.3` },
  { tier: 2, reason: 'mesgtoobig', phrase: 'message too big for system', from: `${RFC3463} X.3.4` },
  { tier: 2, reason: 'systemerror', phrase: 'system incorrectly configured', from: `${RFC3463} X.3.5` },
  { tier: 2, reason: 'networkerror', phrase: 'no answer from host', from: `${RFC3463} X.4.1` },
  { tier: 2, reason: 'systemerror', phrase: 'directory server failure', from: `${RFC3463} X.4.3` },
  { tier: 2, reason: 'systemfull', phrase: 'mail system congestion', from: `${RFC3463} X.4.5` },
  { tier: 2, reason: 'contenterror', phrase: 'media not supported', from: `${RFC3463} X.6.1` },
  { tier: 2, reason: 'contenterror', phrase: 'conversion required and prohibited', from: `${RFC3463} X.6.2` },
  { tier: 2, reason: 'contenterror', phrase: 'conversion required but not supported', from: `${RFC3463} X.6.3` },
  { tier: 2, reason: 'securityerror', phrase: 'security conversion required but not possible', from: `${RFC3463} X.7.3` },
  { tier: 2, reason: 'securityerror', phrase: 'security features not supported', from: `${RFC3463} X.7.4` },
  { tier: 2, reason: 'securityerror', phrase: 'cryptographic failure', from: `${RFC3463} X.7.5` },
  { tier: 2, reason: 'securityerror', phrase: 'cryptographic algorithm not supported', from: `${RFC3463} X.7.6` },
  { tier: 2, reason: 'securityerror', phrase: 'message integrity failure', from: `${RFC3463} X.7.7` },
  { tier: 2, reason: 'userunknown', phrase: 'mailbox name not allowed', from: 'RFC 5321 §4.2.3 553 "Requested action not taken: mailbox name not allowed"' },
  { tier: 2, reason: 'syntaxerror', phrase: 'parameters not recognized or not implemented', from: 'RFC 5321 §4.2.3 555 "MAIL FROM/RCPT TO parameters not recognized or not implemented"' },
  { tier: 2, reason: 'securityerror', phrase: 'authentication credentials invalid', from: 'RFC 4954 §6 535 5.7.8' },
  { tier: 2, reason: 'securityerror', phrase: 'authentication mechanism is too weak', from: 'RFC 4954 §6 534 5.7.9' },
  { tier: 2, reason: 'securityerror', phrase: 'encryption required for requested authentication mechanism', from: 'RFC 4954 §6 538 5.7.11' },
  { tier: 2, reason: 'securityerror', phrase: 'temporary authentication failure', from: 'RFC 4954 §6 454 4.7.0' },
  { tier: 2, reason: 'securityerror', phrase: 'a password transition is needed', from: 'RFC 4954 §6 432 4.7.12' },
  { tier: 2, reason: 'failedstarttls', phrase: 'tls not available', from: 'RFC 3207 §4 454 "TLS not available due to temporary reason"' },
  { tier: 2, reason: 'failedstarttls', phrase: 'requiretls support required', from: 'RFC 8689 §5 X.7.30' },
  { tier: 2, reason: 'notaccept', phrase: 'recipient address has null mx', from: 'RFC 7505 §4.2 556 5.1.10' },
  { tier: 2, reason: 'hasmoved', phrase: 'mailbox owner has changed', from: 'RFC 7293 §4 X.7.17' },
  { tier: 2, reason: 'hasmoved', phrase: 'domain owner has changed', from: 'RFC 7293 §4 X.7.18' },
  { tier: 2, reason: 'authfailure', phrase: 'arc validation failure', from: 'RFC 8617 §5.2 X.7.29' },
  { tier: 2, reason: 'contenterror', phrase: 'non-ascii addresses not permitted', from: 'RFC 6531 §3.5 X.6.7' },
];

// Exchange Server's anti-spam agents: their default reject responses (Microsoft Learn).
const EXCHANGE_AGENTS: readonly PhraseEntry[] = [
  { tier: 1, reason: 'policyviolation', phrase: 'message rejected due to unacceptable attachments', from: 'Exchange Server attachment filtering agent, default RejectResponse (learn.microsoft.com, Set-AttachmentFilterListConfig)' },
  // Sender ID (RFC 4406) checks the purported responsible address against the sending IP, as SPF does
  { tier: 1, reason: 'authfailure', phrase: 'sender id (pra) not permitted', from: 'Exchange Server Sender ID agent "550 5.7.1 Sender ID (PRA) Not Permitted" (learn.microsoft.com, Sender ID)' },
];

// Exchange Online's NDR texts (Microsoft Learn, "Fix email delivery issues for error code ...").
const EXCHANGE_ONLINE: readonly PhraseEntry[] = [
  { tier: 1, reason: 'requireptr', phrase: 'must have a reverse dns record', from: 'Exchange Online 5.7.25 "the sending IPv6 address [...] must have a reverse DNS record" (learn.microsoft.com, NDR 5.7.25)' },
  { tier: 1, reason: 'blocked', phrase: 'client blocked from sending from unregistered domain', from: 'Exchange Online 5.7.750 (learn.microsoft.com, NDR 5.7.750)' },
];

export const GENERATOR_PHRASES: readonly PhraseEntry[] = [...OPENSMTPD, ...DMA, ...SENDMAIL, ...POSTFIX, ...EXIM, ...CHKUSER, ...SYSEXITS, ...FILTERS, ...AUTH_CODES, ...RFC_TEXTS, ...EXCHANGE_AGENTS, ...EXCHANGE_ONLINE];
