// Filters scripts want: --only on rows (by RFC 3464 action), --kind on results. Applied
// where a message is parsed (so translate's reports, made there too, follow them).
//
// A filter decides what is printed, never what happened: a result it drops still counts in
// the exit status and in the summary ("N filtered out"), and an unreadable input still gets
// its line on stderr. Nothing leaves the accounting.
import type { Action, Kind, ParseResult } from '../../0-core/schema.js';
import { ACTIONS, KINDS } from '../../0-core/vocabulary.js';

/** `none`: a result that is not a report (kind null), unreadable inputs included. */
export const KIND_FILTERS = [...KINDS, 'none'] as const;
export type KindFilter = (typeof KIND_FILTERS)[number];
export const ONLY_ACTIONS = ACTIONS;

export interface ResultFilter {
  /** keep only rows with one of these actions; a result left without rows is dropped */
  only?: readonly Action[];
  /** keep only results of these kinds */
  kind?: readonly KindFilter[];
}

/** The result as the filter lets it through (rows cut down to --only), or null when dropped. */
export function applyFilter(result: ParseResult, f: ResultFilter): ParseResult | null {
  if (f.kind?.length && !f.kind.includes((result.kind ?? 'none') as Kind | 'none')) return null;
  if (!f.only?.length) return result;
  const rows = result.recipients.filter((r) => r.action !== null && f.only!.includes(r.action));
  if (rows.length === 0) return null;
  return rows.length === result.recipients.length ? result : { ...result, recipients: rows };
}
