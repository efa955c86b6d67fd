// --explain (CLI) and `explain: true` (library): each row names the evidence that decided its
// reason and its hard/soft verdict; without the option the output is what it was.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/paths.js';
import { filesUnder } from './helpers/inputs.js';
import { parseMessage } from '../src/8-pipeline/parse.js';
import { parseInputs } from '../src/8-pipeline/run.js';
import { ParseResultSchema } from '../src/0-core/schema.js';
import { decideReason, type ClassifyInput } from '../src/5-classify/index.js';

const fx = (name: string) => path.join(FIXTURES, 'bounces', name);
const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus');

// A DSN written for this test: Postfix's RBL refusal as smtpd_check.c words it
// ("Client host [%s] blocked using %s"), answered at RCPT TO with the catch-all 5.7.1.
const RBL_DSN = [
  'From: MAILER-DAEMON@mx.example.org',
  'To: alice@example.org',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain',
  '',
  'Your message could not be delivered.',
  '',
  '--b1',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.org',
  '',
  'Final-Recipient: rfc822; bob@example.net',
  'Action: failed',
  'Status: 5.7.1',
  'Remote-MTA: dns; mx.example.net',
  'Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using dnsbl.example.com',
  '',
  '--b1--',
  '',
].join('\r\n');

describe('parse option explain (library)', () => {
  it('names the phrase, where it was found and its source; the verdict names its rule', async () => {
    const r = await parseMessage(RBL_DSN, 'rbl', { explain: true });
    const row = r.recipients[0];
    expect(row.reason).toBe('blocked');
    expect(row.explain?.reason).toMatchObject({ by: 'phrase', phrase: 'blocked using', in: 'diagnostic' });
    expect(row.explain?.reason.from).toContain('smtpd_check.c');
    expect(row.explain?.bounceType).toMatchObject({ by: 'reason' });
    expect(row.bounceType).toBe('soft');
    // the schema declares it
    expect(() => ParseResultSchema.parse(r)).not.toThrow();
  });

  it('is absent without the option, and the rest of the result is the same', async () => {
    const plain = await parseMessage(RBL_DSN, 'rbl');
    const explained = await parseMessage(RBL_DSN, 'rbl', { explain: true });
    expect('explain' in plain.recipients[0]).toBe(false);
    const { explain: _, ...rest } = explained.recipients[0];
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plain.recipients[0]));
  });

  it('without the option the verdicts are the same, on every fixture and corpus message (the evidence is built only when asked)', async () => {
    const files = [...filesUnder(FIXTURES), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md)$/i.test(f));
    let rows = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      const plain = await parseMessage(bytes, f);
      const explained = await parseMessage(bytes, f, { explain: true });
      for (const row of explained.recipients) {
        expect(row.explain?.reason.by, f).toBeTruthy();
        delete row.explain;
        rows++;
      }
      expect(JSON.stringify(explained), f).toBe(JSON.stringify(plain));
    }
    expect(rows).toBeGreaterThan(100);
  });

  it('a decisive status code (RFC 3463 X.1.1, bad destination mailbox) is named as such', async () => {
    const r = await parseMessage(readFileSync(fx('postfix-failure-folded.eml')), 'x', { explain: true });
    expect(r.recipients[0].reason).toBe('userunknown');
    expect(r.recipients[0].explain?.reason).toMatchObject({ by: 'status' });
    expect(r.recipients[0].explain?.bounceType).toMatchObject({ by: 'reason' });
    expect(r.recipients[0].bounceType).toBe('hard');
  });
});

describe('parseInputs option explain (library, batches)', () => {
  it('gives every row its evidence, in the calling thread', async () => {
    const rows = [];
    for await (const r of parseInputs([fx('postfix-failure-folded.eml'), fx('delay.eml')], { explain: true })) rows.push(...r.recipients);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.explain?.bounceType.by).toBeTruthy();
  });
});

