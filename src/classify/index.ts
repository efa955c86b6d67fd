// Reason and hard/soft verdict for a recipient row.
import type { Action, BounceType, Kind, Reason } from '../table/schema.js';
import { reasonForStatus } from './status-reasons.js';
import { reasonFromText } from './text-reasons.js';

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
}

// Reasons a format module may set that are still worth re-examining with the text
// (they are what a parser falls back to when it knows little).
const RETRY_REASONS = new Set<Reason>(['undefined', 'onhold', 'systemerror', 'securityerror', 'expired', 'networkerror', 'hostunknown', 'userunknown']);

export function classifyReason(input: ClassifyInput): Reason {
  if (input.kind === 'feedback') return 'feedback';
  if (input.kind === 'autoreply') return 'vacation';
  if (input.action === 'delivered' || input.action === 'relayed' || input.action === 'expanded') return 'delivered';
  if (input.status?.startsWith('2.')) return 'delivered';
  if (input.formatReason && !RETRY_REASONS.has(input.formatReason)) return input.formatReason;

  // the diagnostic (the remote server's own words) first, then a specific status code,
  // then the human-readable paragraph about the recipient
  const fromDiag = reasonFromText({ ...input, text: input.diagnosticCode ?? '' });
  if (fromDiag) return fromDiag;
  if (input.formatReason) return input.formatReason;
  const byStatus = reasonForStatus(input.status);
  if (byStatus && !input.status?.endsWith('.0.0')) return byStatus;
  const fromHint = reasonFromText({ ...input, text: input.hint ?? '' });
  if (fromHint) return fromHint;
  if (byStatus) return byStatus;
  const text = [input.diagnosticCode, input.hint].filter(Boolean).join('\n');
  if (input.diagnosticType && input.diagnosticType.toLowerCase().startsWith('x-unix')) return 'mailererror';
  if (input.action === 'delayed') return 'expired';
  if (input.status && /^[45]\.6\./.test(input.status)) return 'contenterror';
  if (input.status && /^[45]\.7\./.test(input.status)) return 'securityerror';
  if (text.trim()) return 'onhold';
  return 'undefined';
}

// Sisimai's hard/soft split (native-formats.md §6.3): the address itself is dead.
const HARD_REASONS = new Set<Reason>(['userunknown', 'hostunknown', 'hasmoved']);
const NONE_REASONS = new Set<Reason>(['delivered', 'feedback', 'vacation']);

export function bounceTypeFor(reason: Reason, action: Action | null, status: string | null, kind: Kind): BounceType {
  if (kind !== 'dsn') return 'none';
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return 'none';
  if (NONE_REASONS.has(reason)) return 'none';
  if (HARD_REASONS.has(reason)) return 'hard';
  // a destination that accepts no mail at all is hard when the failure is permanent
  if (reason === 'notaccept' && (!status || status.startsWith('5'))) return 'hard';
  return 'soft';
}
