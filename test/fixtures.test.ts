// Every hand-written fixture parses to the result worked out by hand beside it
// (fixtures/NAME.expected.json, each with a "_why" saying how it was derived).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../src/parse.js';
import { ParseResultSchema } from '../src/table/schema.js';
import { FIXTURES } from './helpers/paths.js';

interface Expected {
  exitCode: number;
  results: Record<string, unknown>[];
}

export const FIXTURE_CASES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => {
    const base = f.replace(/\.expected\.json$/, '');
    const eml = readdirSync(FIXTURES).find((x) => x.startsWith(`${base}.`) && !x.endsWith('.json'));
    return { base, eml: eml!, expected: JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as Expected };
  });

describe('fixtures', () => {
  it('has fixtures', () => {
    expect(FIXTURE_CASES.length).toBeGreaterThanOrEqual(8);
  });
  for (const c of FIXTURE_CASES) {
    if (c.expected.results.length !== 1) continue; // mbox fixtures are checked end to end
    it(`${c.eml} parses as worked out by hand`, async () => {
      const bytes = readFileSync(path.join(FIXTURES, c.eml));
      const result = await parseMessage(bytes, c.eml);
      expect(() => ParseResultSchema.parse(result)).not.toThrow();
      expect(result).toMatchObject(c.expected.results[0]);
    });
  }
});
