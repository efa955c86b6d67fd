// The format modules, in registry order. The modules one of whose markers holds
// (readers/markers.ts) are scored; the most confident one parses, and if it finds nothing
// the next candidate gets its turn. Score bands and precedences: score.ts.
import type { BounceMessage } from '../2-mime/message.js';
import { amazonses, amazonworkmail } from './amazon/amazon.js';
import { amavis } from './dsn/amavis.js';
import { aol } from './dsn/aol.js';
import { apple } from './dsn/apple.js';
import { barracuda } from './dsn/barracuda.js';
import { courier } from './dsn/courier.js';
import { facebook } from './dsn/facebook.js';
import { mcafee } from './dsn/mcafee.js';
import { messagelabs } from './dsn/messagelabs.js';
import { powermta } from './dsn/powermta.js';
import { receivingses } from './dsn/receivingses.js';
import { sendgrid } from './dsn/sendgrid.js';
import { surfcontrol } from './dsn/surfcontrol.js';
import { yandex } from './dsn/yandex.js';
import { exchange2003 } from './exchange/exchange2003.js';
import { exchange2007 } from './exchange/exchange2007.js';
import { office365 } from './exchange/office365.js';
import { outlook } from './exchange/outlook.js';
import { einsundeins } from './exim/einsundeins.js';
import { exim } from './exim/exim.js';
import { gmx } from './exim/gmx.js';
import { mailru } from './exim/mailru.js';
import { mxlogic } from './exim/mxlogic.js';
import { mfilter } from './gateway/mfilter.js';
import { mimecast } from './gateway/mimecast.js';
import { trendmicro } from './gateway/trendmicro.js';
import { arf } from './generic/arf.js';
import { rfc3464 } from './generic/rfc3464.js';
import { rfc3834 } from './generic/rfc3834.js';
import { mdnRejection } from './generic/mdn-rejection.js';
import { textFallback } from './generic/text-fallback.js';
import { unsubscribe } from './generic/unsubscribe.js';
import { gmail, googlegroups, googleworkspace } from './google/google.js';
import { apachejames } from './mta/apachejames.js';
import { chasquid } from './mta/chasquid.js';
import { domino } from './mta/domino.js';
import { dragonfly } from './mta/dragonfly.js';
import { fml } from './mta/fml.js';
import { groupwise } from './mta/groupwise.js';
import { hmailserver } from './mta/hmailserver.js';
import { imailserver } from './mta/imailserver.js';
import { localnames } from './mta/localnames.js';
import { mailfoundry } from './mta/mailfoundry.js';
import { messagingserver } from './mta/messagingserver.js';
import { netscape } from './mta/netscape.js';
import { notes } from './mta/notes.js';
import { opensmtpd } from './mta/opensmtpd.js';
import { xmail } from './mta/xmail.js';
import { postfix } from './postfix/postfix.js';
import { biglobe } from './provider/biglobe.js';
import { ezweb } from './provider/ezweb.js';
import { kddi } from './provider/kddi.js';
import { verizon } from './provider/verizon.js';
import { zoho } from './provider/zoho.js';
import { qmail } from './qmail/qmail.js';
import { yahoo } from './qmail/yahoo.js';
import { activehunter } from './sendmail/activehunter.js';
import { sendmail } from './sendmail/sendmail.js';
import { v5sendmail } from './sendmail/v5sendmail.js';
import { x2, x3, x4, x6 } from './unidentified/unidentified.js';
import { x1 } from './unidentified/x1.js';
import { indexMarkers, openModules, releaseOpen, type MarkerIndex } from './readers/markers.js';
import type { FormatModule, ParseContext, ParsedReport } from './readers/types.js';

