// Every .eml the translator writes for the fixtures is a standard RFC 3464 / RFC 6522 report
// that bouncemapi reads back to the same recipients, actions and statuses.
import { describe, expect, it } from 'vitest';
import { translate } from '../src/6-mapi/status-recips.js';
import { HeaderList } from '../src/2-mime/headers.js';
import { parseMime, splitHeaderBlock } from '../src/2-mime/parse.js';
import { renderEml, deliveryStatusBody } from '../src/7-output/eml.js';
import { analyzeMessage } from '../src/8-pipeline/parse.js';
import { dsnResult, row } from './helpers/results.js';
import { fixtureFiles, outcomesOf } from './helpers/translate.js';

/** the domain of a From such as `Name <user@host>` or `user@host`; localhost when it has none */
const senderHost = (from: string | null) => /@([^\s@<>]+)>?\s*$/.exec(from ?? '')?.[1] ?? 'localhost';
const sig = (rows: { recipient: string; action: string | null; status: string | null }[]) => rows.map((r) => `${r.recipient} ${r.action} ${r.status}`);

describe('.eml round trip over every fixture', () => {
  const files = fixtureFiles();
  it('has fixtures to go over', () => {
    expect(files.length).toBeGreaterThanOrEqual(120); // as many as there are today
  });
  for (const file of files) {
    for (const mode of ['statusrecips', 'oxcmail'] as const) {
      it(`${file} (${mode}): each report parses back to its rows`, async () => {
        for (const { result, returnedBytes } of await outcomesOf(file)) {
          const reports = translate(result, { mode, returnedBytes });
          if (result.kind !== 'dsn') {
            expect(reports).toEqual([]);
            continue;
          }
          expect(reports.length).toBeGreaterThan(0);
          const seen: string[] = [];
          for (const report of reports) {
            const eml = await renderEml(report, { returnedBytes });
            const back = await analyzeMessage(eml, `${report.source}.${report.reportType}.eml`);
            expect(back.result.error).toBeNull();
            expect(back.result.kind).toBe('dsn');
            const want = report.recipients.map((r) => ({ recipient: r.dsn.finalRecipient, action: r.dsn.action, status: r.dsn.status }));
            expect(sig(back.result.recipients)).toEqual(sig(want));
            if (result.original?.subject) expect(back.result.original?.subject).toBe(result.original.subject);
            // RFC 3464 §2.2.2 requires a Reporting-MTA: without one in the bounce, the report names its sender's host
            expect(back.result.reportingMta).toBe(result.reportingMta ?? senderHost(result.from));
            seen.push(...sig(back.result.recipients));
          }
          if (mode === 'statusrecips') {
            // nothing lost: together the reports hold every row of the bounce
            expect(seen.sort()).toEqual(sig(result.recipients.filter((r) => r.action)).sort());
          }
        }
      });
    }
  }
});

