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

/** The long last array `record` is written in pieces for, or null: most records are written whole. */
function longLastList(record: unknown): unknown[] | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const keys = Object.keys(record);
  const list = keys.length ? (record as Record<string, unknown>)[keys[keys.length - 1]] : undefined;
  if (!Array.isArray(list) || list.length <= PIECE_ROWS || typeof (record as { toJSON?: unknown }).toJSON === 'function') return null;
  return list;
}

/** The JSON text of `record` in pieces whose concatenation is JSON.stringify(record). */
export function* jsonPieces(record: unknown): Generator<string> {
  const list = longLastList(record);
  if (list === null) {
    yield JSON.stringify(record);
    return;
  }
  const keys = Object.keys(record as object);
  const last = keys[keys.length - 1];
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

/**
 * The record's ndjson line (its JSON text, then a newline), in the chunks a writer writes:
 * a short line whole with its newline, a long one in pieces and its newline apart (no copy
 * of the whole line is ever made).
 */
export function* ndjsonChunks(record: unknown): Generator<string> {
  let pending: string | null = null;
  for (const piece of jsonPieces(record)) {
    if (pending !== null) yield pending;
    pending = piece;
  }
  if (pending !== null && pending.length < 65536) yield `${pending}\n`;
  else {
    if (pending !== null) yield pending;
    yield '\n';
  }
}

/**
 * The record's ndjson line as UTF-8 bytes, in pieces of a few MB at most: what a worker hands
 * back instead of the record itself (src/8-pipeline/batch/worker.ts). A result of 100,000
 * rows is ~40 MB of bytes that move to the main thread without a copy, where the record
 * would be copied (structured clone), rebuilt there as ~100,000 objects and serialised again.
 * Small chunks are joined so that a short line is one piece.
 */
export function ndjsonBytes(record: unknown): Buffer[] {
  if (longLastList(record) === null) {
    // the common short line: one buffer over an ArrayBuffer of its own, the newline written
    // into it (no `${text}\n` copy, and no copy out of Buffer's shared pool to send it)
    const text = String(JSON.stringify(record));
    const size = Buffer.byteLength(text, 'utf8');
    const line = Buffer.allocUnsafeSlow(size + 1);
    line.write(text, 0, 'utf8');
    line[size] = 0x0a;
    return [line];
  }
  const out: Buffer[] = [];
  for (const chunk of ndjsonChunks(record)) out.push(Buffer.from(chunk, 'utf8'));
  return out;
}

/** Write chunks of an output already rendered, in order. */
export async function writeChunks(sink: TextSink, chunks: readonly (string | Uint8Array)[]): Promise<void> {
  for (const c of chunks) await sink.write(c);
}

export function ndjsonWriter<T>(sink: TextSink): RecordWriter<T> {
  return {
    async write(record) {
      // most records: one JSON.stringify, encoded straight into the sink's chunk with its newline
      if (longLastList(record) === null) return sink.writeLine(String(JSON.stringify(record)));
      for (const chunk of ndjsonChunks(record)) await sink.write(chunk);
    },
    end: () => sink.flush(),
  };
}
