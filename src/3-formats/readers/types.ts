// What a native-format module is and what it returns.
import type { BounceMessage, ReturnedMessage } from '../../2-mime/message.js';
import type { Action, Kind, OriginalMessage, Reason } from '../../0-core/schema.js';
import type { Limits } from '../../0-core/limits.js';

/** A recipient row as a format parser fills it; normalisation completes it (src/4-table/normalize.ts). */
export interface RowDraft {
  recipient: string;
  displayName?: string | null;
  originalRecipient?: string | null;
  action?: Action | null;
  /** the Status as written (validated and normalised later), or a code the format knows */
  status?: string | null;
  diagnosticType?: string | null;
  diagnosticCode?: string | null;
  smtpReplyCode?: string | null;
  smtpCommand?: string | null;
  remoteMta?: string | null;
  lastAttemptDate?: string | null;
  willRetryUntil?: string | null;
  /** a reason the format itself is sure of (e.g. an Exchange component code); the classifier may refine retry reasons */
  reason?: Reason | null;
  feedbackType?: string | null;
  fields?: Record<string, string>;
  /** further text the classifier should read (a human-readable paragraph about this recipient) */
  hint?: string | null;
}

export interface ParsedReport {
  kind: Kind;
  /** id of the most specific generator recognised */
  format: string;
  reportingMta?: string | null;
  arrivalDate?: string | null;
  recipients: RowDraft[];
  /** the returned original when the format found it in native text (else the MIME layer's) */
  returned?: ReturnedMessage | null;
  original?: OriginalMessage | null;
  warnings?: string[];
}

export interface ParseContext {
  limits: Limits;
}

/**
 * What a module's detect() cannot score without, as data: at least one of these must be in
 * the message, else detect() is not asked (src/3-formats/registry.ts checks every module's
 * gate in one pass over views of the message computed once). Each list is a necessary
 * condition of that module's detect(), read from its code; one holding is enough.
 */
export interface Gate {
  /** in the head of the plain text, lower case (BounceMessage.lowerHead) */
  text?: readonly string[];
  /** in the opening of the first human-readable part, as written (openingText) */
  opening?: readonly string[];
  /** in the Subject, lower case */
  subject?: readonly string[];
  /** in the From, lower case */
  from?: readonly string[];
  /** header fields present (lower-case names) */
  headers?: readonly string[];
  /** [name, lower-case text]: a value of that header contains the text, case-insensitively ('' : the header is present) */
  headerValues?: readonly (readonly [string, string])[];
  /** in the top-level boundary parameter, as written */
  boundary?: readonly string[];
  /** in the delivery-status parts, lower case */
  deliveryStatus?: readonly string[];
  /** the message has a delivery-status part */
  hasDeliveryStatus?: boolean;
}

export interface FormatModule {
  id: string;
  description: string;
  /** cheap: markers in headers and the first lines. 0 = not mine; higher = more confident */
  detect(msg: BounceMessage): number;
  /** a necessary condition of detect(), as data; without one detect() is asked for every message */
  gate?: Gate;
  /** null when, after all, the message is not of this format */
  parse(msg: BounceMessage, ctx: ParseContext): ParsedReport | null;
}
