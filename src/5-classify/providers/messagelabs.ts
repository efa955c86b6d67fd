// Symantec / Broadcom Email Security.cloud (MessageLabs).
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const PAGE = 'Broadcom "Email error and bounce codes for Email Security.cloud" (knowledge.broadcom.com)';
const b = (what: string) => `${PAGE}: "${what}"`;

const RULES: readonly Rule[] = [
  { phrase: 'please turn on smtp authentication', reason: 'securityerror', from: b('Please turn on SMTP Authentication in your mail client') },
  { phrase: 'domain authentication fail', reason: 'authfailure', from: b('domain authentication failure') },
  { phrase: 'connection rejected by policy', reason: 'badreputation', from: b('Connection rejected by policy') },
  { phrase: 'your ip is in the pbl', reason: 'blocked', from: b('your IP is in the PBL') },
  { phrase: 'your ip address has been', reason: 'blocked', from: b('your IP address has been blocked') },
  { phrase: 'stray linefeeds in message', reason: 'contenterror', from: b('stray linefeeds in message') },
  { phrase: 'tls/sslv3 connection required', reason: 'failedstarttls', from: b('TLS/SSLv3 connection required') },
  { phrase: ' as a relay, ', reason: 'norelaying', from: b('<host> is not permitted to use <server> as a relay') },
  { phrase: 'is not rfc 5322', reason: 'notcompliantrfc', from: b('message is not RFC 5322 compliant') },
  { phrase: 'sender envelope domain not allowed', reason: 'rejected', from: b('sender envelope domain not allowed') },
  { phrase: 'your domain has been blocked', reason: 'rejected', from: b('your domain has been blocked') },
  { phrase: 'your email address has been blocked', reason: 'rejected', from: b('your email address has been blocked') },
  { phrase: 'badmailfrom list', reason: 'rejected', from: b('sender on the badmailfrom list') },
  { phrase: 'has been blacklisted', reason: 'rejected', from: b('sender has been blacklisted') },
  { phrase: 'message filtered', reason: 'spamdetected', from: b('message filtered') },
  { phrase: 'too many recipients received this hour', reason: 'toomanyconn', from: b('too many recipients received this hour') },
  { phrase: 'too many messages', reason: 'toomanyconn', from: b('too many messages') },
  { phrase: 'mailbox is not allowed', reason: 'userunknown', from: b('mailbox is not allowed') },
  { phrase: 'invalid recipient', reason: 'userunknown', from: b('invalid recipient') },
  { phrase: 'no such user', reason: 'userunknown', from: b('no such user') },
];

export const messagelabs: Provider = {
  name: 'messagelabs',
  hosts: ['messagelabs.com'],
  rules: RULES,
  decide: (input) => firstRule(input.prepared, RULES),
};
