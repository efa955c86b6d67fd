// i.ua (email.ua): its replies link an explanation page (mail.i.ua/err/<n>/).
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const PAGE = 'i.ua error pages linked from its replies (mail.i.ua/err/<n>/)';
const RULES: readonly Rule[] = [
  { phrase: 'mailbox is frozen', reason: 'suspend', from: `${PAGE}: "Mailbox is frozen"` },
  { phrase: 'mailbox is full', reason: 'mailboxfull', from: `${PAGE}: "Mailbox is full"` },
  { phrase: 'user not found', reason: 'userunknown', from: `${PAGE}: "User not found"` },
];

export const iua: Provider = {
  name: 'iua',
  hosts: ['email.ua', 'i.ua'],
  rules: RULES,
  decide: (input) => firstRule(input.prepared, RULES),
};
