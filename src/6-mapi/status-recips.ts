// The StatusRecips translator: a ParseResult's recipient-status table → MAPI DR/NDR reports,
// the way a transport's IMAPISupport::StatusRecips calls make MAPI build them
// (docs/mapi.md#statusrecips), or the way MS-OXCMAIL's DSN reader does (docs/mapi.md#grouping-modes). Pure.
import addressparser from 'nodemailer/lib/addressparser';
import type { Action, ParseResult, RecipientRow } from '../0-core/schema.js';
import { MAPI, statusCodes } from './codes.js';
import { oneOffEntryId, searchKey, toHex } from './entry-id.js';
import { originalMessageClass } from './message-class.js';
import { PROPS, keyOf, propByKey, tagString, type KeyStyle, type PropDef } from './properties.js';
import { reportBody, rowReportText } from './report-text.js';
import type { DsnRow, MapiRecipient, MapiReport, MapiValue, Mode, ReportType } from './schema.js';

export interface TranslateOptions {
  /** `statusrecips` (default): one report per action present; `oxcmail`: one report at the highest severity */
  mode?: Mode;
  /** property key names: canonical PidTag names (default), PR_ names, or `0x` tags */
  keys?: KeyStyle;
  /** the returned original's bytes (ParseOutcome.returnedBytes): read for its message class (a meeting request, say) */
  returnedBytes?: Buffer | null;
}

/** Action → report class suffix (MS-OXCMAIL §2.2.3.7.1.1). */
const REPORT_TYPE: Record<Action, ReportType> = {
  failed: 'NDR',
  delayed: 'Delayed.DR',
  relayed: 'Relayed.DR',
  expanded: 'Expanded.DR',
  delivered: 'DR',
};

/** MS-OXCMAIL §2.2.3.7.1.1 severity rank: the highest present picks the oxcmail report. */
const SEVERITY: Record<Action, number> = { delivered: 0, expanded: 1, relayed: 2, delayed: 3, failed: 4 };

/** Subject prefixes: `Undeliverable: ` as Exchange writes it; the others our choice (docs/mapi.md#deviations: unverified as Exchange's strings). */
export const SUBJECT_PREFIX: Record<ReportType, string> = {
  NDR: 'Undeliverable: ',
  DR: 'Delivered: ',
  'Delayed.DR': 'Delivery delayed: ',
  'Relayed.DR': 'Relayed: ',
  'Expanded.DR': 'Expanded: ',
};

const ADDRTYPE_SMTP = 'SMTP';

/** Why an input gives no report (the one stderr line of docs/mapi.md#grouping-modes), or null when it gives some. */
export function whyNoReport(result: ParseResult): string | null {
  if (result.error) return result.error;
  if (result.kind === 'feedback') return 'not a delivery status report (a feedback report)';
  if (result.kind === 'autoreply') return 'not a delivery status report (an auto-reply)';
  if (result.kind !== 'dsn') return 'not a delivery status report';
  if (!result.recipients.some((r) => r.action)) return 'a delivery status report without recipient rows';
  return null;
}

/** Text properties that hold several lines; every other string is one line. */
const MULTI_LINE = new Set<PropDef>([PROPS.Body, PROPS.ReportText, PROPS.TransportMessageHeaders]);
// control characters (CR, LF, NUL, ...) that hostile header values can smuggle in through encoded-words
const CONTROLS = /[\x00-\x1f\x7f]+/g;

/** A property bag that keeps insertion order and drops empty values (Outlook refuses empty strings, MS-OXMSG §2.4.2.2). */
class PropBag {
  readonly entries: [PropDef, MapiValue][] = [];

  set(prop: PropDef, value: MapiValue | null | undefined): void {
    if (typeof value === 'string' && !MULTI_LINE.has(prop)) value = value.replace(CONTROLS, ' ');
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return;
    this.entries.push([prop, value]);
  }

  time(prop: PropDef, iso: string | null | undefined): void {
    if (iso) this.set(prop, iso);
  }

