// Every MAPI property bouncemapi writes: canonical PidTag name, PR_ name, id, type and the
// 32-bit tag (id << 16 | type). IDs and types: docs/mapi.md#property-tags (cross-checked there
// against MS-OXPROPS, openchange property_tags.h and gromox mapitags.hpp); the few not
// cross-checked there carry their source beside them.

/** Property types (docs/mapi.md#property-types; MAPIDEFS.H). */
export const PT = {
  LONG: 0x0003,
  BOOLEAN: 0x000b,
  OBJECT: 0x000d,
  UNICODE: 0x001f,
  SYSTIME: 0x0040,
  BINARY: 0x0102,
} as const;
export type PropType = (typeof PT)[keyof typeof PT];

export interface PropDef {
  /** canonical name, e.g. PidTagMessageClass */
  pidTag: string;
  /** PR_ name (PidTagReportingMessageTransferAgent has none: its PidTag name stands in) */
  pr: string;
  id: number;
  type: PropType;
  /** (id << 16 | type) as an unsigned 32-bit number */
  tag: number;
}

function def(pidTag: string, pr: string, id: number, type: PropType): PropDef {
  return { pidTag, pr, id, type, tag: ((id << 16) | type) >>> 0 };
}

const { LONG, BOOLEAN, OBJECT, UNICODE, SYSTIME, BINARY } = PT;

