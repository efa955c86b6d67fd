// The recipient-status table: one ParseResult per input message, one row per recipient.
// These zod schemas are the single source of the TypeScript types (z.infer) and of the
// JSON Schema printed by `bouncemapi schema parse`.
import { z } from 'zod';
import { STATUS_PATTERN } from './status.js';
import { ACTIONS, KINDS, REASONS } from './vocabulary.js';

// the word lists live in vocabulary.ts, which the parser and the workers load without zod
export { ACTIONS, KINDS, REASONS };

export const ReasonSchema = z.enum(REASONS);
export type Reason = z.infer<typeof ReasonSchema>;

export const ActionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof ActionSchema>;

export const KindSchema = z.enum(KINDS);
export type Kind = z.infer<typeof KindSchema>;

export const BounceTypeSchema = z.enum(['hard', 'soft', 'none']);
export type BounceType = z.infer<typeof BounceTypeSchema>;

// defined in status.ts, which the parser loads without zod (zod costs ~100 ms at start-up)
export { STATUS_PATTERN };
export const StatusSchema = z.string().regex(STATUS_PATTERN);

// `--explain` (parse option `explain: true`): which evidence decided a row's reason and its
// hard/soft verdict, so that a surprising verdict can be checked against its source.
export const REASON_EVIDENCE = ['kind', 'action', 'status', 'format', 'provider', 'exchange-code', 'phrase', 'local-program', 'stage', 'reply-code', 'default'] as const;
export const BOUNCE_EVIDENCE = ['kind', 'action', 'reason', 'status'] as const;

export const ReasonEvidenceSchema = z.object({
  by: z.enum(REASON_EVIDENCE).describe('what decided: the report kind, the action, the status code, the format module, a provider rule, an Exchange component code, a phrase, a local delivery program, the SMTP stage, the SMTP reply code, or a last default'),
  rule: z.string().describe('the rule that decided, in words'),
  phrase: z.string().optional().describe('the phrase found (a two-part phrase as "a … b")'),
  in: z.enum(['diagnostic', 'hint']).optional().describe('the text the phrase was found in: the diagnostic, or the human-readable text about the recipient'),
  from: z.string().optional().describe('where the wording or rule comes from (MTA source file, RFC, vendor documentation)'),
  provider: z.string().optional().describe('the provider whose rule decided'),
  adjusted: z.string().optional().describe('how the SMTP stage or the subject of the phrase changed the reason it names'),
});
export type ReasonEvidence = z.infer<typeof ReasonEvidenceSchema>;

export const ExplainSchema = z.object({
  reason: ReasonEvidenceSchema,
  bounceType: z.object({
    by: z.enum(BOUNCE_EVIDENCE),
    rule: z.string(),
  }),
});
export type Explain = z.infer<typeof ExplainSchema>;

export const RecipientRowSchema = z.object({
  recipient: z.string().describe('final recipient address as written (domain lower-cased)'),
  displayName: z.string().nullable(),
  originalRecipient: z.string().nullable(),
  action: ActionSchema.nullable(),
  status: StatusSchema.nullable(),
  diagnosticType: z.string().nullable(),
  diagnosticCode: z.string().nullable(),
  smtpReplyCode: z.string().nullable(),
  smtpCommand: z.string().nullable(),
  remoteMta: z.string().nullable(),
  lastAttemptDate: z.string().nullable(),
  willRetryUntil: z.string().nullable(),
  reason: ReasonSchema,
  feedbackType: z.string().nullable(),
  fields: z.record(z.string(), z.string()),
  bounceType: BounceTypeSchema,
  explain: ExplainSchema.optional().describe('only with --explain (parse option explain: true)'),
});
export type RecipientRow = z.infer<typeof RecipientRowSchema>;

export const OriginalMessageSchema = z.object({
  messageId: z.string().nullable(),
  subject: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  cc: z.string().nullable(),
  date: z.string().nullable(),
  contentClass: z.string().nullable(),
});
export type OriginalMessage = z.infer<typeof OriginalMessageSchema>;

export const ParseResultSchema = z.object({
  source: z.string(),
  recognized: z.boolean(),
  kind: KindSchema.nullable(),
  format: z.string().nullable(),
  error: z.string().nullable(),
  warnings: z.array(z.string()),
  messageId: z.string().nullable(),
  date: z.string().nullable(),
  subject: z.string().nullable(),
  from: z.string().nullable(),
  headerBlock: z.string(),
  reportingMta: z.string().nullable(),
  arrivalDate: z.string().nullable(),
  original: OriginalMessageSchema.nullable(),
  recipients: z.array(RecipientRowSchema),
});
export type ParseResult = z.infer<typeof ParseResultSchema>;
