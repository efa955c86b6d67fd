// Generators whose bounces are plain RFC 3464 reports: the generic reader does the work;
// these modules name the generator (design.md `format`) from its fingerprints and add what
// only it says (SendGrid's "Action: expired", PowerMTA's bounce categories, amavisd-new's
// subject). Fingerprints are from the samples named per entry [SOE lhost-*].
import type { BounceMessage } from '../mime/message.js';
import type { Reason } from '../table/schema.js';
import { gateHolds } from './gates.js';
import { parseRfc3464 } from './rfc3464.js';
import { parseSendmailText } from './sendmail.js';
import { perMessage } from './text-util.js';
import type { FormatModule, Gate, ParsedReport } from './types.js';

interface Fingerprint {
  id: string;
  description: string;
  /** detection score when the fingerprint is present (default 40: above the generic reader) */
  score?: number;
  /** one of these must be in the message (the module's gate); without `test`, one is enough */
  markers?: Gate;
  /** what else must hold (the whole fingerprint where it is not a plain list of markers) */
  test?(msg: BounceMessage, text: string): boolean;
  refine?(report: ParsedReport, msg: BounceMessage): void;
  /** the generator's bounce without a delivery-status part, when it writes one */
  text?(msg: BounceMessage): ParsedReport | null;
}

const header = (msg: BounceMessage, name: string) => (msg.headers.get(name) ?? '').toLowerCase();
// the delivery-status text lower-cased once per message, whichever fingerprints ask for it
const dsnText = perMessage((msg) => msg.deliveryStatus.map((d) => d.text.toLowerCase()).join('\n'));
/** a raw per-recipient field by case-insensitive name */
const field = (fields: Record<string, string> | undefined, name: string) => Object.entries(fields ?? {}).find(([k]) => k.toLowerCase() === name)?.[1]?.trim().toLowerCase() ?? '';

// PowerMTA's X-PowerMTA-BounceCategory [PowerMTA user guide, "bounce categories"]; the
// broad ones (bad-mailbox: unknown or disabled; other) are left to the status and text
const POWERMTA_CATEGORIES: Record<string, Reason> = {
  'bad-domain': 'hostunknown',
  'inactive-mailbox': 'suspend',
  'quota-issues': 'mailboxfull',
  'message-expired': 'expired',
  'policy-related': 'policyviolation',
  'spam-related': 'spamdetected',
  'virus-related': 'virusdetected',
  'content-related': 'contenterror',
  'invalid-sender': 'rejected',
  'relaying-issues': 'norelaying',
  'bad-connection': 'networkerror',
  'routing-errors': 'networkerror',
};

// amavisd-new names the verdict in its subjects [amavisd-new notification templates;
// SOE lhost-amavis-*]: "Considered UNSOLICITED BULK EMAIL, apparently from you",
// "VIRUS (...) IN MAIL FROM YOU", "BANNED contents from you", "BAD HEADER in message"
const AMAVIS_SUBJECTS: ReadonlyArray<readonly [string, Reason]> = [
  ['unsolicited bulk email', 'spamdetected'],
  ['virus', 'virusdetected'],
  ['banned', 'policyviolation'],
  ['bad header', 'contenterror'],
];

// fingerprints whose test is not a plain list of markers (a prefix, the first header of a name)
const COURIER_BOUNDARY = '=_courier_'; // [SOE lhost-courier-*] boundary "=_courier_0"
const COURIER_TEXT = 'running the courier mail server';
const COURIER_ID = '<courier.'; // Message-ID "<courier....>"
const SURFCONTROL = 'surfcontrol';
const SURFCONTROL_HEADER = 'x-sef-processed';

