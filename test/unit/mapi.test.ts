// The MAPI translator: codes by docs/mapi.md#status-to-codes, grouping by docs/mapi.md#grouping-modes, the property
// table by MS-OXPROPS, entry IDs by MS-OXCDATA §2.2.5.1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPI_DIAG, MAPI_REASON, statusCodes } from '../../src/6-mapi/codes.js';
import { oneOffEntryId, searchKey } from '../../src/6-mapi/entry-id.js';
import { originalMessageClass } from '../../src/6-mapi/message-class.js';
import { PROPS, propByKey, tagString } from '../../src/6-mapi/properties.js';
import { MapiReportSchema } from '../../src/6-mapi/schema.js';
import { rekey, translate, whyNoReport } from '../../src/6-mapi/status-recips.js';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import { dsnResult, row } from '../helpers/results.js';
import { FIXTURES } from '../helpers/paths.js';

const fx = (name: string) => path.join(FIXTURES, 'bounces', name);

describe('RFC 3463 status → MAPI codes (docs/mapi.md#status-to-codes worked examples)', () => {
  const cases: [string, number, number, number][] = [
    ['5.1.1', 511, MAPI_DIAG.MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN, MAPI_REASON.MAPI_REASON_TRANSFER_IMPOSSIBLE],
    ['5.2.2', 522, MAPI_DIAG.MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD, MAPI_REASON.MAPI_REASON_TRANSFER_FAILED],
    ['4.4.7', 447, MAPI_DIAG.MAPI_DIAG_MAXIMUM_TIME_EXPIRED, 0],
    ['5.7.1', 571, MAPI_DIAG.MAPI_DIAG_SUBMISSION_PROHIBITED, 0],
    ['5.7.350', 570, MAPI_DIAG.MAPI_DIAG_SECURE_MESSAGING_ERROR, 0], // detail > 9 counts as 0 → row X.7.0
    ['5.1.10', 510, MAPI_DIAG.MAPI_DIAG_OR_NAME_UNRECOGNIZED, 0], // subject 1 "any other value"
    ['2.0.0', 200, MAPI_DIAG.MAPI_DIAG_NO_DIAGNOSTIC, 0],
    ['5.1.2', 512, 48, 0],
    ['4.4.3', 443, -1, MAPI_REASON.MAPI_REASON_DIRECTORY_OPERATN_FAILED],
    ['5.6.5', 565, -1, MAPI_REASON.MAPI_REASON_CONVERSION_NOT_PERFORMED],
  ];
  for (const [status, code, diag, reason] of cases) {
    it(`${status} → ${code}, diag ${diag}, reason ${reason}`, () => {
      expect(statusCodes(status)).toEqual({ status: code, diag, reason });
    });
  }
  it('the literal numbers of the issue hold', () => {
    expect(statusCodes('5.1.1')).toEqual({ status: 511, diag: 35, reason: 1 });
    expect(statusCodes('5.2.2')).toEqual({ status: 522, diag: 13, reason: 0 });
    expect(statusCodes('4.4.7')).toEqual({ status: 447, diag: 5, reason: 0 });
    expect(statusCodes('5.7.1')).toEqual({ status: 571, diag: 29, reason: 0 });
    expect(statusCodes('5.7.350')).toEqual({ status: 570, diag: 46, reason: 0 });
  });
  it('is null for what is not a status code', () => {
    expect(statusCodes(null)).toBeNull();
    expect(statusCodes('550')).toBeNull();
    expect(statusCodes('3.1.1')).toBeNull();
  });
});

