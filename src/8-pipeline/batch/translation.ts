// translate's work on one parsed message, done where the message was parsed (on its worker
// when there are workers): the MAPI reports, rendered as .eml or .msg bytes when asked.
// Rendering a .msg costs more than parsing the bounce (building the compound file), so it
// must run in parallel; the main thread then only names and writes the files, in order.
// The MAPI and writer modules are loaded on first use: `parse` never loads them.
import type { KeyStyle } from '../../6-mapi/properties.js';
import type { MapiReport, Mode, ReportType } from '../../6-mapi/schema.js';
import type { ParseOutcome } from '../parse.js';

export interface TranslateStep {
  mode?: Mode;
  keys?: KeyStyle;
  /** render each report as a file; without it the reports themselves come back */
  render?: 'eml' | 'msg';
}

export interface TranslatedReport {
  source: string;
  reportType: ReportType;
  /** the report (when not rendered) */
  report: MapiReport | null;
  /** the rendered file (with `render`) */
  bytes: Buffer | null;
  /** why it could not be rendered */
  error: string | null;
}

export interface Translation {
  /** why the message gives no report (not a delivery status report, or unreadable), else null */
  why: string | null;
  reports: TranslatedReport[];
}

type Render = (report: MapiReport, options: { returnedBytes?: Buffer | null }) => Promise<Buffer>;

let mapi: typeof import('../../6-mapi/status-recips.js') | null = null;
const renderers = new Map<string, Render>();

async function renderer(format: 'eml' | 'msg'): Promise<Render> {
  let r = renderers.get(format);
  if (!r) {
    r = format === 'eml' ? (await import('../../7-output/eml.js')).renderEml : (await import('../../7-output/msg.js')).renderMsg;
    renderers.set(format, r);
  }
  return r;
}

export async function translateOutcome(outcome: ParseOutcome, step: TranslateStep): Promise<Translation> {
  mapi ??= await import('../../6-mapi/status-recips.js');
  const why = mapi.whyNoReport(outcome.result);
  if (why !== null) return { why, reports: [] };
  const { returnedBytes } = outcome;
  const render = step.render ? await renderer(step.render) : null;
  const reports: TranslatedReport[] = [];
  for (const report of mapi.translate(outcome.result, { mode: step.mode, keys: step.keys, returnedBytes })) {
    const base = { source: report.source, reportType: report.reportType };
    if (!render) {
      reports.push({ ...base, report, bytes: null, error: null });
      continue;
    }
    try {
      reports.push({ ...base, report: null, bytes: await render(report, { returnedBytes }), error: null });
    } catch (e) {
      // one report that cannot be rendered does not stop the others
      reports.push({ ...base, report: null, bytes: null, error: (e as Error)?.message ?? String(e) });
    }
  }
  return { why: null, reports };
}
