// Every hand-written fixture parses to the result worked out by hand beside it
// (fixtures/expected/NAME.json for fixtures/bounces/NAME.*, each with a "_why" saying how
// it was derived).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../src/8-pipeline/parse.js';
import { ParseResultSchema } from '../src/0-core/schema.js';
import { FIXTURES } from './helpers/paths.js';

interface Expected {
  exitCode: number;
  results: Record<string, unknown>[];
}

const BOUNCES = path.join(FIXTURES, 'bounces');
const EXPECTED = path.join(FIXTURES, 'expected');

export const FIXTURE_CASES = readdirSync(EXPECTED)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const base = f.replace(/\.json$/, '');
    const eml = readdirSync(BOUNCES).find((x) => x.startsWith(`${base}.`));
    if (!eml) throw new Error(`fixtures/expected/${f} has no fixtures/bounces/${base}.*`);
    return { base, eml, path: path.join(BOUNCES, eml), expected: JSON.parse(readFileSync(path.join(EXPECTED, f), 'utf8')) as Expected };
  });

describe('fixtures', () => {
  it('has fixtures', () => {
    expect(FIXTURE_CASES.length).toBeGreaterThanOrEqual(8);
  });
  for (const c of FIXTURE_CASES) {
    if (c.expected.results.length !== 1) continue; // mbox fixtures are checked end to end
    it(`${c.eml} parses as worked out by hand`, async () => {
      const bytes = readFileSync(c.path);
      const result = await parseMessage(bytes, c.eml);
      expect(() => ParseResultSchema.parse(result)).not.toThrow();
      expect(result).toMatchObject(c.expected.results[0]);
    });
  }
});
