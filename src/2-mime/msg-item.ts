// An Outlook item (.msg, MS-OXMSG) read into its properties, recipient rows and attachments:
// the Compound File by the `cfb` library, the property streams by hand (MS-OXMSG §2.4: a
// header, then 16-byte entries whose fixed-size values are inline and whose variable-size
// values are in `__substg1.0_<TAG>` streams). Only what a report needs is decoded; a stream
// that is missing or cut short gives no value, never an exception past readMsgItem.
import { createRequire } from 'node:module';
import type * as CfbLib from 'cfb';
import { trimEndChars } from '../0-core/text.js';

// cfb (~2.5 ms to load, its inflate tables built at load) is required on the first Outlook
// item, not at start-up: most runs read no .msg at all (as html.ts does with html-to-text)
const require = createRequire(import.meta.url);
let cfbOnce: typeof CfbLib | undefined;
const cfb = (): typeof CfbLib => (cfbOnce ??= require('cfb') as typeof CfbLib);

/** The first eight bytes of every Compound File (MS-CFB §2.2). */
const CFB_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');

export function isCompoundFile(bytes: Buffer): boolean {
  if (bytes.length < 512) return false;
  // byte by byte: every message is asked, and a view of its head compared by Buffer#equals
  // was an object and a call into C++ each time; nearly all differ at the first byte
  for (let i = 0; i < CFB_SIGNATURE.length; i++) if (bytes[i] !== CFB_SIGNATURE[i]) return false;
  return true;
}

/** Property types this reader decodes (MS-OXCDATA §2.11.1). */
const PT_SHORT = 0x0002;
const PT_LONG = 0x0003;
const PT_BOOLEAN = 0x000b;
const PT_OBJECT = 0x000d;
const PT_I8 = 0x0014;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_SYSTIME = 0x0040;
const PT_BINARY = 0x0102;

export type ItemValue = string | number | boolean | Buffer;

/** A property object (message, recipient, attachment): values by property id (the tag's high 16 bits). */
export class ItemProps {
  private readonly values = new Map<number, ItemValue>();

  set(id: number, value: ItemValue): void {
    // PT_UNICODE wins over a PT_STRING8 of the same id (a writer may put both)
    if (!this.values.has(id) || typeof value !== 'string' || typeof this.values.get(id) !== 'string') this.values.set(id, value);
  }

  string(id: number): string | null {
    const v = this.values.get(id);
    return typeof v === 'string' ? v : null;
  }

  number(id: number): number | null {
    const v = this.values.get(id);
    return typeof v === 'number' ? v : null;
  }

  has(id: number): boolean {
    return this.values.has(id);
  }

  binary(id: number): Buffer | null {
    const v = this.values.get(id);
    return Buffer.isBuffer(v) ? v : null;
  }
}

export interface ItemAttachment {
  props: ItemProps;
  /** an embedded message (PR_ATTACH_METHOD 5), read like the item itself */
  embedded: MsgItem | null;
}

export interface MsgItem {
  props: ItemProps;
  recipients: ItemProps[];
  attachments: ItemAttachment[];
}

export interface ItemLimits {
  /** deepest chain of embedded messages followed */
  maxDepth: number;
  /** most recipient or attachment objects read per item (MS-OXMSG allows 2048) */
  maxObjects: number;
}

/** A Compound File's streams by path below the root ('__recip_version1.0_#00000000/__properties_version1.0'). */
type Streams = Map<string, Buffer>;

function streamsOf(bytes: Buffer): Streams {
  const container = cfb().read(bytes, { type: 'buffer' });
  const out: Streams = new Map();
  const root = container.FullPaths[0] ?? '';
  container.FileIndex.forEach((entry, i) => {
    if (entry.type !== 2 || !entry.content) return; // 2: a stream
    const full = container.FullPaths[i];
    const rel = full.startsWith(root) ? full.slice(root.length) : full;
    out.set(rel, Buffer.from(entry.content as Uint8Array));
  });
  return out;
}

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

