// ndjson: one JSON object per line, written as soon as it is ready.
import type { RecordWriter, TextSink } from './sink.js';

export function ndjsonWriter<T>(sink: TextSink): RecordWriter<T> {
  return {
    write: (record) => sink.write(`${JSON.stringify(record)}\n`),
    end: async () => {},
  };
}
