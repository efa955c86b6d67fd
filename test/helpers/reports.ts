// The parsed reports of every fixture and corpus message (the corpus only when present), for
// tests that compare a fast path with the general one on what real bounces give.
import { readFileSync } from 'node:fs';
import { resolveLimits } from '../../src/0-core/limits.js';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { selectAndParse } from '../../src/3-formats/registry.js';
import type { ParsedReport } from '../../src/3-formats/readers/types.js';
import { messageFiles } from './inputs.js';

export function* reportsOfEveryMessage(): Generator<ParsedReport> {
  const limits = resolveLimits();
  for (const file of messageFiles()) {
    const msg = parseMimeSync(readFileSync(file), limits);
    const report = msg && selectAndParse(msg, { limits }).report;
    if (report) yield report;
  }
}
