// Every input that ever broke the parser (fixtures/regressions/) must now give one valid
// result: no exception, no internal error, no hang (timeouts only guard against hangs).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/paths.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { isMessageFile, readMessageFile } from './arbitraries.js';
import { FuzzHarness } from './harness.js';

const DIR = path.join(FIXTURES, 'regressions');
const names = readdirSync(DIR).filter(isMessageFile).sort();
const inputs = names.map((n) => ({ name: n, bytes: readMessageFile(path.join(DIR, n)) }));
const harness = new FuzzHarness(30_000);
afterAll(() => harness.close());

describe('fixtures/regressions', () => {
  it('each kept input says what went wrong', () => {
    for (const n of names) expect(readdirSync(DIR), n).toContain(n.replace(/\.(eml|mbox)(\.gz)?$/, '.txt'));
  });

  for (const { name, bytes } of inputs) {
    it(`${name}: one valid result, no internal error`, { timeout: 60_000 }, async () => {
      const v = await harness.parse(bytes);
      expect(v.problems).toEqual([]);
    });
  }

  it('through the CLI: one output line per input', { timeout: 120_000 }, async () => {
    const tmp = tempDir('bouncemapi-regressions-');
    inputs.forEach(({ bytes }, i) => writeFileSync(path.join(tmp, `${String(i).padStart(4, '0')}.eml`), bytes));
    const run = await runCli(['--format', 'ndjson', '--quiet', tmp]);
    expect([0, 1, 3]).toContain(run.code);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(inputs.length);
  });
});
