// AOL: its own postmaster pages named the blocks of its former mail servers by a category
// and a code before a colon ("554 RLY:B1", "554 HVU:B1"), and its help pages the plain
// mailer-daemon texts. Since 2018 AOL's domains are served by Yahoo's mail servers (their
// MX hosts are under yahoodns.net, which yahoo.ts claims by host), so a reply from those
// reads as Yahoo's: AOL's table first, then Yahoo's.
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';
import { YAHOO_RULES } from './yahoo.js';

const ERRORS = 'AOL postmaster "Error Messages" (postmaster.aol.com/errors/, postmaster.info.aol.com/errors/<code>.html)';
const HELP = 'AOL Help "Why was my email returned with an error message from AOL?" (help.aol.com)';
const a = (code: string, what: string) => `${ERRORS}: ${code}: ${what}`;

const RULES: readonly Rule[] = [
  { phrase: 'rtr:bb', reason: 'blocked', from: a('554 RTR:BB', 'dynamic and residential IP addresses are not accepted') },
  { phrase: 'rtr:du', reason: 'blocked', from: a('554 RTR:DU', 'dynamic and residential IP addresses (Spamhaus lists) are not accepted') },
  { phrase: 'rtr:rd', reason: 'blocked', from: a('554 RTR:RD', 'the reverse DNS of the IP is typical of a dynamic IP address') },
  { phrase: 'rtr:ch', reason: 'blocked', from: a('554 RTR:CH', 'a host on the network is compromised and sends mail matching known spam') },
  { phrase: 'rtr:bg', reason: 'blocked', from: a('554 RTR:BG', 'the IP address is not yet delegated or allocated') },
  { phrase: 'rly:b1', reason: 'blocked', from: a('554 RLY:B1', 'a dynamic block placed on the IP when member complaints go over the threshold') },
  { phrase: 'rly:sn', reason: 'rejected', from: a('554 RLY:SN', 'a disallowed AOL screen name used as FROM or REPLY-TO address') },
  { phrase: 'hvu:b1', reason: 'spamdetected', from: a('554 HVU:B1', 'the message contains a domain that draws complaints (a content block)') },
  { phrase: 'is not accepting mail from this sender', reason: 'filtered', from: `${HELP}: "Is Not Accepting Mail From This Sender": the recipient blocked the sender's address` },
  { phrase: 'delivery not authorized', reason: 'blocked', from: `${HELP}: "Delivery Not Authorized": your site has been blocked from sending mail to AOL` },
  { phrase: 'mailbox not found', reason: 'userunknown', from: `${HELP}: "550 Mailbox not found" / "User unknown"` },
  { phrase: 'mailbox full', reason: 'mailboxfull', from: `${HELP}: "Mailbox Full"` },
];

export const aol: Provider = {
  name: 'aol',
  hosts: ['aol.com', 'aol.jp', 'aol.co.uk', 'aol.de', 'aol.fr', 'aim.com'],
  signatures: ['postmaster.info.aol.com'],
  rules: RULES,
  decide: (input) => firstRule(input.prepared, RULES) ?? firstRule(input.prepared, YAHOO_RULES),
};