describe('property table', () => {
  it('computes tags as id << 16 | type, matching MS-OXPROPS', () => {
    expect(tagString(PROPS.NonDeliveryReportReasonCode.tag)).toBe('0x0C040003');
    expect(tagString(PROPS.NonDeliveryReportDiagCode.tag)).toBe('0x0C050003');
    expect(tagString(PROPS.NonDeliveryReportStatusCode.tag)).toBe('0x0C200003');
    expect(tagString(PROPS.SupplementaryInfo.tag)).toBe('0x0C1B001F');
    expect(tagString(PROPS.MessageClass.tag)).toBe('0x001A001F');
    expect(tagString(PROPS.ReportingMessageTransferAgent.tag)).toBe('0x6820001F');
    expect(tagString(PROPS.DeliverTime.tag)).toBe('0x00100040');
    expect(tagString(PROPS.EntryId.tag)).toBe('0x0FFF0102');
    expect(tagString(PROPS.Responsibility.tag)).toBe('0x0E0F000B');
    expect(tagString(PROPS.AttachDataObject.tag)).toBe('0x3701000D');
    for (const p of Object.values(PROPS)) expect(p.tag >>> 16).toBe(p.id);
  });
  it('finds a property by any key style', () => {
    expect(propByKey('PidTagNonDeliveryReportDiagCode')).toBe(PROPS.NonDeliveryReportDiagCode);
    expect(propByKey('PR_NDR_DIAG_CODE')).toBe(PROPS.NonDeliveryReportDiagCode);
    expect(propByKey('0x0C050003')).toBe(PROPS.NonDeliveryReportDiagCode);
    expect(propByKey('0x0c050003')).toBe(PROPS.NonDeliveryReportDiagCode);
  });
});

describe('one-off entry IDs and search keys (MS-OXCDATA §2.2.5.1, docs/mapi.md#entry-ids-and-search-keys)', () => {
  it('lays out flags, provider UID, version, Unicode flags and three NUL-terminated UTF-16 strings', () => {
    const id = oneOffEntryId('Bob', 'bob@example.org');
    expect(id.readUInt32LE(0)).toBe(0);
    expect(id.subarray(4, 20).toString('hex')).toBe('812b1fa4bea310199d6e00dd010f5402');
    expect(id.readUInt16LE(20)).toBe(0);
    expect(id.readUInt16LE(22)).toBe(0x8001);
    const strings = id.subarray(24).toString('utf16le').split('\0');
    expect(strings).toEqual(['Bob', 'SMTP', 'bob@example.org', '']);
  });
  it('search key is SMTP:ADDRESS upper-cased with its NUL', () => {
    expect(searchKey('bob@example.org').toString('latin1')).toBe('SMTP:BOB@EXAMPLE.ORG\0');
  });
});

