// A MapiReport as an Outlook message file (MS-OXMSG), on the `cfb` compound-file library:
// the report's properties at the top, one recipient storage per row, the named-property
// storage, and for an NDR whose bounce returned the whole original, that original as an
// embedded message (docs/mapi.md#msg-writer).
import CFB from 'cfb';
import { MAPI } from '../6-mapi/codes.js';
import { PROPS, propByKey } from '../6-mapi/properties.js';
import type { MapiReport } from '../6-mapi/schema.js';
import { getProp, rekey } from '../6-mapi/status-recips.js';
import { byValueAttachment, originalAsMessage, type MsgAttachment, type MsgObject } from './msg-original.js';
import { encodeProperties, messageHeader, MsgPropList, objectHeader, streamName, type PropInput } from './msg-props.js';

export interface MsgOptions {
  /** the returned original's bytes (ParseOutcome.returnedBytes): embedded in an NDR */
  returnedBytes?: Buffer | null;
}

/** Root storage CLSID of Outlook's own .msg files, as stored bytes (docs/mapi.md#msg-writer). */
const OUTLOOK_MSG_CLSID = '0B0D020000000000C000000000000046';
const { STORE_UNICODE_OK, MSGFLAG_READ, MSGFLAG_HASATTACH, MAPI_MAILUSER, DT_MAILUSER, ATTACH_EMBEDDED_MSG, MAX_OBJECTS: MAX_RECIPIENTS } = MAPI;

const PROPERTIES_STREAM = '__properties_version1.0';
const NAMEID_STORAGE = '__nameid_version1.0';
/** GUID, entry and string streams of the named-property map (MS-OXMSG §2.2.3); empty: reports use no named properties */
const NAMEID_STREAMS = ['__substg1.0_00020102', '__substg1.0_00030102', '__substg1.0_00040102'];

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

/** JSON property bag (any key style) → .msg properties; `dsn` and unknown keys are not MAPI properties. */
function propsFromJson(bag: Record<string, unknown>): MsgPropList {
  const list = new MsgPropList();
  for (const [key, value] of Object.entries(bag)) {
    if (key === 'dsn') continue;
    const prop = propByKey(key);
    if (!prop || value === null || value === undefined || typeof value === 'object') continue;
    list.set(prop, value as PropInput);
  }
  return list;
}

/** The report as a MAPI message: its own properties plus what a .msg container needs. */
function reportMessage(report: MapiReport): MsgObject {
  const props = propsFromJson(report.properties);
  props.set(PROPS.StoreSupportMask, STORE_UNICODE_OK);
  // Outlook shows the sender from the sent-representing properties: the reporting system
  const senderName = getProp(report.properties, PROPS.SenderName);
  if (senderName !== undefined) {
    props
      .set(PROPS.SentRepresentingName, String(senderName))
      .set(PROPS.SentRepresentingEmailAddress, getProp(report.properties, PROPS.SenderEmailAddress) as string | undefined)
      .set(PROPS.SentRepresentingAddressType, getProp(report.properties, PROPS.SenderAddressType) as string | undefined);
  }
  const recipients = report.recipients.map((row) => propsFromJson(row).set(PROPS.ObjectType, MAPI_MAILUSER).set(PROPS.DisplayType, DT_MAILUSER));
  props.set(PROPS.DisplayTo, report.recipients.map((row) => String(getProp(row, PROPS.DisplayName) ?? getProp(row, PROPS.EmailAddress) ?? '')).filter(Boolean).join('; '));
  return { props, recipients, attachments: [] };
}

/** The original as attachment 0: an embedded message, or (when it cannot be read as one) its raw bytes as an .eml file. */
async function originalAttachment(bytes: Buffer, subject: string | null): Promise<MsgAttachment> {
  const name = subject || 'Original message';
  try {
    const embedded = await originalAsMessage(bytes);
    const props = new MsgPropList()
      .set(PROPS.AttachMethod, ATTACH_EMBEDDED_MSG)
      .set(PROPS.AttachNumber, 0)
      .set(PROPS.AttachDataObject, Buffer.alloc(0))
      .set(PROPS.DisplayName, name)
      .set(PROPS.AttachMimeTag, 'message/rfc822')
      .set(PROPS.RenderingPosition, -1);
    return { props, embedded };
  } catch {
    return byValueAttachment(0, bytes, 'original.eml', 'message/rfc822', name);
  }
}

function addObject(cfb: CFB.CFB$Container, prefix: string, obj: MsgObject, embedded: boolean): void {
  const add = (name: string, data: Buffer) => CFB.utils.cfb_add(cfb, `${prefix}${name}`, data, { unsafe: true });
  const message = encodeProperties(messageHeader(obj.recipients.length, obj.attachments.length, embedded), obj.props.list);
  add(PROPERTIES_STREAM, message.properties);
  for (const [name, data] of message.streams) add(name, data);
  obj.recipients.forEach((r, i) => {
    const dir = `__recip_version1.0_#${hex8(i)}/`;
    const enc = encodeProperties(objectHeader(), r.list);
    add(`${dir}${PROPERTIES_STREAM}`, enc.properties);
    for (const [name, data] of enc.streams) add(`${dir}${name}`, data);
  });
  obj.attachments.forEach((a, i) => {
    const dir = `__attach_version1.0_#${hex8(i)}/`;
    const enc = encodeProperties(objectHeader(), a.props.list);
    add(`${dir}${PROPERTIES_STREAM}`, enc.properties);
    for (const [name, data] of enc.streams) add(`${dir}${name}`, data);
    if (a.embedded) addObject(cfb, `${prefix}${dir}${streamName(PROPS.AttachDataObject.tag)}/`, a.embedded, true);
  });
}

/** Render one report as an Outlook .msg file. */
export async function renderMsg(report: MapiReport, options: MsgOptions = {}): Promise<Buffer> {
  const r = rekey(report, 'pidtag');
  if (r.recipients.length > MAX_RECIPIENTS) {
    throw new Error(`${r.recipients.length} recipient rows: an Outlook .msg holds at most ${MAX_RECIPIENTS} recipients (MS-OXMSG §2.2.1); use --format json or eml for this report`);
  }
  const top = reportMessage(r);
  // MAPI puts the original on NDRs only (docs/mapi.md#report-message); a DR does not carry it
  if (r.reportType === 'NDR' && options.returnedBytes && options.returnedBytes.length) {
    const subject = getProp(r.properties, PROPS.OriginalSubject);
    top.attachments.push(await originalAttachment(options.returnedBytes, typeof subject === 'string' ? subject : null));
  }
  top.props.set(PROPS.MessageFlags, MSGFLAG_READ | (top.attachments.length ? MSGFLAG_HASATTACH : 0));
  top.props.set(PROPS.HasAttachments, top.attachments.length > 0);

  const cfb = CFB.utils.cfb_new({ CLSID: OUTLOOK_MSG_CLSID });
  addObject(cfb, '', top, false);
  for (const name of NAMEID_STREAMS) CFB.utils.cfb_add(cfb, `${NAMEID_STORAGE}/${name}`, Buffer.alloc(0), { unsafe: true });
  const out = CFB.write(cfb, { type: 'buffer', fileType: 'cfb' }) as Buffer;
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}
