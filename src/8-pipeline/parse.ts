// One message's bytes → its ParseResult: the stages in order, MIME (src/2-mime) → format
// parser (src/3-formats) → normalised rows (src/4-table) → reasons (src/5-classify).
import { resolveLimits, type Limits } from '../0-core/limits.js';
import { parseMime } from '../2-mime/parse.js';
import { reportFromEmbedded } from '../3-formats/embedded.js';
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
  const outcome = await analyzeStages(bytes, source, options);
  // every string of the result well-formed Unicode, and every output with it (well-formed.ts)
  if (makeWellFormed(outcome.result)) outcome.result.warnings.push(BROKEN_UTF16_WARNING);
  return outcome;
}

async function analyzeStages(bytes: Buffer, source: string, options: ParseOptions): Promise<ParseOutcome> {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxMessageBytes) {
    return {
      result: errorResult(source, `message is ${formatBytes(bytes.length)}, larger than the maxMessageBytes limit (${formatBytes(limits.maxMessageBytes)}; raise it with --max-size)`),
      returnedBytes: null,
    };
  }
  try {
    if (isCompoundFile(bytes)) return await analyzeOutlookItem(bytes, source, limits, (mime) => analyzeMessage(mime, source, options), options.explain === true);
    const msg = await parseMime(bytes, limits);
    const selection = selectAndParse(msg, { limits });
    let report = selection.report;
    const stacks = selection.stacks;
    const notes = [...selection.problems];
    if (!report) {
      // a report Exchange kept in MAPI form, sent as a TNEF part (winmail.dat)
      report = reportFromTnef(msg, limits);
      if (report) notes.push('report read from the TNEF part (winmail.dat)');
    }
    if (!report) {
      // a bounce attached to, or forwarded in, this message (docs/formats.md#embedded-reports)
      const embedded = await reportFromEmbedded(msg, limits);
      if (embedded) {
        report = embedded.report;
        notes.push(`report read from ${embedded.how}`);
      }
    }
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
  } catch (e) {
    // a bug of ours, never the message's fault: this message gets an error, the batch goes on
    const err = e as Error;
    return {
      result: errorResult(source, `internal error while parsing: ${oneLineMessage(err?.message ?? String(e))}`),
      returnedBytes: null,
      stacks: [err?.stack ?? String(e)],
    };
  }
}

/** Parse one message into its ParseResult. Never rejects: failures are in `error`. */
export async function parseMessage(bytes: Buffer | Uint8Array | string, source = '-', options: ParseOptions = {}): Promise<ParseResult> {
  const buf = Buffer.isBuffer(bytes) ? bytes : typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (await analyzeMessage(buf, source, options)).result;
}