  binary(prop: PropDef, bytes: Buffer): void {
    this.set(prop, toHex(bytes));
  }

  out(style: KeyStyle): Record<string, MapiValue> {
    const o: Record<string, MapiValue> = {};
    for (const [p, v] of this.entries) o[keyOf(p, style)] = v;
    return o;
  }
}

interface Mailbox {
  name: string;
  address: string;
}

/** First mailbox of an address header value (decoded), or null. */
function firstMailbox(value: string | null | undefined): Mailbox | null {
  if (!value) return null;
  const list = mailboxes(value);
  return list[0] ?? null;
}

function mailboxes(value: string | null | undefined): Mailbox[] {
  if (!value) return [];
  try {
    const out: Mailbox[] = [];
    for (const a of addressparser(value.slice(0, 64 * 1024), { flatten: true })) {
      if ('address' in a && (a.address || a.name)) out.push({ name: (a.name ?? '').trim(), address: (a.address ?? '').trim() });
    }
    return out;
  } catch {
    return [];
  }
}

/** `Name; other@x` for PR_ORIGINAL_DISPLAY_TO/CC: display names, else addresses, `; `-separated (MAPI's display list form). */
function displayList(value: string | null | undefined): string | null {
  const names = mailboxes(value).map((m) => m.name || m.address).filter(Boolean);
  return names.length ? names.join('; ') : null;
}

/** The name, address, address type, entry ID and search key properties of one mailbox. */
type MailboxProps = readonly [name: PropDef, address: PropDef, type: PropDef, entryId: PropDef, searchKey: PropDef];
const SENDER: MailboxProps = [PROPS.SenderName, PROPS.SenderEmailAddress, PROPS.SenderAddressType, PROPS.SenderEntryId, PROPS.SenderSearchKey];
const ORIGINAL_SENDER: MailboxProps = [
  PROPS.OriginalSenderName,
  PROPS.OriginalSenderEmailAddress,
  PROPS.OriginalSenderAddressType,
  PROPS.OriginalSenderEntryId,
  PROPS.OriginalSenderSearchKey,
];

function setMailbox(p: PropBag, box: Mailbox | null, [name, address, type, entryId, key]: MailboxProps): void {
  if (!box?.address) return;
  const display = box.name || box.address;
  p.set(name, display);
  p.set(address, box.address);
  p.set(type, ADDRTYPE_SMTP);
  p.binary(entryId, oneOffEntryId(display, box.address));
  p.binary(key, searchKey(box.address));
}

function field(row: RecipientRow, name: string): string | null {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(row.fields)) if (k.toLowerCase() === want) return v;
  return null;
}

/** The Diagnostic-Code value as written (`smtp; 550 …`), or rebuilt from type and text. */
export function diagnosticField(row: Pick<RecipientRow, 'diagnosticType' | 'diagnosticCode' | 'fields'>): string | null {
  const raw = field(row as RecipientRow, 'diagnostic-code');
  if (raw) return raw;
  if (!row.diagnosticCode) return null;
  return row.diagnosticType ? `${row.diagnosticType}; ${row.diagnosticCode}` : row.diagnosticCode;
}

/**
 * PR_SUPPLEMENTARY_INFO: X-Supplementary-Info when the bounce has it, else the
 * `<remote-mta #status diagnostic>` of MS-OXCMAIL §2.2.3.7.1.2 (empty parts left out with their space).
 */
export function supplementaryInfo(row: RecipientRow): string | null {
  const given = field(row, 'x-supplementary-info');
  if (given) return given;
  if (!row.status) return null;
  const mta = row.remoteMta ? `${row.remoteMta} ` : '';
  const diag = diagnosticField(row);
  return `<${mta}#${row.status}${diag ? ` ${diag}` : ''}>`;
}

