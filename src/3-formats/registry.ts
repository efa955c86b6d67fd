// The native formats, in detection order. The modules whose gate holds (gates.ts) detect;
// the most confident one parses, and if it finds nothing the next candidate gets its turn.
import type { BounceMessage } from '../2-mime/message.js';
import { amazonses, amazonworkmail } from './amazon/amazon.js';
import { apachejames } from './mta/apachejames.js';
import { arf } from './generic/arf.js';
import { biglobe } from './provider/biglobe.js';
import { domino, notes } from './mta/domino.js';
import { dragonfly } from './mta/dragonfly.js';
import { DSN_GENERATORS } from './dsn/dsn-generators.js';
import { exchange2003, exchange2007, office365, outlook } from './exchange/exchange.js';
import { exim } from './exim/exim.js';
import { ezweb } from './provider/ezweb.js';
import { fml } from './mta/fml.js';
import { einsundeins, gmx } from './exim/gmx.js';
import { gmail, googlegroups, googleworkspace } from './google/google.js';
import { imailserver } from './mta/imailserver.js';
import { kddi } from './provider/kddi.js';
import { mailfoundry } from './mta/mailfoundry.js';
import { mailru } from './exim/mailru.js';
import { mdnRejection } from './generic/mdn-rejection.js';
import { messagingserver } from './mta/messagingserver.js';
import { mfilter } from './gateway/mfilter.js';
import { mimecast } from './gateway/mimecast.js';
import { mxlogic } from './exim/mxlogic.js';
import { opensmtpd } from './mta/opensmtpd.js';
import { postfix } from './postfix/postfix.js';
import { qmail, yahoo } from './qmail/qmail.js';
import { rfc3464 } from './readers/rfc3464.js';
import { rfc3834 } from './generic/rfc3834.js';
import { activehunter, sendmail, v5sendmail, x1 } from './sendmail/sendmail.js';
import { textFallback } from './generic/text-fallback.js';
import { trendmicro } from './gateway/trendmicro.js';
import { unsubscribe } from './generic/unsubscribe.js';
import { x2, x3, x4, x6 } from './unidentified/unidentified.js';
import { verizon } from './provider/verizon.js';
import { zoho } from './provider/zoho.js';
import { indexGates, openModules, type GateIndex } from './readers/gates.js';
import { releaseViews } from './readers/text-util.js';
import type { FormatModule, ParseContext, ParsedReport } from './readers/types.js';

// Order breaks ties between equal scores; a generator module scores above the generic
// RFC 3464 reader (10) when its markers are present, and refines what that reader finds.
export const FORMATS: readonly FormatModule[] = [
  // issue 3: qmail, Postfix, Exchange
  qmail,
  yahoo,
  postfix,
  office365,
  outlook,
  exchange2007,
  exchange2003,
  // issue 4: the other generators of native-formats.md §5, feedback reports, auto-replies
  exim,
  mailru,
  gmx,
  einsundeins,
  mxlogic,
  zoho,
  dragonfly,
  opensmtpd,
  gmail,
  googlegroups,
  googleworkspace,
  sendmail,
  v5sendmail,
  activehunter,
  x1,
  amazonses,
  amazonworkmail,
  arf,
  trendmicro,
  ezweb,
  kddi,
  biglobe,
  mfilter,
  imailserver,
  verizon,
  apachejames,
  fml,
  mailfoundry,
  domino,
  notes,
  messagingserver,
  x2,
  x3,
  x4,
  x6,
  mimecast,
  ...DSN_GENERATORS,
  // generic readers last: any DSN, then a failure notice no generator claimed, then auto-replies
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

// the gates of each module list, indexed once
const gateIndexes = new WeakMap<readonly FormatModule[], GateIndex>();

function gatesOf(formats: readonly FormatModule[]): GateIndex {
  let index = gateIndexes.get(formats);
  if (!index) {
    index = indexGates(formats);
    gateIndexes.set(formats, index);
  }
  return index;
}

export function selectAndParse(msg: BounceMessage, ctx: ParseContext, formats: readonly FormatModule[] = FORMATS): Selection {
  try {
    return runSelection(msg, ctx, formats);
  } finally {
    // the views kept for this message (perMessage) hold it: let it go
    releaseViews();
  }
}

function runSelection(msg: BounceMessage, ctx: ParseContext, formats: readonly FormatModule[]): Selection {
  const problems: string[] = [];
  const stacks: string[] = [];
  // the modules that claim the message, highest score first, table order among equals (each
  // moved into place as it comes: there are a few, and sort or splice cost more to set up)
  const scored: { f: FormatModule; score: number }[] = [];
  let open: Uint8Array | null;
  try {
    open = openModules(gatesOf(formats), msg);
  } catch {
    // reading the views failed (a bug): every module is asked, and its own failure noted
    open = null;
  }
  for (let i = 0; i < formats.length; i++) {
    if (open && !open[i]) continue;
    const f = formats[i];
    try {
      const score = f.detect(msg);
      if (score > 0) {
        const candidate = { f, score };
        let at = scored.length;
        scored.push(candidate);
        for (; at > 0 && scored[at - 1].score < score; at--) scored[at] = scored[at - 1];
        scored[at] = candidate;
      }
    } catch (e) {
      problems.push(`${f.id} detection failed: ${(e as Error)?.message ?? String(e)}`);
      stacks.push(stackOf(e));
    }
  }
  for (const { f } of scored) {
    try {
      const report = f.parse(msg, ctx);
      if (report && (report.recipients.length > 0 || report.kind !== 'dsn')) return { report, problems, stacks };
    } catch (e) {
      problems.push(`${f.id} parser failed: ${(e as Error)?.message ?? String(e)}`);
      stacks.push(stackOf(e));
    }
  }
  return { report: null, problems, stacks };
}
