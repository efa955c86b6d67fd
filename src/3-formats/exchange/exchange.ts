// Microsoft Exchange, Exchange Online and Outlook.com NDRs (docs/formats.md#exchange-family). Four
// format ids share one reader:
//   exchange2003  Exchange 4.0/5.5 IMS text NDRs, Exchange 2000/2003 and the Windows SMTP
//                 service (X-DSNContext);
//   exchange2007  Exchange 2007-2019 on-premises;
//   office365     Exchange Online / Microsoft 365 tenants;
//   outlook       Outlook.com / Hotmail, classic (Windows SMTP service) and current.
// Where the NDR carries a message/delivery-status part its rows come from there, and the
// human part adds its richer detail (display name, component code, remote server, the
// history of attempts); where it does not, the rows come from the human part alone.
import type { BounceMessage, ReturnedMessage } from '../../2-mime/message.js';
import { findComponentCode } from '../../0-core/exchange-codes.js';
import { prepareText } from '../../0-core/text.js';
import { toIsoDate } from '../../0-core/address.js';
import type { OriginalMessage } from '../../0-core/schema.js';
import { findStatusCodes, findStatusInText } from '../../0-core/status.js';
import { readExchangeText, type ExchangeEntry } from './exchange-text.js';
import { attachHints, readDeliveryStatus } from '../readers/rfc3464.js';
import { headerIncludes, headerNeedle, type HeaderNeedle, humanText, returnedFromBytes } from '../readers/text-util.js';
import { findAddress } from '../readers/native-text.js';
import type { FormatModule, ParseContext, ParsedReport, RowDraft } from '../readers/types.js';

type Flavour = 'exchange2003' | 'exchange2007' | 'office365' | 'outlook';

// Openings of the human part, by generation (docs/formats.md#exchange-family and the sections after it).
const OPENINGS_2003 = [
  'did not reach the following recipient', // Exchange 4.0/5.5 IMS (docs/formats.md#exchange2003)
  'did not reach some or all of the intended recipients', // Exchange 4/5 IMC, 2000/2003 (docs/formats.md#exchange2003)
];
const OPENINGS_SMTPSVC = ['This is an automatically generated Delivery Status Notification']; // Windows SMTP service (docs/formats.md#exchange2003)
const OPENINGS_2007 = [
  'Delivery has failed to these recipients or', // 2007 "distribution lists", 2010+ "groups" (docs/formats.md#exchange2007)
  'Il recapito non è riuscito per i seguenti destinatari', // it-CH [SOE lhost-exchange2007-07]
  'Diagnostic information for administrators', // docs/formats.md#exchange-localised-labels, when the opening is short
  'rejected your message to the following email addresses', // Exchange Online layout A (docs/formats.md#office365)
  "couldn't be delivered.", // Exchange Online layout B "Your message to X couldn't be delivered." (docs/formats.md#office365)
];
// Subject prefixes of Exchange NDRs by locale (docs/formats.md#exchange-localised-labels; de/es UNVERIFIED).
const SUBJECT_PREFIXES = ['undeliverable:', 'non remis', 'non recapitabile:', 'olevererbart', 'onbestelbaar:', 'não entregue:', 'unzustellbar:', 'no se puede entregar:'];

// Exchange Online's own headers and host names (docs/formats.md#office365).
const EXO_HEADERS = ['x-ms-exchange-crosstenant-id', 'x-eopattributedmessage', 'x-ms-office365-filtering-correlation-id', 'x-ms-publictraffictype'];
const EXO_HOSTS = ['.prod.outlook.com', '.protection.outlook.com', '.exchangelabs.com'];
// Outlook.com / Hotmail postmasters (docs/formats.md#outlook, docs/formats.md#office365)
const OUTLOOK_SENDERS = ['hotmail.', 'outlook.com', '@live.', '@msn.'];

// Exchange 4.0-2003 headers (docs/formats.md#exchange2003): [name, lower-case text in its value ('': present)]
const HEADERS_2003: readonly (readonly [string, string])[] = [
  ['x-ms-embedded-report', ''], // Exchange 5.5 IMS
  ['x-mailer', 'internet mail service'],
  ['x-mailer', 'internet mail connector'],
  ['received', 'with internet mail service'],
  ['x-mimeole', 'produced by microsoft exchange v6'], // Exchange 2003
];
// the same, as has2003Headers asks them of a message
const NEEDLES_2003: readonly HeaderNeedle[] = HEADERS_2003.map(([name, text]) => headerNeedle(name, text));
const SMTPSVC_HEADER = 'x-dsncontext'; // Windows SMTP service (docs/formats.md#exchange2003)
const NDR_HEADER = 'x-ms-exchange-message-is-ndr'; // 2010+ (docs/formats.md#exchange2007)
const GENERATING_SERVER = 'Generating server';
const MSEXCH = 'MSEXCH:'; // Exchange 4.0/5.5's X.400 trace line (docs/formats.md#exchange2003)

