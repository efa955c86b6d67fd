// The human-readable table: one block per message, one line per recipient.
import type { ChalkInstance } from 'chalk';
import type { ParseResult, RecipientRow } from '../0-core/schema.js';
import type { RecordWriter, TextSink } from './sink.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

// C0/C1 controls (ESC starts terminal escape sequences) from a hostile message must not
// reach a terminal: each is shown as U+FFFD.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

function printable(s: string): string {
  return s.replace(CONTROLS, '\ufffd');
}

function oneLine(s: string, max: number): string {
  const t = printable(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, Math.max(0, max - 1))}…` : t;
}

function actionColour(c: ChalkInstance, row: RecipientRow): (s: string) => string {
  switch (row.action) {
    case 'failed':
      return c.red;
    case 'delayed':
      return c.yellow;
    case 'delivered':
    case 'relayed':
    case 'expanded':
      return c.green;
    default:
      return c.cyan;
  }
}

/** The --explain lines of a row: why this reason, why this hard/soft verdict. */
function explainLines(row: RecipientRow): string[] {
  const e = row.explain!;
  const r = e.reason;
  let why = `why ${row.reason}: ${r.by}: ${r.rule}`;
  if (r.phrase !== undefined) why += ` "${r.phrase}"${r.in ? ` in the ${r.in}` : ''}`;
  if (r.provider) why += ` [${r.provider}]`;
  if (r.adjusted) why += `; then ${r.adjusted}`;
  const lines = [why];
  if (r.from) lines.push(`  from: ${r.from}`);
  lines.push(`why ${row.bounceType}: ${e.bounceType.by}: ${e.bounceType.rule}`);
  return lines;
}

export function renderResult(r: ParseResult, c: ChalkInstance, width = 100): string {
  const lines: string[] = [];
  const what = r.error ? c.red(`error: ${oneLine(r.error, 2000)}`) : r.kind ? `${c.bold(r.kind)} ${c.dim(r.format ?? '')}` : c.dim('not a delivery status report');
  lines.push(`${c.bold(printable(r.source))}  ${what}`);
  if (r.subject && !r.error) lines.push(c.dim(`  subject: ${oneLine(r.subject, width - 11)}`));
  for (const row of r.recipients) {
    const colour = actionColour(c, row);
    const action = pad(row.action ?? r.kind ?? '', 9);
    const status = pad(row.status ?? '', 7);
    const reason = pad(row.reason, 15);
    const type = pad(row.bounceType, 4);
    lines.push(`  ${colour(action)} ${status} ${reason} ${type} ${oneLine(row.recipient, 1024)}`);
    const detail = row.diagnosticCode ?? (row.feedbackType ? `feedback-type: ${row.feedbackType}` : null);
    if (detail) lines.push(c.dim(`            ${oneLine(detail, Math.max(20, width - 12))}`));
    if (row.explain) for (const why of explainLines(row)) lines.push(c.cyan(`            ${oneLine(why, 2000)}`));
  }
  for (const w of r.warnings) lines.push(c.yellow(`  warning: ${oneLine(w, 2000)}`));
  return `${lines.join('\n')}\n`;
}

export function tableWriter(sink: TextSink, c: ChalkInstance, width = 100): RecordWriter<ParseResult> {
  let first = true;
  return {
    async write(r) {
      await sink.write((first ? '' : '\n') + renderResult(r, c, width));
      first = false;
    },
    end: () => sink.flush(),
  };
}
