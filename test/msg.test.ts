// .msg output read back with an independent reader (@kenjiuno/msgreader) and with cfb's
// own parser: every report property comes back as written, the container follows MS-OXMSG.
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { PROPS } from '../src/6-mapi/properties.js';
import { translate } from '../src/6-mapi/status-recips.js';
import { renderMsg } from '../src/7-output/msg.js';
import { dsnResult, row } from './helpers/results.js';
import { expectedRaw, rawMap, readMsg, shownRaw, tagKey } from './helpers/msg.js';
import { fixtureFiles, outcomesOf } from './helpers/translate.js';

function checkAllProps(json: Record<string, unknown>, raw: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(json)) {
    if (key === 'dsn') continue;
    expect(raw.has(tagKey(key)), `${key} written`).toBe(true);
    expect(shownRaw(raw.get(tagKey(key))), key).toEqual(expectedRaw(key, value));
  }
}

describe('.msg output over every fixture', () => {
  for (const file of fixtureFiles()) {
    it(`${file}: msgreader reads every report property back`, async () => {
      for (const { result, returnedBytes } of await outcomesOf(file)) {
        for (const report of translate(result, { returnedBytes })) {
          const fields = readMsg(await renderMsg(report, { returnedBytes }));
          expect(fields.error).toBeUndefined();
          expect(fields.messageClass).toBe(report.messageClass);
          expect(fields.subject).toBe(report.properties.PidTagSubject);
          checkAllProps(report.properties, rawMap(fields));
          const raw = rawMap(fields);
          expect(raw.get(tagKey('PidTagStoreSupportMask'))).toBe(0x00040000);
          expect(fields.recipients?.map((r) => r.email)).toEqual(report.recipients.map((r) => r.PidTagEmailAddress));
          fields.recipients!.forEach((r, i) => checkAllProps(report.recipients[i], rawMap(r)));
          const embeds = report.reportType === 'NDR' && returnedBytes !== null;
          expect(fields.attachments?.length ?? 0).toBe(embeds ? 1 : 0);
        }
      }
    });
  }
});