const FINGERPRINTS: readonly Fingerprint[] = [
  {
    id: 'courier',
    description: 'Courier MTA (multipart/report, "running the Courier mail server")',
    // [SOE lhost-courier-*] boundary "=_courier_0", Message-ID "<courier....>"
    markers: { boundary: [COURIER_BOUNDARY], text: [COURIER_TEXT], headerValues: [['message-id', COURIER_ID]] },
    test: (msg, text) => (msg.contentParams.boundary ?? '').startsWith(COURIER_BOUNDARY) || text.includes(COURIER_TEXT) || (msg.headers.get('message-id') ?? '').startsWith(COURIER_ID),
  },
  {
    id: 'sendgrid',
    description: 'SendGrid (X-SendGrid-QueueID in the DSN, "Action: expired")',
    score: 70, // its subject and layout copy Postfix's
    // [SOE lhost-sendgrid-*]
    markers: { text: ['this is an automatically generated message from sendgrid'], deliveryStatus: ['x-sendgrid-queueid'] },
    refine(report) {
      // SendGrid's non-standard "Action: expired": it gave up retrying (native-formats.md §7.8)
      for (const r of report.recipients) if (field(r.fields, 'action') === 'expired') r.reason = 'expired';
    },
  },
  {
    id: 'powermta',
    description: 'PowerMTA (X-PowerMTA-VirtualMTA / X-PowerMTA-BounceCategory DSN fields)',
    // [SOE lhost-powermta-*]
    markers: { deliveryStatus: ['x-powermta-'] },
    refine(report) {
      for (const r of report.recipients) {
        const category = field(r.fields, 'x-powermta-bouncecategory');
        if (category && POWERMTA_CATEGORIES[category]) r.reason ??= POWERMTA_CATEGORIES[category];
      }
    },
  },
  {
    id: 'amavis',
    description: 'amavisd-new content filter notices ("This nondelivery report was generated by the program amavisd-new")',
    // [SOE lhost-amavis-*] From "Content-filter at <host>"
    markers: { text: ['generated by the program amavisd-new'], from: ['content-filter at '] },
    refine(report, msg) {
      const subject = msg.subject.toLowerCase();
      const verdict = AMAVIS_SUBJECTS.find(([s]) => subject.includes(s))?.[1];
      if (verdict) for (const r of report.recipients) r.reason ??= verdict;
    },
  },
  {
    id: 'barracuda',
    description: 'Barracuda Spam Firewall bounces',
    // [SOE lhost-barracuda-01] subject "**Message you sent blocked by our bulk email filter**"
    markers: { subject: ['blocked by our bulk email filter'], deliveryStatus: ['reporting-mta: dns; barracuda'] },
  },
  {
    id: 'mcafee',
    description: 'McAfee Email Gateway / Email and Web Security bounces (X-NAI-Header, deliveryproblems.txt)',
    // [SOE lhost-mcafee-*]
    // (the part's name parameter is its file name; leaf headers are not parsed for this)
    test: (msg) => msg.headers.has('x-nai-header') || msg.leaves.some((l) => l.filename === 'deliveryproblems.txt'),
    // the same "--- The following addresses had delivery problems ---" list without the DSN part
    text: (msg) => parseSendmailText(msg, 'mcafee'),
  },
  {
    id: 'surfcontrol',
    description: 'SurfControl E-mail Filter bounces',
    // [SOE lhost-surfcontrol-*]
    // the first X-Mailer names it
    markers: { headerValues: [['x-mailer', SURFCONTROL]], headers: [SURFCONTROL_HEADER] },
    test: (msg) => header(msg, 'x-mailer').includes(SURFCONTROL) || msg.headers.has(SURFCONTROL_HEADER),
  },
  {
    id: 'receivingses',
    description: 'Amazon SES inbound (receiving) bounces (Reporting-MTA inbound-smtp.*.amazonaws.com)',
    score: 85, // SES headers (X-SES-Outgoing) are on these too: receiving wins over sending
    // [SOE lhost-receivingses-*]
    markers: { deliveryStatus: ['reporting-mta: dns; inbound-smtp.'] },
    test: (msg) => dsnText(msg).includes('amazonaws.com'),
  },
  {
    id: 'messagelabs',
    description: 'Symantec / Broadcom Email Security.cloud (MessageLabs) bounces',
    // [SOE rhost-messagelabs-*] "This is the mail delivery agent at Symantec Email Security.cloud."
    markers: { text: ['mail delivery agent at symantec email security.cloud'], deliveryStatus: ['messagelabs.com'] },
  },
  {
    id: 'aol',
    description: 'AOL bounces (Postmaster@AOL.com, Diagnostic-Code type X-Outbound-Mail-Relay)',
    // native-formats.md §5.4 [SOE rhost-aol-*]
    score: 70,
    markers: { from: ['@aol.com'] },
    test: (msg) => dsnText(msg).includes('x-outbound-mail-relay'),
  },
  {
    id: 'facebook',
    description: 'Facebook bounces (mailer-daemon@*.facebook.com, postmaster.facebook.com response codes)',
    // [SOE rhost-facebook-*]
    score: 70,
    markers: { from: ['facebook.com'] },
    test: (msg) => msg.from.toLowerCase().includes('mailer-daemon'),
  },
  {
    id: 'apple',
    description: 'Apple iCloud inbound bounces (Mailer-Daemon@*.apple.com)',
    // [SOE rhost-apple-*]
    score: 70, // Apple's MXs run Postfix: the provider is the more specific name
    markers: { from: ['.apple.com'] },
    test: (msg) => msg.from.toLowerCase().includes('mailer-daemon@'),
  },
  {
    id: 'yandex',
    description: 'Yandex (Russian preface, Postfix underneath, Diagnostic-Code type X-Yandex)',
    score: 70, // more specific than the Postfix it runs on
    // [SOE lhost-yandex-*] (native-formats.md §7.1)
    markers: { from: ['mailer-daemon@yandex.'], headers: ['x-yandex-front'] },
  },
];

function moduleFor(fp: Fingerprint): FormatModule {
  return {
    id: fp.id,
    description: fp.description,
    gate: fp.markers,
    detect(msg) {
      if (!msg.deliveryStatus.length && !fp.text) return 0;
      if (fp.markers && !gateHolds(fp.markers, msg)) return 0;
      if (fp.test && !fp.test(msg, msg.lowerHead)) return 0;
      return fp.score ?? 40;
    },
    parse(msg, ctx) {
      if (!msg.deliveryStatus.length) return fp.text ? fp.text(msg) : null;
      const report = parseRfc3464(msg, fp.id, ctx.limits);
      if (report && fp.refine) fp.refine(report, msg);
      return report;
    },
  };
}

export const DSN_GENERATORS: readonly FormatModule[] = FINGERPRINTS.map(moduleFor);