function has2003Headers(msg: BounceMessage): boolean {
  return NEEDLES_2003.some((needle) => headerIncludes(msg, needle));
}

function isExchangeOnline(msg: BounceMessage): boolean {
  if (EXO_HEADERS.some((h) => msg.headers.has(h))) return true;
  const id = (msg.headers.get('message-id') ?? '').toLowerCase();
  if (EXO_HOSTS.some((h) => id.includes(h))) return true;
  return msg.deliveryStatus.some((p) => {
    const t = p.text.toLowerCase();
    const at = t.indexOf('reporting-mta:');
    if (at === -1) return false;
    const line = t.slice(at, t.indexOf('\n', at) === -1 ? undefined : t.indexOf('\n', at));
    return EXO_HOSTS.some((h) => line.includes(h));
  });
}

/** Which Exchange generation wrote this NDR, if any, from cheap markers (readFlavour, once per message). */
export function exchangeFlavour(msg: BounceMessage): Flavour | null {
  return msg.view(readFlavour);
}

function readFlavour(msg: BounceMessage): Flavour | null {
  const opening = msg.opening;
  const subject = msg.lowerSubject;
  const isNdrHeader = msg.headers.has(NDR_HEADER);
  const smtpsvc = msg.headers.has(SMTPSVC_HEADER) || OPENINGS_SMTPSVC.some((o) => opening.startsWith(o));
  // the MSEXCH trace line is not translated: a hint for the notices in other languages
  const old = has2003Headers(msg) || OPENINGS_2003.some((o) => opening.includes(o)) || (SUBJECT_PREFIXES.some((p) => subject.startsWith(p)) && opening.includes(MSEXCH));
  const modern = isNdrHeader || OPENINGS_2007.some((o) => opening.includes(o)) || (SUBJECT_PREFIXES.some((p) => subject.startsWith(p)) && opening.includes(GENERATING_SERVER));
  let flavour: Flavour | null = null;
  if (smtpsvc || old || modern) {
    const from = msg.lowerFrom;
    if (from.includes('postmaster') && OUTLOOK_SENDERS.some((s) => from.includes(s))) flavour = 'outlook';
    else if (modern && isExchangeOnline(msg)) flavour = 'office365';
    else if (old || smtpsvc) flavour = 'exchange2003';
    else flavour = 'exchange2007';
  }
  return flavour;
}

/**
 * RFC 3463 on X.4.7: "it is better to report the underlying cause of the failure rather
 * than just the timeout". Exchange lists its earlier attempts; the first one with a more
 * specific code of the same class is that cause ([SOE lhost-exchange2007-05]).
 */
function underlyingCause(status: string | null, history: string[]): string | null {
  if (!status || !status.endsWith('.4.7')) return null;
  for (const h of history) {
    const code = findStatusInText(h);
    if (code && code !== status && code[0] === status[0] && !code.endsWith('.0.0')) return code;
  }
  return null;
}

function entryFor(row: RowDraft, entries: Map<string, ExchangeEntry>): ExchangeEntry | null {
  const orig = row.originalRecipient?.toLowerCase();
  return entries.get(row.recipient.toLowerCase()) ?? (orig ? entries.get(orig) : undefined) ?? null;
}

/** The DSN row, completed by the human part; what the DSN said is kept. */
function refine(row: RowDraft, e: ExchangeEntry): void {
  row.displayName ??= e.displayName;
  row.diagnosticCode ??= e.diagnostic;
  row.remoteMta ??= e.remoteMta;
  row.reason ??= e.reason;
  if (e.text) row.hint = e.text;
  const deeper = underlyingCause(row.status ?? findStatusInText(row.diagnosticCode), e.history);
  if (deeper) row.status = deeper;
}

