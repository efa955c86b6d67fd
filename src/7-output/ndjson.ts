// ndjson: one JSON object per line, written as soon as it is ready.
//
// A result of 100,000 rows is a 40 MB line. Built whole it is a 40 MB string, copied again
// into the bytes written: ~120 MiB for a moment, per such result. When the record's last
// member is a long array (a result's `recipients`), the line is written in pieces of
// PIECE_ROWS elements instead: the same bytes as JSON.stringify gives (ECMA-262
// SerializeJSONObject / SerializeJSONArray: members in key order joined by ',', elements
// joined by ','), a few MB at a time.
import type { RecordWriter, TextSink } from './sink.js';

const PIECE_ROWS = 2000;

/** The JSON text of `record` in pieces whose concatenation is JSON.stringify(record). */
export function* jsonPieces(record: unknown): Generator<string> {
  const keys = record !== null && typeof record === 'object' && !Array.isArray(record) ? Object.keys(record) : [];
  const last = keys[keys.length - 1];
  const list = last === undefined ? undefined : (record as Record<string, unknown>)[last];
  if (!Array.isArray(list) || list.length <= PIECE_ROWS || typeof (record as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(record);
    return;
  }
  const rest: Record<string, unknown> = {};
  for (const k of keys.slice(0, -1)) rest[k] = (record as Record<string, unknown>)[k];
  const head = JSON.stringify(rest);
  // `{}` → `{"last":[`, `{..."a":1}` → `{..."a":1,"last":[`; a member that stringifies to nothing (undefined) is left out, as JSON.stringify does
  yield `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(last)}:[`;
  for (let i = 0; i < list.length; i += PIECE_ROWS) {
    const piece = JSON.stringify(list.slice(i, i + PIECE_ROWS));
    yield `${i ? ',' : ''}${piece.slice(1, -1)}`;
  }
  yield ']}';
}

export function ndjsonWriter<T>(sink: TextSink): RecordWriter<T> {
  return {
    async write(record) {
      let pending: string | null = null;
      for (const piece of jsonPieces(record)) {
        if (pending !== null) await sink.write(pending);
        pending = piece;
      }
      // a short line goes out with its newline in one write; a long one apart (no copy of it)
      if (pending !== null && pending.length < 65536) await sink.write(`${pending}\n`);
      else {
        if (pending !== null) await sink.write(pending);
        await sink.write('\n');
      }
    },
    end: async () => {},
  };
}
