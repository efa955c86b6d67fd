// Issue 8's hostile cases: each gives exactly one result and an exit code of 0, 1 or 3, and
// what could be read is read. Timings are measured by `npm run hostile`, not asserted here:
// the timeouts only guard against hangs.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/8-pipeline/parse.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import type { ParseResult } from '../../src/0-core/schema.js';
import { ParseResultSchema } from '../../src/0-core/schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { HOSTILE_CASES } from './hostile-cases.js';

const HANG = 60_000;
const dir = tempDir('bouncemapi-hostile-');

const byName = Object.fromEntries(HOSTILE_CASES.map((c) => [c.name, c]));

/** what each case must show, worked out from how the case is built (hostile-cases.ts) */
const EXPECT: Record<string, (r: ParseResult) => void> = {
  'diagnostic-2mb': (r) => {
    expect(r.kind).toBe('dsn');
    expect(r.recipients).toHaveLength(1);
    expect(r.recipients[0]).toMatchObject({ recipient: 'long@example.net', status: '5.1.1', smtpReplyCode: '550' });
    // the field value `smtp; 550 ...` is cut at maxFieldLength, then its type is split off
    expect(r.recipients[0].diagnosticCode).toHaveLength(DEFAULT_LIMITS.maxFieldLength - 'smtp; '.length);
    expect(r.warnings.join('\n')).toMatch(/maxFieldLength/);
  },
  'nested-2000': (r) => {
    // the DSN at the bottom lies below maxMimeDepth: the structure is cut, the part is salvaged
    expect(r.warnings.join('\n')).toMatch(/maxMimeDepth|maxMimeParts|MIME structure/);
    expect(r.recipients.map((x) => x.recipient)).toEqual(['deep@example.net']);
  },
  'message-30mb': (r) => {
    expect(r.error).toMatch(/maxMessageBytes/);
    expect(r.recipients).toEqual([]);
  },
  'header-line-4mb': (r) => {
    expect(r.warnings.join('\n')).toMatch(/header/i);
    expect(r.recipients.map((x) => x.recipient)).toEqual(['hdr@example.net']);
    expect(r.headerBlock.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxHeaderBytes);
  },
  'recipients-20000': (r) => {
    expect(r.kind).toBe('dsn');
    expect(r.recipients).toHaveLength(20_000);
    expect(r.recipients[0].recipient).toBe('user0@example.net');
    expect(r.recipients[19_999].recipient).toBe('user19999@example.net');
    expect(r.recipients.every((x) => x.status === '5.1.1' && x.action === 'failed')).toBe(true);
  },
  'recipients-20000-with-text': (r) => {
    expect(r.recipients).toHaveLength(20_000);
    expect(r.recipients[12_345]).toMatchObject({ recipient: 'user12345@example.net', status: '5.1.1', smtpCommand: 'RCPT' });
  },
  'qmail-200000-lt': (r) => {
    expect(r.error).toBeNull();
  },
  'status-300000': (r) => {
    expect(r.recipients).toHaveLength(1);
    // 5.111...1 is no RFC 3463 code (details have at most three digits): the failed row falls back to 5.0.0
    expect(r.recipients[0]).toMatchObject({ recipient: 'st@example.net', action: 'failed', status: '5.0.0' });
    expect(r.recipients[0].fields.Status.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxFieldLength);
    expect(r.warnings.join('\n')).toMatch(/maxFieldLength/);
  },
  'nul-and-invalid-utf8': (r) => {
    expect(r.kind).toBe('dsn');
    expect(r.recipients).toHaveLength(1);
    // NUL is never part of an address (RFC 5321 §4.1.2): dropped; the raw field keeps it
    expect(r.recipients[0]).toMatchObject({ recipient: 'nuluser@example.net', status: '5.1.1', action: 'failed', smtpReplyCode: '550' });
    expect(r.recipients[0].fields['Final-Recipient']).toContain('\0');
    expect(r.recipients[0].diagnosticCode).toContain('bad bytes');
  },
  'truncated-base64-dsn': (r) => {
    expect(r.kind).toBe('dsn');
    expect(r.recipients[0]).toMatchObject({ recipient: 'b64@example.net', action: 'failed' });
    expect(r.warnings.join('\n')).toMatch(/truncated/);
  },
};

describe('hostile input', () => {
  it('every case has its expectation', () => {
    expect(Object.keys(EXPECT).sort()).toEqual(HOSTILE_CASES.map((c) => c.name).sort());
  });

  for (const c of HOSTILE_CASES) {
    it(`${c.name}: one result, what could be read is read (${c.attack})`, { timeout: HANG }, async () => {
      const r = await parseMessage(c.build(), c.name);
      expect(() => ParseResultSchema.parse(r)).not.toThrow();
      EXPECT[c.name](r);
    });
  }

  it('each case through the CLI: exactly one ndjson line and exit code 0, 1 or 3', { timeout: HANG * 3 }, async () => {
    for (const c of HOSTILE_CASES) {
      const file = path.join(dir, `${c.name}.eml`);
      writeFileSync(file, byName[c.name].build());
      const run = await runCli(['--format', 'ndjson', file]);
      expect([0, 1, 3], `${c.name} exit ${run.code}: ${run.stderr}`).toContain(run.code);
      const lines = run.stdout.split('\n').filter(Boolean);
      expect(lines, c.name).toHaveLength(1);
      expect(JSON.parse(lines[0]).source).toBe(file);
      rmSync(file);
    }
  });

  it('the 30 MB message on stdin gives one result naming the limit, exit 3', { timeout: HANG }, async () => {
    const run = await runCli(['--format', 'ndjson', '-'], { input: byName['message-30mb'].build() });
    expect(run.code).toBe(3);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).error).toMatch(/maxMessageBytes/);
    expect(run.stderr).toMatch(/maxMessageBytes/);
  });
});
