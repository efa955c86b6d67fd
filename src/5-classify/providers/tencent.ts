// Tencent QQ Mail: its replies link the help page that explains them (service.mail.qq.com).
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const PAGE = 'QQ Mail help pages linked from its replies (service.mail.qq.com/cgi-bin/help)';
const t = (what: string) => `${PAGE}: "${what}"`;

const RULES: readonly Rule[] = [
  { phrase: 'frequency limited', reason: 'toomanyconn', from: t('Ip / Domain frequency limited') },
  { phrase: 'dmarc check failed', reason: 'authfailure', from: t('DMARC check failed') },
  { phrase: 'spf check failed', reason: 'authfailure', from: t('SPF check failed') },
  { phrase: 'mailbox not found', reason: 'userunknown', from: t('Mailbox not found') },
  { phrase: 'mailbox unavailable or access denied', reason: 'userunknown', from: t('Mailbox unavailable or access denied') },
  { phrase: 'suspected spam', reason: 'spamdetected', from: t('suspected spam') },
  { phrase: 'content is rejected', reason: 'spamdetected', from: t('content is rejected') },
];

export const tencent: Provider = {
  name: 'tencent',
  hosts: ['qq.com'],
  signatures: ['service.mail.qq.com'],
  rules: RULES,
  decide: (input) => firstRule(input.prepared, RULES),
};
