// Agreement with Sisimai's own expected answers for the shared corpus
// (../shared/corpus/sisimai-expected.ndjson), by the rules of Sisimai's tests:
// recipients in order; status, reason and reply code per recipient; an expected X.0.9NN
// (Sisimai's pseudo-code for "no status in the message") is met by any valid RFC 3463 code
// of the same class; a file read as an mbox counts its messages' rows together.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecipientRow } from '../../src/0-core/schema.js';
import { corpusFiles, parseCorpusFile } from './corpus-lib.js';

export interface ExpectedRow {
  file: string;
  index: number;
  status: string;
  replycode: string;
  reason: string;
  hardbounce: boolean;
  another: string;
  recipients_expected: number;
}

export interface Dispute {
  file: string;
  index: number;
  field: 'status' | 'reason' | 'replycode' | 'count' | 'hardbounce';
  why: string;
}

export interface Disagreement {
  file: string;
  index: number;
  field: 'recognised' | 'count' | 'status' | 'reason' | 'replycode' | 'hardbounce';
  expected: string;
  got: string;
  disputed?: string;
}

export interface Tally {
  files: number;
  recognised: number;
  countRight: number;
  rows: number;
  statusRight: number;
  reasonRight: number;
  replyRight: number;
  /** rows whose hard/soft verdict agrees with the expected `hardbounce` */
  hardRight: number;
}

export interface ConformanceReport {
  overall: Tally;
  /** the same figures with each disputed expectation counted as agreement (the raw figures stay the measure) */
  overallWithDisputes: Tally;
  groups: Map<string, Tally>;
  disagreements: Disagreement[];
}

const emptyTally = (): Tally => ({ files: 0, recognised: 0, countRight: 0, rows: 0, statusRight: 0, reasonRight: 0, replyRight: 0, hardRight: 0 });

export function groupOf(file: string): string {
  return file.replace(/-\d+\.eml$/, '');
}

export function loadExpected(file: string): Map<string, ExpectedRow[]> {
  const byFile = new Map<string, ExpectedRow[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as ExpectedRow;
    const list = byFile.get(row.file) ?? [];
    list.push(row);
    byFile.set(row.file, list);
  }
  for (const list of byFile.values()) {
    list.sort((a, b) => a.index - b.index);
    // a file whose rows repeat an index (lhost-qmail-25: both rows say 1) lists its
    // recipients in output order, as Sisimai's test tables do: number them by position
    if (new Set(list.map((r) => r.index)).size !== list.length) list.forEach((r, i) => (r.index = i + 1));
  }
  return byFile;
}

/** Does our status agree with Sisimai's expectation? */
export function statusAgrees(expected: string, got: string | null): boolean {
  // Sisimai expects no status (feedback, vacation): any status we give is not compared
  if (!expected) return true;
  const pseudo = /^([45])\.0\.9\d\d$/.exec(expected);
  if (pseudo) return !!got && /^[245]\.[0-7]\.\d{1,3}$/.test(got) && got[0] === pseudo[1];
  return got === expected;
}

/** Sisimai's `hardbounce` is true exactly when we call the row a hard bounce (soft and none are both "not hard"). */
export function hardAgrees(expected: boolean, got: RecipientRow['bounceType'] | null): boolean {
  return got !== null && (got === 'hard') === expected;
}

export function replyAgrees(expected: string, got: string | null): boolean {
  return (expected || null) === (got || null);
}

export async function scoreConformance(dir: string, expectedFile: string, disputes: Dispute[] = [], only?: (group: string) => boolean): Promise<ConformanceReport> {
  const expected = loadExpected(expectedFile);
  const disputed = new Map(disputes.map((d) => [`${d.file}#${d.index}#${d.field}`, d.why]));
  const overall = emptyTally();
  const withDisputes = emptyTally();
  const groups = new Map<string, Tally>();
  const disagreements: Disagreement[] = [];
  const files = new Set(corpusFiles(dir));
  for (const [file, exp] of expected) {
    if (!files.has(file)) continue;
    const group = groupOf(file);
    if (only && !only(group)) continue;
    const g = groups.get(group) ?? emptyTally();
    groups.set(group, g);
    const cf = await parseCorpusFile(dir, file);
    const rows: RecipientRow[] = cf.results.flatMap((r) => r.recipients);
    const recognised = cf.results.some((r) => r.recognized);
    const nExpected = exp[0].recipients_expected;
    for (const t of [overall, g, withDisputes]) {
      t.files++;
      if (recognised) t.recognised++;
      if (rows.length === nExpected || (t === withDisputes && disputed.has(`${file}#0#count`))) t.countRight++;
    }
    if (!recognised) disagreements.push({ file, index: 0, field: 'recognised', expected: 'recognised', got: cf.results.map((r) => r.error ?? 'not recognised').join('; ') });
    if (rows.length !== nExpected) disagreements.push({ file, index: 0, field: 'count', expected: String(nExpected), got: String(rows.length), disputed: disputed.get(`${file}#0#count`) });
    for (const e of exp) {
      const row = rows[e.index - 1] ?? null;
      const statusOk = statusAgrees(e.status, row?.status ?? null) && !!row;
      const reasonOk = !!row && row.reason === e.reason;
      const replyOk = !!row && replyAgrees(e.replycode, row.smtpReplyCode);
      const hardOk = hardAgrees(e.hardbounce, row?.bounceType ?? null);
      for (const t of [overall, g]) {
        t.rows++;
        if (statusOk) t.statusRight++;
        if (reasonOk) t.reasonRight++;
        if (replyOk) t.replyRight++;
        if (hardOk) t.hardRight++;
      }
      const ours = (field: string) => disputed.has(`${file}#${e.index}#${field}`);
      withDisputes.rows++;
      if (statusOk || ours('status')) withDisputes.statusRight++;
      if (reasonOk || ours('reason')) withDisputes.reasonRight++;
      if (replyOk || ours('replycode')) withDisputes.replyRight++;
      // the verdict follows the reason: a disputed reason disputes its hard/soft verdict too
      if (hardOk || ours('hardbounce') || ours('reason')) withDisputes.hardRight++;
      const why = (field: Disagreement['field']) =>
        disputed.get(`${file}#${e.index}#${field}`) ?? (field === 'hardbounce' && ours('reason') ? 'follows the disputed reason' : undefined);
      const at = (field: Disagreement['field'], exp: string, got: string) => disagreements.push({ file, index: e.index, field, expected: exp, got, disputed: why(field) });
      if (!statusOk) at('status', e.status, row?.status ?? '(no row)');
      if (!reasonOk) at('reason', e.reason, row?.reason ?? '(no row)');
      if (!replyOk) at('replycode', e.replycode, row?.smtpReplyCode ?? (row ? '' : '(no row)'));
      if (!hardOk) at('hardbounce', e.hardbounce ? 'hard' : 'not hard', row?.bounceType ?? '(no row)');
    }
  }
  return { overall, overallWithDisputes: withDisputes, groups, disagreements };
}

export function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '-';
}

export function loadDisputes(file: string): Dispute[] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Dispute[];
  } catch {
    return [];
  }
}

export const DEFAULT_CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');
