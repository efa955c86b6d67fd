// The returned original as the MAPI message an NDR embeds (docs/mapi.md#report-message: an NDR
// carries the original as an embedded message, a DR does not): subject, body, sender,
// recipients and file attachments, read with mailparser (docs/architecture.md#libraries: the tool for a
// full parse of the returned original).
import type { AddressObject, ParsedMail } from 'mailparser';
import { detectExtension } from 'nodemailer/lib/mime-funcs';
import { MAPI } from '../6-mapi/codes.js';
import { oneOffEntryId, searchKey } from '../6-mapi/entry-id.js';
import { PROPS } from '../6-mapi/properties.js';
import { decodeUnlabelled } from '../2-mime/charset.js';
import { htmlToText } from '../2-mime/html.js';
import { splitHeaderBlock } from '../2-mime/parse.js';
import { HeaderList } from '../2-mime/headers.js';
import { toIsoDate } from '../0-core/address.js';
import { MsgPropList } from './msg-props.js';

const { MAPI_TO, MAPI_CC, MAPI_BCC, MAPI_MAILUSER, DT_MAILUSER, ATTACH_BY_VALUE, MSGFLAG_READ, MSGFLAG_HASATTACH, MAX_OBJECTS } = MAPI;
const CP_UTF8 = 65001;

export interface MsgObject {
  props: MsgPropList;
  recipients: MsgPropList[];
  attachments: MsgAttachment[];
}

export interface MsgAttachment {
  props: MsgPropList;
  /** an embedded message (PR_ATTACH_METHOD = 5) */
  embedded?: MsgObject;
}

interface Box {
  name: string;
  address: string;
}

function boxes(a: AddressObject | AddressObject[] | undefined): Box[] {
  const out: Box[] = [];
  const walk = (list: { name?: string; address?: string; group?: unknown[] }[]) => {
    for (const x of list) {
      if (x.group) walk(x.group as typeof list);
      else if (x.address) out.push({ name: (x.name ?? '').trim(), address: x.address.trim() });
    }
  };
  for (const obj of Array.isArray(a) ? a : a ? [a] : []) walk(obj.value);
  return out;
}

function recipientProps(box: Box, type: number, rowid: number): MsgPropList {
  const name = box.name || box.address;
  return new MsgPropList()
    .set(PROPS.Rowid, rowid)
    .set(PROPS.RecipientType, type)
    .set(PROPS.DisplayName, name)
    .set(PROPS.AddressType, 'SMTP')
    .set(PROPS.EmailAddress, box.address)
    .set(PROPS.SmtpAddress, box.address)
    .set(PROPS.EntryId, oneOffEntryId(name, box.address))
    .set(PROPS.SearchKey, searchKey(box.address))
    .set(PROPS.ObjectType, MAPI_MAILUSER)
    .set(PROPS.DisplayType, DT_MAILUSER);
}

function extensionOf(filename: string): string | null {
  const dot = filename.lastIndexOf('.');
  return dot > 0 && filename.length - dot <= 16 ? filename.slice(dot) : null;
}

/** A file attached by value (PR_ATTACH_METHOD = 1). */
export function byValueAttachment(index: number, content: Buffer, filename: string, mimeType: string, displayName = filename, contentId?: string): MsgAttachment {
  const props = new MsgPropList()
    .set(PROPS.AttachMethod, ATTACH_BY_VALUE)
    .set(PROPS.AttachNumber, index)
    .set(PROPS.AttachDataBinary, content)
    .set(PROPS.AttachLongFilename, filename)
    .set(PROPS.AttachFilename, filename)
    .set(PROPS.AttachExtension, extensionOf(filename))
    .set(PROPS.AttachMimeTag, mimeType)
    .set(PROPS.AttachContentId, contentId)
    .set(PROPS.DisplayName, displayName)
    .set(PROPS.RenderingPosition, -1);
  return { props };
}

function fileAttachment(a: ParsedMail['attachments'][number], index: number): MsgAttachment {
  // a part without a file name (a meeting's text/calendar) is named by its type: attachment-1.ics
  const filename = a.filename?.trim() || `attachment-${index + 1}.${a.contentType === 'message/rfc822' ? 'eml' : detectExtension(a.contentType)}`;
  return byValueAttachment(index, a.content, filename, a.contentType, filename, a.cid);
}

/** Read the returned original (its full bytes) into the MAPI message the NDR embeds. */
export async function originalAsMessage(bytes: Buffer): Promise<MsgObject> {
  // loaded on the first original made into a message: mailparser's full parser (and linkify-it,
  // which compiles its pattern of every top-level domain when loaded) cost the library's import
  // ~40 ms (CPU profile of `import('bouncemapi')`), and only .msg output reads with it
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });
  const { header } = splitHeaderBlock(bytes);
  const from = boxes(mail.from)[0] ?? null;
  const to = boxes(mail.to);
  const cc = boxes(mail.cc);
  const bcc = boxes(mail.bcc);
  const files = mail.attachments.slice(0, MAX_OBJECTS).map(fileAttachment);
  const list = (b: Box[]) => b.map((x) => x.name || x.address).join('; ');

  const props = new MsgPropList()
    // written as a plain note: the calendar or voice properties a richer class expects are not written, so its own class would mislead readers
    .set(PROPS.MessageClass, 'IPM.Note')
    .set(PROPS.Subject, mail.subject)
    .set(PROPS.ConversationTopic, mail.subject)
    .set(PROPS.Body, mail.text ?? (mail.html ? htmlToText(mail.html) : null));
  if (mail.html) props.set(PROPS.Html, Buffer.from(mail.html, 'utf8')).set(PROPS.InternetCodepage, CP_UTF8);
  if (from) {
    const name = from.name || from.address;
    for (const [n, e, t] of [
      [PROPS.SenderName, PROPS.SenderEmailAddress, PROPS.SenderAddressType],
      [PROPS.SentRepresentingName, PROPS.SentRepresentingEmailAddress, PROPS.SentRepresentingAddressType],
    ] as const) {
      props.set(n, name).set(e, from.address).set(t, 'SMTP');
    }
    props.set(PROPS.SenderEntryId, oneOffEntryId(name, from.address)).set(PROPS.SenderSearchKey, searchKey(from.address));
  }
  props
    // the original's own Date field, read as every other date is (toIsoDate): mailparser puts
    // the current time in `mail.date` when it cannot read the field ("… 23:34:45 JST"), and a
    // zoneless date it reads in the local time zone, so the same input gave another .msg each run
    .set(PROPS.ClientSubmitTime, toIsoDate(HeaderList.parse(decodeUnlabelled(header)).get('date')))
    .set(PROPS.InternetMessageId, mail.messageId)
    .set(PROPS.TransportMessageHeaders, decodeUnlabelled(header))
    .set(PROPS.DisplayTo, list(to))
    .set(PROPS.DisplayCc, list(cc))
    .set(PROPS.DisplayBcc, list(bcc))
    .set(PROPS.MessageFlags, MSGFLAG_READ | (files.length ? MSGFLAG_HASATTACH : 0))
    .set(PROPS.HasAttachments, files.length > 0);

  const recipients: MsgPropList[] = [];
  for (const [type, group] of [
    [MAPI_TO, to],
    [MAPI_CC, cc],
    [MAPI_BCC, bcc],
  ] as const) {
    for (const b of group) if (recipients.length < MAX_OBJECTS) recipients.push(recipientProps(b, type, recipients.length));
  }
  return { props, recipients, attachments: files };
}
