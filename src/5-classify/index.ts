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
import type { Action, BounceType, Explain, Kind, Reason, ReasonEvidence, RecipientRow } from '../0-core/schema.js';
import { componentCodeIn } from './component-codes.js';
import { providerRule } from './rhost.js';
import { statusReason } from './status-reasons.js';
import { isDomainName, matchPhrase, wordBefore, wordStart, type PhraseMatch } from './text-reasons.js';
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
  // refused at the greeting or at our HELO, before any address or message was sent: a
  // common wording about a recipient or a message cannot be about them (qmail-remote's
  // "Connected to <host> but my name was rejected", dma's "remote host refused our greeting")
  if (command && GREETING_STAGES.has(command) && NOT_AT_GREETING.has(reason)) return 'blocked';
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

/** Reasons about a recipient, a sender address or a message: none can be the cause before MAIL FROM. */
const NOT_AT_GREETING = new Set<Reason>(['userunknown', 'hostunknown', 'mailboxfull', 'mesgtoobig', 'exceedlimit', 'filtered', 'rejected', 'suspend', 'hasmoved', 'contenterror', 'syntaxerror', 'spamdetected', 'virusdetected']);

/** A reason and the evidence that decided it (what `--explain` prints). */
export interface ReasonDecision {
  reason: Reason;
  evidence: ReasonEvidence;
}

const decided = (reason: Reason, evidence: ReasonEvidence): ReasonDecision => ({ reason, evidence });

/** A phrase match as evidence. */
function phraseEvidence(match: PhraseMatch, where: 'diagnostic' | 'hint', rule: string): ReasonEvidence {
  const p = match.entry.phrase;
  return { by: 'phrase', rule, phrase: typeof p === 'string' ? p : `${p[0]} … ${p[1]}`, in: where, from: match.entry.from };
}

/** A tier-2 phrase read with its subject and stage (bySubject, byStage). */
function readInContext(match: PhraseMatch, text: string, where: 'diagnostic' | 'hint', command: string | null, input: ClassifyInput): ReasonDecision {
  const evidence = phraseEvidence(match, where, 'a common wording');
  const subject = bySubject(match, text, command, input.recipient);
  if (subject !== match.reason) evidence.adjusted = subject === 'hostunknown' ? 'what does not exist is a domain name' : 'what does not exist is a domain other than the recipient\'s, after the recipient was accepted: the sender\'s';
  const reason = byStage(subject, command, input.status);
  if (reason !== subject) evidence.adjusted = `${evidence.adjusted ? `${evidence.adjusted}; ` : ''}${STAGE_NOTES[reason] ?? 'read with the SMTP stage'} (${command ?? `status ${input.status}`})`;
  return decided(reason, evidence);
}

const STAGE_NOTES: Partial<Record<Reason, string>> = {
  networkerror: 'a temporary failure to find a domain is a DNS failure',
  rejected: 'refused at MAIL FROM: the address is the sender\'s',
  filtered: 'refused after DATA, once the recipient was accepted: a filter',
  blocked: 'refused at the greeting or HELO, before any address or message: the client was refused',
};

export function classifyReason(input: ClassifyInput): Reason {
  return decideReason(input).reason;
}

/** The reason of a row and the evidence that decided it; every return names its evidence. */
export function decideReason(input: ClassifyInput): ReasonDecision {
  if (input.kind === 'feedback') return decided('feedback', { by: 'kind', rule: 'a feedback report (RFC 5965)' });
  if (input.kind === 'autoreply') return decided('vacation', { by: 'kind', rule: 'an automatic reply (RFC 3834)' });
  if (input.action === 'delivered' || input.action === 'relayed' || input.action === 'expanded') return decided('delivered', { by: 'action', rule: `action ${input.action} (RFC 3464 §2.3.3)` });
  if (input.status?.startsWith('2.')) return decided('delivered', { by: 'status', rule: `status ${input.status}: success (RFC 3463 class 2)` });
  const byFormat: ReasonEvidence = { by: 'format', rule: `the format module's own reading of its generator's text` };
  if (input.formatReason && !RETRY_REASONS.has(input.formatReason)) return decided(input.formatReason, byFormat);
  // a provider's own codes and wordings outrank generic phrases (rhost.ts)
  // the diagnostic folded to lower case and single spaces once, for the provider rules and the phrase tables
  const raw = input.diagnosticCode ?? '';
  const folded = lowerSpaced(raw);
  // prepared once, for the provider tables and the phrase tables (prepareText of `raw`)
  const diag = raw.length > PREPARED_MAX ? prepareText(raw) : preparedFrom(folded);
  const byProvider = providerReason(input, raw, folded, diag);
  if (byProvider) return byProvider;

  const command = input.smtpCommand ? input.smtpCommand.toUpperCase() : null;
  // the component codes and the phrases are looked for with one trigram set of the text
  // (trigram-keys.ts); its character pairs (a PairSet) ruled out few more, for more than they saved
  const component = componentCodeIn(diag);
  if (component?.reason) return decided(component.reason, { by: 'exchange-code', rule: `Exchange component code ${component.key} in the diagnostic`, from: component.from });
  const named = matchPhrase(diag, 1, input.status);
  if (input.formatReason && input.formatReason !== 'undefined' && input.formatReason !== 'onhold') {
    return named ? decided(named.reason, phraseEvidence(named, 'diagnostic', 'a phrase that names the cause, over the format module\'s fallback')) : decided(input.formatReason, byFormat);
  }
  if (named) return decided(named.reason, phraseEvidence(named, 'diagnostic', 'a phrase that names the cause'));
  return laterReason(input, diag, command);
}

