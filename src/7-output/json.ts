// json: one array, streamed element by element (the whole batch is never held in memory).
// Each record is JSON.stringify(record, null, 2), indented one level inside the array; a
// record whose last member is a long array (a result's 100,000 rows) is written in pieces
// (indentedPieces), never built whole: as one string it was ~60 MB, and ~60 MB again indented.
import type { RecordWriter, TextSink } from './sink.js';

const PIECE_ROWS = 2000;
const INDENT = '  ';

const indented = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`);

/**
 * JSON.stringify(record, null, 2) with every line after the first indented by `pad`, in
 * pieces whose concatenation is exactly that text (ECMA-262 SerializeJSONObject and
 * SerializeJSONArray with a gap: members and elements each on a line of their own, one gap
 * deeper than their container; an empty array is `[]`).
 */
export function* indentedPieces(record: unknown, pad: string): Generator<string> {
  const keys = record !== null && typeof record === 'object' && !Array.isArray(record) ? Object.keys(record) : [];
  const last = keys[keys.length - 1];
  const list = last === undefined ? undefined : (record as Record<string, unknown>)[last];
  if (!Array.isArray(list) || list.length <= PIECE_ROWS || typeof (record as { toJSON?: unknown }).toJSON === 'function') {
    yield indented(JSON.stringify(record, null, 2), pad);
    return;
  }
  const rest: Record<string, unknown> = {};
  for (const k of keys.slice(0, -1)) rest[k] = (record as Record<string, unknown>)[k];
  const head = JSON.stringify(rest, null, 2);
  // `{}` or `{\n  "a": 1\n}`: the members so far, then the last one opened
  const opened = head === '{}' ? '{' : `${head.slice(0, -2)},`;
  yield indented(`${opened}\n${INDENT}${JSON.stringify(last)}: [`, pad);
  for (let i = 0; i < list.length; i += PIECE_ROWS) {
    // `[\n  e1,\n  e2\n]`: the elements, one level deeper inside the record
    const piece = JSON.stringify(list.slice(i, i + PIECE_ROWS), null, 2);
    yield `${i ? ',' : ''}\n${pad}${INDENT}${indented(piece.slice(2, -2), pad + INDENT)}`;
  }
  yield `\n${pad}${INDENT}]\n${pad}}`;
}

export function jsonWriter<T>(sink: TextSink): RecordWriter<T> {
  let first = true;
  return {
    async write(record) {
      let lead = first ? `[\n${INDENT}` : `,\n${INDENT}`;
      first = false;
      for (const piece of indentedPieces(record, INDENT)) {
        await sink.write(lead + piece);
        lead = '';
      }
    },
    async end() {
      await sink.write(first ? '[]\n' : '\n]\n');
      await sink.flush();
    },
  };
}
