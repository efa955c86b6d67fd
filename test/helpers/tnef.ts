// A TNEF stream written per MS-OXTNEF §2.1.3 (signature, key, then attributes: level, id,
// length, data, checksum), for tests of the reader: a message class, a property list and a
// recipient table.
export type TnefValue = { type: 0x0003; value: number } | { type: 0x001f; value: string } | { type: 0x0102; value: Buffer };

const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(((b.length + 3) & ~3) - b.length)]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** A msgPropertyList: count, then per property its tag and value (variable ones counted and padded). */
export function propertyList(props: [number, TnefValue][]): Buffer {
  const parts: Buffer[] = [u32(props.length)];
  for (const [id, v] of props) {
    parts.push(u32(((id << 16) | v.type) >>> 0));
    if (v.type === 0x0003) parts.push(u32(v.value));
    else {
      const data = v.type === 0x001f ? Buffer.from(`${v.value}\0`, 'utf16le') : v.value;
      parts.push(u32(1), u32(data.length), pad(data));
    }
  }
  return Buffer.concat(parts);
}

function attribute(level: number, id: number, data: Buffer): Buffer {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  const head = Buffer.alloc(9);
  head.writeUInt8(level, 0);
  head.writeUInt32LE(id >>> 0, 1);
  head.writeUInt32LE(data.length, 5);
  const tail = Buffer.alloc(2);
  tail.writeUInt16LE(sum);
  return Buffer.concat([head, data, tail]);
}

export function tnefStream(messageClass: string, props: [number, TnefValue][], recipients: [number, TnefValue][][]): Buffer {
  const start = Buffer.alloc(6);
  start.writeUInt32LE(0x223e9f78, 0);
  start.writeUInt16LE(0x0001, 4);
  return Buffer.concat([
    start,
    attribute(1, 0x00089006, u32(0x00010000)), // attTnefVersion
    attribute(1, 0x00078008, Buffer.from(`${messageClass}\0`, 'latin1')), // attMessageClass
    attribute(1, 0x00069003, propertyList(props)), // attMsgProps
    attribute(1, 0x00069004, Buffer.concat([u32(recipients.length), ...recipients.map(propertyList)])), // attRecipTable
  ]);
}
