import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { limitName, oneLine, parseLimit, runOptionsFrom, type CliContext } from '../../src/9-cli/common.js';
import { parseDeliveryStatus } from '../../src/3-formats/readers/dsn-fields.js';
import { firstPositions, paragraphAt } from '../../src/3-formats/readers/text-util.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { renderResult } from '../../src/7-output/table.js';
import { emptyResult, parseMessage } from '../../src/8-pipeline/parse.js';
import { cleanAddress } from '../../src/0-core/address.js';
import { Chalk } from 'chalk';
import { runCli } from '../helpers/cli.js';

describe('--limit', () => {
  it('names a limit by its key, kebab-case, or without "max"', () => {
    expect(limitName('maxMimeDepth')).toBe('maxMimeDepth');
    expect(limitName('max-mime-depth')).toBe('maxMimeDepth');
    expect(limitName('mime-depth')).toBe('maxMimeDepth');
    expect(limitName('recipients')).toBe('maxRecipients');
    expect(limitName('nonsense')).toBeNull();
  });

  it('reads values like --max-size and accumulates', () => {
    expect(parseLimit('header-bytes=1M', { maxMimeDepth: 3 })).toEqual({ maxMimeDepth: 3, maxHeaderBytes: 1024 * 1024 });
    expect(() => parseLimit('maxMimeDepth')).toThrow(/name=value/);
    expect(() => parseLimit('bogus=3')).toThrow(/unknown limit/);
    expect(() => parseLimit('recipients=0')).toThrow(/at least 1/);
  });

  it('applies through the CLI: maxRecipients=1 keeps one row and says so', async () => {
    const run = await runCli(['--format', 'ndjson', '--limit', 'recipients=1', 'fixtures/bounces/multi-recipient-mixed.eml']);
    const r = JSON.parse(run.stdout);
    // the fixture's DSN has three recipient groups (failed, delivered, delayed)
    expect(r.recipients).toHaveLength(1);
    expect(r.warnings.join('\n')).toMatch(/maxRecipients limit \(1\)/);
  });

  it('a bad --limit is a usage error (exit 2)', async () => {
    const run = await runCli(['--limit', 'depth', '-'], { input: 'x' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/name=value/);
  });
});

describe('limits in the DSN field parser', () => {
  it('cuts long values and stops after maxRecipients groups, with warnings', () => {
    const groups = Array.from({ length: 5 }, (_, i) => `Final-Recipient: rfc822; u${i}@x\nAction: failed\nStatus: 5.1.1`).join('\n\n');
    const ds = parseDeliveryStatus(`Reporting-MTA: dns; ${'m'.repeat(100)}\n\n${groups}\n`, { maxFieldLength: 50, maxRecipients: 3 });
    expect(ds.recipients.map((g) => g.get('final-recipient'))).toEqual(['rfc822; u0@x', 'rfc822; u1@x', 'rfc822; u2@x']);
    expect(ds.message.get('reporting-mta')).toHaveLength(50);
    expect(ds.warnings.join('\n')).toMatch(/maxRecipients/);
    expect(ds.warnings.join('\n')).toMatch(/maxFieldLength/);
  });

  it('a message beyond maxMessageBytes gives one result whose error names the limit', async () => {
    const r = await parseMessage('Subject: x\n\nbody', 'small', { limits: { maxMessageBytes: 8 } });
    expect(r.error).toMatch(/maxMessageBytes/);
  });
});

describe('linear recipient lookup', () => {
  it('the one-pass token index finds what indexOf finds for address tokens', () => {
    const text = 'intro\n\n<a@x.example>: said 550\n\nrcpt to:<b@x.example> failed.\n\nc@x.example.\n';
    const needles = ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example'];
    const direct = new Map(needles.map((n) => [n, text.indexOf(n)]));
    expect(firstPositions(text, needles)).toEqual(direct);
    // many needles over a longer text take the indexed path; answers are the same
    const many = [...needles, ...Array.from({ length: 20_000 }, (_, i) => `z${i}@y.example`)];
    const long = text + 'filler line without addresses\n'.repeat(2000);
    const indexed = firstPositions(long, many);
    for (const n of needles) expect(indexed.get(n)).toBe(long.indexOf(n));
  });

  // each character is looked at once: a scan out from every '@' took ~24 s over this text (the
  // timeout only catches that hang; no time is asserted)
  it('the index reads a text of megabytes of "@" in one pass, and still finds the addresses in it', { timeout: 20_000 }, () => {
    const run = '@'.repeat(60_000);
    const text = `${Array.from({ length: 100 }, () => run).join('\n')}\n<a@x.example>\nq${run}b@x.example\n`;
    const many = ['a@x.example', 'b@x.example', ...Array.from({ length: 5_000 }, (_, i) => `z${i}@y.example`)];
    const found = firstPositions(text, many);
    expect(found.get('a@x.example')).toBe(text.indexOf('a@x.example'));
    // glued to a run of 60,000 characters, b@x.example is no address token of its own
    expect(found.get('b@x.example')).toBe(-1);
    expect(found.get('z1@y.example')).toBe(-1);
  });

  it('paragraphAt reads the same paragraph as before, within its window', () => {
    const text = 'first\n\nsecond para about b@x.example here\nstill second\n\nthird';
    expect(paragraphAt(text, text, text.indexOf('b@x.example'), 'b@x.example'.length)).toBe('second para about b@x.example here\nstill second');
    expect(paragraphAt(text, text, -1, 3)).toBeNull();
  });
});

describe('hostile characters', () => {
  it('addresses lose control characters (RFC 5321 §4.1.2 allows none)', () => {
    expect(cleanAddress('a\u0000b@X.example', 'rfc822')).toBe('ab@x.example');
    expect(cleanAddress('<a@b.example>' + ','.repeat(100_000))).toBe('a@b.example');
  });

  it('the table writer and stderr lines never pass terminal escapes through', () => {
    const c = new Chalk({ level: 0 });
    const r = { ...emptyResult('evil\u001b[2J.eml'), error: 'bad \u001b]0;title\u0007 thing' };
    const out = renderResult(r, c);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(oneLine('a\u001b[31mb\nc')).toBe('a\ufffd[31mb c');
  });

  it('--debug routes internal stack traces to stderr; without it they stay out', () => {
    const err = new PassThrough();
    let written = '';
    err.on('data', (b) => (written += b));
    const ctx = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: err, env: {} } as unknown as CliContext;
    expect(runOptionsFrom({}, ctx).onInternalError).toBeUndefined();
    runOptionsFrom({ debug: true }, ctx).onInternalError?.('x.eml', 'Error: boom\n    at f (a.js:1:1)');
    expect(written).toContain('x.eml: internal error');
    expect(written).toContain('at f (a.js:1:1)');
  });
});

