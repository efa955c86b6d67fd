// `bouncemapi translate` as users run it: formats, modes, keys, --out-dir, exit codes.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputNames } from '../src/7-output/files.js';
import { runCli } from './helpers/cli.js';
import { rawMap, readMsg, tagKey } from './helpers/msg.js';
import { FIXTURES } from './helpers/paths.js';
import { BOUNCES_DIR, fixtureFiles } from './helpers/translate.js';
import { tempDir } from './helpers/temp-dir.js';

const fx = (name: string) => path.join(FIXTURES, 'bounces', name);
const tmp = () => tempDir('bm-translate-');
const lines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('bouncemapi translate', () => {
  it('prints one ndjson line per report, only reports; each input without one gets a line on stderr', async () => {
    const run = await runCli(['translate', fx('multi-recipient-mixed.eml'), fx('not-a-bounce.eml'), fx('delay.eml')]);
    expect(run.code).toBe(1); // one input was not a delivery status report
    const reports = lines(run.stdout);
    expect(reports.map((r) => r.messageClass)).toEqual(['REPORT.IPM.Note.NDR', 'REPORT.IPM.Note.Delayed.DR', 'REPORT.IPM.Note.DR', 'REPORT.IPM.Note.Delayed.DR']);
    expect(reports.every((r) => r.source && r.properties && r.recipients)).toBe(true);
    expect(run.stderr).toContain(`${fx('not-a-bounce.eml')}: not a delivery status report`);
  });

  it('--mode oxcmail gives one report per message at the highest severity', async () => {
    const run = await runCli(['translate', '--mode', 'oxcmail', fx('multi-recipient-mixed.eml')]);
    expect(run.code).toBe(0);
    const [report, ...rest] = lines(run.stdout);
    expect(rest).toEqual([]);
    expect(report.messageClass).toBe('REPORT.IPM.Note.NDR');
    expect(report.recipients.map((r: Record<string, unknown>) => r.PidTagEmailAddress)).toEqual(['dave@example.net']);
  });

  it('--keys pr and --keys tag rename the properties, nothing else', async () => {
    const [pid] = lines((await runCli(['translate', fx('postfix-failure-folded.eml')])).stdout);
    const [pr] = lines((await runCli(['translate', '--keys', 'pr', fx('postfix-failure-folded.eml')])).stdout);
    const [tag] = lines((await runCli(['translate', '--keys', 'tag', fx('postfix-failure-folded.eml')])).stdout);
    expect(pid.recipients[0].PidTagNonDeliveryReportDiagCode).toBe(35);
    expect(pr.recipients[0].PR_NDR_DIAG_CODE).toBe(35);
    expect(tag.recipients[0]['0x0C050003']).toBe(35);
    expect(tag.recipients[0]['0x0C040003']).toBe(1);
    expect(tag.recipients[0]['0x0C200003']).toBe(511);
    expect(Object.values(pr.properties)).toEqual(Object.values(pid.properties));
    expect(Object.values(tag.recipients[0])).toEqual(Object.values(pid.recipients[0]));
  });

  it('--format json prints one array', async () => {
    const run = await runCli(['translate', '--format', 'json', fx('success.eml')]);
    const arr = JSON.parse(run.stdout);
    expect(arr.map((r: { reportType: string }) => r.reportType)).toEqual(['Relayed.DR', 'DR']);
  });

  it('names a returned meeting request’s report after its class', async () => {
    const [r] = lines((await runCli(['translate', fx('meeting-request-ndr.eml')])).stdout);
    expect(r.messageClass).toBe('REPORT.IPM.Schedule.Meeting.Request.NDR');
  });

  it('exits 3 when an input cannot be read, and says why on stderr', async () => {
    const dir = tmp();
    const big = path.join(dir, 'big.eml');
    writeFileSync(big, `Subject: x\n\n${'y'.repeat(20000)}`);
    const run = await runCli(['translate', '--max-size', '8K', big, fx('delay.eml')]);
    expect(run.code).toBe(3);
    expect(lines(run.stdout)).toHaveLength(1);
    expect(run.stderr).toMatch(/big\.eml: .*maxMessageBytes/);
  });

  it('usage errors exit 2: bad mode, --out-dir with ndjson, an --out-dir that cannot be a folder, a missing input', async () => {
    expect((await runCli(['translate', '--mode', 'nope', fx('delay.eml')])).code).toBe(2);
    expect((await runCli(['translate', '--out-dir', tmp(), fx('delay.eml')])).code).toBe(2);
    // a path below a regular file can never become a folder (ENOTDIR), whoever runs the test
    const blocked = await runCli(['translate', '--format', 'eml', '--out-dir', path.join(fx('delay.eml'), 'sub'), fx('delay.eml')]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain('cannot create');
    expect((await runCli(['translate', '--format', 'eml', '--out-dir', fx('delay.eml'), fx('delay.eml')])).code).toBe(2);
    expect((await runCli(['translate', '/nonexistent/bounce.eml'])).code).toBe(2);
  });

  it('creates a missing --out-dir, parents included, as mkdir -p would', async () => {
    const dir = path.join(tmp(), 'new', 'reports');
    const run = await runCli(['translate', '--format', 'eml', '--out-dir', dir, fx('delay.eml')]);
    expect(run.code).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('writes .eml files into --out-dir, keeps existing files unless --force, and still writes the others', async () => {
    const dir = tmp();
    const first = await runCli(['translate', '--format', 'eml', '--out-dir', dir, fx('multi-recipient-mixed.eml')]);
    expect(first.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['multi-recipient-mixed.delayed-dr.eml', 'multi-recipient-mixed.dr.eml', 'multi-recipient-mixed.ndr.eml']);
    writeFileSync(path.join(dir, 'multi-recipient-mixed.ndr.eml'), 'mine');
    const again = await runCli(['translate', '--format', 'eml', '--out-dir', dir, fx('multi-recipient-mixed.eml'), fx('delay.eml')]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(path.join(dir, 'multi-recipient-mixed.ndr.eml'));
    expect(readFileSync(path.join(dir, 'multi-recipient-mixed.ndr.eml'), 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toContain('delay.delayed-dr.eml'); // the other input's report was written
    const forced = await runCli(['translate', '--format', 'eml', '--out-dir', dir, '--force', fx('multi-recipient-mixed.eml')]);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, 'multi-recipient-mixed.ndr.eml'), 'utf8')).toContain('multipart/report');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the reports of an mbox apart', async () => {
    const dir = tmp();
    const mbox = path.join(dir, 'in.mbox');
    const a = readFileSync(fx('delay.eml'), 'latin1');
    const b = readFileSync(fx('postfix-failure-folded.eml'), 'latin1');
    writeFileSync(mbox, `From MAILER-DAEMON Thu Mar 12 10:00:00 2026\n${a}\nFrom MAILER-DAEMON Thu Mar 12 10:00:01 2026\n${b}\n`, 'latin1');
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const run = await runCli(['translate', '--format', 'msg', '--out-dir', out, mbox]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['in-1.delayed-dr.msg', 'in-2.ndr.msg']);
  });

  it('without --out-dir a single .eml report goes to stdout; more than one is an error', async () => {
    const one = await runCli(['translate', '--format', 'eml', fx('postfix-failure-folded.eml')]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^X-MS-Exchange-Message-Is-Ndr:/);
    expect(one.stdout).toContain('Content-Type: message/delivery-status');
    const many = await runCli(['translate', '--format', 'eml', fx('multi-recipient-mixed.eml')]);
    expect(many.code).toBe(3);
    expect(many.stderr).toMatch(/more than one report needs --out-dir/);
  });

  it('bouncemapi schema translate prints the JSON Schema of a report', async () => {
    const run = await runCli(['schema', 'translate']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.title).toMatch(/MAPI report/);
    expect(schema.properties.reportType.enum).toEqual(['NDR', 'Delayed.DR', 'Relayed.DR', 'Expanded.DR', 'DR']);
    expect(schema.properties.recipients.items.properties.dsn).toBeDefined();
  });
});

describe('translate --format msg over every fixture', () => {
  it('writes one file per report, and msgreader reads each back as the ndjson report says', async () => {
    const dir = tmp();
    const inputs = fixtureFiles().map((f) => path.join(BOUNCES_DIR, f));
    const json = await runCli(['translate', ...inputs]);
    const msg = await runCli(['translate', '--format', 'msg', '--out-dir', dir, ...inputs]);
    expect(msg.code).toBe(json.code);
    const reports = lines(json.stdout);
    expect(reports.length).toBeGreaterThan(inputs.length - 2);
    // the CLI names files in report order, as OutputNames does
    const names = new OutputNames();
    const expected = reports.map((r) => names.name(r.source, r.reportType, 'msg'));
    expect(readdirSync(dir).sort()).toEqual([...expected].sort());
    reports.forEach((report, i) => {
      const fields = readMsg(readFileSync(path.join(dir, expected[i])));
      expect(fields.messageClass).toBe(report.messageClass);
      expect(fields.subject).toBe(report.properties.PidTagSubject);
      expect(fields.recipients?.map((r) => r.email)).toEqual(report.recipients.map((r: Record<string, unknown>) => r.PidTagEmailAddress));
      fields.recipients!.forEach((r, j) => {
        const want = report.recipients[j];
        const raw = rawMap(r);
        for (const key of ['PidTagNonDeliveryReportReasonCode', 'PidTagNonDeliveryReportDiagCode', 'PidTagNonDeliveryReportStatusCode']) {
          expect(raw.get(tagKey(key)), `${expected[i]} ${key}`).toBe(want[key] === undefined ? undefined : want[key] >>> 0);
        }
        expect(raw.get(tagKey('PidTagSupplementaryInfo'))).toBe(want.PidTagSupplementaryInfo);
      });
    });
  });

  it('embeds the returned original in the NDR of full-original-returned.eml', async () => {
    const dir = tmp();
    copyFileSync(fx('full-original-returned.eml'), path.join(dir, 'full.eml'));
    const run = await runCli(['translate', '--format', 'msg', '--out-dir', dir, path.join(dir, 'full.eml')]);
    expect(run.code).toBe(0);
    const fields = readMsg(readFileSync(path.join(dir, 'full.ndr.msg')));
    const inner = fields.attachments?.[0]?.innerMsgContentFields;
    expect(inner?.subject).toBe('Budget review – Q3');
    expect(inner?.senderEmail).toBe('ann@example.com');
  });
});
