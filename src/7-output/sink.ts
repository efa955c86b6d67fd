// A text sink that respects backpressure, so a batch of a million results does not pile
// up in memory when stdout is slow.
//
// Small writes are gathered into chunks of CHUNK_BYTES: one stream.write per message cost
// a Writable round (writeOrBuffer, _write, a Buffer.from, a write(2)) each time, ~7 % of a
// `--jobs 0` run over 16,650 files. Text is encoded straight into the chunk (one UTF-8
// pass, the same bytes as stream.write(text) gives: lone surrogates become U+FFFD both
// ways). A chunk goes out when it is full, when the event loop turns (output never waits
// for more input: a slow stdin, results from workers), on flush() (the writers' end()),
// and when the process exits, however it exits: what was finished is written. A terminal
// is written unbuffered: the progress line on stderr is cleared before each result.
import { constants } from 'node:os';
import type { Writable } from 'node:stream';

/** Bytes gathered before a write: the size of a Linux pipe's buffer. */
export const CHUNK_BYTES = 64 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a pair, 2 units, takes 4). */
const MAX_BYTES_PER_UNIT = 3;

const DONE: Promise<void> = Promise.resolve();

/** Sinks holding bytes not written yet: written out when the process exits. */
const unwritten = new Set<TextSink>();
let exitHook = false;
function flushAllAtExit(): void {
  // stdout and files are written synchronously on POSIX: this output leaves before the process does
  for (const sink of unwritten) sink.flushNow();
}

// An interrupt (Ctrl-C, kill) ends the process without 'exit': what was finished is written
// first, then the process ends with the status a shell gives a process the signal killed
// (128 + its number, POSIX sh "Exit Status"). The signal is not raised again: while Node's
// watcher of it is being closed, a signal sent to itself is caught and lost.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
function flushAtSignal(signal: NodeJS.Signals): void {
  flushAllAtExit();
  process.exit(128 + (constants.signals[signal] ?? 0));
}

export class TextSink {
  private readonly chunkBytes: number;
  private chunk: Buffer | null = null;
  private used = 0;
  private scheduled = false;

  /** chunkBytes 0: every write goes to the stream as it is */
  constructor(
    readonly stream: Writable,
    chunkBytes = CHUNK_BYTES,
  ) {
    this.chunkBytes = (stream as { isTTY?: boolean }).isTTY ? 0 : chunkBytes;
  }

  /** Write `text` (or bytes) after every earlier write; resolves once the stream can take more. */
  write(text: string | Uint8Array): Promise<void> {
    if (this.chunkBytes === 0) return this.send(text);
    const bound = typeof text === 'string' ? text.length * MAX_BYTES_PER_UNIT : text.byteLength;
    if (bound <= this.chunkBytes - this.used) {
      this.gather(text);
      return DONE;
    }
    // does not fit: what is gathered goes first (a stream keeps its writes in order, and
    // 'drain' comes once all of them are out: waiting for the last is waiting for both)
    const before = this.flush();
    if (bound > this.chunkBytes) return this.send(text);
    this.gather(text);
    return before;
  }

  /** Write `text` and a newline (an ndjson line without a copy of it made to add the newline). */
  writeLine(text: string): Promise<void> {
    if (this.chunkBytes === 0 || text.length * MAX_BYTES_PER_UNIT + 1 > this.chunkBytes - this.used) {
      const first = this.write(text);
      const second = this.write('\n');
      return first === DONE ? second : Promise.all([first, second]).then(() => undefined);
    }
    this.gather(text);
    this.chunk![this.used++] = 0x0a;
    return DONE;
  }

  /** Write out what is gathered; resolves once the stream can take more. */
  flush(): Promise<void> {
    return this.used > 0 ? this.send(this.take()) : DONE;
  }

  /** What is gathered, handed to the stream now, without waiting (the process is exiting). */
  flushNow(): void {
    if (this.used === 0) return;
    const bytes = this.take();
    const s = this.stream as Writable & { errored?: unknown };
    if (s.destroyed || s.errored || s.writableEnded) return;
    try {
      s.write(bytes);
    } catch {
      // exiting: nothing more can be done
    }
  }

  private gather(text: string | Uint8Array): void {
    if (this.chunk === null) {
      this.chunk = Buffer.allocUnsafe(this.chunkBytes);
      unwritten.add(this);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', flushAllAtExit);
        for (const s of SIGNALS) process.on(s, flushAtSignal);
      }
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          // a stream that fails says so through its 'error' event (the CLI's handler reports it)
          this.flush().catch(() => {});
        });
      }
    }
    if (typeof text === 'string') this.used += this.chunk.write(text, this.used, 'utf8');
    else {
      this.chunk.set(text, this.used);
      this.used += text.byteLength;
    }
  }

  /** The gathered bytes, as a buffer of their own (the stream may keep it after write returns). */
  private take(): Buffer {
    const bytes = this.chunk!.subarray(0, this.used);
    this.chunk = null;
    this.used = 0;
    unwritten.delete(this);
    return bytes;
  }

  private send(text: string | Uint8Array): Promise<void> {
    if (this.stream.write(text)) return DONE;
    return new Promise<void>((resolve, reject) => {
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

/** Writes a stream of records in one output format. */
export interface RecordWriter<T> {
  write(record: T): Promise<void>;
  end(): Promise<void>;
}