function rowFromEntry(e: ExchangeEntry): RowDraft {
  const replyStatus = findStatusCodes(e.diagnostic, 1)[0] ?? null;
  // a reply that names its component but no enhanced code gets the code Exchange pairs with it (docs/formats.md#exchange-component-codes)
  const status = e.status ?? replyStatus ?? findComponentCode(prepareText(e.diagnostic))?.status ?? null;
  return {
    recipient: e.recipient,
    displayName: e.displayName,
    action: 'failed',
    status: underlyingCause(status, e.history) ?? status,
    diagnosticType: e.diagnostic && /^[245]\d\d[\s-]/.test(e.diagnostic) ? 'smtp' : null,
    diagnosticCode: e.diagnostic,
    remoteMta: e.remoteMta,
    reason: e.reason,
    hint: e.text || null,
    fields: {},
  };
}

function summaryOriginal(s: NonNullable<ReturnType<typeof readExchangeText>['originalSummary']>): OriginalMessage {
  return { messageId: null, subject: s.subject, from: null, to: s.to, cc: null, date: toIsoDate(s.sent), contentClass: null };
}

/**
 * Exchange 5.5 names a directory recipient by display name only (docs/formats.md#exchange2003). When one entry is
 * named so and the original went to one address that no other entry holds (the summary's
 * To, else the returned message's To and Cc), that address is the recipient: the only
 * evidence of it the bounce carries.
 */
function resolveNames(human: ReturnType<typeof readExchangeText>, msg: BounceMessage, quoted: ReturnedMessage | null): void {
  const unnamed = human.entries.filter((e) => !e.recipient);
  if (unnamed.length !== 1) return;
  const held = new Set(human.entries.filter((e) => e.recipient).map((e) => e.recipient.toLowerCase()));
  const listed = (values: (string | null | undefined)[]) => {
    const out = new Set<string>();
    for (const v of values) for (const piece of (v ?? '').split(/[,;]/)) {
      const a = findAddress(piece);
      if (a && !held.has(a.toLowerCase())) out.add(a.toLowerCase());
    }
    return [...out];
  };
  let candidates = listed([human.originalSummary?.to]);
  // the returned original: attached, or pasted below the list (exchange-text.ts beginsOriginal)
  const returned = msg.returned ?? quoted;
  if (!candidates.length && returned) candidates = listed([...returned.headers.getAll('to'), ...returned.headers.getAll('cc')]);
  if (candidates.length === 1) unnamed[0].recipient = candidates[0];
}

function parseExchange(msg: BounceMessage, format: Flavour, ctx: ParseContext): ParsedReport | null {
  // the human text (the plain alternative where there is one), decoded once per message
  const human = readExchangeText(humanText(msg));
  const ds = msg.deliveryStatus.length ? readDeliveryStatus(msg, ctx.limits) : null;
  // no returned part: the original's headers quoted or pasted in the text
  const quoted = !msg.returned && human.originalHeaders ? returnedFromBytes(Buffer.from(human.originalHeaders, 'utf8'), true) : null;
  let report: ParsedReport;
  if (ds && ds.recipients.length) {
    const byAddress = new Map<string, ExchangeEntry>();
    for (const e of human.entries) if (!byAddress.has(e.recipient.toLowerCase())) byAddress.set(e.recipient.toLowerCase(), e);
    for (const row of ds.recipients) {
      const e = entryFor(row, byAddress);
      if (e) refine(row, e);
    }
    // rows the administrators' section does not name get the generic paragraph search
    attachHints(msg, ds.recipients);
    report = { kind: 'dsn', format, reportingMta: ds.reportingMta, arrivalDate: ds.arrivalDate, recipients: ds.recipients, warnings: ds.warnings };
  } else {
    resolveNames(human, msg, quoted);
    const rows = human.entries.filter((e) => e.recipient && (e.diagnostic || e.status || e.reason || e.text)).map(rowFromEntry);
    if (!rows.length) return null;
    report = { kind: 'dsn', format, recipients: rows };
  }
  report.reportingMta ??= human.generatingServer;
  if (!msg.returned) {
    // no returned part: the original's headers quoted in the text, or the 5.5 summary
    if (quoted) report.returned = quoted;
    else if (human.originalSummary) report.original = summaryOriginal(human.originalSummary);
  }
  return report;
}

export function moduleFor(id: Flavour, description: string): FormatModule {
  return {
    id,
    description,
    // a flavour needs one of the headers or openings readFlavour reads
    markers: {
      headers: [SMTPSVC_HEADER, NDR_HEADER],
      headerValues: HEADERS_2003,
      opening: [...OPENINGS_SMTPSVC, ...OPENINGS_2003, ...OPENINGS_2007, GENERATING_SERVER, MSEXCH],
    },
    score(msg) {
      return exchangeFlavour(msg) === id ? 75 : 0;
    },
    parse(msg, ctx) {
      return parseExchange(msg, id, ctx);
    },
  };
}
