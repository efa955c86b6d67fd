// One-off entry IDs and search keys for SMTP addresses (docs/mapi.md#entry-ids-and-search-keys).

/** MAPI's one-off provider UID, MS-OXCDATA §2.2.5.1 */
const ONE_OFF_PROVIDER_UID = Buffer.from([0x81, 0x2b, 0x1f, 0xa4, 0xbe, 0xa3, 0x10, 0x19, 0x9d, 0x6e, 0x00, 0xdd, 0x01, 0x0f, 0x54, 0x02]);
const MAPI_ONE_OFF_UNICODE = 0x8000;
/** no TNEF for Internet recipients */
const MAPI_ONE_OFF_NO_RICH_INFO = 0x0001;

function utf16z(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf16le');
}

/** One-off entry ID (MS-OXCDATA §2.2.5.1) for `name <address>` of type SMTP, Unicode strings. */
export function oneOffEntryId(displayName: string, address: string, addressType = 'SMTP'): Buffer {
  const head = Buffer.alloc(4 + 16 + 2 + 2);
  head.writeUInt32LE(0, 0); // flags
  ONE_OFF_PROVIDER_UID.copy(head, 4);
  head.writeUInt16LE(0, 20); // version
  head.writeUInt16LE(MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO, 22); // as gromox writes for SMTP one-offs
  return Buffer.concat([head, utf16z(displayName), utf16z(addressType), utf16z(address)]);
}

/** Search key: `ADDRTYPE:ADDRESS` upper-cased, with its terminating NUL (EDK HrCreateSearchKey). */
export function searchKey(address: string, addressType = 'SMTP'): Buffer {
  return Buffer.from(`${addressType}:${address}\0`.toUpperCase(), 'utf8');
}

/** PT_BINARY as JSON shows it (docs/mapi.md#json-output): upper-case hex. */
export function toHex(b: Buffer): string {
  return b.toString('hex').toUpperCase();
}
