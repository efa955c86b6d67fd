// Batch runs end to end: the same messages as an mbox, a Maildir, a directory and an mbox on
// stdin give the same results; --jobs does not change a byte; filters keep the accounting;
// the progress line shows on a terminal only.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../src/1-input/sources.js';
import { parseMessage } from '../src/8-pipeline/parse.js';
import { pathToFileURL } from 'node:url';
import type { ParseResult } from '../src/0-core/schema.js';
import type { MapiReport } from '../src/6-mapi/schema.js';
import { runCli } from './helpers/cli.js';
import { BIN, FIXTURES, ROOT } from './helpers/paths.js';
import { tempDir } from './helpers/temp-dir.js';

const BOUNCES = path.join(FIXTURES, 'bounces');

/** A DSN whose human part has lines an mbox must quote ("From ", ">From ") and 8-bit bytes. */
const QUOTING_DSN = Buffer.concat([
  Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
      'To: alice@example.com',
      'Subject: Undelivered Mail Returned to Sender',
      'Date: Thu, 19 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      'From MAILER-DAEMON Thu Mar 19 10:00:00 2026',
      '>From the desk of the postmaster:',
      '',
      'From here on, nothing was delivered. Caf',
    ].join('\n'),
    'latin1',
  ),
  Buffer.from([0xe9]),
  Buffer.from(
    ['.', '', '--b1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.org', '', 'Final-Recipient: rfc822; carol@example.net', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 no such user', '', '--b1--', ''].join('\n'),
    'latin1',
  ),
]);

function messages(): { name: string; bytes: Buffer }[] {
  const list = readdirSync(BOUNCES)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(BOUNCES, name)) }));
  return [...list, { name: 'quoting-dsn.eml', bytes: QUOTING_DSN }];
}

/** mboxrd, as a mail system writes it: a separator, the message with From lines quoted, an empty line. */
function toMbox(msgs: { bytes: Buffer }[]): Buffer {
  return Buffer.concat(
    msgs.flatMap((m, i) => {
      const body = m.bytes.toString('latin1').replace(/^(>*From )/gm, '>$1');
      return [Buffer.from(`From MAILER-DAEMON Thu Mar 19 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} 2026\n`), Buffer.from(body.endsWith('\n') ? body : `${body}\n`, 'latin1'), Buffer.from('\n')];
    }),
  );
}