describe('translate', () => {
  it('gives no report for what is not a DSN, and says why', () => {
    const plain = dsnResult([], { kind: null, recognized: false, format: null });
    expect(translate(plain)).toEqual([]);
    expect(whyNoReport(plain)).toBe('not a delivery status report');
    expect(whyNoReport(dsnResult([], { kind: 'autoreply' }))).toMatch(/auto-reply/);
    expect(whyNoReport(dsnResult([], { error: 'message is too big' }))).toBe('message is too big');
    expect(whyNoReport(dsnResult([]))).toMatch(/without recipient rows/);
  });

  it('an NDR row carries the docs/mapi.md#recipient-rows properties; diag/reason follow docs/mapi.md#status-to-codes', () => {
    const [r] = translate(
      dsnResult([
        row({ recipient: 'bob@example.org', displayName: 'Bob', status: '5.1.1', remoteMta: 'mx.example.org', diagnosticType: 'smtp', diagnosticCode: '550 5.1.1 no such user', reason: 'userunknown', bounceType: 'hard' }),
      ]),
    );
    expect(() => MapiReportSchema.parse(r)).not.toThrow();
    expect(r.reportType).toBe('NDR');
    expect(r.messageClass).toBe('REPORT.IPM.Note.NDR');
    const p = r.properties;
    expect(p.PidTagMessageClass).toBe('REPORT.IPM.Note.NDR');
    expect(p.PidTagSubject).toBe('Undeliverable: Quarterly figures');
    expect(p.PidTagSubjectPrefix).toBe('Undeliverable: ');
    expect(p.PidTagNormalizedSubject).toBe('Quarterly figures');
    expect(p.PidTagOriginalSubject).toBe('Quarterly figures');
    expect(p.PidTagOriginalSubmitTime).toBe('2026-04-01T09:58:00.000Z');
    expect(p.PidTagOriginalDisplayTo).toBe('Bob; carl@example.org');
    expect(p.PidTagOriginalSenderName).toBe('Ann Example');
    expect(p.PidTagOriginalSenderEmailAddress).toBe('ann@example.com');
    expect(p.PidTagReportingMessageTransferAgent).toBe('mx.example.net');
    expect(p.PidTagSenderEmailAddress).toBe('MAILER-DAEMON@mx.example.net');
    expect(p.PidTagClientSubmitTime).toBe('2026-04-01T10:00:00.000Z');
    expect(p.PidTagInReplyToId).toBe('<orig-1@example.com>');
    expect(p.PidTagTransportMessageHeaders).toContain('Subject: Undelivered Mail');
    expect(String(p.PidTagBody)).toContain('bob@example.org');
    expect(p).not.toHaveProperty('PidTagOriginalDisplayCc'); // empty values are left out
    const [rcpt] = r.recipients;
    expect(rcpt).toMatchObject({
      PidTagRowid: 0,
      PidTagRecipientType: 1,
      PidTagDisplayName: 'Bob',
      PidTagAddressType: 'SMTP',
      PidTagEmailAddress: 'bob@example.org',
      PidTagSmtpAddress: 'bob@example.org',
      PidTagResponsibility: true,
      PidTagReportTime: '2026-04-01T10:00:00.000Z',
      PidTagNonDeliveryReportStatusCode: 511,
      PidTagNonDeliveryReportDiagCode: 35,
      PidTagNonDeliveryReportReasonCode: 1,
      PidTagSupplementaryInfo: '<mx.example.org #5.1.1 smtp; 550 5.1.1 no such user>',
      PidTagRemoteMessageTransferAgent: 'mx.example.org',
      PidTagSearchKey: Buffer.from('SMTP:BOB@EXAMPLE.ORG\0').toString('hex').toUpperCase(),
      PidTagEntryId: oneOffEntryId('Bob', 'bob@example.org').toString('hex').toUpperCase(),
      dsn: { finalRecipient: 'bob@example.org', action: 'failed', status: '5.1.1', diagnosticCode: '550 5.1.1 no such user' },
    });
    expect(rcpt).not.toHaveProperty('PidTagDeliverTime'); // NDR rows must not have it (docs/mapi.md#dr-or-ndr)
    expect(String(rcpt.PidTagReportText)).toMatch(/does not exist/);
  });

  it('keeps X-Supplementary-Info as given, and leaves out empty parts of the synthesized one', () => {
    const [r] = translate(
      dsnResult([
        row({ recipient: 'a@example.org', status: '5.7.350', fields: { 'X-Supplementary-Info': '<exo.example #5.7.350 remote server returned message detected as spam>' } }),
        row({ recipient: 'b@example.org', status: '5.0.0' }),
      ]),
    );
    expect(r.recipients[0].PidTagSupplementaryInfo).toBe('<exo.example #5.7.350 remote server returned message detected as spam>');
    expect(r.recipients[0].PidTagNonDeliveryReportStatusCode).toBe(570);
    expect(r.recipients[0].PidTagNonDeliveryReportDiagCode).toBe(46);
    expect(r.recipients[1].PidTagSupplementaryInfo).toBe('<#5.0.0>');
    expect(r.recipients[1].PidTagRowid).toBe(1);
  });

  it('a mixed DSN gives NDR, Delayed.DR and DR in statusrecips mode, one NDR in oxcmail mode', async () => {
    const { result } = await analyzeMessage(readFileSync(fx('multi-recipient-mixed.eml')), 'multi-recipient-mixed.eml');
    const reports = translate(result);
    expect(reports.map((r) => r.messageClass)).toEqual(['REPORT.IPM.Note.NDR', 'REPORT.IPM.Note.Delayed.DR', 'REPORT.IPM.Note.DR']);
    expect(reports.map((r) => r.recipients.map((x) => x.PidTagEmailAddress))).toEqual([['dave@example.net'], ['frank@example.com'], ['erin@example.org']]);
    const [ndr, delayed, dr] = reports;
    // 5.2.2 mailbox full → 522 / 13 / 0; the date is the bounce's Date (Wed, 11 Mar 2026 14:20:00 +0000)
    expect(ndr.recipients[0]).toMatchObject({ PidTagNonDeliveryReportStatusCode: 522, PidTagNonDeliveryReportDiagCode: 13, PidTagNonDeliveryReportReasonCode: 0, PidTagReportTime: '2026-03-11T14:20:00.000Z' });
    expect(ndr.recipients[0].PidTagRowid).toBe(0);
    // non-failed rows: PR_DELIVER_TIME, the status integer, no diag/reason (NDR only)
    expect(delayed.recipients[0]).toMatchObject({ PidTagDeliverTime: '2026-03-11T14:20:00.000Z', PidTagNonDeliveryReportStatusCode: 441, PidTagRowid: 2 });
    expect(delayed.recipients[0]).not.toHaveProperty('PidTagNonDeliveryReportDiagCode');
    expect(dr.recipients[0]).toMatchObject({ PidTagDeliverTime: '2026-03-11T14:20:00.000Z', PidTagNonDeliveryReportStatusCode: 200, PidTagRowid: 1 });
    expect(dr.recipients[0]).not.toHaveProperty('PidTagNonDeliveryReportReasonCode');
    expect(delayed.properties.PidTagSubject).toBe('Delivery delayed: Team lunch');
    expect(dr.properties.PidTagSubject).toBe('Delivered: Team lunch');

    const ox = translate(result, { mode: 'oxcmail' });
    expect(ox).toHaveLength(1);
    expect(ox[0].messageClass).toBe('REPORT.IPM.Note.NDR');
    expect(ox[0].mode).toBe('oxcmail');
    expect(ox[0].recipients.map((x) => x.PidTagEmailAddress)).toEqual(['dave@example.net']);
  });

  it('oxcmail mode picks the highest severity present: a delayed + delivered DSN is one Delayed.DR', () => {
    const r = translate(dsnResult([row({ recipient: 'a@x.example', action: 'delivered', status: '2.0.0' }), row({ recipient: 'b@x.example', action: 'delayed', status: '4.4.1' })]), { mode: 'oxcmail' });
    expect(r.map((x) => x.messageClass)).toEqual(['REPORT.IPM.Note.Delayed.DR']);
    expect(r[0].recipients.map((x) => x.PidTagEmailAddress)).toEqual(['b@x.example']);
  });

  it('names relayed and expanded reports as MS-OXCMAIL does', () => {
    const r = translate(dsnResult([row({ recipient: 'a@x.example', action: 'relayed', status: '2.0.0' }), row({ recipient: 'list@x.example', action: 'expanded', status: '2.0.0' })]));
    expect(r.map((x) => [x.reportType, x.messageClass, x.properties.PidTagSubjectPrefix])).toEqual([
      ['Relayed.DR', 'REPORT.IPM.Note.Relayed.DR', 'Relayed: '],
      ['Expanded.DR', 'REPORT.IPM.Note.Expanded.DR', 'Expanded: '],
    ]);
  });

  it('--keys pr and --keys tag give the same report under other names', () => {
    const result = dsnResult([row({ recipient: 'bob@example.org', status: '5.1.1' })]);
    const [byPid] = translate(result);
    const [byPr] = translate(result, { keys: 'pr' });
    const [byTag] = translate(result, { keys: 'tag' });
    expect(byPr.properties.PR_MESSAGE_CLASS).toBe('REPORT.IPM.Note.NDR');
    expect(byPr.recipients[0].PR_NDR_DIAG_CODE).toBe(35);
    expect(byTag.recipients[0]['0x0C050003']).toBe(35);
    expect(byTag.recipients[0]['0x0C040003']).toBe(1);
    expect(byTag.recipients[0]['0x0C200003']).toBe(511);
    expect(Object.keys(byPr.properties)).toHaveLength(Object.keys(byPid.properties).length);
    expect(Object.values(byTag.properties)).toEqual(Object.values(byPid.properties));
    expect(rekey(byPr, 'pidtag')).toEqual(byPid);
    expect(rekey(byTag, 'pidtag')).toEqual(byPid);
    expect(rekey(byPid, 'tag')).toEqual(byTag);
  });

  it('explains each row in PidTagReportText: why it failed and what to do; a delay says until when and its cause', () => {
    const [ndr, delayed] = translate(
      dsnResult([
        row({ recipient: 'a@x.example', status: '5.2.2', reason: 'mailboxfull' }),
        row({ recipient: 'b@x.example', action: 'delayed', status: '4.2.2', reason: 'mailboxfull', willRetryUntil: '2026-04-05T10:00:00.000Z' }),
      ]),
    );
    expect(ndr.recipients[0].PidTagReportText).toMatch(/mailbox is full\. Try again later/);
    expect(delayed.recipients[0].PidTagReportText).toBe("Delivery is delayed; the mail system keeps trying until 2026-04-05 10:00:00 UTC. You need not resend the message. Cause: The recipient's mailbox is full.");
    expect(String(ndr.properties.PidTagBody)).toMatch(/^Delivery has failed to these recipients:/);
    expect(String(delayed.properties.PidTagBody)).toMatch(/^Delivery to these recipients is delayed:/);
  });

  it('without an original subject the subject is the prefix alone', () => {
    const [r] = translate(dsnResult([row({ recipient: 'a@x.example' })], { original: null }));
    expect(r.properties.PidTagSubject).toBe('Undeliverable:');
    expect(r.properties.PidTagSubjectPrefix).toBe('Undeliverable:');
    expect(r.properties).not.toHaveProperty('PidTagNormalizedSubject');
    expect(r.properties).not.toHaveProperty('PidTagOriginalSubject');
  });

  it('falls back to Arrival-Date, then the row’s Last-Attempt-Date, for the report times', () => {
    const [a] = translate(dsnResult([row({ recipient: 'a@x.example' })], { date: null, arrivalDate: '2026-01-02T03:04:05.000Z' }));
    expect(a.recipients[0].PidTagReportTime).toBe('2026-01-02T03:04:05.000Z');
    expect(a.properties.PidTagClientSubmitTime).toBe('2026-01-02T03:04:05.000Z');
    const [b] = translate(dsnResult([row({ recipient: 'a@x.example', lastAttemptDate: '2026-01-03T00:00:00.000Z' })], { date: null }));
    expect(b.recipients[0].PidTagReportTime).toBe('2026-01-03T00:00:00.000Z');
  });
});

