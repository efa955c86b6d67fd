// csv (RFC 4180): one row per recipient; a result without recipients still gets one row,
// so nothing disappears.
import type { ParseResult, RecipientRow } from '../0-core/schema.js';
import type { RecordWriter, TextSink } from './sink.js';

export const CSV_COLUMNS = [
  'source',
  'kind',
  'format',
  'error',
  'recipient',
  'displayName',
  'originalRecipient',
  'action',
  'status',
  'reason',
  'bounceType',
  'smtpReplyCode',
  'smtpCommand',
  'diagnosticType',
  'diagnosticCode',
  'remoteMta',
  'reportingMta',
  'arrivalDate',
  'lastAttemptDate',
  'willRetryUntil',
  'feedbackType',
  'date',
  'subject',
  'messageId',
] as const;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRows(r: ParseResult): string[][] {
  const rows: (RecipientRow | null)[] = r.recipients.length ? r.recipients : [null];
  return rows.map((row) =>
    CSV_COLUMNS.map((c) => {
      switch (c) {
        case 'source':
        case 'kind':
        case 'format':
        case 'error':
        case 'reportingMta':
        case 'arrivalDate':
        case 'date':
        case 'subject':
        case 'messageId':
          return cell(r[c]);
        default:
          return row ? cell(row[c]) : '';
      }
    }),
  );
}

export function csvWriter(sink: TextSink): RecordWriter<ParseResult> {
  let header = false;
  return {
    async write(r) {
      let out = '';
      if (!header) {
        out += `${CSV_COLUMNS.join(',')}\r\n`;
        header = true;
      }
      for (const row of csvRows(r)) out += `${row.join(',')}\r\n`;
      await sink.write(out);
    },
    async end() {
      if (!header) await sink.write(`${CSV_COLUMNS.join(',')}\r\n`);
    },
  };
}
