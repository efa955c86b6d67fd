// Outlook items as input (issue 19): a .msg report item gives back the table StatusRecips was
// given; a read receipt gives no rows; an ordinary item is read as the MIME message it stands
// for; hostile Compound Files give one result with a clear error.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompoundFile, readMsgItem } from '../src/2-mime/msg-item.js';
import { PROPS } from '../src/6-mapi/properties.js';
import { readSupplementaryInfo } from '../src/6-mapi/report-item.js';
import { translate } from '../src/6-mapi/status-recips.js';
import { renderMsg } from '../src/7-output/msg.js';
import { MsgPropList } from '../src/7-output/msg-props.js';
import { analyzeMessage, parseMessage } from '../src/8-pipeline/parse.js';
import { buildItem, HOSTILE_MSG_CASES, ndrItem } from './fuzz/hostile-msg-cases.js';
import { readMsg } from './helpers/msg.js';
import { roundTrip, rowSets } from './helpers/roundtrip.js';
import { tnefStream } from './helpers/tnef.js';
import { CORPUS, FIXTURES, HAS_CORPUS } from './helpers/paths.js';

const BOUNCES = path.join(FIXTURES, 'bounces');

// Where a row's diagnostic cannot come back as it was: the report item carries the
// Diagnostic-Code field as the bounce wrote it (PidTagSupplementaryInfo), and this module
// reads the remote's reply out of a longer field of its own; or the parser merged the whole
// multi-line reply (or the whole first line) from the transcript into a Diagnostic-Code that
// holds its first line (or its code) only.
const DIAGNOSTIC_REWRITTEN = new Set(['amazonses-dsn.eml', 'sendmail-multiline-reply.eml', 'sendmail-data-refusal-multi.eml', 'sendmail-evidence-merge.eml', 'sendmail-pipelined-rcpt.eml']);
// Where a row's reason comes from the bounce's text only (no diagnostic, no status): the
// classifier reads the report's text (the row's hint), which a report item does not carry, so
// the reason read back is the one a row without any text gets.
const REASON_FROM_TEXT_ONLY = new Set(['postfix-report-unavailable.eml', 'text-inline-copy.eml']);

describe('isCompoundFile', () => {
  // MS-CFB §2.2: the header's first eight bytes are D0 CF 11 E0 A1 B1 1A E1; a file is at least
  // one 512-byte header long
  const signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  it('takes the signature at the start of 512 bytes or more, and nothing else', () => {
    const file = Buffer.alloc(512);
    file.set(signature);
    expect(isCompoundFile(file)).toBe(true);
    expect(isCompoundFile(Buffer.concat([file, Buffer.from('more')]))).toBe(true);
    expect(isCompoundFile(file.subarray(0, 511))).toBe(false);
    for (let i = 0; i < signature.length; i++) {
      const changed = Buffer.from(file);
      changed[i] ^= 1;
      expect(isCompoundFile(changed), `byte ${i}`).toBe(false);
    }
    const shifted = Buffer.alloc(513);
    shifted.set(signature, 1);
    expect(isCompoundFile(shifted)).toBe(false);
    expect(isCompoundFile(Buffer.alloc(0))).toBe(false);
    expect(isCompoundFile(Buffer.from(`From: a@example.org\n\n${'x'.repeat(600)}`))).toBe(false);
  });
});

describe('.msg report items read back (round trip through translate --format msg)', () => {
  const fixtures = readdirSync(BOUNCES).filter((f) => f.endsWith('.eml'));

  it('gives back every DSN fixture\'s rows: recipient, action, full status, reason, diagnostic, remote MTA', async () => {
    let items = 0;
    for (const f of fixtures) {
      const t = await roundTrip(readFileSync(path.join(BOUNCES, f)), f);
      if (!t.after.length) continue;
      items++;
      const sets = rowSets(t, !DIAGNOSTIC_REWRITTEN.has(f) && !REASON_FROM_TEXT_ONLY.has(f));
      expect(sets.after, f).toEqual(sets.before);
      for (const r of t.after) {
        expect(r.format, f).toMatch(/^msg-(ndr|dr)$/);
        // the original's subject and sender come back from PidTagOriginal*
        expect(r.original?.subject ?? null, f).toBe(t.before.original?.subject ?? null);
      }
    }
    expect(items).toBeGreaterThanOrEqual(90);
  });

  it.skipIf(!HAS_CORPUS)('gives back at least 99 % of the Sisimai half\'s sources (recipient, action, status as one set per source)', async () => {
    const dir = path.join(CORPUS, 'sisimai');
    let n = 0;
    let same = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
      const t = await roundTrip(readFileSync(path.join(dir, f)), f);
      if (!t.after.length) continue;
      n++;
      const sets = rowSets(t, false);
      if (JSON.stringify(sets.after) === JSON.stringify(sets.before)) same++;
    }
    expect(n).toBeGreaterThan(250);
    expect(same / n).toBeGreaterThanOrEqual(0.99);
  }, 120_000);

  it('reads the same properties as an independent .msg reader (@kenjiuno/msgreader)', async () => {
    const { result, returnedBytes } = await analyzeMessage(readFileSync(path.join(BOUNCES, 'opensmtpd.eml')), 'opensmtpd.eml');
    const msg = await renderMsg(translate(result)[0], { returnedBytes });
    const theirs = readMsg(msg);
    const ours = readMsgItem(msg, { maxDepth: 10, maxObjects: 2048 });
    expect(ours.props.string(PROPS.MessageClass.id)).toBe(theirs.messageClass);
    expect(ours.props.string(PROPS.Subject.id)).toBe(theirs.subject);
    expect(ours.recipients.map((r) => r.string(PROPS.EmailAddress.id))).toEqual((theirs.recipients ?? []).map((r) => r.email));
    expect(ours.attachments).toHaveLength((theirs.attachments ?? []).length);
  });
});

