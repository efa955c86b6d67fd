// Yahoo Inc. (Yahoo Mail; since 2018 also the mail servers of AOL, see aol.ts): its sender
// hub lists the replies its servers send, most with a bracketed code ([TS01], [TSS04],
// [BL21]) whose wording says what the code means.
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const PAGE = 'Yahoo Sender Hub "SMTP error codes" (senders.yahooinc.com/smtp-error-codes, formerly postmaster.yahooinc.com/error-codes)';
const y = (code: string, what: string) => `${PAGE}: ${code} "${what}"`;
const HELP = 'Yahoo Help "Email sent to Yahoo Mail addresses is rejected" (help.yahoo.com/kb/SLN3444.html)';

export const YAHOO_RULES: readonly Rule[] = [
  // the recipient
  { phrase: "this user doesn't have a", reason: 'userunknown', from: y('554 delivery error', "dd This user doesn't have a yahoo.com account") },
  { phrase: 'not a valid recipient', reason: 'userunknown', from: y('554 delivery error', 'dd Not a valid recipient') },
  { phrase: 'this mailbox is disabled', reason: 'suspend', from: y('554 delivery error', 'dd Sorry your message to <address> cannot be delivered. This mailbox is disabled (554.30)') },
  { phrase: 'account has been disabled or discontinued', reason: 'suspend', from: y('554 delivery error', 'account has been disabled or discontinued') },
  { phrase: 'mailbox not found', reason: 'userunknown', from: y('552 1', 'Requested mail action aborted, mailbox not found') },
  { phrase: 'mailbox is full', reason: 'mailboxfull', from: y('552', 'mailbox is full') },
  { phrase: 'over quota', reason: 'mailboxfull', from: y('552', 'over quota') },
  { phrase: 'message size exceeds', reason: 'mesgtoobig', from: y('552', 'Message size exceeds fixed maximum message size') },
  // the sending host
  { phrase: 'permanently deferred', reason: 'blocked', from: y('421 4.7.0 [TS03] / 553 5.7.2 [TSS09]', 'All messages from <ip> will be permanently deferred; Retrying will NOT succeed') },
  { phrase: 'unexpected volume or user complaints', reason: 'badreputation', from: y('421 4.7.0 [TS01] [TS02] [TSS04]', 'Messages from <ip> temporarily deferred due to unexpected volume or user complaints') },
  { phrase: 'deferred due to user complaints', reason: 'badreputation', from: y('421 4.7.0 [GL01]', 'Message from <ip> temporarily deferred due to user complaints') },
  { phrase: ['connections will not be accepted from', 'because the ip is in'], reason: 'blocked', from: y('553 5.7.1 [BL21] [BL22] [BL23]', "Connections will not be accepted from <ip>, because the ip is in Spamhaus's list") },
  // the sender
  { phrase: 'unresolvable rfc.5321 from domain', reason: 'rejected', from: y('451 / 554', 'Unresolvable RFC.5321 from domain: the MAIL FROM domain does not appear to be valid (SOA query)') },
  { phrase: 'unresolvable rfc.5322 from domain', reason: 'rejected', from: y('451 / 554', 'Unresolvable RFC.5322 from domain: the header From: domain does not appear to be valid (SOA query)') },
  { phrase: 'excessive unknown recipients', reason: 'blocked', from: `${HELP}: "451 VS1-IP Excessive unknown recipients - possible Open Relay (#4.1.8)"; ${PAGE}: "Excessive unknown recipients" (a possible open relay or proxy)` },
  { phrase: 'vs99-ip1 deferred', reason: 'blocked', from: `${HELP}: "553 VS99-IP1 deferred" (the SMTP connection was rejected)` },
  { phrase: 'resources temporarily unavailable', reason: 'systemerror', from: `${HELP}: "421 Resources temporarily unavailable. Please try again later" (Yahoo's servers are busy)` },
  { phrase: 'sender is unauthenticated', reason: 'authfailure', from: y('550 5.7.9', 'This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM') },
  // policy
  { phrase: 'not accepted for policy reasons', reason: 'policyviolation', from: y('554 5.7.9', 'Message not accepted for policy reasons') },
];

export const yahoo: Provider = {
  name: 'yahoo',
  hosts: ['yahoo.com', 'yahoo.co.jp', 'yahoodns.net', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de'],
  signatures: ['postmaster.yahooinc.com', 'senders.yahooinc.com', 'postmaster.verizonmedia.com'],
  rules: YAHOO_RULES,
  decide: (input) => firstRule(input.prepared, YAHOO_RULES),
};
