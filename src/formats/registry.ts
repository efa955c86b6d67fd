// The native formats, in detection order. The modules whose gate holds (gates.ts) detect;
// the most confident one parses, and if it finds nothing the next candidate gets its turn.
import type { BounceMessage } from '../mime/message.js';
import { amazonses, amazonworkmail } from './amazon.js';
import { apachejames } from './apachejames.js';
import { arf } from './arf.js';
import { biglobe } from './biglobe.js';
import { domino, notes } from './domino.js';
import { dragonfly } from './dragonfly.js';
import { DSN_GENERATORS } from './dsn-generators.js';
import { exchange2003, exchange2007, office365, outlook } from './exchange.js';
import { exim } from './exim.js';
import { ezweb } from './ezweb.js';
import { fml } from './fml.js';
import { einsundeins, gmx } from './gmx.js';
import { gmail, googlegroups, googleworkspace } from './google.js';
import { imailserver } from './imailserver.js';
import { kddi } from './kddi.js';
import { mailfoundry } from './mailfoundry.js';
import { mailru } from './mailru.js';
import { messagingserver } from './messagingserver.js';
import { mfilter } from './mfilter.js';
import { mimecast } from './mimecast.js';
import { mxlogic } from './mxlogic.js';
import { opensmtpd } from './opensmtpd.js';
import { postfix } from './postfix.js';
import { qmail, yahoo } from './qmail.js';
import { rfc3464 } from './rfc3464.js';
import { rfc3834 } from './rfc3834.js';
import { activehunter, sendmail, v5sendmail, x1 } from './sendmail.js';
import { textFallback } from './text-fallback.js';
import { trendmicro } from './trendmicro.js';
import { x2, x3, x4, x6 } from './unidentified.js';
import { verizon } from './verizon.js';
import { zoho } from './zoho.js';
import { indexGates, openModules, type GateIndex } from './gates.js';
import { releaseViews } from './text-util.js';
import type { FormatModule, ParseContext, ParsedReport } from './types.js';

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
