// Reason and hard/soft verdict for a recipient row (docs/formats.md#reasons: Sisimai's
// vocabulary, our own rules). Evidence is weighed in this order:
//   1. what the format module itself knows (a qmail text of its own, an Exchange 5.5 code),
//      then an Exchange component code in the diagnostic (component-codes.ts);
//   2. a phrase in the diagnostic that names the cause exactly (tier 1);
//   3. a status code that names the cause (5.1.1, 5.2.2, 4.4.7 ...);
//   4. a common wording in the diagnostic (tier 2), then in the human-readable paragraph,
//      read with the SMTP stage it answered (an unknown user after DATA is a filter's
//      answer) and, for "<x> does not exist", with what x is;
//   5. the SMTP stage: refused at MAIL FROM means the sender was refused, at the greeting
//      the client;
//   6. a catch-all status code's default, then what the action and code class allow.
// Within a tier the most precise wording found wins (text-reasons.ts). A local delivery
// program's message (diagnostic type x-unix) is that program's failure unless it, or the
// transcript lines around it, names a full mailbox or the like.
import type { Action, BounceType, Kind, Reason, RecipientRow } from '../0-core/schema.js';
import { findComponentCode } from '../0-core/exchange-codes.js';
import { reasonFromRemoteHost } from './rhost.js';
import { statusReason } from './status-reasons.js';
import { isDomainName, matchPhrase, wordBefore, wordStart, type PhraseMatch } from './text-reasons.js';
import { PairSet } from '../0-core/pairs.js';
import { lowerSpaced, prepareText, preparedFrom, PREPARED_MAX } from '../0-core/text.js';

export interface ClassifyInput {
  kind: Kind;
  action: Action | null;
  status: string | null;
  diagnosticType: string | null;
  diagnosticCode: string | null;
  smtpReplyCode: string | null;
  smtpCommand: string | null;
  /** human-readable text about this recipient, besides the diagnostic */
  hint: string | null;
  /** what the format module decided, if anything */
  formatReason: Reason | null;
  /** who failed and where, for provider rules keyed on them (issue 4's rhost.ts) */
  recipient?: string | null;
  remoteMta?: string | null;
}

// Reasons a format module falls back to when it knows little: a tier-1 phrase in the
// diagnostic may still say better (a qmail "connection failed" paragraph whose remote
// reply names DMARC).
const RETRY_REASONS = new Set<Reason>(['undefined', 'onhold', 'systemerror', 'securityerror', 'expired', 'networkerror', 'hostunknown', 'userunknown']);

/**
 * The same words mean something else at another stage or class: an unknown user outside
 * RCPT TO, a domain "not found" by a lookup that is still being retried.
 */
function byStage(reason: Reason, command: string | null, status: string | null): Reason {
  // a temporary "domain not found" is a DNS failure, not yet a domain that does not exist
  if (reason === 'hostunknown' && status?.startsWith('4.')) return 'networkerror';
  // at MAIL FROM, the unknown address or domain is the sender's
  if (command === 'MAIL' && (reason === 'userunknown' || reason === 'hostunknown')) return 'rejected';
  if (reason !== 'userunknown') return reason;
  // after the recipients were accepted, a refusal of the content names a filter
  if (command === 'DATA') return 'filtered';
  return reason;
}

/**
 * "<x> does not exist" speaks of x: a domain name there is a domain that does not exist.
 * It is the recipient's unless the recipient was already accepted (the refusal came after
 * DATA, or at MAIL FROM) and the name is another: then it is the sender's domain.
 */
function bySubject(match: PhraseMatch, text: string, command: string | null, recipient: string | null | undefined): Reason {
  if (!match.entry.aboutPreceding) return match.reason;
  const word = wordBefore(text, match.at);
  if (!isDomainName(word)) return match.reason;
  // a dotted mailbox name ("User john.smith does not exist", Kerio's 'Mailbox "a.b" does not exist')
  if (MAILBOX_NOUNS.has(wordBefore(text, wordStart(text, match.at)))) return match.reason;
  const domain = recipient ? recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase() : null;
  const theRecipients = domain !== null && (domain === word || domain.endsWith(`.${word}`) || word.endsWith(`.${domain}`));
  if (!theRecipients && (command === 'DATA' || command === 'MAIL')) return 'rejected';
  return 'hostunknown';
}

/** Words that name a mailbox, not a domain, when they stand before the name. */
const MAILBOX_NOUNS = new Set(['user', 'mailbox', 'recipient', 'account', 'address', 'alias', 'username']);

const GREETING_STAGES = new Set(['CONN', 'HELO', 'EHLO']);

