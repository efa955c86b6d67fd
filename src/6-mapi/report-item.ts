// A delivery report item (REPORT.*.NDR, .DR, .Delayed.DR, .Relayed.DR, .Expanded.DR) read back
// into the rows StatusRecips was given: the inverse of status-recips.ts (docs/mapi.md#reading-report-items).
// Each recipient row of the item is one row of the table:
//   action      from the report class (MS-OXCMAIL §2.2.3.7.1.1, the table status-recips.ts writes)
//   status      the full RFC 3463 code from PidTagSupplementaryInfo's "<mta #x.y.z diagnostic>"
//               (MS-OXCMAIL §2.2.3.7.1.2, what Exchange and this program write), else from
//               PidTagNonDeliveryReportStatusCode (one digit per part: 571 → 5.7.1), else the
//               class of the report
//   diagnostic  the rest of PidTagSupplementaryInfo (a Diagnostic-Code value, "smtp; 550 ...")
//   remote MTA  PidTagRemoteMessageTransferAgent, else the host PidTagSupplementaryInfo names
//   reason      what this program's row text (PidTagReportText) says, when it wrote the item;
//               else left to the classifier, which reads the diagnostic
import type { Action, OriginalMessage, Reason } from '../0-core/schema.js';
import { toIsoDate } from '../0-core/address.js';
import type { ItemProps, MsgItem } from '../2-mime/msg-item.js';
import { splitTyped } from '../3-formats/readers/dsn-fields.js';
import type { ParsedReport, RowDraft } from '../3-formats/readers/types.js';
import { MAPI_DIAG } from './codes.js';
import { PROPS, type PropDef } from './properties.js';
import { reasonFromReportText } from './report-text.js';

/** Report class suffix → the action of its rows (status-recips.ts REPORT_TYPE, read backwards). */
const ACTIONS: ReadonlyArray<readonly [string, Action]> = [
  ['.delayed.dr', 'delayed'],
  ['.relayed.dr', 'relayed'],
  ['.expanded.dr', 'expanded'],
  ['.ndr', 'failed'],
  ['.dr', 'delivered'],
];

/** Read receipts (MS-OXOMSG §2.2.1.4x: REPORT.<class>.IPNRN / .IPNNRN): reports, but of reading, not delivery. */
const READ_RECEIPTS = ['.ipnrn', '.ipnnrn'];

const id = (p: PropDef) => p.id;

/** What kind of item this is, by its message class. */
export function itemKind(item: MsgItem): { messageClass: string; action: Action | null; readReceipt: boolean } {
  const messageClass = item.props.string(id(PROPS.MessageClass)) ?? 'IPM.Note';
  const lower = messageClass.toLowerCase();
  if (!lower.startsWith('report.')) return { messageClass, action: null, readReceipt: false };
  if (READ_RECEIPTS.some((s) => lower.endsWith(s))) return { messageClass, action: null, readReceipt: true };
  const action = ACTIONS.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? null;
  return { messageClass, action, readReceipt: false };
}

interface Supplementary {
  mta: string | null;
  status: string | null;
  diagnostic: string | null;
}