/** The property table, keyed by the canonical name without the `PidTag` prefix. */
export const PROPS = {
  // report message (docs/mapi.md#report-message, docs/mapi.md#property-tags)
  MessageClass: def('PidTagMessageClass', 'PR_MESSAGE_CLASS', 0x001a, UNICODE),
  Subject: def('PidTagSubject', 'PR_SUBJECT', 0x0037, UNICODE),
  SubjectPrefix: def('PidTagSubjectPrefix', 'PR_SUBJECT_PREFIX', 0x003d, UNICODE),
  NormalizedSubject: def('PidTagNormalizedSubject', 'PR_NORMALIZED_SUBJECT', 0x0e1d, UNICODE),
  ConversationTopic: def('PidTagConversationTopic', 'PR_CONVERSATION_TOPIC', 0x0070, UNICODE),
  OriginalSubject: def('PidTagOriginalSubject', 'PR_ORIGINAL_SUBJECT', 0x0049, UNICODE),
  OriginalSubmitTime: def('PidTagOriginalSubmitTime', 'PR_ORIGINAL_SUBMIT_TIME', 0x004e, SYSTIME),
  OriginalDisplayTo: def('PidTagOriginalDisplayTo', 'PR_ORIGINAL_DISPLAY_TO', 0x0074, UNICODE),
  OriginalDisplayCc: def('PidTagOriginalDisplayCc', 'PR_ORIGINAL_DISPLAY_CC', 0x0073, UNICODE),
  OriginalMessageClass: def('PidTagOriginalMessageClass', 'PR_ORIG_MESSAGE_CLASS', 0x004b, UNICODE),
  OriginalSenderName: def('PidTagOriginalSenderName', 'PR_ORIGINAL_SENDER_NAME', 0x005a, UNICODE),
  OriginalSenderEmailAddress: def('PidTagOriginalSenderEmailAddress', 'PR_ORIGINAL_SENDER_EMAIL_ADDRESS', 0x0067, UNICODE),
  OriginalSenderAddressType: def('PidTagOriginalSenderAddressType', 'PR_ORIGINAL_SENDER_ADDRTYPE', 0x0066, UNICODE),
  OriginalSenderEntryId: def('PidTagOriginalSenderEntryId', 'PR_ORIGINAL_SENDER_ENTRYID', 0x005b, BINARY),
  OriginalSenderSearchKey: def('PidTagOriginalSenderSearchKey', 'PR_ORIGINAL_SENDER_SEARCH_KEY', 0x005c, BINARY),
  ReportingMessageTransferAgent: def('PidTagReportingMessageTransferAgent', 'PidTagReportingMessageTransferAgent', 0x6820, UNICODE),
  SenderName: def('PidTagSenderName', 'PR_SENDER_NAME', 0x0c1a, UNICODE),
  SenderEmailAddress: def('PidTagSenderEmailAddress', 'PR_SENDER_EMAIL_ADDRESS', 0x0c1f, UNICODE),
  SenderAddressType: def('PidTagSenderAddressType', 'PR_SENDER_ADDRTYPE', 0x0c1e, UNICODE),
  SenderEntryId: def('PidTagSenderEntryId', 'PR_SENDER_ENTRYID', 0x0c19, BINARY),
  SenderSearchKey: def('PidTagSenderSearchKey', 'PR_SENDER_SEARCH_KEY', 0x0c1d, BINARY),
  ClientSubmitTime: def('PidTagClientSubmitTime', 'PR_CLIENT_SUBMIT_TIME', 0x0039, SYSTIME),
  MessageDeliveryTime: def('PidTagMessageDeliveryTime', 'PR_MESSAGE_DELIVERY_TIME', 0x0e06, SYSTIME),
  InternetMessageId: def('PidTagInternetMessageId', 'PR_INTERNET_MESSAGE_ID', 0x1035, UNICODE),
  // In-Reply-To / References of the report = the original's Message-ID (MS-OXPROPS
  // PidTagInReplyToId 0x1042, PidTagInternetReferences 0x1039; MS-OXCMAIL maps both headers)
  InReplyToId: def('PidTagInReplyToId', 'PR_IN_REPLY_TO_ID', 0x1042, UNICODE),
  InternetReferences: def('PidTagInternetReferences', 'PR_INTERNET_REFERENCES', 0x1039, UNICODE),
  Body: def('PidTagBody', 'PR_BODY', 0x1000, UNICODE),
  ReportText: def('PidTagReportText', 'PR_REPORT_TEXT', 0x1001, UNICODE),
  TransportMessageHeaders: def('PidTagTransportMessageHeaders', 'PR_TRANSPORT_MESSAGE_HEADERS', 0x007d, UNICODE),

  // recipient rows (docs/mapi.md#recipient-rows)
  Rowid: def('PidTagRowid', 'PR_ROWID', 0x3000, LONG),
  RecipientType: def('PidTagRecipientType', 'PR_RECIPIENT_TYPE', 0x0c15, LONG),
  DisplayName: def('PidTagDisplayName', 'PR_DISPLAY_NAME', 0x3001, UNICODE),
  AddressType: def('PidTagAddressType', 'PR_ADDRTYPE', 0x3002, UNICODE),
  EmailAddress: def('PidTagEmailAddress', 'PR_EMAIL_ADDRESS', 0x3003, UNICODE),
  SmtpAddress: def('PidTagSmtpAddress', 'PR_SMTP_ADDRESS', 0x39fe, UNICODE),
  EntryId: def('PidTagEntryId', 'PR_ENTRYID', 0x0fff, BINARY),
  SearchKey: def('PidTagSearchKey', 'PR_SEARCH_KEY', 0x300b, BINARY),
  Responsibility: def('PidTagResponsibility', 'PR_RESPONSIBILITY', 0x0e0f, BOOLEAN),
  ReportTime: def('PidTagReportTime', 'PR_REPORT_TIME', 0x0032, SYSTIME),
  DeliverTime: def('PidTagDeliverTime', 'PR_DELIVER_TIME', 0x0010, SYSTIME),
  NonDeliveryReportReasonCode: def('PidTagNonDeliveryReportReasonCode', 'PR_NDR_REASON_CODE', 0x0c04, LONG),
  NonDeliveryReportDiagCode: def('PidTagNonDeliveryReportDiagCode', 'PR_NDR_DIAG_CODE', 0x0c05, LONG),
  NonDeliveryReportStatusCode: def('PidTagNonDeliveryReportStatusCode', 'PR_NDR_STATUS_CODE', 0x0c20, LONG),
  SupplementaryInfo: def('PidTagSupplementaryInfo', 'PR_SUPPLEMENTARY_INFO', 0x0c1b, UNICODE),
  RemoteMessageTransferAgent: def('PidTagRemoteMessageTransferAgent', 'PR_DSN_REMOTE_MTA', 0x0c21, UNICODE),
  ObjectType: def('PidTagObjectType', 'PR_OBJECT_TYPE', 0x0ffe, LONG),
  DisplayType: def('PidTagDisplayType', 'PR_DISPLAY_TYPE', 0x3900, LONG),

  // .msg container and the embedded original (docs/mapi.md#property-tags, docs/mapi.md#msg-writer; MS-OXPROPS for the
  // display, sent-representing, HTML and attachment-by-value properties)
  StoreSupportMask: def('PidTagStoreSupportMask', 'PR_STORE_SUPPORT_MASK', 0x340d, LONG),
  MessageFlags: def('PidTagMessageFlags', 'PR_MESSAGE_FLAGS', 0x0e07, LONG),
  HasAttachments: def('PidTagHasAttachments', 'PR_HASATTACH', 0x0e1b, BOOLEAN),
  DisplayTo: def('PidTagDisplayTo', 'PR_DISPLAY_TO', 0x0e04, UNICODE),
  DisplayCc: def('PidTagDisplayCc', 'PR_DISPLAY_CC', 0x0e03, UNICODE),
  DisplayBcc: def('PidTagDisplayBcc', 'PR_DISPLAY_BCC', 0x0e02, UNICODE),
  SentRepresentingName: def('PidTagSentRepresentingName', 'PR_SENT_REPRESENTING_NAME', 0x0042, UNICODE),
  SentRepresentingEmailAddress: def('PidTagSentRepresentingEmailAddress', 'PR_SENT_REPRESENTING_EMAIL_ADDRESS', 0x0065, UNICODE),
  SentRepresentingAddressType: def('PidTagSentRepresentingAddressType', 'PR_SENT_REPRESENTING_ADDRTYPE', 0x0064, UNICODE),
  Html: def('PidTagHtml', 'PR_HTML', 0x1013, BINARY),
  InternetCodepage: def('PidTagInternetCodepage', 'PR_INTERNET_CPID', 0x3fde, LONG),
  AttachMethod: def('PidTagAttachMethod', 'PR_ATTACH_METHOD', 0x3705, LONG),
  AttachNumber: def('PidTagAttachNumber', 'PR_ATTACH_NUM', 0x0e21, LONG),
  AttachDataObject: def('PidTagAttachDataObject', 'PR_ATTACH_DATA_OBJ', 0x3701, OBJECT),
  AttachDataBinary: def('PidTagAttachDataBinary', 'PR_ATTACH_DATA_BIN', 0x3701, BINARY),
  AttachLongFilename: def('PidTagAttachLongFilename', 'PR_ATTACH_LONG_FILENAME', 0x3707, UNICODE),
  AttachFilename: def('PidTagAttachFilename', 'PR_ATTACH_FILENAME', 0x3704, UNICODE),
  AttachExtension: def('PidTagAttachExtension', 'PR_ATTACH_EXTENSION', 0x3703, UNICODE),
  AttachMimeTag: def('PidTagAttachMimeTag', 'PR_ATTACH_MIME_TAG', 0x370e, UNICODE),
  AttachContentId: def('PidTagAttachContentId', 'PR_ATTACH_CONTENT_ID', 0x3712, UNICODE),
  RenderingPosition: def('PidTagRenderingPosition', 'PR_RENDERING_POSITION', 0x370b, LONG),
} as const satisfies Record<string, PropDef>;

