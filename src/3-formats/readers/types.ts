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
 * Where a module's markers are looked for: at least one of them must be in the message for
 * the module to be asked at all. The registry looks for every module's markers in one pass
 * over views of the message computed once (markers.ts); a module's score() is asked only
 * when one of its markers holds, so score() grades and never tests them again.
 */
export interface Markers {
  /** in the head of the plain text, lower case (BounceMessage.lowerHead) */
  text?: readonly string[];
  /** in the opening of the first human-readable part, as written (BounceMessage.opening) */
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
  /** in the delivery-status parts, lower case (BounceMessage.lowerDeliveryStatus) */
  deliveryStatus?: readonly string[];
  /** the message has a delivery-status part */
  hasDeliveryStatus?: boolean;
}

/** A module asked of every message: the generic readers, whose evidence is structure, not words. */
export const EVERY_MESSAGE = 'every message';

export interface FormatModule {
  /** the generator's id, as results name it (`format`) */
  id: string;
  description: string;
  /** what must be in a message for this module to be asked (any one of them), declared once */
  markers: Markers | typeof EVERY_MESSAGE;
  /**
   * How sure the module is, asked only when one of its markers holds: a value in one of the
   * bands of score.ts, or 0 when what else it checks says the message is not its after all.
   */
  score(msg: BounceMessage): number;
  /** null when, after all, the message is not of this format */
  parse(msg: BounceMessage, ctx: ParseContext): ParsedReport | null;
}
