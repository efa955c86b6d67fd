// csv (RFC 4180): one row per recipient; a result without recipients still gets one row,
// so nothing disappears.
//
// Formula injection: every cell may come from a stranger (a diagnostic, an address, a file
// name). A spreadsheet opening the file reads a cell that begins with = + - @, a tab or a
// carriage return as a formula (`=HYPERLINK(...)`, DDE). By default such a cell is written
// with a single quote first, and quoted, as OWASP's CSV Injection guidance says
// (https://owasp.org/www-community/attacks/CSV_Injection); `formulas: 'keep'` (--raw-csv)
// writes cells exactly, for programs that read the CSV rather than spreadsheets.
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

export interface CsvOptions {
  /** 'guard' (default): a cell a spreadsheet would read as a formula gets a `'` first; 'keep': cells as they are */
  formulas?: 'guard' | 'keep';
}

/** OWASP's list: the characters that start a formula (or a DDE payload) in Excel, LibreOffice and Google Sheets */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

function cell(v: unknown, guard: boolean): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (guard && FORMULA_START.has(s[0])) s = `'${s}`;
  else if (!/[",\r\n]/.test(s)) return s;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvRows(r: ParseResult, options: CsvOptions = {}): string[][] {
  const guard = options.formulas !== 'keep';
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
          return cell(r[c], guard);
        default:
          return row ? cell(row[c], guard) : '';
      }
    }),
  );
}

export function csvWriter(sink: TextSink, options: CsvOptions = {}): RecordWriter<ParseResult> {
  let header = false;
  return {
    async write(r) {
      let out = '';
      if (!header) {
        out += `${CSV_COLUMNS.join(',')}\r\n`;
        header = true;
      }
      for (const row of csvRows(r, options)) out += `${row.join(',')}\r\n`;
      await sink.write(out);
    },
    async end() {
      if (!header) await sink.write(`${CSV_COLUMNS.join(',')}\r\n`);
      await sink.flush();
    },
  };
}
