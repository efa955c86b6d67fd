// The .msg round trip (issue 19): a parsed bounce translated to report items, each written as
// an Outlook .msg and parsed again, must give back its table. Rows are compared as one set per
// source, on what a report item carries.
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import { translate } from '../../src/6-mapi/status-recips.js';
import { renderMsg } from '../../src/7-output/msg.js';
import type { ParseResult, RecipientRow } from '../../src/0-core/schema.js';

const space = (s: string | null) => (s === null ? null : s.replace(/\s+/g, ' ').trim());

/** What a row must keep through a report item. */
export function rowKey(r: RecipientRow, full: boolean): string {
  const base = [r.recipient.toLowerCase(), r.action, r.status];
  return JSON.stringify(full ? [...base, r.reason, space(r.diagnosticCode), r.remoteMta] : base);
}

export interface RoundTrip {
  before: ParseResult;
  /** the results read back from the .msg files, one per report */
  after: ParseResult[];
}

/** Parse `bytes`, write each of its reports as a .msg, and parse those. */
export async function roundTrip(bytes: Buffer, source: string): Promise<RoundTrip> {
  const { result, returnedBytes } = await analyzeMessage(bytes, source);
  const after: ParseResult[] = [];
  for (const report of translate(result, { returnedBytes })) {
    const msg = await renderMsg(report, { returnedBytes });
    after.push((await analyzeMessage(msg, `${source}.msg`)).result);
  }
  return { before: result, after };
}

export function rowSets(t: RoundTrip, full: boolean): { before: string[]; after: string[] } {
  const before = t.before.recipients.filter((r) => r.action).map((r) => rowKey(r, full)).sort();
  const after = t.after.flatMap((r) => r.recipients.map((x) => rowKey(x, full))).sort();
  return { before, after };
}
