// Mimecast: its knowledge base article "Mimecast SMTP Error Codes" lists the replies of its
// gateways (the replies link to it: community.mimecast.com/docs/DOC-1369#<code>), each with
// its cause. Most are policies of the recipient's organisation.
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const PAGE = 'Mimecast "Mimecast SMTP Error Codes" (community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754)';
const m = (code: string, what: string) => `${PAGE}: ${code} "${what}"`;

const RULES: readonly Rule[] = [
  { phrase: 'host network not allowed', reason: 'policyviolation', from: m('554', "Host network not allowed: the sender's IP is not among the recipient's permitted networks") },
  { phrase: 'rejected by header based anti-spoofing', reason: 'policyviolation', from: m('550', 'Rejected by header based Anti-Spoofing policy') },
  { phrase: 'anti-spoofing policy', reason: 'policyviolation', from: m('550', 'Anti-Spoofing policy: inbound not allowed') },
  { phrase: 'rejected by header based blocked senders', reason: 'rejected', from: m('550', 'Rejected by header based Blocked Senders - Block policy for Header From') },
  { phrase: 'envelope blocked', reason: 'rejected', from: m('550', 'Envelope blocked - User Entry / Domain Entry: the sender is on a block list of the recipient or its organisation') },
  { phrase: 'envelope rejected', reason: 'policyviolation', from: m('550', 'Envelope rejected by a policy of the recipient organisation') },
  { phrase: 'message bounced due to organizational policy', reason: 'policyviolation', from: m('550', 'Message bounced due to organizational policy') },
  { phrase: 'sender address blocked', reason: 'blocked', from: m('421', "Sender address blocked: the sender's IP address is blocked by a Blocked Senders policy") },
  { phrase: 'blocked by rbl', reason: 'blocked', from: m('550', 'the IP is listed on a real-time block list') },
  { phrase: 'ip found in rbl', reason: 'blocked', from: m('550', 'the IP is listed on a real-time block list') },
  { phrase: 'invalid recipient', reason: 'userunknown', from: m('550', 'Invalid Recipient') },
];

export const mimecast: Provider = {
  name: 'mimecast',
  hosts: ['mimecast.com', 'mimecast-offshore.com'],
  signatures: ['community.mimecast.com'],
  rules: RULES,
  decide: (input) => firstRule(input.prepared, RULES),
};