/** A FILETIME (100 ns ticks since 1601, little-endian, MS-DTYP §2.3.3) at `at` → ISO 8601, or null when out of range. */
export function filetimeToIso(bytes: Buffer, at = 0): string | null {
  const ms = Number(bytes.readBigUInt64LE(at) / 10000n) - 11644473600000;
  const d = new Date(ms);
  return ms > 0 && Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

/** The property stream under `prefix`, its header `headerSize` bytes long (32 message, 24 embedded message, 8 recipient/attachment). */
function readProps(streams: Streams, prefix: string, headerSize: number, codepage: (p: ItemProps) => string): ItemProps {
  const props = new ItemProps();
  const stream = streams.get(`${prefix}__properties_version1.0`);
  if (!stream) return props;
  const strings8: [number, Buffer][] = [];
  for (let at = headerSize; at + 16 <= stream.length; at += 16) {
    const tag = stream.readUInt32LE(at);
    const id = tag >>> 16;
    const type = tag & 0xffff;
    const v = at + 8;
    switch (type) {
      case PT_SHORT:
        props.set(id, stream.readInt16LE(v));
        break;
      case PT_LONG:
        props.set(id, stream.readInt32LE(v));
        break;
      case PT_BOOLEAN:
        props.set(id, stream.readUInt8(v) !== 0);
        break;
      case PT_I8:
        props.set(id, Number(stream.readBigInt64LE(v)));
        break;
      case PT_SYSTIME: {
        const iso = filetimeToIso(stream, v);
        if (iso) props.set(id, iso);
        break;
      }
      case PT_UNICODE: {
        const data = streams.get(`${prefix}__substg1.0_${hex8(tag)}`);
        if (data) props.set(id, trimEndChars(data.toString('utf16le'), '\0'));
        break;
      }
      case PT_STRING8: {
        const data = streams.get(`${prefix}__substg1.0_${hex8(tag)}`);
        if (data) strings8.push([id, data]);
        break;
      }
      case PT_BINARY: {
        const data = streams.get(`${prefix}__substg1.0_${hex8(tag)}`);
        if (data) props.set(id, data);
        break;
      }
      case PT_OBJECT:
        props.set(id, true); // the object is a storage of its own, read by the caller
        break;
      default:
        break; // types a report does not use
    }
  }
  // 8-bit strings in the item's code page, once that is known (PidTagMessageCodepage / PidTagInternetCodepage)
  const cp = codepage(props);
  for (const [id, data] of strings8) props.set(id, trimEndChars(new TextDecoder(cp, { fatal: false }).decode(data), '\0'));
  return props;
}

const PID_MESSAGE_CODEPAGE = 0x3ffd;
const PID_INTERNET_CODEPAGE = 0x3fde;
const PID_ATTACH_METHOD = 0x3705;
const ATTACH_EMBEDDED_MSG = 5;

/** A Windows code page number as a WHATWG encoding label (windows-1252 when unknown). */
function codepageLabel(props: ItemProps, inherited: string): string {
  const cp = props.number(PID_MESSAGE_CODEPAGE) ?? props.number(PID_INTERNET_CODEPAGE);
  if (cp === null) return inherited;
  const label = cp === 65001 ? 'utf-8' : cp === 20127 ? 'us-ascii' : cp === 28591 ? 'iso-8859-1' : `windows-${cp}`;
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return inherited;
  }
}

function readObject(streams: Streams, prefix: string, headerSize: number, limits: ItemLimits, depth: number, inherited: string): MsgItem {
  let cp = inherited;
  const props = readProps(streams, prefix, headerSize, (p) => (cp = codepageLabel(p, inherited)));
  const recipients: ItemProps[] = [];
  const attachments: ItemAttachment[] = [];
  for (let i = 0; i < limits.maxObjects; i++) {
    const dir = `${prefix}__recip_version1.0_#${hex8(i)}/`;
    if (!streams.has(`${dir}__properties_version1.0`)) break;
    recipients.push(readProps(streams, dir, 8, () => cp));
  }
  for (let i = 0; i < limits.maxObjects; i++) {
    const dir = `${prefix}__attach_version1.0_#${hex8(i)}/`;
    if (!streams.has(`${dir}__properties_version1.0`)) break;
    const a = readProps(streams, dir, 8, () => cp);
    const inner = `${dir}__substg1.0_3701000D/`;
    const embedded = a.number(PID_ATTACH_METHOD) === ATTACH_EMBEDDED_MSG && depth < limits.maxDepth && streams.has(`${inner}__properties_version1.0`) ? readObject(streams, inner, 24, limits, depth + 1, cp) : null;
    attachments.push({ props: a, embedded });
  }
  return { props, recipients, attachments };
}

/** Read an Outlook item; throws with a message saying what is wrong when the file cannot be read. */
export function readMsgItem(bytes: Buffer, limits: ItemLimits): MsgItem {
  let streams: Streams;
  try {
    streams = streamsOf(bytes);
  } catch (e) {
    throw new Error(`not a readable Outlook item: its Compound File structure is damaged or cut short (${(e as Error)?.message ?? String(e)})`);
  }
  if (!streams.has('__properties_version1.0')) throw new Error('not an Outlook item: the Compound File has no __properties_version1.0 stream (MS-OXMSG §2.4)');
  return readObject(streams, '', 32, limits, 0, 'windows-1252');
}
