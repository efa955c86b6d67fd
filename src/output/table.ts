// The human-readable table: one block per message, one line per recipient.
import type { ChalkInstance } from 'chalk';
import type { ParseResult, RecipientRow } from '../table/schema.js';
import type { RecordWriter, TextSink } from './sink.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
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

export function renderResult(r: ParseResult, c: ChalkInstance, width = 100): string {
  const lines: string[] = [];
  const what = r.error ? c.red(`error: ${r.error}`) : r.kind ? `${c.bold(r.kind)} ${c.dim(r.format ?? '')}` : c.dim('not a delivery status report');
  lines.push(`${c.bold(r.source)}  ${what}`);
  if (r.subject && !r.error) lines.push(c.dim(`  subject: ${oneLine(r.subject, width - 11)}`));
  for (const row of r.recipients) {
    const colour = actionColour(c, row);
    const action = pad(row.action ?? r.kind ?? '', 9);
    const status = pad(row.status ?? '', 7);
    const reason = pad(row.reason, 15);
    const type = pad(row.bounceType, 4);
    lines.push(`  ${colour(action)} ${status} ${reason} ${type} ${row.recipient}`);
    const detail = row.diagnosticCode ?? (row.feedbackType ? `feedback-type: ${row.feedbackType}` : null);
    if (detail) lines.push(c.dim(`            ${oneLine(detail, Math.max(20, width - 12))}`));
  }
  for (const w of r.warnings) lines.push(c.yellow(`  warning: ${w}`));
  return `${lines.join('\n')}\n`;
}

export function tableWriter(sink: TextSink, c: ChalkInstance, width = 100): RecordWriter<ParseResult> {
  let first = true;
  return {
    async write(r) {
      await sink.write((first ? '' : '\n') + renderResult(r, c, width));
      first = false;
    },
    async end() {},
  };
}