/** "<mta #5.7.26 smtp; 550 ...>" (MS-OXCMAIL §2.2.3.7.1.2); the mta and the diagnostic are optional. */
export function readSupplementaryInfo(value: string | null): Supplementary | null {
  if (!value) return null;
  let v = value.trim();
  if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1);
  const hash = v.indexOf('#');
  if (hash === -1) return null;
  const m = /^([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/.exec(v.slice(hash + 1));
  if (!m) return null;
  const mta = v.slice(0, hash).trim() || null;
  const diagnostic = v.slice(hash + 1 + m[1].length).trim() || null;
  return { mta, status: m[1], diagnostic };
}

/** PidTagNonDeliveryReportStatusCode: class×100 + subject×10 + detail (codes.ts statusCodes, read backwards). */
function statusFromNumber(n: number | null): string | null {
  if (n === null || n < 200 || n > 599) return null;
  return `${Math.floor(n / 100)}.${Math.floor(n / 10) % 10}.${n % 10}`;
}

// MAPI_DIAG codes with one RFC 3463 reading, for items whose writer set no status code
// (MS-OXCMAIL §2.2.3.7.1.3's table read backwards where it is one to one)
const STATUS_BY_DIAG: ReadonlyMap<number, string> = new Map([
  [MAPI_DIAG.MAPI_DIAG_OR_NAME_UNRECOGNIZED, '5.1.1'],
  [MAPI_DIAG.MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD, '5.3.4'],
  [MAPI_DIAG.MAPI_DIAG_MAXIMUM_TIME_EXPIRED, '4.4.7'],
]);

const CLASS_STATUS: Record<Action, string> = { failed: '5.0.0', delayed: '4.0.0', delivered: '2.0.0', relayed: '2.0.0', expanded: '2.0.0' };

function rowOf(r: ItemProps, action: Action): RowDraft {
  const supplementary = readSupplementaryInfo(r.string(id(PROPS.SupplementaryInfo)));
  const diag = r.number(id(PROPS.NonDeliveryReportDiagCode));
  const status = supplementary?.status ?? statusFromNumber(r.number(id(PROPS.NonDeliveryReportStatusCode))) ?? (diag !== null && action === 'failed' ? STATUS_BY_DIAG.get(diag) : null) ?? CLASS_STATUS[action];
  const [diagnosticType, diagnosticCode] = supplementary?.diagnostic ? splitTyped(supplementary.diagnostic) : [null, ''];
  const address = r.string(id(PROPS.SmtpAddress)) ?? r.string(id(PROPS.EmailAddress)) ?? '';
  const name = r.string(id(PROPS.DisplayName));
  const reason: Reason | null = reasonFromReportText(r.string(id(PROPS.ReportText)));
  return {
    recipient: address,
    displayName: name && name !== address ? name : null,
    action,
    status,
    diagnosticType,
    diagnosticCode: diagnosticCode || null,
    remoteMta: r.string(id(PROPS.RemoteMessageTransferAgent)) ?? supplementary?.mta ?? null,
    reason,
    fields: {},
  };
}

function mailbox(name: string | null, address: string | null): string | null {
  if (!address) return name;
  return name && name !== address ? `${name} <${address}>` : address;
}

/** The original message a report item speaks of, from its PidTagOriginal* properties. */
function originalOf(p: ItemProps): OriginalMessage | null {
  const o: OriginalMessage = {
    messageId: p.string(id(PROPS.InReplyToId)),
    subject: p.string(id(PROPS.OriginalSubject)),
    from: mailbox(p.string(id(PROPS.OriginalSenderName)), p.string(id(PROPS.OriginalSenderEmailAddress))),
    to: p.string(id(PROPS.OriginalDisplayTo)),
    cc: p.string(id(PROPS.OriginalDisplayCc)),
    date: toIsoDate(p.string(id(PROPS.OriginalSubmitTime))),
    contentClass: null,
  };
  return Object.values(o).some((v) => v !== null) ? o : null;
}

export interface ItemReport {
  report: ParsedReport;
  /** the report item's own header fields for the result */
  messageId: string | null;
  date: string | null;
  subject: string | null;
  from: string | null;
  headerBlock: string;
}

/** The rows of a delivery report item (itemKind(item).action is not null), as a format parser gives them. */
export function reportFromItem(item: MsgItem, action: Action): ItemReport {
  const p = item.props;
  const recipients = item.recipients.map((r) => rowOf(r, action)).filter((r) => r.recipient);
  const format = action === 'failed' ? 'msg-ndr' : 'msg-dr';
  return {
    report: {
      kind: 'dsn',
      format,
      reportingMta: p.string(id(PROPS.ReportingMessageTransferAgent)),
      arrivalDate: null,
      recipients,
      original: originalOf(p),
    },
    messageId: p.string(id(PROPS.InternetMessageId)),
    date: toIsoDate(p.string(id(PROPS.ClientSubmitTime)) ?? p.string(id(PROPS.MessageDeliveryTime))),
    subject: p.string(id(PROPS.Subject)),
    from: mailbox(p.string(id(PROPS.SenderName)) ?? p.string(id(PROPS.SentRepresentingName)), p.string(id(PROPS.SenderEmailAddress)) ?? p.string(id(PROPS.SentRepresentingEmailAddress))),
    headerBlock: p.string(id(PROPS.TransportMessageHeaders)) ?? '',
  };
}