function dsnRow(row: RecipientRow, action: Action): DsnRow {
  return {
    finalRecipient: row.recipient,
    originalRecipient: row.originalRecipient,
    displayName: row.displayName,
    action,
    status: row.status,
    diagnosticType: row.diagnosticType,
    diagnosticCode: row.diagnosticCode,
    remoteMta: row.remoteMta,
    lastAttemptDate: row.lastAttemptDate,
    willRetryUntil: row.willRetryUntil,
    reason: row.reason,
    bounceType: row.bounceType,
    fields: row.fields,
  };
}

interface IndexedRow {
  row: RecipientRow;
  action: Action;
  /** position in the bounce's table: PR_ROWID (StatusRecips rows name rows of the original recipient table) */
  rowid: number;
}

function recipientProps(r: IndexedRow, reportDate: string | null, reportType: ReportType): PropBag {
  const { row, action } = r;
  const p = new PropBag();
  const address = row.recipient;
  const name = row.displayName || address;
  p.set(PROPS.Rowid, r.rowid);
  p.set(PROPS.RecipientType, MAPI.MAPI_TO);
  p.set(PROPS.DisplayName, name);
  p.set(PROPS.AddressType, ADDRTYPE_SMTP);
  p.set(PROPS.EmailAddress, address);
  p.set(PROPS.SmtpAddress, address);
  p.binary(PROPS.EntryId, oneOffEntryId(name, address));
  p.binary(PROPS.SearchKey, searchKey(address));
  p.set(PROPS.Responsibility, true);
  const when = reportDate ?? row.lastAttemptDate;
  p.time(PROPS.ReportTime, when);
  // MS-OXCMAIL §2.2.3.7.1 step 3.6: every row that did not fail gets PR_DELIVER_TIME (it is what makes a row a DR row, docs/mapi.md#dr-or-ndr)
  if (action !== 'failed') p.time(PROPS.DeliverTime, when);
  const codes = statusCodes(row.status);
  if (codes && reportType === 'NDR') {
    p.set(PROPS.NonDeliveryReportDiagCode, codes.diag);
    p.set(PROPS.NonDeliveryReportReasonCode, codes.reason);
  }
  if (codes) p.set(PROPS.NonDeliveryReportStatusCode, codes.status);
  p.set(PROPS.SupplementaryInfo, supplementaryInfo(row));
  p.set(PROPS.RemoteMessageTransferAgent, row.remoteMta);
  p.set(PROPS.ReportText, rowReportText({ action, reason: row.reason, willRetryUntil: row.willRetryUntil }));
  return p;
}

function group(result: ParseResult, mode: Mode): Map<ReportType, IndexedRow[]> {
  const rows: IndexedRow[] = [];
  result.recipients.forEach((row, rowid) => {
    if (row.action) rows.push({ row, action: row.action, rowid });
  });
  const byType = new Map<ReportType, IndexedRow[]>();
  let wanted: Action[];
  if (mode === 'oxcmail') {
    // MS-OXCMAIL §2.2.3.7.1 step 3.1: rows below the highest severity are skipped
    const top = rows.reduce((a, r) => (SEVERITY[r.action] > SEVERITY[a] ? r.action : a), rows[0].action);
    wanted = [top];
  } else {
    wanted = (Object.keys(SEVERITY) as Action[]).sort((a, b) => SEVERITY[b] - SEVERITY[a]);
  }
  for (const action of wanted) {
    const list = rows.filter((r) => r.action === action);
    if (list.length) byType.set(REPORT_TYPE[action], list);
  }
  return byType;
}

/**
 * The MAPI reports of one parsed bounce: none unless it is a delivery status report with
 * recipient rows (whyNoReport says why). statusrecips mode gives one report per action
 * present, most severe first; oxcmail mode one report at the highest severity.
 */