describe('report items from other writers', () => {
  it('takes the full status from PidTagSupplementaryInfo, else one digit per part from PidTagNonDeliveryReportStatusCode', async () => {
    const r = await parseMessage(ndrItem(), 'ndr.msg');
    expect(r).toMatchObject({ kind: 'dsn', format: 'msg-ndr', subject: 'Undeliverable: hello' });
    expect(r.recipients).toMatchObject([{ recipient: 'gone@example.net', action: 'failed', status: '5.1.1', diagnosticCode: '550 5.1.1 no such user', remoteMta: 'mx.example.net', reason: 'userunknown' }]);

    const bare = buildItem({
      props: new MsgPropList().set(PROPS.MessageClass, 'REPORT.IPM.Note.NDR'),
      recipients: [new MsgPropList().set(PROPS.EmailAddress, 'full@example.net').set(PROPS.NonDeliveryReportStatusCode, 522)],
    });
    const b = await parseMessage(bare, 'bare.msg');
    expect(b.recipients).toMatchObject([{ recipient: 'full@example.net', action: 'failed', status: '5.2.2' }]);
  });

  it('reads the action from each report class', async () => {
    for (const [cls, action, status] of [
      ['REPORT.IPM.Note.DR', 'delivered', '2.0.0'],
      ['REPORT.IPM.Note.Delayed.DR', 'delayed', '4.0.0'],
      ['REPORT.IPM.Note.Relayed.DR', 'relayed', '2.0.0'],
      ['REPORT.IPM.Note.Expanded.DR', 'expanded', '2.0.0'],
      ['REPORT.IPM.Schedule.Meeting.Request.NDR', 'failed', '5.0.0'],
    ] as const) {
      const item = buildItem({ props: new MsgPropList().set(PROPS.MessageClass, cls), recipients: [new MsgPropList().set(PROPS.EmailAddress, 'a@example.net')] });
      const r = await parseMessage(item, 'x.msg');
      expect(r.recipients.map((x) => [x.action, x.status]), cls).toEqual([[action, status]]);
    }
  });

  it('recognises a read receipt and gives it no delivery rows', async () => {
    const item = buildItem({ props: new MsgPropList().set(PROPS.MessageClass, 'REPORT.IPM.Note.IPNRN').set(PROPS.Subject, 'Read: hello'), recipients: [new MsgPropList().set(PROPS.EmailAddress, 'a@example.net')] });
    const r = await parseMessage(item, 'read.msg');
    expect(r).toMatchObject({ recognized: false, kind: null, error: null, recipients: [], subject: 'Read: hello' });
    expect(r.warnings.join(' ')).toContain('read receipt');
  });

  it('reads PidTagSupplementaryInfo in its MS-OXCMAIL forms', () => {
    expect(readSupplementaryInfo('<mx.example.net #5.7.26 smtp; 550 5.7.26 DMARC>')).toEqual({ mta: 'mx.example.net', status: '5.7.26', diagnostic: 'smtp; 550 5.7.26 DMARC' });
    expect(readSupplementaryInfo('<#4.4.7>')).toEqual({ mta: null, status: '4.4.7', diagnostic: null });
    expect(readSupplementaryInfo('no code here')).toBeNull();
  });
});