describe('.msg container (MS-OXMSG §2, docs/mapi.md#msg-writer)', () => {
  const report = translate(
    dsnResult([
      row({ recipient: 'bob@example.org', displayName: 'Bob', status: '5.1.1', remoteMta: 'mx.example.org', diagnosticType: 'smtp', diagnosticCode: '550 5.1.1 no such user' }),
      row({ recipient: 'carl@example.org', status: '5.7.350' }),
    ]),
  )[0];

  it('has the Outlook root CLSID, 32/8-byte property headers, Size = length + 2 for strings, and the named-property storage', async () => {
    const buf = await renderMsg(report);
    const cfb = CFB.read(buf, { type: 'buffer' });
    expect(cfb.FileIndex[0].clsid.toUpperCase()).toBe('0B0D020000000000C000000000000046');
    const stream = (p: string) => {
      const e = CFB.find(cfb, p);
      expect(e, p).not.toBeNull();
      return Buffer.from(e!.content as Uint8Array);
    };
    const top = stream('/__properties_version1.0');
    expect((top.length - 32) % 16).toBe(0);
    expect(top.readUInt32LE(8)).toBe(2); // next recipient ID
    expect(top.readUInt32LE(12)).toBe(0); // next attachment ID
    expect(top.readUInt32LE(16)).toBe(2); // recipient count
    expect(top.readUInt32LE(20)).toBe(0); // attachment count
    expect(top.subarray(0, 8).equals(Buffer.alloc(8))).toBe(true);
    for (let at = 32; at < top.length; at += 16) {
      const tag = top.readUInt32LE(at);
      expect(top.readUInt32LE(at + 4)).toBe(6); // readable | writable
      if ((tag & 0xffff) === 0x001f) {
        const name = `/__substg1.0_${tag.toString(16).toUpperCase().padStart(8, '0')}`;
        const s = stream(name);
        expect(s.length, name).toBeGreaterThan(0); // Outlook refuses empty strings
        expect(top.readUInt32LE(at + 8)).toBe(s.length + 2);
      }
    }
    const recip = stream('/__recip_version1.0_#00000001/__properties_version1.0');
    expect((recip.length - 8) % 16).toBe(0);
    for (const n of ['00020102', '00030102', '00040102']) expect(CFB.find(cfb, `/__nameid_version1.0/__substg1.0_${n}`)).not.toBeNull();
    expect(Buffer.from(stream('/__substg1.0_001A001F')).toString('utf16le')).toBe('REPORT.IPM.Note.NDR');
  });

  it('stores −1 and PT_SYSTIME as MS-OXMSG says: 0xFFFFFFFF and a FILETIME', async () => {
    const [r] = translate(dsnResult([row({ recipient: 'a@example.org', status: '5.0.0' })]));
    expect(r.recipients[0].PidTagNonDeliveryReportDiagCode).toBe(-1);
    const cfb = CFB.read(await renderMsg(r), { type: 'buffer' });
    const props = Buffer.from(CFB.find(cfb, '/__recip_version1.0_#00000000/__properties_version1.0')!.content as Uint8Array);
    const entry = (tag: number) => {
      for (let at = 8; at < props.length; at += 16) if (props.readUInt32LE(at) === tag) return props.subarray(at + 8, at + 16);
      throw new Error(`no ${tag.toString(16)}`);
    };
    expect(entry(PROPS.NonDeliveryReportDiagCode.tag).readUInt32LE(0)).toBe(0xffffffff);
    // 2026-04-01T10:00:00Z = 1775037600000 ms after 1970 → ticks since 1601
    expect(entry(PROPS.ReportTime.tag).readBigUInt64LE(0)).toBe(1775037600000n * 10000n + 116444736000000000n);
    expect(entry(PROPS.Responsibility.tag)[0]).toBe(1);
  });

  it('embeds the returned original of an NDR as a message msgreader opens: subject, sender, recipients, body, attachments', async () => {
    const [outcome] = await outcomesOf('full-original-returned.eml');
    const [ndr] = translate(outcome.result, { returnedBytes: outcome.returnedBytes });
    expect(outcome.returnedBytes).not.toBeNull();
    const fields = readMsg(await renderMsg(ndr, { returnedBytes: outcome.returnedBytes }));
    expect(fields.attachments).toHaveLength(1);
    const att = fields.attachments![0];
    expect(att.innerMsgContent).toBe(true);
    const inner = att.innerMsgContentFields!;
    // from fixtures/bounces/full-original-returned.eml's message/rfc822 part
    expect(inner.subject).toBe('Budget review – Q3');
    expect(inner.senderEmail).toBe('ann@example.com');
    expect(inner.senderName).toBe('Ann Example');
    expect(inner.messageClass).toBe('IPM.Note');
    expect(inner.recipients?.map((r) => [r.email, r.recipType])).toEqual([
      ['bob@example.net', 'to'],
      ['carl@example.org', 'cc'],
    ]);
    expect(inner.body).toContain('the agenda for Thursday is attached');
    expect(inner.messageId).toBe('<budget-q3-0402@client.example.com>');
    expect(inner.attachments?.map((a) => a.fileName)).toEqual(['agenda.txt']);
    expect(rawMap(fields).get(tagKey('PidTagMessageFlags'))).toBe(0x11); // read | has attachment
  });

  it("reads the embedded original's Date itself: RFC 5322 zones, an unknown zone as -0000, none when unreadable, the same bytes every run", async () => {
    const submitTime = async (date: string | null) => {
      const original = Buffer.from(`From: a@example.com\r\nTo: b@example.org\r\n${date === null ? '' : `Date: ${date}\r\n`}Subject: hi\r\n\r\nbody\r\n`);
      const [ndr] = translate(dsnResult([row({ recipient: 'b@example.org', status: '5.1.1' })]), { returnedBytes: original });
      const first = await renderMsg(ndr, { returnedBytes: original });
      await new Promise((r) => setTimeout(r, 5));
      expect(Buffer.compare(first, await renderMsg(ndr, { returnedBytes: original })), 'same bytes on a second run').toBe(0);
      const inner = readMsg(first).attachments![0].innerMsgContentFields!;
      return rawMap(inner).get(tagKey('PidTagClientSubmitTime')) ?? null;
    };
    // RFC 5322 §3.3: +0200 is two hours east of UTC
    expect(await submitTime('Tue, 2 Jul 2013 10:00:00 +0200')).toBe(new Date(Date.UTC(2013, 6, 2, 8)).toUTCString());
    // RFC 5322 §4.3: an alphabetic zone whose meaning is not known is taken as -0000 (UTC);
    // mailparser gave the current time here, so every run wrote another .msg
    expect(await submitTime('Sat, 06 Jul 2013 23:34:45 JST')).toBe(new Date(Date.UTC(2013, 6, 6, 23, 34, 45)).toUTCString());
    expect(await submitTime('not a date')).toBeNull();
    expect(await submitTime(null)).toBeNull();
  });

  it('gives a DR no attachment, even when the original came back whole', async () => {
    const original = Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nbody\r\n');
    const [dr] = translate(dsnResult([row({ recipient: 'b@example.org', action: 'delivered', status: '2.0.0' })]), { returnedBytes: original });
    const fields = readMsg(await renderMsg(dr, { returnedBytes: original }));
    expect(fields.attachments ?? []).toHaveLength(0);
    expect(rawMap(fields).get(tagKey('PidTagMessageFlags'))).toBe(0x1);
    expect(rawMap(fields.recipients![0]).has(tagKey('PidTagDeliverTime'))).toBe(true);
  });

  it('refuses more recipients than MS-OXMSG allows (2048) with a clear error', async () => {
    const rows = Array.from({ length: 2049 }, (_, i) => row({ recipient: `u${i}@example.org` }));
    const [r] = translate(dsnResult(rows));
    await expect(renderMsg(r)).rejects.toThrow(/at most 2048 recipients/);
  });

  it('reads reports written under --keys pr or tag the same way', async () => {
    const result = dsnResult([row({ recipient: 'bob@example.org', status: '5.1.1' })]);
    const a = await renderMsg(translate(result)[0]);
    const b = await renderMsg(translate(result, { keys: 'tag' })[0]);
    const c = await renderMsg(translate(result, { keys: 'pr' })[0]);
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
  });
});
