// The human side of a report: PidTagReportText per row (why, and what to do) and the
// summary that becomes PidTagBody / the text part of an .eml. Our own wording; the layout
// follows what report forms show (docs/mapi.md#report-text: recipients, why, the original,
// then diagnostic information with the `<mta #status diagnostic>` lines).
import type { Action, Reason } from '../0-core/schema.js';

/** One sentence or two per reason: what happened and what the sender can do. */
const REASON_TEXT: Record<Reason, string> = {
  authfailure: "The recipient's system refused the message because the sender's domain failed authentication (SPF, DKIM or DMARC). The sender's mail administrator needs to fix the domain's authentication records.",
  badreputation: "The recipient's system refused mail from the sending server because of that server's reputation. Ask your mail administrator to check it.",
  blocked: "The recipient's system refused mail from the sending server (its address is blocked or listed). Ask your mail administrator to check the server's listing.",
  contenterror: "The recipient's system could not accept the message's content or format.",
  delivered: "The message was delivered.",
  exceedlimit: "The message exceeds a size limit of the recipient's mailbox. Send it with smaller attachments.",
  expired: 'The mail system gave up after trying for too long; the destination could not be reached in time.',
  failedstarttls: "The message could not be sent over the encrypted (TLS) connection the recipient's system requires.",
  feedback: 'The recipient reported the message (a feedback report).',
  filtered: "The recipient's system filtered the message out; the address may not accept mail from you.",
  hasmoved: 'The recipient has moved to a new address. Update your address book and send the message there.',
  hostunknown: "The recipient's domain does not exist or has no mail server. Check the part of the address after the @.",
  mailboxfull: "The recipient's mailbox is full. Try again later, or reach the recipient another way.",
  mailererror: "A program on the recipient's system failed while delivering the message.",
  mesgtoobig: "The message is larger than the recipient's system accepts. Send it with smaller attachments.",
  networkerror: 'A network or DNS problem stopped delivery.',
  norelaying: "The recipient's system does not relay mail for this address.",
  notaccept: "The recipient's domain does not accept mail at all.",
  notcompliantrfc: 'The message does not follow the Internet mail standards and was refused.',
  onhold: 'Delivery is on hold; the cause is not known yet.',
  policyviolation: "The message breaks a policy of the recipient's organisation.",
  rejected: "The recipient's system refused mail from the sender's address.",
  requireptr: 'The sending server has no reverse DNS (PTR) record, so the recipient\'s system refused it.',
  securityerror: 'A security problem (authentication or certificate) stopped delivery.',
  spamdetected: "The recipient's system judged the message to be spam.",
  speeding: 'The sending server sent too many messages too quickly and was held back.',
  suppressed: 'The address is on a suppression list, so the message was not sent.',
  suspend: "The recipient's mailbox is disabled or suspended.",
  syntaxerror: 'The mail systems could not agree on the protocol (an SMTP syntax error).',
  systemerror: "The recipient's mail system had an internal error.",
  systemfull: "The recipient's mail system is out of storage.",
  toomanyconn: "The recipient's system refused because of too many connections.",
  undefined: 'The mail system could not deliver the message; see the diagnostic information below.',
  userunknown: "The recipient's address does not exist. Check the spelling, or ask the recipient for the right address.",
  vacation: 'The recipient replied automatically (an auto-reply).',
  virusdetected: "The recipient's system found a virus or other malware in the message.",
};

/**
 * The reason a row's PidTagReportText names, read back (a report item this program wrote):
 * a failed row's text is REASON_TEXT itself, a delayed row's ends with "Cause: <its first
 * sentence>."; null for any other text.
 */
export function reasonFromReportText(text: string | null): Reason | null {
  if (!text) return null;
  for (const [reason, t] of Object.entries(REASON_TEXT) as [Reason, string][]) {
    if (text === t) return reason;
    if (text.endsWith(` Cause: ${t.split('. ')[0].replace(/\.$/, '')}.`)) return reason;
  }
  return null;
}

