// Every hand-written fixture parses to the result worked out by hand beside it
// (fixtures/expected/NAME.json for fixtures/bounces/NAME.*, each with a "_why" saying how
// it was derived), and the CLI gives each the exit status worked out there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../src/8-pipeline/parse.js';
import { ParseResultSchema } from '../src/0-core/schema.js';
import { runCli } from './helpers/cli.js';
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
    // as many as there are today: a fixture that goes missing is noticed
    expect(FIXTURE_CASES.length).toBeGreaterThanOrEqual(120);
  });
  for (const c of FIXTURE_CASES) {
    if (c.expected.results.length !== 1) continue; // an mbox fixture's messages are checked through the CLI below
    it(`${c.eml} parses as worked out by hand`, async () => {
      const bytes = readFileSync(c.path);
      const result = await parseMessage(bytes, c.eml);
      expect(() => ParseResultSchema.parse(result)).not.toThrow();
      expect(result).toMatchObject(c.expected.results[0]);
    });
  }
});

describe('fixtures through the CLI', () => {
  // Exit status (README, `bouncemapi --help`): 0 when every input is a delivery status report,
  // 1 when one is not. Over several inputs a 1 shows through, so the fixtures worked out as 0
  // are run together and each of the others alone; every file gives its results, in order.
  const run = (cases: typeof FIXTURE_CASES) => runCli(['parse', '--format', 'ndjson', '--jobs', '0', ...cases.map((c) => c.eml)], { cwd: BOUNCES });
  const results = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: string });
  const check = (cases: typeof FIXTURE_CASES, stdout: string) => {
    const got = results(stdout);
    const want = cases.flatMap((c) => c.expected.results);
    expect(got.map((r) => r.source.replace(/#\d+$/, ''))).toEqual(want.map((r) => r.source));
    got.forEach((r, i) => expect(r, r.source).toMatchObject(want[i]));
  };

  it('exits 0 on the fixtures worked out as reports, giving their results', async () => {
    const zero = FIXTURE_CASES.filter((c) => c.expected.exitCode === 0);
    expect(zero.length).toBeGreaterThan(0);
    const r = await run(zero);
    expect(r.code, r.stderr).toBe(0);
    check(zero, r.stdout);
  });

  for (const c of FIXTURE_CASES.filter((x) => x.expected.exitCode !== 0)) {
    it(`exits ${c.expected.exitCode} on ${c.eml}`, async () => {
      const r = await run([c]);
      expect(r.code, r.stderr).toBe(c.expected.exitCode);
      check([c], r.stdout);
    });
  }
});
