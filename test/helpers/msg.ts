// Reading written .msg files back with an independent reader, @kenjiuno/msgreader.
import MsgReaderModule from '@kenjiuno/msgreader';
import type { FieldsData } from '@kenjiuno/msgreader/lib/MsgReader.js';
import { propByKey, PT } from '../../src/6-mapi/properties.js';

type MsgReaderClass = new (buf: ArrayBuffer | Buffer) => { parserConfig?: { includeRawProps?: boolean }; getFileData(): FieldsData };
const MsgReader = ((MsgReaderModule as unknown as { default?: MsgReaderClass }).default ?? MsgReaderModule) as unknown as MsgReaderClass;

export type MsgFields = FieldsData;

export function readMsg(buf: Buffer): FieldsData {
  const reader = new MsgReader(buf);
  reader.parserConfig = { includeRawProps: true };
  return reader.getFileData();
}

/** rawProps as tag (lower-case hex, 8 chars) → value */
export function rawMap(fields: FieldsData): Map<string, unknown> {
  return new Map((fields.rawProps ?? []).map((p) => [String(p.propertyTag), p.value]));
}

/** A JSON property value as msgreader shows the stored property (times at second precision, binaries as bytes). */
export function expectedRaw(key: string, value: unknown): unknown {
  const prop = propByKey(key);
  if (!prop) throw new Error(`unknown property ${key}`);
  switch (prop.type) {
    case PT.SYSTIME:
      return new Date(String(value)).toUTCString();
    case PT.BINARY:
      return String(value).toLowerCase();
    case PT.LONG:
      // msgreader shows PR_RECIPIENT_TYPE by name
      if (prop.tag === 0x0c150003) return ({ 1: 'to', 2: 'cc', 3: 'bcc' } as Record<number, string>)[Number(value)];
      // msgreader reads PT_LONG unsigned: −1 (MAPI_DIAG_NO_DIAGNOSTIC) shows as 0xFFFFFFFF
      return Number(value) >>> 0;
    default:
      return value;
  }
}

export function shownRaw(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return value;
}

export function tagKey(key: string): string {
  return propByKey(key)!.tag.toString(16).padStart(8, '0');
}