export function classifyReason(input: ClassifyInput): Reason {
  if (input.kind === 'feedback') return 'feedback';
  if (input.kind === 'autoreply') return 'vacation';
  if (input.action === 'delivered' || input.action === 'relayed' || input.action === 'expanded') return 'delivered';
  if (input.status?.startsWith('2.')) return 'delivered';
  if (input.formatReason && !RETRY_REASONS.has(input.formatReason)) return input.formatReason;
  // a provider's own codes and wordings outrank generic phrases (rhost.ts)
  // the diagnostic folded to lower case and single spaces once, for the provider rules and the phrase tables
  const raw = input.diagnosticCode ?? '';
  const folded = lowerSpaced(raw);
  const byProvider = providerReason(input, raw, folded);
  if (byProvider) return byProvider;

  const command = input.smtpCommand ? input.smtpCommand.toUpperCase() : null;
  const diag = raw.length > PREPARED_MAX ? prepareText(raw) : preparedFrom(folded);
  // each text is searched for hundreds of phrases: its character pairs rule most out at once
  const diagPairs = diag ? new PairSet(diag) : undefined;
  const component = findComponentCode(diag, diagPairs);
  if (component?.reason) return component.reason;
  const named = matchPhrase(diag, 1, input.status, diagPairs);
  if (input.formatReason && input.formatReason !== 'undefined' && input.formatReason !== 'onhold') return named?.reason ?? input.formatReason;
  if (named) return named.reason;

  const hint = prepareText(input.hint);
  const pairsOfHint = () => (hint ? new PairSet(hint) : undefined);
  // a local delivery program's failure, unless its message (or the transcript around it:
  // sendmail prints "maildrop: maildir over quota." before "Insufficient permission")
  // names the cause
  if (input.diagnosticType && input.diagnosticType.toLowerCase().startsWith('x-unix')) return matchPhrase(hint, 1, input.status, pairsOfHint())?.reason ?? 'mailererror';

  const byStatus = statusReason(input.status);
  if (byStatus?.decisive) return byStatus.reason;
  const worded = matchPhrase(diag, 2, input.status, diagPairs);
  if (worded) return byStage(bySubject(worded, diag, command, input.recipient), command, input.status);

  const hintPairs = pairsOfHint();
  const fromHint = matchPhrase(hint, 1, input.status, hintPairs) ?? matchPhrase(hint, 2, input.status, hintPairs);
  if (fromHint) return byStage(bySubject(fromHint, hint, command, input.recipient), command, input.status);

  if (command === 'MAIL') return 'rejected';
  // a refused greeting or HELO blocks the client, but a bare 421 there is the server closing
  // the channel for its own reasons (RFC 5321 §3.8, §4.2.3 "Service not available"), not a
  // verdict on the client
  if (command && GREETING_STAGES.has(command) && input.smtpReplyCode !== '421') return 'blocked';
  if (byStatus) return byStatus.reason;
  // RFC 5321 §4.2.2: 500-504 say the command or its arguments were not understood
  const reply = input.smtpReplyCode;
  if (reply && /^50[0-4]$/.test(reply)) return 'syntaxerror';
  if (input.action === 'delayed') return 'expired';
  if (input.status && /^[45]\.6\./.test(input.status)) return 'contenterror';
  if (input.status && /^[45]\.7\./.test(input.status)) return 'securityerror';
  if (diag || hint) return 'onhold';
  return 'undefined';
}

function providerReason(input: ClassifyInput, raw: string, folded: string): Reason | null {
  return reasonFromRemoteHost({
    recipient: input.recipient ?? null,
    remoteMta: input.remoteMta ?? null,
    raw,
    text: folded,
    status: input.status,
    smtpCommand: input.smtpCommand,
  });
}

// Sisimai's hard/soft split (docs/formats.md#hard-and-soft): hard when the address itself is dead
// (the mailbox or the domain does not exist, or moved), so that sending to it again is
// pointless; soft for everything that may pass another time.
const HARD_REASONS = new Set<Reason>(['userunknown', 'hostunknown', 'hasmoved']);
const NONE_REASONS = new Set<Reason>(['delivered', 'feedback', 'vacation']);

export function bounceTypeFor(reason: Reason, action: Action | null, status: string | null, kind: Kind): BounceType {
  if (kind !== 'dsn') return 'none';
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return 'none';
  if (NONE_REASONS.has(reason)) return 'none';
  // a delay notice is not a verdict: the MTA is still trying (RFC 3464 §2.3.3 "delayed"),
  // so even a "user unknown" it was told may yet turn out otherwise
  if (action === 'delayed') return 'soft';
  if (HARD_REASONS.has(reason)) return 'hard';
  // a destination that accepts no mail at all is hard when the failure is permanent
  if (reason === 'notaccept' && (!status || status.startsWith('5'))) return 'hard';
  return 'soft';
}

/**
 * The classify stage: a normalised row's reason and hard/soft verdict, from the row itself,
 * the further text about it (`hint`) and what the format module decided (`formatReason`).
 */
export function classifyRow(row: RecipientRow, kind: Kind, hint: string | null, formatReason: Reason | null): void {
  if (kind !== 'dsn') {
    row.reason = classifyReason({ kind, action: null, status: null, diagnosticType: null, diagnosticCode: row.diagnosticCode, smtpReplyCode: null, smtpCommand: null, hint, formatReason });
    row.bounceType = 'none';
    return;
  }
  row.reason = classifyReason({
    kind,
    action: row.action,
    status: row.status,
    diagnosticType: row.diagnosticType,
    diagnosticCode: row.diagnosticCode,
    smtpReplyCode: row.smtpReplyCode,
    smtpCommand: row.smtpCommand,
    hint,
    formatReason,
    recipient: row.recipient,
    remoteMta: row.remoteMta,
  });
  row.bounceType = bounceTypeFor(row.reason, row.action, row.status, kind);
}
