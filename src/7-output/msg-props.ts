// MS-OXMSG property streams: `__properties_version1.0` (a header, then one 16-byte entry per
// property) plus one `__substg1.0_<TAG>` stream per variable-length value
// (docs/mapi.md#msg-writer).
import { PT, type PropDef } from '../6-mapi/properties.js';

/** PROPATTR_READABLE | PROPATTR_WRITABLE, what writers normally set (docs/mapi.md#msg-writer) */
const ENTRY_FLAGS = 0x0006;
/** FILETIME epoch offset: 100 ns ticks from 1601-01-01 to 1970-01-01 */
const FILETIME_UNIX_EPOCH = 116444736000000000n;
/** Size of an embedded-message (PT_OBJECT) entry (MS-OXMSG §2.4.2.2) */
const OBJECT_SIZE = 0xffffffff;

export type PropInput = string | number | boolean | Buffer | Date;

export interface MsgProp {
  prop: PropDef;
  value: PropInput;
}

/** A property value object of a .msg: props, child storages handled by the caller. */
export class MsgPropList {
  private readonly byTag = new Map<number, MsgProp>();

  /** Adds a property; null, undefined and empty strings/buffers are left out (Outlook refuses empty strings). */
  set(prop: PropDef, value: PropInput | null | undefined): this {
    if (value === null || value === undefined) return this;
    if (typeof value === 'string' && value.replace(/\0/g, '') === '') return this;
    if (Buffer.isBuffer(value) && value.length === 0 && prop.type !== PT.OBJECT) return this;
    this.byTag.set(prop.tag, { prop, value });
    return this;
  }

  has(prop: PropDef): boolean {
    return this.byTag.has(prop.tag);
  }

  get list(): MsgProp[] {
    return [...this.byTag.values()];
  }
}

function filetime(value: PropInput): bigint {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(value)}`);
  return BigInt(Math.round(ms)) * 10000n + FILETIME_UNIX_EPOCH;
}

function binary(value: PropInput): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const s = String(value);
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(s)) throw new Error('PT_BINARY value is not hex');
  return Buffer.from(s, 'hex');
}

export function streamName(tag: number): string {
  return `__substg1.0_${tag.toString(16).toUpperCase().padStart(8, '0')}`;
}

export interface PropertyStreams {
  /** `__properties_version1.0` */
  properties: Buffer;
  /** variable-length values: stream name → bytes */
  streams: [string, Buffer][];
}

/**
 * Encode `props` after `header` (32 bytes for the message, 24 for an embedded message,
 * 8 for a recipient or attachment; MS-OXMSG §2.4.1).
 */
export function encodeProperties(header: Buffer, props: MsgProp[]): PropertyStreams {
  const entries = Buffer.alloc(16 * props.length);
  const streams: [string, Buffer][] = [];
  props.forEach(({ prop, value }, i) => {
    const at = 16 * i;
    entries.writeUInt32LE(prop.tag, at);
    entries.writeUInt32LE(ENTRY_FLAGS, at + 4);
    const v = at + 8;
    switch (prop.type) {
      case PT.LONG:
        entries.writeInt32LE(Number(value) | 0, v); // −1 (MAPI_DIAG_NO_DIAGNOSTIC) is stored as 0xFFFFFFFF
        break;
      case PT.BOOLEAN:
        entries.writeUInt8(value ? 1 : 0, v);
        break;
      case PT.SYSTIME:
        entries.writeBigUInt64LE(filetime(value), v);
        break;
      case PT.UNICODE: {
        // the stream has no terminator; Size counts the one it would have (MS-OXMSG §2.4.2.2)
        const bytes = Buffer.from(String(value).replace(/\0/g, ''), 'utf16le');
        entries.writeUInt32LE(bytes.length + 2, v);
        streams.push([streamName(prop.tag), bytes]);
        break;
      }
      case PT.BINARY: {
        const bytes = binary(value);
        entries.writeUInt32LE(bytes.length, v);
        streams.push([streamName(prop.tag), bytes]);
        break;
      }
      case PT.OBJECT:
        // an embedded message: its storage is written by the caller
        entries.writeUInt32LE(OBJECT_SIZE, v);
        break;
      default:
        throw new Error(`property type 0x${(prop.type as number).toString(16)} not supported`);
    }
  });
  return { properties: Buffer.concat([header, entries]), streams };
}

/** The 32-byte (message) or 24-byte (embedded message) header: reserved 8, next recipient ID, next attachment ID, recipient count, attachment count (, reserved 8). */
export function messageHeader(recipients: number, attachments: number, embedded: boolean): Buffer {
  const h = Buffer.alloc(embedded ? 24 : 32);
  h.writeUInt32LE(recipients, 8);
  h.writeUInt32LE(attachments, 12);
  h.writeUInt32LE(recipients, 16);
  h.writeUInt32LE(attachments, 20);
  return h;
}

/** The 8-byte header of a recipient or attachment object: reserved. */
export function objectHeader(): Buffer {
  return Buffer.alloc(8);
}
