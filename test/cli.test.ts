// The CLI as users and scripts run it: stdin, files, directories, formats, exit codes.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/paths.js';
import { CSV_COLUMNS } from '../src/7-output/csv.js';
import { tempDir } from './helpers/temp-dir.js';

const fx = (name: string) => path.join(FIXTURES, 'bounces', name);

describe('bouncemapi parse', () => {
  it('reads a bounce piped on stdin and prints the table with --format table', async () => {
    const run = await runCli(['--format', 'table'], { input: readFileSync(fx('postfix-failure-folded.eml')) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bob@example.net');
    expect(run.stdout).toContain('5.1.1');
    expect(run.stdout).toContain('userunknown');
    expect(run.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('defaults to ndjson when stdout is not a terminal, one line per input', async () => {
    const run = await runCli([fx('delay.eml'), fx('success.eml'), fx('not-a-bounce.eml')]);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((r) => r.source)).toEqual([fx('delay.eml'), fx('success.eml'), fx('not-a-bounce.eml')]);
    expect(parsed.map((r) => r.kind)).toEqual(['dsn', 'dsn', null]);
    expect(run.code).toBe(1); // one input is not a delivery status report
  });

  it('exits 0 when every input is a DSN, 1 when one is not, 3 when one cannot be read', async () => {
    expect((await runCli([fx('delay.eml')])).code).toBe(0);
    expect((await runCli([fx('not-a-bounce.eml')])).code).toBe(1);
    const dir = tempDir('bm-');
    const big = path.join(dir, 'big.eml');
    writeFileSync(big, 'Subject: x\n\n' + 'y'.repeat(5000));
    const run = await runCli(['--max-size', '1K', big, fx('not-a-bounce.eml')]);
    expect(run.code).toBe(3); // 3 wins over 1
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].error).toMatch(/maxMessageBytes/);
    expect(run.stderr).toContain('big.eml');
  });

  it('exits 2 on usage errors: unknown option, bad format, missing path', async () => {
    expect((await runCli(['--no-such-option'])).code).toBe(2);
    expect((await runCli(['--format', 'xml', fx('delay.eml')])).code).toBe(2);
    const missing = await runCli(['/nonexistent/bounce.eml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/bounce.eml');
    expect(missing.stdout).toBe('');
  });

  it('gives one line for random bytes and never prints a stack trace', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const run = await runCli(['--format', 'ndjson'], { input: bytes });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout).source).toBe('-');
    expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    expect([1, 3]).toContain(run.code);
  });

  it('walks a directory recursively in sorted order', async () => {
    const dir = tempDir('bm-dir-');
    mkdirSync(path.join(dir, 'b'));
    copyFileSync(fx('delay.eml'), path.join(dir, 'b', 'one.eml'));
    copyFileSync(fx('success.eml'), path.join(dir, 'a.eml'));
    copyFileSync(fx('postfix-failure-folded.eml'), path.join(dir, 'c.eml'));
    const run = await runCli(['parse', '--format', 'ndjson', dir]);
    const sources = run.stdout.trim().split('\n').map((l) => JSON.parse(l).source);
    expect(sources).toEqual([path.join(dir, 'a.eml'), path.join(dir, 'b', 'one.eml'), path.join(dir, 'c.eml')]);
    expect(run.code).toBe(0);
  });

  it('reads a file that begins with an mbox From line as an mbox (PATH#N)', async () => {
    const dir = tempDir('bm-mbox-');
    const mbox = path.join(dir, 'box');
    const a = readFileSync(fx('delay.eml'), 'utf8');
    const b = readFileSync(fx('not-a-bounce.eml'), 'utf8');
    writeFileSync(mbox, `From MAILER-DAEMON Fri Mar 13 18:30:00 2026\n${a}\nFrom paul@example.com Tue Mar 17 12:00:00 2026\n${b}\n`);
    const run = await runCli([mbox]);
    const rows = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.source)).toEqual([`${mbox}#1`, `${mbox}#2`]);
    expect(rows.map((r) => r.kind)).toEqual(['dsn', null]);
  });

  it('writes json as one array and csv with one row per recipient', async () => {
    const json = await runCli(['--format', 'json', fx('multi-recipient-mixed.eml'), fx('not-a-bounce.eml')]);
    const arr = JSON.parse(json.stdout);
    expect(Array.isArray(arr)).toBe(true);
    expect(arr).toHaveLength(2);
    const csv = await runCli(['--format', 'csv', fx('multi-recipient-mixed.eml'), fx('not-a-bounce.eml')]);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    // 3 recipient rows + 1 row for the message without recipients
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[1]).toContain('dave@example.net');
    expect(lines[4].startsWith(fx('not-a-bounce.eml'))).toBe(true);
  });

  it('colours the table only when asked: FORCE_COLOR on, NO_COLOR wins', async () => {
    const input = readFileSync(fx('delay.eml'));
    const forced = await runCli(['--format', 'table'], { input, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const off = await runCli(['--format', 'table'], { input, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(off.stdout).not.toContain('\u001b[');
  });

  it('prints help with examples on stdout and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit status');
  });
});

describe('options written before the command name', () => {
  const file = fx('postfix-failure-folded.eml');

  it('are read as the named command\'s own: parse and translate, with a value apart or attached', async () => {
    const before = await runCli(['--format', 'ndjson', '--quiet', 'parse', file]);
    const after = await runCli(['parse', '--format', 'ndjson', '--quiet', file]);
    expect(before.stderr).toBe('');
    expect(before.code).toBe(after.code);
    expect(before.stdout).toBe(after.stdout);
    expect(JSON.parse(before.stdout).source).toBe(file);
    const tr = await runCli(['--debug', '-f', 'ndjson', 'translate', file]);
    expect(tr.code).toBe(0);
    expect(tr.stdout).toBe((await runCli(['translate', '-f', 'ndjson', file])).stdout);
    expect((await runCli(['--format=ndjson', 'parse', file])).stdout).toBe(after.stdout);
  });

  it('leave a later name alone when it is an input: after an input, or a file of that name', async () => {
    const dir = tempDir('bm-cmdname-');
    copyFileSync(file, path.join(dir, 'parse'));
    // "parse" here is the file in the working folder, read by the default command
    const named = await runCli(['--format', 'ndjson', 'parse'], { cwd: dir });
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).source).toBe('parse');
    // after an input, "translate" is one more input (there is no such file)
    const later = await runCli(['--format', 'ndjson', file, 'translate']);
    expect(later.stderr).toContain('translate');
    expect(later.code).not.toBe(0);
  });
});

describe('bouncemapi formats and schema', () => {
  it('lists the formats, one per line', async () => {
    const run = await runCli(['formats']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^rfc3464\s+/m);
  });

  it('prints the JSON Schema of the parse output', async () => {
    const run = await runCli(['schema', 'parse']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.$schema).toContain('json-schema.org');
    expect(schema.properties.recipients.type).toBe('array');
    expect((await runCli(['schema', 'nonsense'])).code).toBe(2);
  });
});