describe('original message class', () => {
  const orig = { messageId: null, subject: 'Review', from: null, to: null, cc: null, date: null, contentClass: null };
  it('is IPM.Note by default', () => {
    expect(originalMessageClass(orig)).toBe('IPM.Note');
  });
  it('a meeting request (Exchange content class, or text/calendar; method=REQUEST) gives IPM.Schedule.Meeting.Request', () => {
    expect(originalMessageClass({ ...orig, contentClass: 'urn:content-classes:calendarmessage' })).toBe('IPM.Schedule.Meeting.Request');
    const bytes = Buffer.from('Subject: Review\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/calendar; charset="utf-8";\r\n method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\n');
    expect(originalMessageClass(orig, bytes)).toBe('IPM.Schedule.Meeting.Request');
    const [r] = translate(dsnResult([row({ recipient: 'a@x.example' })]), { returnedBytes: bytes });
    expect(r.messageClass).toBe('REPORT.IPM.Schedule.Meeting.Request.NDR');
    expect(r.properties.PidTagOriginalMessageClass).toBe('IPM.Schedule.Meeting.Request');
  });
  it('a cancellation and an accepting reply get their own classes; Content-Class maps by MS-OXCMAIL', () => {
    expect(originalMessageClass(orig, Buffer.from('Content-Type: text/calendar; method=CANCEL\n\nBEGIN:VCALENDAR\n'))).toBe('IPM.Schedule.Meeting.Canceled');
    expect(originalMessageClass(orig, Buffer.from('Content-Type: text/calendar; method=REPLY\n\nBEGIN:VCALENDAR\nATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x\n'))).toBe('IPM.Schedule.Meeting.Resp.Pos');
    expect(originalMessageClass({ ...orig, contentClass: 'voice' })).toBe('IPM.Note.Microsoft.Voicemail.UM');
    expect(originalMessageClass({ ...orig, contentClass: 'InfoPathForm.ABC' })).toBe('IPM.InfoPathForm.ABC');
  });
});