describe('errors after parsing', () => {
  it('an exception while translating makes that message an error with a one-line reason, its stack kept for --debug', async () => {
    vi.resetModules();
    vi.doMock('../../src/6-mapi/status-recips.js', () => ({
      whyNoReport: () => null,
      translate: () => {
        throw new Error('boom\nsecond line');
      },
    }));
    const { finishOutcome } = await import('../../src/8-pipeline/batch/finish.js');
    const ok = { ...emptyResult('a.eml'), kind: 'dsn' as const };
    const fin = await finishOutcome({ result: ok, returnedBytes: null }, { translate: {} });
    expect(fin.result.error).toBe('internal error while translating: boom second line');
    expect(fin.translation?.reports).toEqual([]);
    expect(fin.stacks?.[0]).toContain('Error: boom');
    vi.doUnmock('../../src/6-mapi/status-recips.js');
    vi.resetModules();
  });
});

it('DEFAULT_LIMITS keeps the documented defaults', () => {
  expect(DEFAULT_LIMITS.maxMessageBytes).toBe(25 * 1024 * 1024);
  expect(DEFAULT_LIMITS.maxRecipients).toBeGreaterThanOrEqual(100_000);
});

describe('maxLineLength', () => {
  it('cuts long lines of the text parsers view; the message says so once, when its warnings are collected', async () => {
    const { capLines } = await import('../../src/2-mime/message.js');
    const { parseMime } = await import('../../src/2-mime/parse.js');
    expect(capLines('short\n' + 'x'.repeat(10) + '\nend', 4)).toBe('shor\nxxxx\nend');
    const same = 'ab\ncd';
    expect(capLines(same, 4)).toBe(same);
    const msg = await parseMime(Buffer.from(`Subject: x\n\n${'y'.repeat(50)}\n${'z'.repeat(50)}\n`), { ...DEFAULT_LIMITS, maxLineLength: 10 });
    expect(msg.allWarnings()).toEqual([]); // nothing read yet: reading is what cuts
    expect(msg.text).toBe(`${'y'.repeat(10)}\n${'z'.repeat(10)}\n`);
    expect(msg.text).toBe(msg.text);
    expect(msg.warnings).toEqual([]); // reading pushes nothing
    expect(msg.allWarnings()).toEqual(['text lines longer than maxLineLength (10 characters) cut for the text parsers']);
  });

  it('applies to msg.text through parseMessage (warning names the limit)', async () => {
    const qmail = [
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at mx.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<a@b.example>:',
      `Sorry, no mailbox here by that name. (#5.1.1) ${'y'.repeat(5000)}`,
      '',
    ].join('\n');
    const r = await parseMessage(qmail, 'long', { limits: { maxLineLength: 1000 } });
    expect(r.error).toBeNull();
    expect(r.recipients.map((x) => x.recipient)).toEqual(['a@b.example']);
    expect(r.warnings.join('\n')).toMatch(/maxLineLength \(1000/);
  });
});

describe('a format module that throws', () => {
  it('costs that module only: the problem is a warning with its stack kept for --debug, the next candidate parses', async () => {
    const { selectAndParse } = await import('../../src/3-formats/registry.js');
    const { parseMime } = await import('../../src/2-mime/parse.js');
    const { rfc3464 } = await import('../../src/3-formats/generic/rfc3464.js');
    const broken = {
      id: 'broken',
      description: 'throws',
      markers: 'every message' as const,
      score: () => 99,
      parse: () => {
        throw new Error('boom');
      },
    };
    const blind = { ...broken, id: 'blind', score: () => { throw new TypeError('no eyes'); } };
    const msg = await parseMime(Buffer.from('Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y.example\nAction: failed\nStatus: 5.1.1\n--b--\n'));
    const sel = selectAndParse(msg, { limits: DEFAULT_LIMITS }, [broken, blind, rfc3464]);
    expect(sel.report?.recipients.map((r) => r.recipient)).toEqual(['x@y.example']);
    expect(sel.problems).toEqual(['blind scoring failed: no eyes', 'broken parser failed: boom']);
    expect(sel.stacks.join('\n')).toContain('Error: boom');
  });
});

describe('start-up', () => {
  it('the CLI names the same schemas src/7-output/json-schema.ts makes (the CLI keeps its own list so as not to load zod)', async () => {
    const { SCHEMA_NAMES } = await import('../../src/9-cli/main.js');
    const { schemaNames } = await import('../../src/7-output/json-schema.js');
    expect(SCHEMA_NAMES).toEqual(schemaNames());
  });

  it('the vocabulary and the zod schemas agree', async () => {
    const vocab = await import('../../src/0-core/vocabulary.js');
    const schema = await import('../../src/0-core/schema.js');
    expect(schema.ReasonSchema.options).toEqual([...vocab.REASONS]);
    expect(schema.ActionSchema.options).toEqual([...vocab.ACTIONS]);
    expect(schema.KindSchema.options).toEqual([...vocab.KINDS]);
  });
});
