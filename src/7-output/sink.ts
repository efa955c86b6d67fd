// A text sink that respects backpressure, so a batch of a million results does not pile
// up in memory when stdout is slow.
import type { Writable } from 'node:stream';

export class TextSink {
  constructor(readonly stream: Writable) {}

  async write(text: string | Uint8Array): Promise<void> {
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (e: Error) => {
          this.stream.off('drain', onDrain);
          reject(e);
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }
}

/** Writes a stream of records in one output format. */
export interface RecordWriter<T> {
  write(record: T): Promise<void>;
  end(): Promise<void>;
}
