// Apple iCloud Mail (icloud.com, me.com, mac.com). Its postmaster page ("Postmaster
// information for iCloud Mail", support.apple.com/102322, was HT204137) lists no codes: it
// says the servers refuse with an SMTP error that names why and most often a URL (that
// page). The wordings here are those replies as smtp.codes/icloud records them.
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const PAGE = 'iCloud Mail replies (recorded at smtp.codes/icloud) pointing to "Postmaster information for iCloud Mail" (support.apple.com/102322, formerly HT204137)';
const i = (code: string, what: string) => `${PAGE}: ${code} "${what}"`;

const RULES: readonly Rule[] = [
  { phrase: 'deferred due to excessive volume', reason: 'speeding', from: i('421 4.7.1', 'Messages to <address> deferred due to excessive volume. Try again later') },
  { phrase: ['rejected due to', 'dmarc policy'], reason: 'authfailure', from: i('550 5.7.1', 'Your message was rejected due to <domain> DMARC policy') },
  { phrase: 'present in the spamhaus dbl', reason: 'spamdetected', from: i('550 5.7.1', 'Your email was rejected due to having a domain present in the Spamhaus DBL') },
  { phrase: 'rejected due to local policy', reason: 'policyviolation', from: i('550 5.7.1 [CS01] / [HM08]', 'Message rejected due to local policy') },
  { phrase: 'user is over quota', reason: 'mailboxfull', from: i('552 5.2.2', '<address>: user is over quota') },
  { phrase: 'user does not exist', reason: 'userunknown', from: i('550 5.1.1', '<address>: user does not exist') },
  // iCloud's inbound filtering is Proofpoint's: its IP blocks link Proofpoint's reputation lookup
  { phrase: ['blocked', 'ipcheck.proofpoint.com'], reason: 'blocked', from: 'Proofpoint postmaster (proofpoint.com/postmaster): "554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=<ip>", as iCloud\'s servers answer' },
];

export const apple: Provider = {
  name: 'apple',
  hosts: ['icloud.com', 'me.com', 'mac.com'],
  rules: RULES,
  decide: (input) => firstRule(input.prepared, RULES),
};