/**
 * decideReason past the format module, the provider rules, the component codes and the
 * phrases that name a cause: the rarer rest, a function of its own to keep decideReason, the
 * largest TurboFan compile of the classifier, smaller: its compiler zone memory over /tmp/bm10
 * 8.1 -> 3.6 MB, with the one input shape of classifyRow (node --turbo-filter=decideReason
 * --turbo-stats).
 */
function laterReason(input: ClassifyInput, diag: string, command: string | null): ReasonDecision {
  // the hint prepared only when it is read: a decisive status or a common wording in the
  // diagnostic decides half the rows that get this far before it is
  let preparedHint: string | undefined;
  const hintText = () => (preparedHint ??= prepareText(input.hint));
  // a local delivery program's failure, unless its message (or the transcript around it:
  // sendmail prints "maildrop: maildir over quota." before "Insufficient permission")
  // names the cause
  if (input.diagnosticType && input.diagnosticType.toLowerCase().startsWith('x-unix')) {
    const local = matchPhrase(hintText(), 1, input.status);
    if (local) return decided(local.reason, phraseEvidence(local, 'hint', 'a local delivery program\'s message that names the cause'));
    return decided('mailererror', { by: 'local-program', rule: 'diagnostic type x-unix: a local delivery program failed' });
  }

  const byStatus = statusReason(input.status);
  if (byStatus?.decisive) return decided(byStatus.reason, { by: 'status', rule: `status ${input.status} names the cause`, from: 'RFC 3463 / RFC 5248 code registry' });
  const worded = matchPhrase(diag, 2, input.status);
  if (worded) return readInContext(worded, diag, 'diagnostic', command, input);

  const hint = hintText();
  const fromHint = matchPhrase(hint, 1, input.status) ?? matchPhrase(hint, 2, input.status);
  if (fromHint) return readInContext(fromHint, hint, 'hint', command, input);

  if (command === 'MAIL') return decided('rejected', { by: 'stage', rule: 'refused at MAIL FROM: the sender was refused', from: 'RFC 5321 §3.3' });
  // a refused greeting or HELO blocks the client, but a bare 421 there is the server closing
  // the channel for its own reasons (RFC 5321 §3.8, §4.2.3 "Service not available"), not a
  // verdict on the client
  if (command && GREETING_STAGES.has(command) && input.smtpReplyCode !== '421') return decided('blocked', { by: 'stage', rule: `refused at ${command}: the client was refused`, from: 'RFC 5321 §3.1, §4.1.1.1' });
  if (byStatus) return decided(byStatus.reason, { by: 'status', rule: `status ${input.status}: its default reason, no text said better`, from: 'RFC 3463 §3 code meanings (status-reasons.ts)' });
  // RFC 5321 §4.2.2: 500-504 say the command or its arguments were not understood
  const reply = input.smtpReplyCode;
  if (reply && /^50[0-4]$/.test(reply)) return decided('syntaxerror', { by: 'reply-code', rule: `reply code ${reply}: command or arguments not understood`, from: 'RFC 5321 §4.2.2' });
  if (input.action === 'delayed') return decided('expired', { by: 'default', rule: 'action delayed, nothing more said: still being retried' });
  if (input.status && /^[45]\.6\./.test(input.status)) return decided('contenterror', { by: 'status', rule: `status ${input.status}: a media (content) error`, from: 'RFC 3463 §3.7' });
  if (input.status && /^[45]\.7\./.test(input.status)) return decided('securityerror', { by: 'status', rule: `status ${input.status}: a security or policy refusal`, from: 'RFC 3463 §3.8' });
  if (diag || hint) return decided('onhold', { by: 'default', rule: 'the text names no cause we know' });
  return decided('undefined', { by: 'default', rule: 'no text and no code to read' });
}

