// A ParseResult built up: empty, an error, and the table of a report (the normalise and
// classify stages, in order).
import type { Limits } from '../0-core/limits.js';
import type { ParseResult } from '../0-core/schema.js';
import type { ParsedReport } from '../3-formats/readers/types.js';
import { normalizeRow } from '../4-table/normalize.js';
import { classifyRow } from '../5-classify/index.js';

// the empty and error results load without the stages (empty-result.ts says why)
export { emptyResult, errorResult } from './empty-result.js';

/**
 * The report's rows, through the stages in order: normalise each row, then classify it;
 * with `explain`, each row keeps the evidence for its reason and verdict.
 */
export function fillTable(result: ParseResult, report: ParsedReport, limits: Limits, explain = false): void {
  const warnings = result.warnings;
  let drafts = report.recipients;
  if (drafts.length > limits.maxRecipients) {
    warnings.push(`${drafts.length} recipient rows, more than the maxRecipients limit (${limits.maxRecipients}): the rest dropped`);
    drafts = drafts.slice(0, limits.maxRecipients);
  }
  if (report.warnings) warnings.push(...report.warnings);
  result.recognized = true;
  result.kind = report.kind;
  result.format = report.format;
  result.reportingMta = report.reportingMta ?? null;
  result.arrivalDate = report.arrivalDate ?? null;
  const rowWarnings: string[] = [];
  result.recipients = drafts.map((d) => {
    const { row, hint } = normalizeRow(d, report.kind, limits, rowWarnings);
    classifyRow(row, report.kind, hint, d.reason ?? null, explain);
    return row;
  });
  for (const w of new Set(rowWarnings)) warnings.push(w);
}