/** How JSON output names properties (docs/mapi.md#json-output: `--keys pidtag|pr|tag`). */
export const KEY_STYLES = ['pidtag', 'pr', 'tag'] as const;
export type KeyStyle = (typeof KEY_STYLES)[number];

/** `0x0C040003`: the tag as docs/mapi.md#json-output spells it (upper-case hex, 8 digits). */
export function tagString(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(8, '0')}`;
}

export function keyOf(prop: PropDef, style: KeyStyle): string {
  if (style === 'pr') return prop.pr;
  if (style === 'tag') return tagString(prop.tag);
  return prop.pidTag;
}

// Lookup by any of the three key spellings. PR_ATTACH_DATA_OBJ and PR_ATTACH_DATA_BIN
// share an id but not a tag or a name, so every spelling stays unique.
const BY_KEY = new Map<string, PropDef>();
for (const p of Object.values(PROPS) as PropDef[]) {
  for (const k of [p.pidTag, p.pr, tagString(p.tag)]) {
    const seen = BY_KEY.get(k);
    if (seen && seen !== p) throw new Error(`property key ${k} is ambiguous`);
    BY_KEY.set(k, p);
  }
}

/** The property named by `key` in any style (PidTag name, PR_ name or `0x…` tag), or undefined. */
export function propByKey(key: string): PropDef | undefined {
  return BY_KEY.get(key) ?? BY_KEY.get(key.toUpperCase().replace(/^0X/, '0x'));
}