describe('ordinary Outlook items', () => {
  it('reads a bounce attached to an IPM.Note through the format modules', async () => {
    const bounce = readFileSync(path.join(BOUNCES, 'opensmtpd.eml'));
    const item = buildItem({
      props: new MsgPropList().set(PROPS.MessageClass, 'IPM.Note').set(PROPS.Subject, 'FW: Delivery status notification: failed').set(PROPS.Body, 'See the attached bounce.'),
      attachments: [{ props: new MsgPropList().set(PROPS.AttachMethod, 1).set(PROPS.AttachDataBinary, bounce).set(PROPS.AttachLongFilename, 'bounce.eml').set(PROPS.AttachMimeTag, 'message/rfc822') }],
    });
    const r = await parseMessage(item, 'fw.msg');
    expect(r).toMatchObject({ kind: 'dsn', format: 'opensmtpd', subject: 'FW: Delivery status notification: failed' });
    expect(r.recipients.map((x) => [x.recipient, x.status])).toEqual([
      ['zane@example.net', '5.1.1'],
      ['abel@example.org', '5.2.2'],
    ]);
    expect(r.warnings.join(' ')).toContain('Outlook item (IPM.Note)');
  });

  it('reads a report item embedded in an IPM.Note', async () => {
    const { result, returnedBytes } = await analyzeMessage(readFileSync(path.join(BOUNCES, 'opensmtpd.eml')), 'opensmtpd.eml');
    const report = readMsgItem(await renderMsg(translate(result)[0], { returnedBytes }), { maxDepth: 4, maxObjects: 10 });
    expect(report.props.string(PROPS.MessageClass.id)).toBe('REPORT.IPM.Note.NDR');
    const item = buildItem({
      props: new MsgPropList().set(PROPS.MessageClass, 'IPM.Note').set(PROPS.Subject, 'saved NDR'),
      attachments: [
        {
          props: new MsgPropList().set(PROPS.AttachMethod, 5).set(PROPS.AttachDataObject, Buffer.alloc(0)),
          embedded: {
            props: new MsgPropList().set(PROPS.MessageClass, 'REPORT.IPM.Note.NDR'),
            recipients: [new MsgPropList().set(PROPS.EmailAddress, 'zane@example.net').set(PROPS.SupplementaryInfo, '<#5.1.1 smtp; 550 5.1.1 User unknown>')],
          },
        },
      ],
    });
    const r = await parseMessage(item, 'saved.msg');
    expect(r).toMatchObject({ kind: 'dsn', format: 'msg-ndr' });
    expect(r.recipients.map((x) => [x.recipient, x.status, x.reason])).toEqual([['zane@example.net', '5.1.1', 'userunknown']]);
  });
});

describe('hostile Outlook items', () => {
  for (const c of HOSTILE_MSG_CASES) {
    it(`${c.name}: one result, a clear error or what could be read`, async () => {
      const r = await parseMessage(c.build(), c.name);
      if (r.error) expect(r.error).toMatch(/Outlook item/);
      else if (c.name === 'msg-nested-200') expect(r.recipients).toEqual([]); // below maxMimeDepth the report is not reached
      else expect(r.recipients.length).toBeLessThanOrEqual(1);
    }, 30_000);
  }
});

describe('TNEF (winmail.dat) report items', () => {
  const str = (value: string) => ({ type: 0x001f as const, value });
  const stream = tnefStream(
    'REPORT.IPM.Note.NDR',
    [
      [PROPS.Subject.id, str('Undeliverable: Budget')],
      [PROPS.OriginalSubject.id, str('Budget')],
    ],
    [
      [
        [PROPS.DisplayName.id, str('Jo Park')],
        [PROPS.EmailAddress.id, str('jo@example.net')],
        [PROPS.SupplementaryInfo.id, str('<mx.example.net #5.2.2 smtp; 552 5.2.2 mailbox full>')],
      ],
    ],
  );
  const mime = (tnef: Buffer) =>
    Buffer.from(
      [
        'From: Microsoft Exchange <postmaster@example.org>',
        'Subject: Undeliverable: Budget',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="t"',
        '',
        '--t',
        'Content-Type: application/ms-tnef; name="winmail.dat"',
        'Content-Transfer-Encoding: base64',
        '',
        tnef.toString('base64'),
        '--t--',
        '',
      ].join('\r\n'),
    );

  it('reads the report item a TNEF part carries', async () => {
    const r = await parseMessage(mime(stream), 'tnef.eml');
    expect(r).toMatchObject({ kind: 'dsn', format: 'msg-ndr', subject: 'Undeliverable: Budget', original: { subject: 'Budget' } });
    expect(r.recipients).toMatchObject([{ recipient: 'jo@example.net', displayName: 'Jo Park', action: 'failed', status: '5.2.2', remoteMta: 'mx.example.net', reason: 'mailboxfull' }]);
    expect(r.warnings).toContain('report read from the TNEF part (winmail.dat)');
  });

  it('gives one result for a TNEF part cut short or with counts beyond its data', async () => {
    const cut = await parseMessage(mime(stream.subarray(0, 40)), 'cut.eml');
    expect(cut.error).toBeNull();
    const huge = Buffer.from(stream);
    huge.writeUInt32LE(0x7fffffff, stream.indexOf(Buffer.from([0x03, 0x90, 0x06, 0x00])) + 8); // attMsgProps' property count
    const r = await parseMessage(mime(huge), 'huge.eml');
    expect(r.error).toBeNull();
  });
});