export function translate(result: ParseResult, options: TranslateOptions = {}): MapiReport[] {
  if (whyNoReport(result) !== null) return [];
  const mode: Mode = options.mode ?? 'statusrecips';
  const keys: KeyStyle = options.keys ?? 'pidtag';
  const original = result.original;
  const originalClass = originalMessageClass(original, options.returnedBytes);
  const reportDate = result.date ?? result.arrivalDate;
  const sender = firstMailbox(result.from);
  const origSender = firstMailbox(original?.from);
  const originalSubject = original?.subject ?? null;

  const reports: MapiReport[] = [];
  for (const [reportType, rows] of group(result, mode)) {
    const messageClass = `REPORT.${originalClass}.${reportType}`;
    const prefix = SUBJECT_PREFIX[reportType];
    const p = new PropBag();
    p.set(PROPS.MessageClass, messageClass);
    if (originalSubject) {
      p.set(PROPS.Subject, prefix + originalSubject);
      p.set(PROPS.SubjectPrefix, prefix);
    } else {
      // no original subject: the prefix alone, still matching the start of the subject
      p.set(PROPS.Subject, prefix.trimEnd());
      p.set(PROPS.SubjectPrefix, prefix.trimEnd());
    }
    p.set(PROPS.NormalizedSubject, originalSubject);
    p.set(PROPS.ConversationTopic, originalSubject);
    p.set(PROPS.OriginalSubject, originalSubject);
    p.time(PROPS.OriginalSubmitTime, original?.date);
    p.set(PROPS.OriginalDisplayTo, displayList(original?.to));
    p.set(PROPS.OriginalDisplayCc, displayList(original?.cc));
    p.set(PROPS.OriginalMessageClass, originalClass);
    setMailbox(p, origSender, ORIGINAL_SENDER);
    p.set(PROPS.ReportingMessageTransferAgent, result.reportingMta);
    setMailbox(p, sender, SENDER);
    p.time(PROPS.ClientSubmitTime, reportDate);
    p.time(PROPS.MessageDeliveryTime, reportDate);
    p.set(PROPS.InternetMessageId, result.messageId);
    p.set(PROPS.InReplyToId, original?.messageId);
    p.set(PROPS.InternetReferences, original?.messageId);

    const recipientBags = rows.map((r) => recipientProps(r, reportDate, reportType));
    const body = reportBody({
      reportType,
      rows: rows.map((r, i) => ({
        address: r.row.recipient,
        displayName: r.row.displayName,
        originalRecipient: r.row.originalRecipient,
        text: String(recipientBags[i].entries.find(([d]) => d === PROPS.ReportText)?.[1] ?? ''),
        supplementaryInfo: supplementaryInfo(r.row),
      })),
      originalSubject,
      originalDate: original?.date ?? null,
      reportingMta: result.reportingMta,
    });
    p.set(PROPS.ReportText, body);
    p.set(PROPS.Body, body);
    p.set(PROPS.TransportMessageHeaders, result.headerBlock);

    reports.push({
      source: result.source,
      reportType,
      messageClass,
      mode,
      properties: p.out(keys),
      recipients: rows.map((r, i) => ({ ...recipientBags[i].out(keys), dsn: dsnRow(r.row, r.action) }) as MapiRecipient),
      dsn: {
        format: result.format,
        messageId: result.messageId,
        date: result.date,
        from: result.from,
        reportingMta: result.reportingMta,
        arrivalDate: result.arrivalDate,
        original,
      },
    });
  }
  return reports;
}

/** The same report under other key names (writers read canonical names: `rekey(report, 'pidtag')`). */
export function rekey(report: MapiReport, style: KeyStyle): MapiReport {
  const convert = (o: Record<string, unknown>): Record<string, MapiValue> => {
    const out: Record<string, MapiValue> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'dsn') continue;
      const prop = propByKey(k);
      out[prop ? keyOf(prop, style) : k] = v as MapiValue;
    }
    return out;
  };
  return {
    ...report,
    properties: convert(report.properties),
    recipients: report.recipients.map((r) => ({ ...convert(r), dsn: r.dsn }) as MapiRecipient),
  };
}

/** A property value of a report or row in any key style, by canonical name. */
export function getProp(bag: Record<string, unknown>, prop: PropDef): MapiValue | undefined {
  for (const k of [prop.pidTag, prop.pr, tagString(prop.tag)]) {
    const v = bag[k];
    if (v !== undefined && k !== 'dsn') return v as MapiValue;
  }
  return undefined;
}

