// A TNEF stream (application/ms-tnef, winmail.dat; MS-OXTNEF) read into the same item shape
// as an Outlook .msg (msg-item.ts): the message's MAPI properties (attMsgProps), its message
// class (attMessageClass) and its recipient table (attRecipTable). Exchange sends a report it
// keeps in MAPI form this way. Every count and length is checked against the bytes left, so
// a hostile stream ends the reading, never a loop or an allocation beyond the input.
// Measured against npm's one TNEF reader (node-tnef 1.4: attachments only, no MAPI property
// lists or recipient table, and a logger and CLI framework as dependencies): written here.
import { trimEndChars } from '../0-core/text.js';
import { filetimeToIso, ItemProps, type MsgItem } from './msg-item.js';

/** MS-OXTNEF §2.1.3.1: the stream's first four bytes. */
const TNEF_SIGNATURE = 0x223e9f78;

const LVL_MESSAGE = 0x01;
// attribute ids (MS-OXTNEF §2.1.3.3): type in the high word, id in the low word
const ATT_MESSAGE_CLASS = 0x00078008;
const ATT_MSG_PROPS = 0x00069003;
const ATT_RECIP_TABLE = 0x00069004;
const PID_MESSAGE_CLASS = 0x001a;

// fixed-size property types and their sizes before padding (MS-OXCDATA §2.11.1)
const FIXED: ReadonlyMap<number, number> = new Map([
  [0x0002, 2], // PtypInteger16
  [0x0003, 4], // PtypInteger32
  [0x0004, 4], // PtypFloating32
  [0x0005, 8], // PtypFloating64
  [0x0006, 8], // PtypCurrency
  [0x0007, 8], // PtypFloatingTime
  [0x000a, 4], // PtypErrorCode
  [0x000b, 2], // PtypBoolean
  [0x0014, 8], // PtypInteger64
  [0x0040, 8], // PtypTime
  [0x0048, 16], // PtypGuid
]);
const VARIABLE = new Set([0x000d, 0x001e, 0x001f, 0x0102]); // object, string8, unicode, binary
const MULTI = 0x1000;

const pad4 = (n: number) => (n + 3) & ~3;

export function isTnef(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.readUInt32LE(0) === TNEF_SIGNATURE;
}

class Reader {
  at = 0;
  constructor(readonly b: Buffer) {}
  left(): number {
    return this.b.length - this.at;
  }
  u32(): number {
    if (this.left() < 4) throw new RangeError('cut short');
    const v = this.b.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  bytes(n: number): Buffer {
    if (n < 0 || n > this.left()) throw new RangeError('a length beyond the data');
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  skip(n: number): void {
    this.bytes(n);
  }
}

/** One value of a fixed-size type, as ItemProps keeps it. */
function fixedValue(type: number, v: Buffer): string | number | boolean | null {
  switch (type) {
    case 0x0002:
      return v.readInt16LE(0);
    case 0x0003:
    case 0x000a:
      return v.readInt32LE(0);
    case 0x000b:
      return v.readUInt16LE(0) !== 0;
    case 0x0014:
      return Number(v.readBigInt64LE(0));
    case 0x0040:
      return filetimeToIso(v);
    default:
      return null;
  }
}

/** A property list (MS-OXTNEF §2.1.3.4 msgPropertyList): a count, then tag, [name], value(s). */
function readPropertyList(r: Reader, props: ItemProps, codepage: string): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const tag = r.u32();
    const type = tag & 0xffff;
    const id = tag >>> 16;
    if (id >= 0x8000) {
      // a named property: GUID, kind, then an id or a counted UTF-16 name
      r.skip(16);
      const kind = r.u32();
      if (kind === 0) r.skip(4);
      else r.skip(pad4(r.u32()));
    }
    const base = type & ~MULTI;
    const multi = (type & MULTI) !== 0;
    const values = multi || VARIABLE.has(base) ? r.u32() : 1;
    if (values > r.left()) throw new RangeError('a value count beyond the data');
    for (let k = 0; k < values; k++) {
      const fixed = FIXED.get(base);
      if (fixed !== undefined) {
        const v = r.bytes(fixed);
        r.skip(pad4(fixed) - fixed);
        const value = multi ? null : fixedValue(base, v);
        if (value !== null) props.set(id, value);
      } else if (VARIABLE.has(base)) {
        const size = r.u32();
        const data = r.bytes(size);
        r.skip(pad4(size) - size);
        if (multi || k > 0) continue;
        if (base === 0x001f) props.set(id, trimEndChars(data.toString('utf16le'), '\0'));
        else if (base === 0x001e) props.set(id, trimEndChars(new TextDecoder(codepage, { fatal: false }).decode(data), '\0'));
        else if (base === 0x0102) props.set(id, Buffer.from(data));
        // PT_OBJECT (an IID then an embedded stream): not read
      } else {
        throw new RangeError(`property type 0x${base.toString(16)} this reader does not know`);
      }
    }
  }
}

export interface TnefLimits {
  /** most recipient rows read */
  maxObjects: number;
}

/** Read a TNEF stream; throws with what is wrong when it is not one. */
export function readTnef(bytes: Buffer, limits: TnefLimits): MsgItem {
  if (!isTnef(bytes)) throw new Error('not a TNEF stream (no signature 0x223E9F78, MS-OXTNEF §2.1.3.1)');
  const props = new ItemProps();
  const recipients: ItemProps[] = [];
  const r = new Reader(bytes);
  r.skip(6); // signature, legacy key
  const codepage = 'windows-1252';
  try {
    while (r.left() >= 11) {
      const level = r.b[r.at];
      r.skip(1);
      const id = r.u32();
      const length = r.u32();
      const data = r.bytes(length);
      r.skip(2); // checksum
      if (level !== LVL_MESSAGE) continue; // attachments: not read
      if (id === ATT_MESSAGE_CLASS) props.set(PID_MESSAGE_CLASS, trimEndChars(data.toString('latin1'), '\0'));
      else if (id === ATT_MSG_PROPS) readPropertyList(new Reader(data), props, codepage);
      else if (id === ATT_RECIP_TABLE) {
        const table = new Reader(data);
        const rows = table.u32();
        for (let i = 0; i < rows && i < limits.maxObjects; i++) {
          const row = new ItemProps();
          readPropertyList(table, row, codepage);
          recipients.push(row);
        }
      }
    }
  } catch (e) {
    if (!props.has(PID_MESSAGE_CLASS) && !recipients.length) throw new Error(`not a readable TNEF stream: ${(e as Error).message}`);
    // what was read before the damage stands
  }
  return { props, recipients, attachments: [] };
}
