// Real bounces from ../shared/corpus (skipped cleanly when the folder is absent).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseResultSchema } from '../src/0-core/schema.js';
import { corpusFiles, dsnCoverage, parseCorpusFile } from './bench/corpus-lib.js';
import { CORPUS, HAS_CORPUS } from './helpers/paths.js';

const DIR = path.join(CORPUS, 'sisimai');

describe.skipIf(!HAS_CORPUS)('shared corpus', () => {
  it('gives every file at least one valid result, none with an error', async () => {
    for (const f of corpusFiles(DIR)) {
      const cf = await parseCorpusFile(DIR, f);
      expect(cf.results.length, f).toBeGreaterThan(0);
      for (const r of cf.results) {
        expect(r.error, f).toBeNull();
        expect(() => ParseResultSchema.parse(r), f).not.toThrow();
      }
    }
  });

  it('reads at least 97% of the files with a delivery-status part as kind dsn with a valid status', async () => {
    const cov = await dsnCoverage(DIR);
    expect(cov.withDsnPart).toBeGreaterThanOrEqual(182); // as many as the corpus has today
    expect(cov.dsnWithValidStatus / cov.withDsnPart).toBeGreaterThanOrEqual(0.97);
  });
});