export interface RowTextInput {
  action: Action;
  reason: Reason;
  willRetryUntil: string | null;
}

/** PidTagReportText of one row: a short human explanation, from its action and reason. */
export function rowReportText(row: RowTextInput): string {
  switch (row.action) {
    case 'failed':
      return REASON_TEXT[row.reason];
    case 'delayed': {
      const until = row.willRetryUntil ? ` until ${humanDate(row.willRetryUntil)}` : '';
      // the cause only (its first sentence): the advice of a failure ("try again later") does not fit a delay
      const why = row.reason === 'undefined' || row.reason === 'expired' ? '' : ` Cause: ${REASON_TEXT[row.reason].split('. ')[0].replace(/\.$/, '')}.`;
      return `Delivery is delayed; the mail system keeps trying${until}. You need not resend the message.${why}`;
    }
    case 'relayed':
      return 'The message was passed on to a mail system that may not send a delivery notification.';
    case 'expanded':
      return 'The message was delivered to a distribution list and passed on to its members.';
    default:
      return "The message was delivered to the recipient's mail system.";
  }
}

/** `2026-03-11T14:00:00.000Z` → `2026-03-11 14:00:00 UTC` */
function humanDate(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$|Z$/, ' UTC');
}

const HEADLINE: Record<string, string> = {
  NDR: 'Delivery has failed to these recipients:',
  DR: 'Your message was delivered to these recipients:',
  'Delayed.DR': 'Delivery to these recipients is delayed:',
  'Relayed.DR': 'Your message was relayed to these recipients:',
  'Expanded.DR': 'Your message was delivered to these distribution lists and passed on to their members:',
};

export interface BodyRow {
  address: string;
  displayName: string | null;
  originalRecipient: string | null;
  text: string;
  supplementaryInfo: string | null;
}

export interface BodyInput {
  reportType: string;
  rows: BodyRow[];
  originalSubject: string | null;
  originalDate: string | null;
  reportingMta: string | null;
}

/** The report's summary: PidTagBody and PidTagReportText, and the .eml's human-readable part. */
/** One line of text: control characters (CR, LF, ...) from hostile values become spaces. */
function line(s: string | null): string | null {
  return s === null ? null : s.replace(/[\x00-\x1f\x7f]+/g, ' ');
}

export function reportBody(raw: BodyInput): string {
  const input: BodyInput = {
    ...raw,
    originalSubject: line(raw.originalSubject),
    reportingMta: line(raw.reportingMta),
    rows: raw.rows.map((r) => ({ ...r, address: line(r.address)!, displayName: line(r.displayName), originalRecipient: line(r.originalRecipient), supplementaryInfo: line(r.supplementaryInfo) })),
  };
  const lines: string[] = [HEADLINE[input.reportType] ?? HEADLINE.NDR, ''];
  for (const r of input.rows) {
    const name = r.displayName && r.displayName !== r.address ? `${r.displayName} <${r.address}>` : r.address;
    const orig = r.originalRecipient && r.originalRecipient !== r.address ? ` (sent to ${r.originalRecipient})` : '';
    lines.push(`  ${name}${orig}`, `      ${r.text}`, '');
  }
  if (input.originalSubject !== null || input.originalDate !== null) {
    lines.push('Your message:');
    if (input.originalSubject !== null) lines.push(`  Subject: ${input.originalSubject}`);
    if (input.originalDate !== null) lines.push(`  Sent: ${humanDate(input.originalDate)}`);
    lines.push('');
  }
  const diag = input.rows.filter((r) => r.supplementaryInfo);
  if (diag.length || input.reportingMta) {
    lines.push('Details for mail administrators:');
    if (input.reportingMta) lines.push(`  Reporting server: ${input.reportingMta}`);
    for (const r of diag) lines.push(`  ${r.address}`, `      ${r.supplementaryInfo}`);
    lines.push('');
  }
  return lines.join('\n');
}
