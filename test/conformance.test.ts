// Agreement with Sisimai's expected answers on the shared corpus (issue 4): the overall
// figures must not drop below what was reached. Skips cleanly when ../shared/corpus is absent.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardAgrees, loadDisputes, replyAgrees, scoreConformance, statusAgrees } from './bench/conformance-lib.js';
import { CORPUS, HAS_CORPUS, ROOT } from './helpers/paths.js';

// reached on the 309 expected files / 329 expected rows (npm run conformance): 309 files
// recognised, 308 with the right recipient count, 327 rows with the right status, 303 with
// the right reason, 308 with the right hard/soft verdict (the expected file's hardbounce)
const FLOOR = { recognised: 1.0, count: 0.996, status: 0.993, reason: 0.92, hard: 0.936 };

describe('conformance rules (the issue and the corpus README)', () => {
  it("meets Sisimai's X.0.9NN pseudo-codes with any valid RFC 3463 code of the same class, other codes exactly", () => {
    expect(statusAgrees('5.0.911', '5.1.1')).toBe(true);
    expect(statusAgrees('5.0.947', '5.0.0')).toBe(true);
    expect(statusAgrees('4.0.947', '4.4.7')).toBe(true);
    expect(statusAgrees('5.0.947', '4.4.7')).toBe(false);
    expect(statusAgrees('5.0.911', null)).toBe(false);
    expect(statusAgrees('5.1.1', '5.1.1')).toBe(true);
    expect(statusAgrees('5.1.1', '5.1.10')).toBe(false);
    // no status expected (feedback, vacation): nothing to compare
    expect(statusAgrees('', null)).toBe(true);
  });

  it('compares reply codes exactly, an empty expectation with none', () => {
    expect(replyAgrees('550', '550')).toBe(true);
    expect(replyAgrees('', null)).toBe(true);
    expect(replyAgrees('550', null)).toBe(false);
    expect(replyAgrees('', '550')).toBe(false);
  });

  it("compares Sisimai's hardbounce with our bounceType: only 'hard' is hard", () => {
    expect(hardAgrees(true, 'hard')).toBe(true);
    expect(hardAgrees(false, 'soft')).toBe(true);
    expect(hardAgrees(false, 'none')).toBe(true);
    expect(hardAgrees(true, 'soft')).toBe(false);
    expect(hardAgrees(false, 'hard')).toBe(false);
    expect(hardAgrees(false, null)).toBe(false);
  });
});

describe.skipIf(!HAS_CORPUS)('conformance with Sisimai on the shared corpus', () => {
  it('keeps the overall figures at or above those reached', async () => {
    const disputes = loadDisputes(path.join(ROOT, 'test/bench/sisimai-disputes.json'));
    const { overall } = await scoreConformance(path.join(CORPUS, 'sisimai'), path.join(CORPUS, 'sisimai-expected.ndjson'), disputes);
    expect(overall.files).toBeGreaterThanOrEqual(309); // every file the corpus has expectations for today
    expect(overall.recognised / overall.files).toBeGreaterThanOrEqual(FLOOR.recognised);
    expect(overall.countRight / overall.files).toBeGreaterThanOrEqual(FLOOR.count);
    expect(overall.statusRight / overall.rows).toBeGreaterThanOrEqual(FLOOR.status);
    expect(overall.reasonRight / overall.rows).toBeGreaterThanOrEqual(FLOOR.reason);
    expect(overall.hardRight / overall.rows).toBeGreaterThanOrEqual(FLOOR.hard);
  });

  it('lists every disputed expectation with a reason, each naming a real expected row', async () => {
    const disputes = loadDisputes(path.join(ROOT, 'test/bench/sisimai-disputes.json'));
    expect(disputes.length).toBeGreaterThan(0);
    for (const d of disputes) {
      expect(d.why.length, `${d.file}#${d.index}`).toBeGreaterThan(20);
      expect(['status', 'reason', 'replycode', 'count', 'hardbounce']).toContain(d.field);
    }
  });
});
