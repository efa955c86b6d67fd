// MapiReport: one MAPI DR/NDR report as the translator gives it. The zod schema is the
// source of the TypeScript type and of `bouncemapi schema translate`.
import { z } from 'zod';
import { ActionSchema, BounceTypeSchema, OriginalMessageSchema, ReasonSchema } from '../0-core/schema.js';
import { MODES } from './modes.js';

export { MODES };

/** Report class suffixes (MS-OXCMAIL §2.2.3.7.1.1; docs/mapi.md#report-classes). */
export const REPORT_TYPES = ['NDR', 'Delayed.DR', 'Relayed.DR', 'Expanded.DR', 'DR'] as const;
const ReportTypeSchema = z.enum(REPORT_TYPES);
export type ReportType = z.infer<typeof ReportTypeSchema>;

const ModeSchema = z.enum(MODES);
export type Mode = z.infer<typeof ModeSchema>;

/** A property value as JSON carries it (docs/mapi.md#json-output): PT_LONG a number, PT_BOOLEAN a boolean, PT_SYSTIME an ISO 8601 UTC string, PT_BINARY upper-case hex, PT_UNICODE a string. */
const MapiValueSchema = z.union([z.string(), z.number().int(), z.boolean()]);
export type MapiValue = z.infer<typeof MapiValueSchema>;

/** The row's DSN fields as the bounce gave them (RFC 3464 terms), which MAPI's properties alone lose. */
const DsnRowSchema = z.object({
  finalRecipient: z.string(),
  originalRecipient: z.string().nullable(),
  displayName: z.string().nullable(),
  action: ActionSchema,
  status: z.string().nullable().describe('RFC 3463 status as reported, e.g. 5.7.350'),
  diagnosticType: z.string().nullable(),
  diagnosticCode: z.string().nullable(),
  remoteMta: z.string().nullable(),
  lastAttemptDate: z.string().nullable(),
  willRetryUntil: z.string().nullable(),
  reason: ReasonSchema.describe("bouncemapi's reason for the row"),
  bounceType: BounceTypeSchema,
  fields: z.record(z.string(), z.string()).describe('every raw field of the recipient group, unfolded; {} for native text'),
});
export type DsnRow = z.infer<typeof DsnRowSchema>;

/** One recipient row: MAPI properties (keyed as --keys says) plus `dsn`. */
const MapiRecipientSchema = z
  .object({ dsn: DsnRowSchema })
  .catchall(MapiValueSchema)
  .describe('recipient row: MAPI properties keyed by canonical PidTag name (PR_ name or 0x tag with --keys), plus the raw DSN fields under dsn');
export type MapiRecipient = z.infer<typeof MapiRecipientSchema>;

/** The per-message DSN facts of the bounce the report came from. */
const DsnMessageSchema = z.object({
  format: z.string().nullable().describe('the bounce format bouncemapi recognised'),
  messageId: z.string().nullable().describe("the bounce's Message-ID"),
  date: z.string().nullable().describe("the bounce's Date (ISO 8601 UTC)"),
  from: z.string().nullable().describe("the bounce's From"),
  reportingMta: z.string().nullable(),
  arrivalDate: z.string().nullable(),
  original: OriginalMessageSchema.nullable(),
});

export const MapiReportSchema = z.object({
  source: z.string().describe('the input the report came from (PATH, PATH#N for an mbox message, - for stdin)'),
  reportType: ReportTypeSchema,
  messageClass: z.string().describe('e.g. REPORT.IPM.Note.NDR'),
  mode: ModeSchema,
  properties: z.record(z.string(), MapiValueSchema).describe('report message properties keyed by canonical PidTag name (PR_ name or 0x tag with --keys)'),
  recipients: z.array(MapiRecipientSchema),
  dsn: DsnMessageSchema,
});
export type MapiReport = z.infer<typeof MapiReportSchema>;