function providerReason(input: ClassifyInput, raw: string, folded: string, prepared: string): ReasonDecision | null {
  // one call gives the reason and the entry that decided it, with its source
  const rule = providerRule({
    recipient: input.recipient ?? null,
    remoteMta: input.remoteMta ?? null,
    raw,
    text: folded,
    status: input.status,
    smtpCommand: input.smtpCommand,
    prepared,
  });
  if (!rule) return null;
  return decided(rule.reason, { by: 'provider', rule: `the rules of ${rule.provider} for its own codes and wordings`, provider: rule.provider, from: rule.from });
}

// Sisimai's hard/soft split (docs/formats.md#hard-and-soft): hard when the address itself is dead
// (the mailbox or the domain does not exist, or moved), so that sending to it again is
// pointless; soft for everything that may pass another time.
const HARD_REASONS = new Set<Reason>(['userunknown', 'hostunknown', 'hasmoved']);
const NONE_REASONS = new Set<Reason>(['delivered', 'feedback', 'vacation']);

export function bounceTypeFor(reason: Reason, action: Action | null, status: string | null, kind: Kind): BounceType {
  return decideBounceType(reason, action, status, kind).bounceType;
}

/** The hard/soft verdict and the rule that gave it. */
export function decideBounceType(reason: Reason, action: Action | null, status: string | null, kind: Kind): { bounceType: BounceType; evidence: Explain['bounceType'] } {
  const verdict = (bounceType: BounceType, by: Explain['bounceType']['by'], rule: string) => ({ bounceType, evidence: { by, rule } });
  if (kind !== 'dsn') return verdict('none', 'kind', `a ${kind ?? 'non-'} report is not a bounce`);
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return verdict('none', 'action', `action ${action}: not a failure`);
  if (NONE_REASONS.has(reason)) return verdict('none', 'reason', `${reason}: not a failure`);
  // a delay notice is not a verdict: the MTA is still trying (RFC 3464 §2.3.3 "delayed"),
  // so even a "user unknown" it was told may yet turn out otherwise
  if (action === 'delayed') return verdict('soft', 'action', 'action delayed: the MTA is still trying (RFC 3464 §2.3.3)');
  if (HARD_REASONS.has(reason)) return verdict('hard', 'reason', `${reason}: the address itself is dead, sending again is pointless`);
  // a destination that accepts no mail at all is hard when the failure is permanent
  if (reason === 'notaccept' && (!status || status.startsWith('5'))) return verdict('hard', 'status', `notaccept with ${status ? `permanent status ${status}` : 'no status'}: the destination accepts no mail`);
  return verdict('soft', 'reason', `${reason}: may pass another time`);
}

/**
 * The classify stage: a normalised row's reason and hard/soft verdict, from the row itself,
 * the further text about it (`hint`) and what the format module decided (`formatReason`);
 * with `explain`, the evidence for both in `row.explain`.
 */
export function classifyRow(row: RecipientRow, kind: Kind, hint: string | null, formatReason: Reason | null, explain = false): void {
  const dsn = kind === 'dsn';
  const decision = decideReason({
    kind,
    action: dsn ? row.action : null,
    status: dsn ? row.status : null,
    diagnosticType: dsn ? row.diagnosticType : null,
    diagnosticCode: row.diagnosticCode,
    smtpReplyCode: dsn ? row.smtpReplyCode : null,
    smtpCommand: dsn ? row.smtpCommand : null,
    hint,
    formatReason,
    // every input of one shape (a spread of either object made two, and decideReason read
    // them through a polymorphic load each)
    recipient: dsn ? row.recipient : undefined,
    remoteMta: dsn ? row.remoteMta : undefined,
  });
  row.reason = decision.reason;
  const verdict = decideBounceType(row.reason, row.action, row.status, kind);
  row.bounceType = verdict.bounceType;
  if (explain) row.explain = { reason: decision.evidence, bounceType: verdict.evidence };
}