describe('decision records (every return point names its evidence)', () => {
  const base: ClassifyInput = { kind: 'dsn', action: 'failed', status: null, diagnosticType: 'smtp', diagnosticCode: null, smtpReplyCode: null, smtpCommand: null, hint: null, formatReason: null };
  const by = (over: Partial<ClassifyInput>) => decideReason({ ...base, ...over }).evidence;

  it('stage: refused at MAIL FROM with no wording we know (RFC 5321 §3.3)', () => {
    expect(by({ smtpCommand: 'MAIL', diagnosticCode: '550 go away' })).toMatchObject({ by: 'stage' });
  });
  it('reply code: 501 with no text (RFC 5321 §4.2.2)', () => {
    expect(by({ smtpReplyCode: '501' })).toMatchObject({ by: 'reply-code' });
  });
  it('a provider rule names the provider and the entry\'s source (Cox publishes its AUP codes; rhost.ts)', () => {
    const e = by({ diagnosticCode: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked. AUP#CXBL', recipient: 'bob@cox.net', remoteMta: 'mx.cox.net', status: '5.7.1' });
    expect(e).toMatchObject({ by: 'provider', provider: 'cox' });
    expect(e.from?.length).toBeGreaterThan(3);
  });
  it('the format module', () => {
    expect(by({ formatReason: 'mailboxfull' })).toMatchObject({ by: 'format' });
  });
  it('a local delivery program (x-unix)', () => {
    expect(by({ diagnosticType: 'X-Unix', diagnosticCode: 'exit 75' })).toMatchObject({ by: 'local-program' });
  });
  it('the kind of report', () => {
    expect(by({ kind: 'feedback' })).toMatchObject({ by: 'kind' });
  });
  it('a phrase read with its stage says how the stage changed it', () => {
    // "User unknown" after DATA: the recipient was accepted already, a filter answered
    const e = by({ smtpCommand: 'DATA', diagnosticCode: '550 User unknown' });
    expect(e).toMatchObject({ by: 'phrase', phrase: 'user unknown' });
    expect(e.adjusted).toContain('DATA');
  });
  it('a two-part phrase is shown as its two parts', () => {
    const e = by({ diagnosticCode: '550 5.7.1 SPF: 192.0.2.1 is not allowed to send mail from example.org' });
    expect(e.phrase).toBe('spf … not allowed to send');
  });
});

describe('bouncemapi parse --explain', () => {
  it('ndjson: an explain object per row; without the flag, byte-identical output minus it', async () => {
    const files = [fx('postfix-failure-folded.eml'), fx('delay.eml'), fx('arf.eml')];
    const plain = await runCli(['-j', '0', ...files]);
    const explained = await runCli(['-j', '0', '--explain', ...files]);
    expect(plain.stdout).not.toContain('"explain"');
    const a = explained.stdout.trim().split('\n').map((l) => JSON.parse(l));
    for (const r of a) for (const row of r.recipients) expect(row.explain?.reason?.by).toBeTruthy();
    for (const r of a) for (const row of r.recipients) delete row.explain;
    const stripped = a.map((r) => JSON.stringify(r)).join('\n');
    expect(stripped).toBe(plain.stdout.trim());
  });

  it('an Outlook report item (.msg) read as input carries it too', async () => {
    const run = await runCli(['-j', '0', '--explain', fx('opensmtpd-ndr-item.msg')]);
    const rows = JSON.parse(run.stdout.trim()).recipients;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.explain?.reason.by).toBeTruthy();
  });

  it('workers carry the option too', async () => {
    const run = await runCli(['-j', '2', '--explain', fx('postfix-failure-folded.eml'), fx('delay.eml')]);
    for (const l of run.stdout.trim().split('\n')) for (const row of JSON.parse(l).recipients) expect(row.explain).toBeDefined();
  });

  it('table: a why line for the reason (with its source) and one for the verdict', async () => {
    const run = await runCli(['--format', 'table', '--explain'], { input: RBL_DSN });
    expect(run.stdout).toMatch(/why blocked: phrase: .*"blocked using" in the diagnostic/);
    expect(run.stdout).toMatch(/from: .*smtpd_check\.c/);
    expect(run.stdout).toMatch(/why soft: reason:/);
    const plain = await runCli(['--format', 'table'], { input: RBL_DSN });
    expect(plain.stdout).not.toContain('why ');
  });
});
