// Diagnostic text → reason, by plain lower-cased substring tables (no regular expressions:
// the text is hostile input). Tables are checked in order; the first reason with a
// matching phrase wins. Each phrase notes where it is met.
import type { Action, Reason } from '../table/schema.js';

export interface TextReasonInput {
  text: string;
  status: string | null;
  action: Action | null;
  smtpCommand: string | null;
}

interface PhraseRule {
  reason: Reason;
  phrases: readonly string[];
}

// Order follows the specificity the formats need: a full mailbox or an oversize message is
// reported with 5.x.x user-ish texts too, so they are checked before userunknown.
export const PHRASE_RULES: readonly PhraseRule[] = [
  {
    reason: 'mailboxfull',
    phrases: [
      'mailbox full', // Exchange STOREDRV (native-formats.md §4.6), many MTAs
      'mailbox is full',
      'over quota', // vpopmail "user is over quota" (§2.5), maildrop
      'quota exceeded', // dovecot, procmail (§5.11)
      'disk quota exceeded', // qmail (§2.5)
      'out of storage space', // Gmail 552-5.2.2 (§3.3 example)
      'mailbox size limit exceeded',
      'insufficient disk space',
    ],
  },
  {
    reason: 'mesgtoobig',
    phrases: ['message too large', 'message size exceeds', 'message is too big', 'message too big', 'size limit exceeded'],
  },
  {
    reason: 'userunknown',
    phrases: [
      'no mailbox here by that name', // qmail-local (§2.4)
      'user unknown', // sendmail, many
      'unknown user', // Postfix local (§3.3)
      'no such user', // many
      'recipient not found', // Exchange Online 5.1.10 (§4.6)
      'recipnotfound', // Exchange RESOLVER.ADR.RecipNotFound (§4.6)
      'recipient address rejected: user unknown', // Postfix smtpd
      'mailbox not found',
      'mailbox unavailable',
      'address rejected',
      'user not found',
      'does not exist',
      'invalid recipient',
      'unknown recipient',
      'recipient unknown',
      'not listed in domino directory', // Domino (§5.8)
      'the recipient name is not recognized', // Exchange 5.5 (§4.1)
      "the email account that you tried to reach does not exist", // Gmail
    ],
  },
  {
    reason: 'hostunknown',
    phrases: [
      "couldn't find any host named", // qmail-remote (§2.4)
      "couldn't find any host by that name",
      'host not found', // Postfix dns_lookup (§3.3)
      'host unknown',
      'unrouteable address', // Exim (§5.2)
      'nonexistent domain', // Exchange SMTPSEND.DNS.NonExistentDomain (§4.6)
      'domain not found',
      'name or service not known',
    ],
  },
  {
    reason: 'norelaying',
    phrases: ['relay access denied', 'relaying denied', 'unable to relay', 'relay not permitted', 'relaying not allowed'],
  },
  {
    reason: 'expired',
    phrases: ['queue too long', 'message expired', 'retry timeout exceeded', 'delivery time expired', 'queue.expired'],
  },
  {
    reason: 'networkerror',
    phrases: ['connection timed out', 'connection refused', 'no route to host', 'loops back to myself', 'lost connection'],
  },
];

export function reasonFromText(input: TextReasonInput): Reason | null {
  if (!input.text) return null;
  const text = (input.text.length > 16384 ? input.text.slice(0, 16384) : input.text).toLowerCase();
  for (const rule of PHRASE_RULES) {
    for (const p of rule.phrases) if (text.includes(p)) return rule.reason;
  }
  return null;
}
