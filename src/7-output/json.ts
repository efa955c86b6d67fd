// json: one array, streamed element by element (the whole batch is never held in memory).
import type { RecordWriter, TextSink } from './sink.js';

export function jsonWriter<T>(sink: TextSink): RecordWriter<T> {
  let first = true;
  return {
    async write(record) {
      const body = JSON.stringify(record, null, 2).replace(/\n/g, '\n  ');
      await sink.write(`${first ? '[\n  ' : ',\n  '}${body}`);
      first = false;
    },
    async end() {
      await sink.write(first ? '[]\n' : '\n]\n');
    },
  };
}
