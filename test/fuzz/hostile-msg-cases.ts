// Hostile Outlook items (issue 19): Compound Files cut short, with cyclic sector chains, with
// declared sizes far beyond the file, and embedded messages nested deeper than any limit.
// Built in code from one item of our own writer; each gives one result with a clear error
// or what could be read.
import CFB from 'cfb';
import { PROPS } from '../../src/6-mapi/properties.js';
import { encodeProperties, messageHeader, MsgPropList, objectHeader } from '../../src/7-output/msg-props.js';
import type { HostileCase } from './hostile-cases.js';

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

/** A .msg whose message, recipients and attachments are the property lists given; attachments may nest a message. */
export interface ItemSpec {
  props: MsgPropList;
  recipients?: MsgPropList[];
  attachments?: { props: MsgPropList; embedded?: ItemSpec }[];
}

function addItem(cfb: CFB.CFB$Container, prefix: string, item: ItemSpec, embedded: boolean): void {
  const add = (name: string, data: Buffer) => CFB.utils.cfb_add(cfb, `${prefix}${name}`, data, { unsafe: true });
  const recipients = item.recipients ?? [];
  const attachments = item.attachments ?? [];
  const top = encodeProperties(messageHeader(recipients.length, attachments.length, embedded), item.props.list);
  add('__properties_version1.0', top.properties);
  for (const [n, d] of top.streams) add(n, d);
  recipients.forEach((r, i) => {
    const enc = encodeProperties(objectHeader(), r.list);
    add(`__recip_version1.0_#${hex8(i)}/__properties_version1.0`, enc.properties);
    for (const [n, d] of enc.streams) add(`__recip_version1.0_#${hex8(i)}/${n}`, d);
  });
  attachments.forEach((a, i) => {
    const dir = `__attach_version1.0_#${hex8(i)}/`;
    const enc = encodeProperties(objectHeader(), a.props.list);
    add(`${dir}__properties_version1.0`, enc.properties);
    for (const [n, d] of enc.streams) add(`${dir}${n}`, d);
    if (a.embedded) addItem(cfb, `${prefix}${dir}__substg1.0_3701000D/`, a.embedded, true);
  });
}

/** Write `item` as a Compound File, as an Outlook .msg. */
export function buildItem(item: ItemSpec): Buffer {
  const cfb = CFB.utils.cfb_new({ CLSID: '0B0D020000000000C000000000000046' });
  addItem(cfb, '', item, false);
  const out = CFB.write(cfb, { type: 'buffer', fileType: 'cfb' }) as Buffer;
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}

/** A one-recipient NDR item with the properties StatusRecips gives a row. */
export function ndrItem(): Buffer {
  return buildItem({
    props: new MsgPropList().set(PROPS.MessageClass, 'REPORT.IPM.Note.NDR').set(PROPS.Subject, 'Undeliverable: hello'),
    recipients: [
      new MsgPropList()
        .set(PROPS.EmailAddress, 'gone@example.net')
        .set(PROPS.SmtpAddress, 'gone@example.net')
        .set(PROPS.NonDeliveryReportStatusCode, 511)
        .set(PROPS.SupplementaryInfo, '<mx.example.net #5.1.1 smtp; 550 5.1.1 no such user>'),
    ],
  });
}

/** `depth` IPM.Note items, each embedding the next; the innermost is an NDR. */
export function nestedItems(depth: number): Buffer {
  let inner: ItemSpec = { props: new MsgPropList().set(PROPS.MessageClass, 'REPORT.IPM.Note.NDR'), recipients: [new MsgPropList().set(PROPS.EmailAddress, 'deep@example.net')] };
  for (let i = 0; i < depth; i++) {
    inner = { props: new MsgPropList().set(PROPS.MessageClass, 'IPM.Note').set(PROPS.Subject, `level ${i}`), attachments: [{ props: new MsgPropList().set(PROPS.AttachMethod, 5).set(PROPS.AttachDataObject, Buffer.alloc(0)), embedded: inner }] };
  }
  return buildItem(inner);
}

/** Where the first FAT sector lies (MS-CFB §2.2: the header's DIFAT array at 0x4C). */
const fatOffset = (b: Buffer) => 512 * (b.readUInt32LE(0x4c) + 1);

export const HOSTILE_MSG_CASES: readonly HostileCase[] = [
  {
    name: 'msg-truncated',
    attack: 'an Outlook item cut in half: sectors past the end of the file',
    build: () => {
      const b = ndrItem();
      return b.subarray(0, b.length >> 1);
    },
  },
  {
    name: 'msg-fat-cycle',
    attack: 'an Outlook item whose FAT chains loop (each sector its own successor): an endless chain walk',
    build: () => {
      const b = Buffer.from(ndrItem());
      const at = fatOffset(b);
      for (let i = 0; i < 128; i++) b.writeUInt32LE(i, at + 4 * i);
      return b;
    },
  },
  {
    name: 'msg-huge-sizes',
    attack: 'an Outlook item declaring 2^31 FAT sectors and 4 GB streams: allocations from declared sizes',
    build: () => {
      const b = Buffer.from(ndrItem());
      b.writeUInt32LE(0x7fffffff, 0x2c);
      const dir = 512 * (b.readUInt32LE(0x30) + 1);
      for (let e = 0; e < 4; e++) b.writeUInt32LE(0xfffffff0, dir + 128 * e + 0x78);
      return b;
    },
  },
  {
    name: 'msg-nested-200',
    attack: '200 Outlook items each embedding the next: recursion depth (maxMimeDepth applies)',
    build: () => nestedItems(200),
  },
];
