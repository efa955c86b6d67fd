// The batch runner's parse stage (analyzeMessageNow) answers without a promise for the common
// message and with one where a stage must wait (an Outlook item, a look into an embedded
// message); either way the outcome is analyzeMessage's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, analyzeMessageNow } from '../../src/8-pipeline/parse.js';
import { FIXTURES } from '../helpers/paths.js';

const bounce = (name: string) => readFileSync(path.join(FIXTURES, 'bounces', name));

describe('analyzeMessageNow', () => {
  it('parses a plain DSN and a multipart/report without a promise, as analyzeMessage does', async () => {
    for (const name of ['postfix-failure-folded.eml', 'amazonses-dsn.eml']) {
      const now = analyzeMessageNow(bounce(name), name);
      expect(now).not.toBeInstanceOf(Promise);
      expect(now).toEqual(await analyzeMessage(bounce(name), name));
    }
  });

  it('gives a promise where a stage waits: an Outlook item (CFB), a bounce attached to a message', async () => {
    for (const name of ['opensmtpd-ndr-item.msg', 'attached-bounce.eml']) {
      const now = analyzeMessageNow(bounce(name), name);
      expect(now).toBeInstanceOf(Promise);
      expect(await now).toEqual(await analyzeMessage(bounce(name), name));
    }
  });
});