// Grouped by family. Order breaks ties between equal scores only; the bands and the few
// precedences between modules are in score.ts.
export const FORMATS: readonly FormatModule[] = [
  // feedback reports first: a complaint may quote the bounce it complains of
  arf,
  // qmail and its relatives (QSBMF)
  qmail,
  yahoo,
  // Postfix
  postfix,
  // Sendmail 8 and 5, and a filter that copies its layout
  sendmail,
  v5sendmail,
  activehunter,
  // Exim and the services that run it
  exim,
  mailru,
  gmx,
  einsundeins,
  mxlogic,
  // Microsoft Exchange, Exchange Online, Outlook.com
  office365,
  outlook,
  exchange2007,
  exchange2003,
  // providers and services with layouts of their own
  gmail,
  googlegroups,
  googleworkspace,
  amazonses,
  amazonworkmail,
  zoho,
  ezweb,
  kddi,
  biglobe,
  verizon,
  // other MTAs
  chasquid,
  dragonfly,
  opensmtpd,
  imailserver,
  apachejames,
  fml,
  mailfoundry,
  domino,
  notes,
  messagingserver,
  netscape,
  hmailserver,
  groupwise,
  xmail,
  localnames,
  // mail gateways and filters
  trendmicro,
  mfilter,
  mimecast,
  // generators of standard DSNs, named by their fingerprints
  courier,
  sendgrid,
  powermta,
  amavis,
  barracuda,
  mcafee,
  surfcontrol,
  receivingses,
  messagelabs,
  aol,
  facebook,
  apple,
  yandex,
  // layouts whose generator no source names
  x1,
  x2,
  x3,
  x4,
  x6,
  // the generic readers last: any DSN, then a failure notice no generator claimed, then auto-replies
  rfc3464,
  mdnRejection,
  unsubscribe,
  textFallback,
  rfc3834,
];

export interface Selection {
  report: ParsedReport | null;
  /** detection or parse failures of individual modules (a bug, never the user's fault) */
  problems: string[];
  /** their stack traces, shown with --debug */
  stacks: string[];
}

function stackOf(e: unknown): string {
  return (e as Error)?.stack ?? String(e);
}

// the markers of each module list, indexed once
const markerIndexes = new WeakMap<readonly FormatModule[], MarkerIndex>();

function markersOf(formats: readonly FormatModule[]): MarkerIndex {
  let index = markerIndexes.get(formats);
  if (!index) {
    index = indexMarkers(formats);
    markerIndexes.set(formats, index);
  }
  return index;
}

export function selectAndParse(msg: BounceMessage, ctx: ParseContext, formats: readonly FormatModule[] = FORMATS): Selection {
  const problems: string[] = [];
  const stacks: string[] = [];
  // the modules that claim the message, highest score first, table order among equals (each
  // moved into place as it comes: there are a few, and sort or splice cost more to set up)
  const scored: { f: FormatModule; score: number }[] = [];
  let open: Uint8Array | null;
  let index: MarkerIndex | null = null;
  try {
    index = markersOf(formats);
    open = openModules(index, msg);
  } catch {
    // reading the views failed (a bug): every module is asked, and its own failure noted
    open = null;
  }
  for (let i = 0; i < formats.length; i++) {
    if (open && !open[i]) continue;
    const f = formats[i];
    try {
      const score = f.score(msg);
      if (score > 0) {
        const candidate = { f, score };
        let at = scored.length;
        scored.push(candidate);
        for (; at > 0 && scored[at - 1].score < score; at--) scored[at] = scored[at - 1];
        scored[at] = candidate;
      }
    } catch (e) {
      problems.push(`${f.id} scoring failed: ${(e as Error)?.message ?? String(e)}`);
      stacks.push(stackOf(e));
    }
  }
  // the set serves the next message (markers.ts openModules)
  if (open && index) releaseOpen(index, open);
  // an indexed loop stepped where every pass goes, not for-of: the first message whose first
  // candidate gives no report took the iterator's second step (or a loop's `s++`) for the
  // first time, and TurboFan's code for this function, made without it, was thrown away
  // (node --trace-deopt over /tmp/bm10)
  // One return, for the same reason: the first message no module parsed made its own.
  let report: ParsedReport | null = null;
  for (let s = 0; s < scored.length && report === null; ) {
    const f = scored[s++].f;
    try {
      const parsed = f.parse(msg, ctx);
      if (parsed && (parsed.recipients.length > 0 || parsed.kind !== 'dsn')) report = parsed;
    } catch (e) {
      problems.push(`${f.id} parser failed: ${(e as Error)?.message ?? String(e)}`);
      stacks.push(stackOf(e));
    }
  }
  return { report, problems, stacks };
}
