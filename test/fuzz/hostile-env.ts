// Issue 17's hostile environments: endless inputs, closed pipes, full disks, names that are
// not UTF-8, an output folder inside the input, memory at scale. Each case runs the real
// CLI (hostile-env-run.ts) and checks what the issue expects, each expectation worked out
// from how the case is built. hostile-env.test.ts runs the quick ones under vitest; `npm run
// hostile` runs them all and reports each with its time and peak memory.
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES } from '../helpers/paths.js';
import { canMountTmpfs, lines, onSmallFs, RUNS, runEnv, type EnvRun } from './hostile-env-run.js';

export interface EnvCase {
  name: string;
  /** the item of issue 17 */
  item: number;
  what: string;
  /** minutes rather than seconds: `npm run hostile` only */
  slow?: boolean;
  /** why it cannot run here, or null */
  skip?: () => string | null;
  run(): Promise<void>;
}

const BOUNCES = path.join(FIXTURES, 'bounces');
/** a fixture whose expected result is a DSN with one failed recipient (fixtures/expected/aol.json) */
const ONE_DSN = readFileSync(path.join(BOUNCES, 'aol.eml'));

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'bm-hostile-env-'));
}

/** The one `bouncemapi:` line a failing stdout must give: the system error code, no stack trace. */
function assertOneErrorLine(run: EnvRun, code: string): void {
  const errLines = run.stderr.split('\n').filter(Boolean);
  const named = errLines.filter((l) => l.startsWith('bouncemapi: ') && l.includes(code));
  assert.equal(named.length, 1, `one line naming ${code}: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
}

function within(run: EnvRun, ms: number): void {
  assert.equal(run.timedOut, false, `finished within ${ms / 1000} s`);
}

/** An endless input with --max-size 1M: one error result naming the limit, exit 3, quickly. */
function assertStoppedAtLimit(run: EnvRun, source: string): void {
  within(run, 10_000);
  assert.equal(run.code, 3, run.stderr);
  const out = lines(run);
  assert.equal(out.length, 1);
  assert.equal(out[0].source, source);
  assert.match(String(out[0].error), /maxMessageBytes/);
}

/** A bounce with a Subject holding half a UTF-16 surrogate pair (RFC 2047 encoded-words). */
function loneSurrogateBounce(): Buffer {
  // UTF-16BE D800: a high surrogate with no low one after it; base64 of D8 00 is 2AA=.
  // UTF-16LE 00 DC: a low surrogate alone; base64 of 00 DC is ANw=.
  const head = ONE_DSN.toString('latin1').replace(/^Subject:[^\n]*\n/m, 'Subject: =?UTF-16BE?B?2AA=?= and =?UTF-16LE?B?ANw=?=\r\n');
  assert.notEqual(head, ONE_DSN.toString('latin1'), 'the fixture has a Subject line to replace');
  return Buffer.from(head, 'latin1');
}

const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** A DSN of 400,000 minimal recipient groups, ~24 MB, within every default limit but maxRecipients. */
function rowHeavyDsn(): Buffer {
  const head = [
    'From: MAILER-DAEMON@mx.example.org',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'failed',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    '',
  ].join('\n');
  const groups: string[] = [head];
  // RFC 3464 §2.3: Final-Recipient, Action and Status are the required per-recipient fields
  for (let i = 0; i < 400_000; i++) groups.push(`Final-Recipient: rfc822; ${i.toString(36)}@x\nAction: failed\nStatus: 5.0.0\n\n`);
  groups.push('--B--\n');
  return Buffer.from(groups.join(''), 'latin1');
}

/** Eight copies of rowHeavyDsn in `dir`. */
function writeRowHeavyDsns(dir: string): number {
  const bytes = rowHeavyDsn();
  for (let k = 0; k < 8; k++) writeFileSync(path.join(dir, `m${k}.eml`), bytes);
  return bytes.length;
}

/** A recipient row's share of the parse's peak: README (Limits, memory) states it. */
const ROW_PEAK_BYTES = 1536;

export const ENV_CASES: readonly EnvCase[] = [
  {
    name: 'endless-file',
    item: 1,
    what: '--max-size 1M /dev/zero: reading stops at the limit',
    skip: () => (existsSync('/dev/zero') ? null : 'no /dev/zero'),
    async run() {
      assertStoppedAtLimit(await runEnv('endless-file', ['--format', 'ndjson', '--max-size', '1M', '/dev/zero']), '/dev/zero');
    },
  },
  {
    name: 'endless-stdin-device',
    item: 1,
    what: '--max-size 1M < /dev/zero',
    skip: () => (existsSync('/dev/zero') ? null : 'no /dev/zero'),
    async run() {
      const fd = openSync('/dev/zero', 'r');
      try {
        assertStoppedAtLimit(await runEnv('endless-stdin-device', ['--format', 'ndjson', '--max-size', '1M'], { stdin: fd }), '-');
      } finally {
        closeSync(fd);
      }
    },
  },
  {
    name: 'endless-stdin-pipe',
    item: 1,
    what: 'yes | bouncemapi --max-size 1M: a pipe that never ends',
    async run() {
      assertStoppedAtLimit(await runEnv('endless-stdin-pipe', ['--format', 'ndjson', '--max-size', '1M', '-'], { stdin: 'endless' }), '-');
    },
  },
  {
    name: 'closed-stderr',
    item: 2,
    what: 'stderr a pipe whose reader is gone: every result still written, exit status from the results',
    async run() {
      // six inputs: the first is too large for --max-size 8K (an error line on stderr at once), the other five are DSNs
      const dir = scratch();
      try {
        writeFileSync(path.join(dir, 'a-big.eml'), Buffer.concat([ONE_DSN, Buffer.alloc(16 * 1024, 'x')]));
        for (const n of ['b', 'c', 'd', 'e', 'f']) writeFileSync(path.join(dir, `${n}.eml`), ONE_DSN);
        for (const jobs of ['0', '2']) {
          const run = await runEnv(`closed-stderr --jobs ${jobs}`, ['--format', 'ndjson', '--max-size', '8K', '--jobs', jobs, dir], { stderr: 'closed' });
          within(run, 10_000);
          assert.equal(lines(run).length, 6, `--jobs ${jobs}: all six results`);
          assert.equal(run.code, 3, `--jobs ${jobs}: exit 3 (one input too large)`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'stdout-full',
    item: 3,
    what: 'stdout on /dev/full: one bouncemapi: line naming ENOSPC, exit 4, no stack trace',
    skip: () => (existsSync('/dev/full') ? null : 'no /dev/full'),
    async run() {
      const fd = openSync('/dev/full', 'w');
      try {
        const one = await runEnv('stdout-full one message', ['--format', 'ndjson', path.join(BOUNCES, 'aol.eml')], { stdout: fd });
        within(one, 10_000);
        assert.equal(one.code, 4, one.stderr);
        assertOneErrorLine(one, 'ENOSPC');
        const batch = await runEnv('stdout-full batch', ['--format', 'ndjson', '--quiet', '--jobs', '2', BOUNCES], { stdout: fd });
        within(batch, 10_000);
        assert.equal(batch.code, 4, batch.stderr);
        assertOneErrorLine(batch, 'ENOSPC');
      } finally {
        closeSync(fd);
      }
    },
  },
  {
    name: 'non-utf8-names',
    item: 4,
    what: 'files named caf\\xe9.eml and caf\\xe8.eml (Latin-1): each read under its own bytes, shown distinctly',
    async run() {
      const dir = scratch();
      try {
        const names = [Buffer.from('caf\xe9.eml', 'latin1'), Buffer.from('caf\xe8.eml', 'latin1')];
        const root = Buffer.from(dir);
        try {
          for (const n of names) writeFileSync(Buffer.concat([root, Buffer.from('/'), n]), ONE_DSN);
        } catch {
          return; // a file system that refuses names that are not UTF-8 has no such files to read
        }
        const rendered = [`${dir}/caf\\xe8.eml`, `${dir}/caf\\xe9.eml`]; // byte order: e8 < e9
        const walked = await runEnv('non-utf8-names (folder)', ['--format', 'ndjson', dir]);
        assert.equal(walked.code, 0, walked.stderr);
        assert.deepEqual(
          lines(walked).map((r) => [r.source, r.error, r.kind]),
          rendered.map((s) => [s, null, 'dsn']),
        );
        // named on the command line: the raw argument bytes (Linux keeps them in /proc/self/cmdline)
        if (existsSync('/proc/self/cmdline')) {
          // spawn takes strings (UTF-8): the names go through as their bytes by way of a shell's printf
          const named = await runEnv('non-utf8-names (arguments)', ['--format', 'ndjson'], {
            wrap: ['sh', '-c', `exec "$@" "$(printf '${dir}/caf\\351.eml')" "$(printf '${dir}/caf\\350.eml')"`, 'sh'],
          });
          assert.equal(named.code, 0, named.stderr);
          assert.deepEqual(
            lines(named).map((r) => [r.source, r.error]),
            [rendered[1], rendered[0]].map((s) => [s, null]),
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'byte-order',
    item: 5,
    what: 'a folder is read in byte order of its names, as LC_ALL=C ls lists it',
    async run() {
      const dir = scratch();
      try {
        // U+1F600 is F0 9F 98 80 in UTF-8, U+FF41 is EF BD 81: bytes put U+FF41 first; UTF-16 code
        // units would not (D83D < FF41). Likewise in a Maildir's new/ and cur/, merged by name.
        for (const n of ['\u{1F600}.eml', '\uFF41.eml', 'z.eml']) writeFileSync(path.join(dir, n), ONE_DSN);
        mkdirSync(path.join(dir, 'md/new'), { recursive: true });
        mkdirSync(path.join(dir, 'md/cur'), { recursive: true });
        writeFileSync(path.join(dir, 'md/new/\u{1F600}'), ONE_DSN);
        writeFileSync(path.join(dir, 'md/cur/\uFF41'), ONE_DSN);
        const run = await runEnv('byte-order', ['--format', 'ndjson', dir]);
        assert.deepEqual(
          lines(run).map((r) => path.relative(dir, String(r.source))),
          ['md/cur/\uFF41', 'md/new/\u{1F600}', 'z.eml', '\uFF41.eml', '\u{1F600}.eml'],
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'out-dir-full-disk',
    item: 6,
    what: 'translate --out-dir on a 16 KiB file system: no temporary file left, each failure names file and ENOSPC, what was written is whole',
    skip: () => (canMountTmpfs() ? null : 'cannot mount a tmpfs in a mount namespace here (unshare -rm)'),
    async run() {
      const dir = scratch();
      try {
        // 30 bounces; their reports written where there is room: the reference bytes (rendering is deterministic)
        const inputs = path.join(dir, 'in');
        mkdirSync(inputs);
        for (const n of readdirSync(BOUNCES).sort().slice(0, 30)) writeFileSync(path.join(inputs, n), readFileSync(path.join(BOUNCES, n)));
        const roomy = path.join(dir, 'roomy');
        const ref = await runEnv('out-dir reference', ['translate', '--quiet', '--format', 'eml', '--out-dir', roomy, inputs]);
        const all = readdirSync(roomy);
        assert.ok(all.length > 20, ref.stderr);
        const mnt = path.join(dir, 'mnt');
        const copy = path.join(dir, 'copy');
        mkdirSync(mnt);
        mkdirSync(copy);
        // 16 KiB: room for a few of the ~1.5 KB reports (a tmpfs counts whole 4 KiB pages)
        const run = await runEnv('out-dir-full-disk', ['translate', '--format', 'eml', '--out-dir', path.join(mnt, 'out'), inputs], { wrap: onSmallFs(mnt, '16k', copy), timeoutMs: 30_000 });
        within(run, 30_000);
        assert.notEqual(run.code, 97, 'the tmpfs was mounted');
        assert.equal(run.code, 3, run.stderr);
        const written = readdirSync(path.join(copy, 'out'));
        assert.deepEqual(
          written.filter((n) => n.startsWith('.')),
          [],
          'no temporary file survives',
        );
        assert.ok(written.length > 0 && written.length < all.length, `some written, some not: ${written.length} of ${all.length}`);
        for (const n of written) assert.ok(readFileSync(path.join(copy, 'out', n)).equals(readFileSync(path.join(roomy, n))), `${n} is whole`);
        const failures = run.stderr.split('\n').filter((l) => l.includes('report not written: '));
        assert.equal(failures.length, all.length - written.length, 'each report not written is named');
        for (const l of failures) assert.match(l, /^bouncemapi: \S+: [\w.]+ report not written: \S+\/out\/\S+\.eml: ENOSPC: no space left on device$/);
        assert.match(run.stderr, new RegExp(`^bouncemapi: ${written.length} of ${all.length} reports written to `, 'm'));
        assert.doesNotMatch(run.stderr, /^\s+at /m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'lone-surrogate',
    item: 7,
    what: 'a Subject with half a UTF-16 surrogate pair: U+FFFD in every output, and a warning',
    async run() {
      const msg = loneSurrogateBounce();
      const nd = await runEnv('lone-surrogate ndjson', ['--format', 'ndjson', '-'], { stdin: msg });
      const text = nd.stdout.toString('utf8');
      assert.doesNotMatch(text, /\\ud[89a-f][0-9a-f]{2}/i, 'no escaped lone surrogate in the JSON');
      const [r] = lines(nd);
      assert.equal(r.subject, '\ufffd and \ufffd');
      assert.ok((r.warnings as string[]).some((w) => /surrogate/.test(w)));
      const tr = await runEnv('lone-surrogate translate', ['translate', '-'], { stdin: msg });
      const t = tr.stdout.toString('utf8');
      assert.doesNotMatch(t, /\\ud[89a-f][0-9a-f]{2}/i);
      assert.ok(t.length > 0 && isWellFormed(t));
    },
  },
  {
    name: 'memory-rows',
    item: 8,
    what: 'eight 24 MB DSNs of 400,000 recipient groups each, --jobs 4: peak under 512 MiB',
    slow: true,
    async run() {
      const dir = scratch();
      try {
        writeRowHeavyDsns(dir);
        const run = await runEnv('memory-rows --jobs 4', ['--format', 'ndjson', '--quiet', '--jobs', '4', dir], { timeoutMs: 300_000 });
        assert.equal(run.timedOut, false);
        const out = lines(run);
        assert.equal(out.length, 8);
        // maxRecipients (100,000) rows each, the rest dropped with a warning
        for (const r of out) assert.equal((r.recipients as unknown[]).length, 100_000);
        assert.ok(run.peakKb !== null && run.peakKb < 512 * 1024, `peak ${run.peakKb} KiB, under 512 MiB`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'memory-per-row',
    item: 8,
    what: `one 24 MB DSN, --jobs 0: the peak with 100,000 rows kept over the peak with 1, per row, under ${ROW_PEAK_BYTES} bytes`,
    slow: true,
    async run() {
      const dir = scratch();
      try {
        const file = path.join(dir, 'rows.eml');
        writeFileSync(file, rowHeavyDsn());
        // the same bytes, the same delivery-status text: only the rows kept differ
        const one = await runEnv('1 row kept', ['--format', 'ndjson', '--quiet', '--jobs', '0', '--limit', 'maxRecipients=1', file], { timeoutMs: 120_000 });
        const all = await runEnv('100,000 rows kept', ['--format', 'ndjson', '--quiet', '--jobs', '0', file], { timeoutMs: 120_000 });
        assert.equal((lines(one)[0].recipients as unknown[]).length, 1);
        assert.equal((lines(all)[0].recipients as unknown[]).length, 100_000);
        assert.ok(one.peakKb !== null && all.peakKb !== null, 'both peaks measured');
        const perRow = ((all.peakKb - one.peakKb) * 1024) / 99_999;
        RUNS[RUNS.length - 1].label += ` (${perRow.toFixed(0)} bytes a row)`;
        assert.ok(perRow < ROW_PEAK_BYTES, `${perRow.toFixed(0)} bytes a row, under ${ROW_PEAK_BYTES}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'out-dir-inside-input',
    item: 9,
    what: 'translate --out-dir s/out s: the reports are never read back as inputs',
    async run() {
      const dir = scratch();
      try {
        for (const n of ['activehunter.eml', 'aol.eml']) writeFileSync(path.join(dir, n), readFileSync(path.join(BOUNCES, n)));
        for (const pass of [1, 2]) {
          const run = await runEnv(`out-dir-inside-input pass ${pass}`, ['translate', '--format', 'eml', '--force', '--out-dir', path.join(dir, 'out'), dir]);
          assert.equal(run.code, 0, run.stderr);
          assert.match(run.stderr, /^bouncemapi: 2 messages: 2 delivery status reports/m);
          assert.deepEqual(readdirSync(path.join(dir, 'out')).sort(), ['activehunter.ndr.eml', 'aol.ndr.eml']);
        }
        // named by another spelling of the same folder, and with workers
        const run = await runEnv('out-dir-inside-input other name', ['translate', '--format', 'eml', '--force', '--jobs', '2', '--out-dir', `${dir}/./out/`, `${dir}/`]);
        assert.match(run.stderr, /^bouncemapi: 2 messages/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'stdin-directory',
    item: 10,
    what: 'bouncemapi < folder: an error result naming EISDIR, exit 3',
    async run() {
      const fd = openSync(BOUNCES, 'r');
      try {
        const run = await runEnv('stdin-directory', ['--format', 'ndjson'], { stdin: fd });
        within(run, 10_000);
        assert.equal(run.code, 3, run.stderr);
        const out = lines(run);
        assert.equal(out.length, 1);
        assert.equal(out[0].source, '-');
        assert.match(String(out[0].error), /directory/);
        assert.match(run.stderr, /^bouncemapi: -: .*EISDIR/m);
      } finally {
        closeSync(fd);
      }
    },
  },
];
