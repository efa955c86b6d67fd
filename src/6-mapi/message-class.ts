// The returned original's MAPI message class, so that a bounced meeting request gives
// REPORT.IPM.Schedule.Meeting.Request.NDR (docs/mapi.md#report-classes). IPM.Note unless the
// original says otherwise.
import { parseStructured } from '../2-mime/headers.js';
import type { OriginalMessage } from '../0-core/schema.js';

const DEFAULT_CLASS = 'IPM.Note';

/** Content-Class header → message class: MS-OXCMAIL §2.1.3.2.2 (MIME reader table). */
const CONTENT_CLASSES: Record<string, string> = {
  fax: 'IPM.Note.Microsoft.Fax',
  'fax-ca': 'IPM.Note.Microsoft.Fax.CA',
  missedcall: 'IPM.Note.Microsoft.Missed.Voice',
  'voice-uc': 'IPM.Note.Microsoft.Conversation.Voice',
  'voice-ca': 'IPM.Note.Microsoft.Voicemail.UM.CA',
  voice: 'IPM.Note.Microsoft.Voicemail.UM',
};
/** MS-OXCMAIL: `InfoPathForm.<GUID>` → `IPM.InfoPathForm.<GUID>` */
const INFOPATH_PREFIX = 'infopathform.';
/** Exchange's content class of meeting messages (Exchange 2003 SDK, PR_MESSAGE_CLASS → DAV:contentclass: IPM.Schedule.Meeting.* ↔ urn:content-classes:calendarmessage) */
const CALENDAR_CONTENT_CLASS = 'urn:content-classes:calendarmessage';

/** iTIP METHOD (RFC 5546) → meeting message class (Outlook's classes; MS-OXCICAL). */
const METHOD_CLASSES: Record<string, string> = {
  request: 'IPM.Schedule.Meeting.Request',
  cancel: 'IPM.Schedule.Meeting.Canceled',
};
/** METHOD:REPLY by the attendee's PARTSTAT (RFC 5545 §3.2.12) */
const REPLY_CLASSES: [string, string][] = [
  ['partstat=accepted', 'IPM.Schedule.Meeting.Resp.Pos'],
  ['partstat=declined', 'IPM.Schedule.Meeting.Resp.Neg'],
  ['partstat=tentative', 'IPM.Schedule.Meeting.Resp.Tent'],
];

/** how much of the original is searched for a text/calendar part (the calendar part sits early in a meeting message) */
const SCAN_BYTES = 256 * 1024;

/** The iTIP method of the original's text/calendar part, lower-cased, from its Content-Type; null when none. */
function calendarMethod(bytes: Buffer): { method: string; window: string } | null {
  const text = bytes.subarray(0, SCAN_BYTES).toString('latin1').toLowerCase();
  let from = 0;
  for (;;) {
    const at = text.indexOf('text/calendar', from);
    if (at === -1) return null;
    // the Content-Type value continues over folded lines; its parameters sit within a few hundred characters
    const value = text.slice(at, at + 400).split(/\n(?![ \t])/)[0].replace(/\r?\n[ \t]+/g, ' ');
    const { params } = parseStructured(value);
    const method = params.method?.trim();
    if (method) return { method, window: text.slice(at, at + 64 * 1024) };
    from = at + 13;
  }
}

/** The original's message class: from its Content-Class, its text/calendar part, else IPM.Note. */
export function originalMessageClass(original: OriginalMessage | null, bytes?: Buffer | null): string {
  const contentClass = original?.contentClass?.trim().toLowerCase() ?? '';
  if (contentClass in CONTENT_CLASSES) return CONTENT_CLASSES[contentClass];
  if (contentClass.startsWith(INFOPATH_PREFIX) && contentClass.length > INFOPATH_PREFIX.length) {
    return `IPM.InfoPathForm.${original!.contentClass!.trim().slice(INFOPATH_PREFIX.length)}`;
  }
  const cal = bytes ? calendarMethod(bytes) : null;
  if (cal) {
    if (cal.method in METHOD_CLASSES) return METHOD_CLASSES[cal.method];
    if (cal.method === 'reply') {
      const hit = REPLY_CLASSES.find(([marker]) => cal.window.includes(marker));
      if (hit) return hit[1];
    }
  }
  if (contentClass === CALENDAR_CONTENT_CLASS) return METHOD_CLASSES.request; // a meeting message whose method is not visible: a request is by far the commonest
  return DEFAULT_CLASS;
}
