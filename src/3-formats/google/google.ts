// Google's bounces (docs/formats.md#gmail): Gmail's plain-text layout before 2016
// ("Delivery to the following recipient failed permanently:" / "Technical details of
// permanent failure:"), the current multipart/report layout (read by the generic DSN reader,
// Status 5.0.0 with the real code in the reply), Google Workspace notices whose DSN part is
// empty, and Google Groups "cannot post" notices (localised; X-Failed-Recipients names the group).
import type { BounceMessage } from '../../2-mime/message.js';
import { addressesInHeader, findAddress, findLine, hasMarker, hostBeforeBracket, joinText, returnedAfter, toLines, textLines } from '../readers/native-text.js';
import { parseRfc3464 } from '../readers/rfc3464.js';
import type { FormatModule, ParsedReport, RowDraft } from '../readers/types.js';

const GOOGLE_FROM = ['@googlemail.com', '@google.com', '@gmail.com'];

function fromGoogle(msg: BounceMessage): boolean {
  const from = msg.lowerFrom;
  return from.includes('mailer-daemon') && GOOGLE_FROM.some((d) => from.includes(d));
}

// [SOE lhost-gmail-01..19] the plain-text layout
const LIST_START = [
  'delivery to the following recipient failed permanently:',
  'delivery to the following recipients failed permanently:',
  'delivery to the following recipient has been delayed:',
  'delivery to the following recipients have been delayed:',
  'delivery to the following recipients has been delayed:',
];
const DETAILS = ['technical details of permanent failure:', 'technical details of temporary failure:'];
const ORIGINAL = ['----- original message -----', '----- message header follows -----'];
// the remote reply quoted inside the details
const REPLY_MARKERS = ['the error that the other server returned was:', 'the response from the remote server was:', 'the response was:'];
// "The recipient server did not accept our requests to connect": Google gave up after
// retrying the connection for its whole queue lifetime (permanent) or is still retrying (delay)
const GAVE_UP_CONNECTING = 'did not accept our requests to connect';

function afterMarker(text: string, markers: readonly string[]): string | null {
  const low = text.toLowerCase();
  for (const m of markers) {
    const at = low.indexOf(m);
    if (at !== -1) return text.slice(at + m.length).trim() || null;
  }
  return null;
}

function parseGmailText(msg: BounceMessage): ParsedReport | null {
  const t = msg.view(textLines);
  const start = findLine(t, LIST_START);
  if (start === -1) return null;
  const delayed = t.lower[start].includes('delayed');
  const details = findLine(t, DETAILS, start + 1);
  let end = findLine(t, ORIGINAL, start + 1);
  if (end === -1) end = t.lines.length;
  const listEnd = details === -1 ? end : details;
  const addresses: string[] = [];
  for (let i = start + 1; i < listEnd; i++) {
    const l = t.lines[i].trim();
    if (!l || /\s/.test(l)) continue;
    const a = findAddress(l);
    if (a) addresses.push(a);
  }
  if (!addresses.length) return null;
  const text = details === -1 ? '' : joinText(t.lines.slice(details + 1, end));
  const reply = afterMarker(text, REPLY_MARKERS);
  const rows: RowDraft[] = addresses.map((recipient) => ({
    recipient,
    action: delayed ? 'delayed' : 'failed',
    diagnosticType: reply ? 'smtp' : null,
    diagnosticCode: reply ?? (text || null),
    remoteMta: hostBeforeBracket(text),
    reason: text.toLowerCase().includes(GAVE_UP_CONNECTING) ? 'expired' : null,
    hint: text || null,
  }));
  return { kind: 'dsn', format: 'gmail', recipients: rows, returned: msg.returned ?? returnedAfter(t, ORIGINAL, end) };
}


