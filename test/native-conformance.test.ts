// Issue 3's measure: on the qmail, Postfix and Exchange groups of the shared corpus, agreement
// with Sisimai's expected answers is at least 98% on recipient count and status and 95% on
// reason, per group and over the groups together (skipped cleanly when the corpus is absent).
// Entries listed in test/bench/sisimai-disputes.json are disagreements we stand by; they are
// reported, and still counted against us here.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDisputes, scoreConformance, type Tally } from './bench/conformance-lib.js';
import { CORPUS, HAS_CORPUS, ROOT } from './helpers/paths.js';

const GROUPS = ['lhost-qmail', 'lhost-postfix', 'lhost-exchange', 'lhost-office365', 'lhost-outlook', 'rhost-microsoft'];
const mine = (group: string) => GROUPS.some((g) => group.startsWith(g));

// hard/soft (the expected file's hardbounce) follows the reason; held at the reason's level
const MIN = { count: 0.98, status: 0.98, reason: 0.95, hard: 0.95 };

function check(name: string, t: Tally): void {
  expect(t.files, name).toBeGreaterThan(0);
  expect(t.countRight / t.files, `${name} recipient count`).toBeGreaterThanOrEqual(MIN.count);
  expect(t.statusRight / t.rows, `${name} status`).toBeGreaterThanOrEqual(MIN.status);
  expect(t.reasonRight / t.rows, `${name} reason`).toBeGreaterThanOrEqual(MIN.reason);
  expect(t.hardRight / t.rows, `${name} hard/soft`).toBeGreaterThanOrEqual(MIN.hard);
}

describe.skipIf(!HAS_CORPUS)('qmail, Postfix and Exchange against Sisimai', () => {
  it(
    'agrees on count and status (98%) and reason (95%) in every group and overall',
    async () => {
      const disputes = loadDisputes(path.join(ROOT, 'test/bench/sisimai-disputes.json'));
      const report = await scoreConformance(path.join(CORPUS, 'sisimai'), path.join(CORPUS, 'sisimai-expected.ndjson'), disputes, mine);
      // every group named in the issue is present in the corpus
      for (const g of GROUPS) expect([...report.groups.keys()].some((k) => k.startsWith(g)), g).toBe(true);
      for (const [name, t] of report.groups) check(name, t);
      check('all groups', report.overall);
      // reached over the groups together (65 files, 69 rows: 68 right reasons and hard/soft
      // verdicts, the one left disputed): must not drop
      expect(report.overall.reasonRight / report.overall.rows, 'all groups reason, reached').toBeGreaterThanOrEqual(0.985);
      expect(report.overall.hardRight / report.overall.rows, 'all groups hard/soft, reached').toBeGreaterThanOrEqual(0.985);
      // a disagreement is either fixed or argued in sisimai-disputes.json
      const unexplained = report.disagreements.filter((d) => d.field !== 'replycode' && !d.disputed);
      expect(unexplained).toEqual([]);
    },
    120_000,
  );
});
