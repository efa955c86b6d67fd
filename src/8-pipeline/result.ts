// A ParseResult built up: empty, an error, and the table of a report (the normalise and
// classify stages, in order).
import type { Limits } from '../0-core/limits.js';
import type { ParseResult, RecipientRow } from '../0-core/schema.js';
import type { ParsedReport, RowDraft } from '../3-formats/readers/types.js';
import { normalizeRow } from '../4-table/normalize.js';
import { classifyRow } from '../5-classify/index.js';

// the empty and error results load without the stages (empty-result.ts says why)
export { emptyResult, errorResult } from './empty-result.js';

/**
 * The report's rows, through the stages in order: normalise each row, then classify it;
 * with `explain`, each row keeps the evidence for its reason and verdict. The report's
 * drafts are handed over: each is let go as soon as its row is made, so a report of 100,000
 * rows never holds its drafts and its rows at once (README, Limits: memory).
 */
export function fillTable(result: ParseResult, report: ParsedReport, limits: Limits, explain = false): void {
  const warnings = result.warnings;
  const drafts = report.recipients;
  report.recipients = [];
  let count = drafts.length;
  if (count > limits.maxRecipients) {
    warnings.push(`${count} recipient rows, more than the maxRecipients limit (${limits.maxRecipients}): the rest dropped`);
    count = limits.maxRecipients;
  }
  if (report.warnings) warnings.push(...report.warnings);
  result.recognized = true;
  result.kind = report.kind;
  result.format = report.format;
  result.reportingMta = report.reportingMta ?? null;
  result.arrivalDate = report.arrivalDate ?? null;
  const rowWarnings: string[] = [];
  const rows: RecipientRow[] = [];
  for (let i = 0; i < count; i++) {
    const d = drafts[i];
    (drafts as (RowDraft | undefined)[])[i] = undefined;
    const { row, hint } = normalizeRow(d, report.kind, limits, rowWarnings);
    classifyRow(row, report.kind, hint, d.reason ?? null, explain);
    rows.push(row);
  }
  drafts.length = 0;
  result.recipients = rows;
  // most messages have none: no Set made for them (~2 % of this stage in a warm profile)
  if (rowWarnings.length) for (const w of new Set(rowWarnings)) warnings.push(w);
}