const lines = <T = ParseResult>(stdout: string): T[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const withoutSource = (r: ParseResult) => ({ ...r, source: '' });

describe('the same messages in every container', () => {
  const msgs = messages();
  const root = tempDir('bm-forms-');
  const mbox = path.join(root, 'box.mbox');
  writeFileSync(mbox, toMbox(msgs));
  const dir = path.join(root, 'dir');
  const maildir = path.join(root, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
  msgs.forEach((m, i) => {
    mkdirSync(path.join(dir, i % 2 ? 'odd' : 'even'), { recursive: true });
    // directory order is by path: "even/000..." before "odd/001..." would change the order, so one level (three digits: more than 100 fixtures)
    writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}-${m.name}`), m.bytes);
    const name = `${1773914400 + i}.M${i}P1.host`;
    writeFileSync(path.join(maildir, i % 3 ? 'cur' : 'new', i % 3 ? `${name}:2,S` : name), m.bytes);
  });
  writeFileSync(path.join(maildir, 'tmp', '1773999999.M0P1.host'), 'Subject: half-delivered\n'); // never read

  it('gives, for each form, exactly the results of parsing each message alone, in order', async () => {
    const expected = await Promise.all(msgs.map(async (m) => withoutSource(await parseMessage(m.bytes, m.name))));
    expect(expected.at(-1)!.kind).toBe('dsn'); // the quoting DSN is read as one
    const runs = {
      mbox: await runCli(['-j', '2', '--format', 'ndjson', mbox]),
      maildir: await runCli(['-j', '2', '--format', 'ndjson', maildir]),
      dir: await runCli(['-j', '2', '--format', 'ndjson', dir]),
      stdin: await runCli(['-j', '2', '--format', 'ndjson'], { input: readFileSync(mbox) }),
    };
    for (const [form, run] of Object.entries(runs)) {
      const results = lines(run.stdout);
      expect(results.map(withoutSource), form).toEqual(expected);
      expect(run.code, form).toBe(1); // not-a-bounce.eml is among them
    }
    expect(lines(runs.mbox.stdout).map((r) => r.source)).toEqual(msgs.map((_, i) => `${mbox}#${i + 1}`));
    expect(lines(runs.stdin.stdout).map((r) => r.source)).toEqual(msgs.map((_, i) => `-#${i + 1}`));
    expect(lines(runs.dir.stdout).map((r) => path.basename(r.source))).toEqual(msgs.map((m, i) => `${String(i).padStart(3, '0')}-${m.name}`));
    expect(lines(runs.maildir.stdout).map((r) => path.basename(path.dirname(r.source)))).toEqual(msgs.map((_, i) => (i % 3 ? 'cur' : 'new')));
  });

  it('gives back every message of the mbox byte for byte (unquoted, 8-bit exact)', async () => {
    const got: Buffer[] = [];
    for await (const item of expandInputs([mbox], { maxMessageBytes: 1 << 20 })) got.push(item.bytes!);
    expect(got).toHaveLength(msgs.length);
    got.forEach((b, i) => expect(b.equals(msgs[i].bytes), msgs[i].name).toBe(true));
  });
});

describe('streaming', () => {
  it('writes each result as soon as it is ready, while the input is still coming (workers too)', async () => {
    for (const jobs of ['0', '2']) {
      const child = spawn(process.execPath, [BIN, '--format', 'ndjson', '-j', jobs, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      // four messages: the splitter knows the first three are complete (the fourth may go on)
      child.stdin.write(toMbox(messages().slice(0, 4)));
      const deadline = Date.now() + 30_000;
      while (out.split('\n').length <= 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out.split('\n').filter(Boolean).map((l) => JSON.parse(l).source), `--jobs ${jobs}`).toEqual(['-#1', '-#2', '-#3']);
      child.stdin.end();
      await new Promise((r) => child.on('close', r));
      expect(out.split('\n').filter(Boolean)).toHaveLength(4);
    }
  });
});

describe('interrupted', () => {
  // SIGINT and SIGTERM end the run with a shell's status for them (128 + 2, 128 + 15), and what
  // was finished is written whole: gathered ndjson lines (src/7-output/sink.ts) are not lost.
  // A folder of 2,000 messages takes seconds, so the signal comes while it is being parsed.
  it('stops at SIGINT or SIGTERM, with every finished line written whole', async () => {
    const dir = tempDir('bm-signal-');
    const all = messages();
    for (let i = 0; i < 2000; i++) writeFileSync(path.join(dir, `m${String(i).padStart(4, '0')}.eml`), all[i % all.length].bytes);
    for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      for (const jobs of ['0', '1']) {
        const child = spawn(process.execPath, [BIN, '--format', 'ndjson', '--quiet', '-j', jobs, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
        const deadline = Date.now() + 30_000;
        while (out === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        child.kill(signal);
        const code = await closed;
        const got = out.split('\n');
        // written whole: the output ends with a line end, every line is one record, in input order
        expect(got.pop(), `${signal} --jobs ${jobs}`).toBe('');
        const sources = got.map((l) => path.basename(JSON.parse(l).source));
        expect(sources).toEqual(sources.map((_, i) => `m${String(i).padStart(4, '0')}.eml`));
        // the run was cut short, and says so by its status
        expect(sources.length).toBeLessThan(2000);
        expect(code, `${signal} --jobs ${jobs}`).toBe(status);
      }
    }
  });
});

describe('a write that fails', () => {
  // runBatch reads the runner step by step (so that no variable keeps a big result, README,
  // Limits, memory); left by a write that throws, it still closes the runner as `for await`
  // did: its worker threads stop, and a process whose run failed can end (a live Worker keeps
  // Node's event loop alive, so a pool left open would hang this child until its timeout)
  it('stops the workers, and the error reaches the caller', () => {
    const script = [
      `const { runBatch } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/9-cli/batch.js')).href)});`,
      "const { Readable, Writable } = await import('node:stream');",
      'const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });',
      'const ctx = { stdin: Readable.from([]), stdout: sink(), stderr: sink(), env: {} };',
      'let writes = 0;',
      // the 60th of the fixtures' 150-odd results: by then the workers have been started and answered
      "const handler = { async write() { if (++writes === 60) throw new Error('the disk went away'); } };",
      `try { await runBatch([${JSON.stringify(BOUNCES)}], { quiet: true, jobs: 2, timeout: 60 }, ctx, handler); console.log('no error'); }`,
      'catch (e) { console.log(`${e.message} after ${writes} write`); }',
    ].join('\n');
    // a file, not `-e`: a module evaluated from -e ends its process once evaluated, live workers or not
    const file = path.join(tempDir('bm-write-fails-'), 'run.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    expect(run.error, run.stderr).toBeUndefined();
    expect(run.signal).toBeNull();
    expect(run.stdout.trim()).toBe('the disk went away after 60 write');
    expect(run.status).toBe(0);
  });
});

describe('--jobs', () => {
  it('gives byte-identical output with 0, 1 and 2 workers, errors and all', async () => {
    const root = tempDir('bm-jobs-');
    const msgs = messages();
    const many = Array.from({ length: 30 }, () => msgs).flat();
    // an oversized message in the middle: an error result in its place
    many.splice(100, 0, { name: 'big', bytes: Buffer.from(`Subject: big\n\n${'x'.repeat(300_000)}\n`) });
    const mbox = path.join(root, 'many.mbox');
    writeFileSync(mbox, toMbox(many));
    const outs = [];
    for (const jobs of ['0', '1', '2']) {
      const run = await runCli(['-j', jobs, '--max-size', '200K', '--format', 'ndjson', mbox]);
      expect(run.code).toBe(3);
      outs.push(run.stdout);
    }
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    const results = lines(outs[0]);
    expect(results).toHaveLength(many.length);
    expect(results[100].error).toMatch(/maxMessageBytes/);
    expect(results[100].source).toBe(`${mbox}#101`);
  });

  it('render: each line is made on its worker, the JSON text of the whole result, and the result comes back as its source, kind and error', async () => {
    const root = tempDir('bm-render-');
    const msgs = messages();
    for (const m of msgs) writeFileSync(path.join(root, m.name), m.bytes);
    // the built library: its workers run the compiled worker beside it
    const run: typeof import('../src/8-pipeline/run.js') = await import(pathToFileURL(path.join(ROOT, 'dist/8-pipeline/run.js')).href);
    let rendered = 0;
    // callerParses false: every message past the first goes to a worker (this thread parses none alongside)
    for await (const o of run.analyzeInputs([root], { jobs: 2, render: 'ndjson', callerParses: false })) {
      // the reference: JSON.stringify of the result parsed in this thread, one line (ndjson)
      const whole = await parseMessage(readFileSync(o.result.source), o.result.source);
      if (o.rendered) {
        rendered++;
        expect(Buffer.concat(o.rendered).toString('utf8')).toBe(`${JSON.stringify(whole)}\n`);
        // what the exit status and the summary read of it travels; the rest is in the line
        expect([o.result.source, o.result.kind, o.result.error, o.result.recognized]).toEqual([whole.source, whole.kind, whole.error, whole.recognized]);
        expect(o.result.recipients).toEqual([]);
      } else expect(o.result).toEqual(whole);
    }
    // the first message or two may be parsed here before the workers start; the rest on them
    expect(rendered).toBeGreaterThan(msgs.length / 2);
  });

  it('rejects a --jobs or --timeout that is not a number (usage error)', async () => {
    const f = path.join(BOUNCES, 'delay.eml');
    expect((await runCli(['--jobs', 'many', f])).code).toBe(2);
    expect((await runCli(['--jobs', '-1', f])).code).toBe(2);
    expect((await runCli(['--timeout', 'soon', f])).code).toBe(2);
  });
});

describe('translate in batch', () => {
  const read = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));

  it('writes the same .msg files, byte for byte, with or without workers (the returned originals travel back)', async () => {
    const [d0, d2] = [tempDir('bm-tr0-'), tempDir('bm-tr2-')];
    const r0 = await runCli(['translate', '-j', '0', '--format', 'msg', '--out-dir', d0, BOUNCES]);
    const r2 = await runCli(['translate', '-j', '2', '--format', 'msg', '--out-dir', d2, BOUNCES]);
    // stderr in the message: a failure under load once gave 3 (an error result) with no word of which
    expect(r2.code, r2.stderr.slice(0, 2000)).toBe(r0.code);
    const [f0, f2] = [read(d0), read(d2)];
    expect(Object.keys(f0).length).toBeGreaterThanOrEqual(122); // one per report of the fixtures today
    expect(Object.keys(f2).sort()).toEqual(Object.keys(f0).sort());
    for (const name of Object.keys(f0)) expect(f2[name].equals(f0[name]), name).toBe(true);
    // the NDR of a returned meeting request takes its class from the returned original's bytes
    const ndjson = await runCli(['translate', '-j', '2', BOUNCES]);
    expect(lines<MapiReport>(ndjson.stdout).find((r) => r.source.endsWith('meeting-request-ndr.eml'))?.messageClass).toBe('REPORT.IPM.Schedule.Meeting.Request.NDR');
  });

  it('names the reports of an mbox apart, keeps existing files, and counts what was not written', async () => {
    const root = tempDir('bm-trbox-');
    const mbox = path.join(root, 'bounces.mbox');
    // #1 a delay, #2 failed + delayed + delivered rows, #3 no report, #4 a failure
    const four = ['delay.eml', 'multi-recipient-mixed.eml', 'not-a-bounce.eml', 'postfix-failure-folded.eml'];
    writeFileSync(mbox, toMbox(four.map((f) => ({ bytes: readFileSync(path.join(BOUNCES, f)) }))));
    const out = path.join(root, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'bounces-1.delayed-dr.eml'), 'mine');
    const failedOnly = await runCli(['translate', '-j', '2', '--only', 'failed', '--format', 'eml', '--out-dir', out, mbox]);
    // --only failed: the NDRs alone, each named after its message's number in the mbox
    expect(readdirSync(out).sort()).toEqual(['bounces-1.delayed-dr.eml', 'bounces-2.ndr.eml', 'bounces-4.ndr.eml']);
    expect(failedOnly.code).toBe(1); // #3 is not a report; nothing failed to be written
    // #1 (no failed row) and #3 (no rows at all) are filtered out, and still counted
    expect(failedOnly.stderr).toMatch(/4 messages: 3 delivery status reports, 1 not reports, 0 errors; 2 filtered out/);
    const all = await runCli(['translate', '-j', '2', '--format', 'eml', '--out-dir', out, mbox]);
    expect(all.code).toBe(3); // the files already there are kept, and named
    for (const kept of ['bounces-1.delayed-dr.eml', 'bounces-2.ndr.eml', 'bounces-4.ndr.eml']) expect(all.stderr).toContain(`${path.join(out, kept)} exists`);
    expect(all.stderr).toMatch(/2 of 5 reports written/);
    expect(all.stderr).toMatch(/; 3 not written/);
    expect(readFileSync(path.join(out, 'bounces-1.delayed-dr.eml'), 'utf8')).toBe('mine');
    expect(readdirSync(out).sort()).toEqual(['bounces-1.delayed-dr.eml', 'bounces-2.delayed-dr.eml', 'bounces-2.dr.eml', 'bounces-2.ndr.eml', 'bounces-4.ndr.eml']);
  });
});

describe('filters and accounting', () => {
  const root = tempDir('bm-filter-');
  const big = path.join(root, 'big.eml');
  writeFileSync(big, `Subject: big\n\n${'x'.repeat(50_000)}\n`);
  const inputs = [path.join(BOUNCES, 'multi-recipient-mixed.eml'), path.join(BOUNCES, 'delay.eml'), path.join(BOUNCES, 'not-a-bounce.eml'), big];

  it('--only keeps the rows of those actions and drops results left without rows, counting them', async () => {
    const all = lines((await runCli(['--max-size', '40K', '--format', 'ndjson', ...inputs])).stdout);
    const failedRows = all[0].recipients.filter((r) => r.action === 'failed');
    expect(failedRows.length).toBeGreaterThan(0);
    expect(failedRows.length).toBeLessThan(all[0].recipients.length);
    const run = await runCli(['--max-size', '40K', '--format', 'ndjson', '--only', 'failed', ...inputs]);
    const kept = lines(run.stdout);
    expect(kept.map((r) => r.source)).toEqual([inputs[0]]);
    expect(kept[0].recipients).toEqual(failedRows);
    // the error still decides the exit status and is named on stderr; the summary counts all four
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${big}: message is`);
    expect(run.stderr).toMatch(/4 messages: 2 delivery status reports, 1 not reports, 1 error; 3 filtered out/);
  });

  it('--kind keeps results of those kinds; none means not a report (or unreadable)', async () => {
    const dsn = await runCli(['--max-size', '40K', '--format', 'ndjson', '--kind', 'dsn', ...inputs]);
    expect(lines(dsn.stdout).map((r) => r.source)).toEqual(inputs.slice(0, 2));
    expect(dsn.code).toBe(3);
    const none = await runCli(['--max-size', '40K', '--format', 'ndjson', '--kind', 'none', ...inputs]);
    expect(lines(none.stdout).map((r) => r.source)).toEqual(inputs.slice(2));
    const both = await runCli(['--format', 'ndjson', '--kind', 'dsn,none', '--kind', 'feedback', ...inputs.slice(0, 3)]);
    expect(lines(both.stdout)).toHaveLength(3);
    expect(both.code).toBe(1);
  });

  it('rejects unknown filter values (usage error)', async () => {
    expect((await runCli(['--only', 'bounced', inputs[0]])).code).toBe(2);
    expect((await runCli(['--kind', 'ndr', inputs[0]])).code).toBe(2);
  });

  it('prints no summary with --quiet, but still names the error', async () => {
    const run = await runCli(['--quiet', '--max-size', '40K', ...inputs]);
    expect(run.stderr).not.toMatch(/messages:/);
    expect(run.stderr).toContain(big);
  });
});

describe.skipIf(process.platform === 'win32')('unreadable inputs', () => {
  it('reports an unreadable file and folder as errors, reads the rest, exits 3', async (ctx) => {
    // root reads anything: run as nobody to meet the permission check; nobody must then be
    // able to run the CLI itself (not so in a checkout under a private folder, e.g. mktemp -d)
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (process.getuid?.() === 0 && (await runCli(['--version'], asNobody)).code !== 0) ctx.skip();
    const root = tempDir('bm-perm-');
    chmodSync(root, 0o755);
    for (const n of ['a.eml', 'b.eml', 'd.eml']) writeFileSync(path.join(root, n), readFileSync(path.join(BOUNCES, 'delay.eml')));
    mkdirSync(path.join(root, 'c'));
    writeFileSync(path.join(root, 'c', 'x.eml'), 'Subject: x\n');
    chmodSync(path.join(root, 'b.eml'), 0o000);
    chmodSync(path.join(root, 'c'), 0o000);
    const run = await runCli(['--format', 'ndjson', root], asNobody);
    const results = lines(run.stdout);
    expect(results.map((r) => [path.basename(r.source), r.error])).toEqual([
      ['a.eml', null],
      ['b.eml', 'permission denied'],
      ['c', 'permission denied'],
      ['d.eml', null],
    ]);
    expect(run.code).toBe(3);
  });
});

/** Run the CLI with stderr (and stdin) on a pseudo-terminal; returns what the terminal got. */
function onTerminal(args: string[], stdoutTo = '/dev/null'): string {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // script(1) gives the command a pseudo-terminal and copies what it writes there to our stdout
  const run = spawnSync('script', ['-qec', `${cmd} > ${stdoutTo}`, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' }, encoding: 'latin1' });
  if (run.error) throw run.error;
  return run.stdout;
}

describe.skipIf(process.platform !== 'linux')('progress line', () => {
  const root = tempDir('bm-progress-');
  const mbox = path.join(root, 'p.mbox');
  writeFileSync(mbox, toMbox(messages()));
  const n = messages().length;

  it('is drawn on a terminal, with count, rate, elapsed time and percentage, then wiped before the summary', () => {
    const out = onTerminal(['-j', '1', mbox]);
    expect(out).toMatch(/\r\u001b\[Kbouncemapi: \d+ messages {2}[\d,]+\/s {2}0:\d\d {2}\d+%/);
    expect(out).toMatch(new RegExp(`\\r\\u001b\\[Kbouncemapi: ${n} messages: `)); // the summary, on a wiped line
  });

  it('shows no percentage when the total is unknown (a directory)', () => {
    const out = onTerminal(['-j', '1', path.join(FIXTURES, 'bounces')]);
    expect(out).toMatch(/bouncemapi: \d+ messages {2}[\d,]+\/s {2}0:\d\d(\r|\u001b|$)/);
    expect(out).not.toMatch(/\d+%/);
  });

  it('is not drawn with --quiet, nor for a single message', () => {
    expect(onTerminal(['--quiet', mbox])).toBe('');
    expect(onTerminal([path.join(BOUNCES, 'delay.eml')])).toBe('');
  });

  it('is not drawn when stderr is not a terminal', async () => {
    const run = await runCli([mbox]);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toMatch(/\/s {2}/);
    expect(run.stderr).toMatch(new RegExp(`^bouncemapi: ${n} messages: `));
  });
});