describe('.eml structure', () => {
  const ndrResult = dsnResult([
    row({ recipient: 'bob@example.org', displayName: 'Bob Builder', status: '5.1.1', remoteMta: 'mx.example.org', diagnosticType: 'smtp', diagnosticCode: '550 5.1.1 <bob@example.org>: Recipient address rejected', reason: 'userunknown' }),
  ]);

  it('is a multipart/report with a text part, message/delivery-status and the returned headers', async () => {
    const [report] = translate(ndrResult);
    const eml = await renderEml(report);
    const msg = await parseMime(eml);
    expect(msg.contentType).toBe('multipart/report');
    expect(msg.reportType).toBe('delivery-status');
    expect(msg.leaves.map((l) => l.contentType)).toEqual(['text/plain', 'message/delivery-status', 'text/rfc822-headers']);
    const h = msg.headers;
    expect(h.get('auto-submitted')).toBe('auto-replied');
    expect(h.get('in-reply-to')).toBe('<orig-1@example.com>');
    expect(h.get('references')).toBe('<orig-1@example.com>');
    expect(h.has('x-ms-exchange-message-is-ndr')).toBe(true);
    expect(h.get('x-ms-exchange-message-is-ndr')).toBe('');
    expect(msg.subject).toBe('Undeliverable: Quarterly figures');
    expect(h.get('to')).toBe('Ann Example <ann@example.com>');
    expect(h.get('from')).toBe('Mail Delivery System <MAILER-DAEMON@mx.example.net>');
    expect(h.get('date')).toBe('Wed, 01 Apr 2026 10:00:00 +0000');
    expect(msg.text).toContain('Bob Builder <bob@example.org>');
    expect(msg.text).toContain("The recipient's address does not exist");
    const returned = msg.returned!.headers;
    expect(returned.get('message-id')).toBe('<orig-1@example.com>');
    expect(returned.get('subject')).toBe('Quarterly figures');
  });

  it('writes the DSN fields MS-OXCMAIL §2.1.3.6.1 names, keeping the original Status and Diagnostic-Code', () => {
    const [report] = translate(ndrResult);
    const body = deliveryStatusBody(report).replace(/\r\n[ \t]+/g, ' ');
    const [perMessage, perRecipient] = body.split('\r\n\r\n').map((b) => HeaderList.parse(b));
    expect(perMessage.get('reporting-mta')).toBe('dns; mx.example.net');
    expect(perRecipient.get('final-recipient')).toBe('rfc822; bob@example.org');
    expect(perRecipient.get('action')).toBe('failed');
    expect(perRecipient.get('status')).toBe('5.1.1');
    expect(perRecipient.get('remote-mta')).toBe('dns; mx.example.org');
    expect(perRecipient.get('diagnostic-code')).toBe('smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected');
    expect(perRecipient.get('x-supplementary-info')).toBe('<mx.example.org #5.1.1 smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected>');
    expect(perRecipient.get('x-display-name')).toBe('Bob Builder');
  });

  it('keeps an Exchange Online status with a three-digit detail as it was, not rebuilt from the lossy diag/reason', () => {
    const [report] = translate(dsnResult([row({ recipient: 'a@example.org', status: '5.7.350', fields: { 'Diagnostic-Code': 'smtp;550 5.7.350 Remote server returned message detected as spam' } })]));
    const groups = deliveryStatusBody(report).replace(/\r\n[ \t]+/g, ' ').split('\r\n\r\n');
    const g = HeaderList.parse(groups[1]);
    expect(g.get('status')).toBe('5.7.350');
    expect(g.get('diagnostic-code')).toBe('smtp;550 5.7.350 Remote server returned message detected as spam');
  });

  it('a DR has no X-MS-Exchange-Message-Is-Ndr; a text bounce gets a Diagnostic-Code type', async () => {
    const [dr] = translate(dsnResult([row({ recipient: 'a@example.org', action: 'delivered', status: '2.0.0', diagnosticCode: '250 2.0.0 Ok: queued' })]));
    const eml = await renderEml(dr);
    const { header } = splitHeaderBlock(eml);
    expect(HeaderList.parse(header.toString()).has('x-ms-exchange-message-is-ndr')).toBe(false);
    expect(deliveryStatusBody(dr)).toContain('Diagnostic-Code: smtp; 250 2.0.0 Ok: queued');
    const [text] = translate(dsnResult([row({ recipient: 'a@example.org', diagnosticCode: 'Sorry, no mailbox here by that name. (#5.1.1)' })]));
    expect(deliveryStatusBody(text)).toContain('Diagnostic-Code: X-Text; Sorry, no mailbox here by that name. (#5.1.1)');
  });

  it('field values from the bounce cannot break out of their line', () => {
    const [report] = translate(dsnResult([row({ recipient: 'a@example.org', fields: { 'Diagnostic-Code': 'smtp; 550 bad\r\nX-Injected: yes', 'X-Evil\nName': 'v' } })]));
    const body = deliveryStatusBody(report);
    expect(body).not.toMatch(/^X-Injected/m);
    expect(body).not.toContain('X-Evil');
  });

  it('values decoded from hostile headers (CR LF inside encoded-words) cannot add lines anywhere in the .eml', async () => {
    const result = dsnResult([row({ recipient: 'a\r\nX-Evil: 1@example.org', displayName: 'Bob\r\nX-Evil: 2', remoteMta: 'mx\r\nX-Evil: 3' })], {
      from: '"Evil\r\nX-Evil: 4" <m@x.example>',
      original: { messageId: '<a@b>', subject: 'Hi\r\nX-Evil: 6', from: 'Ann\r\nX-Evil: 7 <ann@example.com>', to: null, cc: null, date: null, contentClass: null },
    });
    const [report] = translate(result);
    expect(report.properties.PidTagSubject).toBe('Undeliverable: Hi X-Evil: 6');
    const eml = (await renderEml(report)).toString();
    expect(eml).not.toMatch(/^X-Evil/m);
  });

  it('uses RFC 6533 global types for non-ASCII: report-type, message/global-delivery-status, message/global-headers', async () => {
    const result = dsnResult([row({ recipient: 'jürgen@bücher.example', status: '5.1.1' })]);
    result.original = { ...result.original!, subject: 'Grüße aus Köln', to: 'jürgen@bücher.example' };
    const [report] = translate(result);
    const msg = await parseMime(await renderEml(report));
    expect(msg.reportType).toBe('global-delivery-status');
    expect(msg.leaves.map((l) => l.contentType)).toEqual(['text/plain', 'message/global-delivery-status', 'message/global-headers']);
    expect(msg.deliveryStatus[0].text).toContain('Final-Recipient: utf-8; jürgen@bücher.example');
    expect(msg.returned!.headers.get('subject')).toBe('Grüße aus Köln');
    expect(msg.returned!.headers.get('to')).toBe('jürgen@bücher.example');
  });

  it('returns the original’s own header block when the bounce carried the whole original', async () => {
    const original = Buffer.from('Message-ID: <o@x.example>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nX-Custom: kept\r\n\r\nbody\r\n');
    const [report] = translate(dsnResult([row({ recipient: 'a@example.org' })]), { returnedBytes: original });
    const msg = await parseMime(await renderEml(report, { returnedBytes: original }));
    expect(msg.returned!.headers.get('x-custom')).toBe('kept');
    expect(msg.returned!.headers.decoded('subject')).toBe('Grüße');
    expect(msg.returned!.bytes).toBeNull(); // headers only, as text/rfc822-headers
  });
});
