// One message's bytes → its ParseResult: the stages in order, MIME (src/2-mime) → format
// parser (src/3-formats) → normalised rows (src/4-table) → reasons (src/5-classify).
import { resolveLimits, type Limits } from '../0-core/limits.js';
import { parseMime, parseMimeSync } from '../2-mime/parse.js';
import type { BounceMessage } from '../2-mime/message.js';
import { reportFromEmbedded } from '../3-formats/embedded.js';
import type { ParsedReport } from '../3-formats/readers/types.js';
import { selectAndParse } from '../3-formats/registry.js';
import { toIsoDate } from '../0-core/address.js';
import { originalFrom } from '../4-table/normalize.js';
import { emptyResult, errorResult, fillTable } from './result.js';
import type { ParseResult } from '../0-core/schema.js';
import { isCompoundFile } from '../2-mime/msg-item.js';
import { analyzeOutlookItem, reportFromTnef } from './outlook.js';
import { BROKEN_UTF16_WARNING, makeWellFormed } from './well-formed.js';

// the results' constructors, for the callers that made them from here
export { emptyResult, errorResult };

export interface ParseOptions {
  limits?: Partial<Limits>;
  /** add to each row the evidence that decided its reason and hard/soft verdict (`explain`) */
  explain?: boolean;
}

export interface ParseOutcome {
  result: ParseResult;
  /** the returned original's bytes, for writers that embed it (.msg); null when not returned in full */
  returnedBytes: Buffer | null;
  /** stack traces of internal errors caught while parsing (printed with --debug); usually empty */
  stacks?: string[];
}

function oneLineMessage(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Parse one message, keeping the returned original's bytes for writers that need them. */
export async function analyzeMessage(bytes: Buffer, source = '-', options: ParseOptions = {}): Promise<ParseOutcome> {
  return analyzeMessageNow(bytes, source, options);
}

/**
 * analyzeMessage without a promise where none is needed: the common message (MIME located in
 * one pass, a report found by the format modules or none) is parsed synchronously; an Outlook
 * item, a message for mailsplit's splitter, or a look into an embedded message give a promise.
 * The batch runner calls this: a promise and its turn of the event loop per message cost.
 */
export function analyzeMessageNow(bytes: Buffer, source = '-', options: ParseOptions = {}): ParseOutcome | Promise<ParseOutcome> {
  const outcome = analyzeStages(bytes, source, options);
  return outcome instanceof Promise ? outcome.then(wellFormed) : wellFormed(outcome);
}

function wellFormed(outcome: ParseOutcome): ParseOutcome {
  // every string of the result well-formed Unicode, and every output with it (well-formed.ts)
  if (makeWellFormed(outcome.result)) outcome.result.warnings.push(BROKEN_UTF16_WARNING);
  return outcome;
}

/** A bug of ours, never the message's fault: this message gets an error, the batch goes on. */
function internalError(source: string, e: unknown): ParseOutcome {
  const err = e as Error;
  return {
    result: errorResult(source, `internal error while parsing: ${oneLineMessage(err?.message ?? String(e))}`),
    returnedBytes: null,
    stacks: [err?.stack ?? String(e)],
  };
}

function analyzeStages(bytes: Buffer, source: string, options: ParseOptions): ParseOutcome | Promise<ParseOutcome> {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxMessageBytes) {
    return {
      result: errorResult(source, `message is ${formatBytes(bytes.length)}, larger than the maxMessageBytes limit (${formatBytes(limits.maxMessageBytes)}; raise it with --max-size)`),
      returnedBytes: null,
    };
  }
  const failed = (e: unknown) => internalError(source, e);
  try {
    if (isCompoundFile(bytes)) return analyzeOutlookItem(bytes, source, limits, (mime) => analyzeMessage(mime, source, options), options.explain === true).catch(failed);
    const msg = parseMimeSync(bytes, limits);
    if (!msg) return parseMime(bytes, limits).then((m) => fromMessage(m, source, limits, options)).catch(failed);
    const outcome = fromMessage(msg, source, limits, options);
    return outcome instanceof Promise ? outcome.catch(failed) : outcome;
  } catch (e) {
    return failed(e);
  }
}

/** The stages after MIME: a format module's report (or a TNEF one, or an embedded message's), then the table. */
function fromMessage(msg: BounceMessage, source: string, limits: Limits, options: ParseOptions): ParseOutcome | Promise<ParseOutcome> {
  const selection = selectAndParse(msg, { limits });
  const notes = [...selection.problems];
  // a report Exchange kept in MAPI form, sent as a TNEF part (winmail.dat)
  let report = selection.report ?? reportFromTnef(msg, limits);
  if (report && !selection.report) notes.push('report read from the TNEF part (winmail.dat)');
  if (report) return withTable(msg, report, notes, selection.stacks, source, limits, options);
  // a bounce attached to, or forwarded in, this message (docs/formats.md#embedded-reports)
  return reportFromEmbedded(msg, limits).then((embedded) => {
    if (embedded) notes.push(`report read from ${embedded.how}`);
    return withTable(msg, embedded?.report ?? null, notes, selection.stacks, source, limits, options);
  });
}

function withTable(msg: BounceMessage, report: ParsedReport | null, notes: string[], stacks: string[] | undefined, source: string, limits: Limits, options: ParseOptions): ParseOutcome {
  // collected once, after parsing: reading the text may have cut a line (maxLineLength)
  const warnings = [...msg.allWarnings(), ...notes];
  const result: ParseResult = {
    ...emptyResult(source),
    warnings,
    messageId: msg.headers.get('message-id')?.trim() || null,
    date: toIsoDate(msg.headers.get('date')),
    subject: msg.headers.has('subject') ? msg.subject : null,
    from: msg.headers.has('from') ? msg.from : null,
    headerBlock: msg.headerBlock,
  };
  const returned = report?.returned ?? msg.returned;
  result.original = report?.original ?? originalFrom(returned);
  if (report) fillTable(result, report, limits, options.explain === true);
  return { result, returnedBytes: returned?.bytes ?? null, stacks };
}

/** Parse one message into its ParseResult. Never rejects: failures are in `error`. */
export async function parseMessage(bytes: Buffer | Uint8Array | string, source = '-', options: ParseOptions = {}): Promise<ParseResult> {
  const buf = Buffer.isBuffer(bytes) ? bytes : typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (await analyzeMessage(buf, source, options)).result;
}