export const gmail: FormatModule = {
  id: 'gmail',
  description: 'Gmail bounces: the plain-text layout ("Technical details of permanent failure:") and the multipart/report layout',
  markers: { from: GOOGLE_FROM },
  score(msg) {
    if (!fromGoogle(msg)) return 0;
    const lower = msg.lowerHead;
    if (hasMarker(lower, LIST_START)) return 80;
    return msg.deliveryStatus.length ? 30 : 0;
  },
  parse(msg, ctx) {
    return parseGmailText(msg) ?? parseRfc3464(msg, 'gmail', ctx.limits);
  },
};

// [SOE lhost-googlegroups-*] group notices, in the poster's language; the group's address is
// in X-Failed-Recipients, the link to the Groups help centre is in every language
const GROUPS_MARKERS = ['groups.google.com', 'google groups', 'google グループ', 'google-gruppe', 'google grupos', 'google groupes'];

export const googlegroups: FormatModule = {
  id: 'googlegroups',
  description: 'Google Groups "your message could not be posted" notices (any language; X-Failed-Recipients)',
  markers: { from: GOOGLE_FROM },
  score(msg) {
    if (!fromGoogle(msg) || !msg.headers.has('x-failed-recipients') || msg.deliveryStatus.length) return 0;
    const lower = msg.lowerHead;
    return hasMarker(lower, GROUPS_MARKERS) && !hasMarker(lower, LIST_START) ? 85 : 0;
  },
  parse(msg) {
    const t = msg.view(textLines);
    let end = findLine(t, ORIGINAL);
    if (end === -1) end = t.lines.length;
    const text = joinText(t.lines.slice(0, end));
    // the group refused the post: it does not exist, or the sender may not post to it.
    // Either way the fault is the sender's standing with the group (Sisimai's "rejected").
    const rows: RowDraft[] = addressesInHeader(msg, 'x-failed-recipients').map((recipient) => ({ recipient, action: 'failed', reason: 'rejected', hint: text || null }));
    if (!rows.length) return null;
    return { kind: 'dsn', format: 'googlegroups', recipients: rows, returned: msg.returned ?? returnedAfter(t, ORIGINAL, end) };
  },
};

// [SOE lhost-googleworkspace-01] current layout whose message/delivery-status part is empty
const HEADLINES = ['** message not delivered **', '** address not found **', '** delivery incomplete **', "** message blocked **"];
// "You're sending this from a different address or alias using the 'Send mail as' feature":
// the sender's own alias settings failed, not the recipient
const SEND_MAIL_AS = "'send mail as'";

export const googleworkspace: FormatModule = {
  id: 'googleworkspace',
  description: 'Google Workspace / Gmail notices with an empty delivery-status part (recipients from X-Failed-Recipients)',
  markers: { from: GOOGLE_FROM },
  score(msg) {
    if (!fromGoogle(msg)) return 0;
    const lower = msg.lowerHead;
    return hasMarker(lower, HEADLINES) ? 35 : 0;
  },
  parse(msg, ctx) {
    const dsn = parseRfc3464(msg, 'gmail', ctx.limits);
    if (dsn) return dsn;
    const t = toLines(msg.plainText);
    const text = joinText(t.lines);
    const reply = afterMarker(text, REPLY_MARKERS);
    // X-Failed-Recipients, else the address in "Your message wasn't delivered to <addr> because ..."
    let recipients = addressesInHeader(msg, 'x-failed-recipients');
    if (!recipients.length) {
      const at = text.toLowerCase().indexOf("wasn't delivered to ");
      const a = at === -1 ? null : findAddress(text.slice(at + 20, at + 300));
      if (a) recipients = [a];
    }
    const rows: RowDraft[] = recipients.map((recipient) => ({
      recipient,
      action: 'failed',
      diagnosticCode: reply ?? (text || null),
      reason: text.toLowerCase().includes(SEND_MAIL_AS) ? 'rejected' : null,
      hint: text || null,
    }));
    if (!rows.length) return null;
    return { kind: 'dsn', format: 'googleworkspace', recipients: rows };
  },
};
