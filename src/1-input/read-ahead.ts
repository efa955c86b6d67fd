// Reading a folder's files ahead, on a thread of its own: the walk lists a folder and gives
// its items in order as before, but the bytes of the regular files it listed are read by a
// small reader thread a few batches ahead, so the thread that parses spends no system calls
// on them. Measured over 16,650 listed files of ~4 KB (this thread's CPU time, from
// /proc/thread-self/schedstat): open, read and close here cost 9-11 us a file; taking the
// bytes the reader left in shared memory ~3 us; libuv's pool (fs.promises.readFile, 16 in
// flight) 24-32 us, its callbacks and promises cost more than the calls they spare.
//
// The reader only reads what the folder listed as regular files, the simple case: open,
// read to the end into its shared slab, close. Whatever is not that simple (it cannot be
// opened or read, it is empty, it does not fit in the room left) it answers "not simple",
// and the walk reads that file itself exactly as it would have without the reader (sources.ts,
// readListedFile and the general path), so every error item stays what and where it was.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BytePath } from './paths.js';

/** Files a request names, and requests a folder's cursor keeps ahead of the file being taken. */
const BATCH = 32;
const AHEAD = 4;
/** Requests of a walk unanswered at most (its folders' together, those whose answers will be dropped included). */
const OUTSTANDING = 2 * AHEAD;
/** Waiting (tests only) longer than this (ms) for the reader, the files are read without it. */
const PATIENCE_MS = 5_000;

// the control words: answers posted so far, whether the reader is listening, and from
// DROPPED on, one word a request (by id modulo RING) set when its answer is not wanted any
// more: the reader skips what is left of it (the walk read those files itself). Requests
// unanswered are the last OUTSTANDING made (answers come in order), so RING words suffice.
const POSTED = 0;
const READY = 1;
const DROPPED = 2;
const RING = 2 * OUTSTANDING;

/**
 * The reader thread, self-contained (no module to resolve, bundled or not). Paths come as one
 * byte string (latin1, joined by NUL, which no name holds); each answer is [place, length]
 * per path, place = slab index * 2^24 + offset in it; length -1: not simple. A slab is a
 * SharedArrayBuffer filled once, never written again: the views the walk gives out keep it.
 */
const READER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync, constants } = require('node:fs');
const { port, control, slabBytes, slabRoom } = workerData;
const words = new Int32Array(control);
// the lowest priority (Linux: setpriority(2) on a thread id sets that thread's): woken, it
// must not take the core of the thread it reads for; starved, that thread reads for itself
try { require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), 19); } catch {}
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK || 0);
const NOT_ASCII = /[^\\x00-\\x7f]/;
let slab = null;
let used = 0;
function readOne(p) {
  let fd;
  try { fd = openSync(NOT_ASCII.test(p) ? Buffer.from(p, 'latin1') : p, FLAGS); } catch { return -1; }
  const room = slabBytes - used;
  let got = 0;
  try {
    for (let n = -1; n !== 0 && got < room; got += n) n = readSync(fd, slab, used + got, room - got, got);
  } catch { got = -1; }
  try { closeSync(fd); } catch {}
  return got <= 0 || got === room ? -1 : got;
}
port.on('message', (m) => {
  const paths = m.paths.split('\\0');
  const answer = new Int32Array(paths.length * 2);
  const slabs = [];
  for (let i = 0; i < paths.length; i++) {
    if (slab === null || slabBytes - used < slabRoom) { slab = Buffer.from(new SharedArrayBuffer(slabBytes)); used = 0; }
    if (slabs[slabs.length - 1] !== slab.buffer) slabs.push(slab.buffer);
    const got = Atomics.load(words, ${DROPPED} + (m.id % ${RING})) ? -1 : readOne(paths[i]);
    answer[2 * i] = (slabs.length - 1) * 0x1000000 + used;
    answer[2 * i + 1] = got;
    if (got > 0) used += got;
  }
  port.postMessage({ id: m.id, slabs, answer });
  Atomics.add(words, ${POSTED}, 1);
  Atomics.notify(words, ${POSTED});
});
Atomics.store(words, ${READY}, 1);
Atomics.notify(words, ${READY});
`;

interface Answer {
  slabs: SharedArrayBuffer[];
  answer: Int32Array;
}

/** One reader thread for a walk; started by the first folder large enough, never waited for. */
export class ReadAhead {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly words = new Int32Array(new SharedArrayBuffer(4 * (DROPPED + RING)));
  private readonly answers = new Map<number, Answer>();
  /** requests whose answers are to be let go when they come */
  private readonly dropped = new Set<number>();
  private nextId = 0;
  private unanswered = 0;
  private broken = false;
  /** files whose bytes came from the reader (tests look at it) */
  served = 0;

  constructor(slabBytes: number, slabRoom: number) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(READER_SOURCE, { eval: true, workerData: { port: port2, control: this.words.buffer, slabBytes, slabRoom }, transferList: [port2] });
    // a run ends when its work does: neither the thread nor its port keeps the event loop alive
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', () => {
      this.broken = true;
    });
  }

  /** Is it listening yet (it loads in the background; until then the walk reads its files itself)? */
  get usable(): boolean {
    return !this.broken && Atomics.load(this.words, READY) === 1;
  }

  /** Block until the reader listens (tests: a small folder would otherwise be read before it does). */
  waitUntilReady(): void {
    if (!this.broken && Atomics.load(this.words, READY) === 0) Atomics.wait(this.words, READY, 0, PATIENCE_MS);
  }

  /** Ask for these files' bytes; the answer's id. */
  request(paths: BytePath[]): number {
    const id = this.nextId++;
    this.unanswered++;
    Atomics.store(this.words, DROPPED + (id % RING), 0);
    this.port.postMessage({ id, paths: paths.join('\0') });
    return id;
  }

  /** May more be asked for? Not while OUTSTANDING requests are unanswered: a reader behind (starved) is not given more to do. */
  get hasRoom(): boolean {
    if (this.unanswered >= OUTSTANDING) this.receive();
    return this.unanswered < OUTSTANDING;
  }

  /** Take the answers posted so far; false if there were none. */
  private receive(): boolean {
    let any = false;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const a = m.message as Answer & { id: number };
      this.unanswered--;
      any = true;
      if (!this.dropped.delete(a.id)) this.answers.set(a.id, a);
    }
    return any;
  }

  /**
   * The answer to request `id` if it is there; null if not (yet). `patient`: wait for it
   * (tests; a walk never waits: it reads the file itself, and the answer is dropped when it comes).
   */
  answer(id: number, patient = false): Answer | null {
    for (;;) {
      const got = this.answers.get(id);
      if (got) {
        this.answers.delete(id);
        return got;
      }
      if (this.broken) return null;
      const seen = Atomics.load(this.words, POSTED);
      if (this.receive()) continue;
      if (!patient) return null;
      if (Atomics.wait(this.words, POSTED, seen, PATIENCE_MS) === 'timed-out' && !this.receive()) {
        this.broken = true;
        return null;
      }
    }
  }

  /** The answer to request `id` is not wanted any more (its files were read by the walk). */
  drop(id: number): void {
    if (this.answers.delete(id)) return;
    this.dropped.add(id);
    Atomics.store(this.words, DROPPED + (id % RING), 1);
  }

  close(): void {
    this.broken = true;
    void this.worker.terminate();
  }
}

/**
 * A folder's files read ahead, taken in the walk's order: `take(i)` gives the bytes of entry i
 * (a view into the reader's slab), null when the reader found it not simple, or undefined when
 * it was not read ahead (not a listed regular file, the reader not listening yet, or its answer
 * not there yet): either way the walk then reads it itself. The walk never waits for the
 * reader: a reader that falls behind (its thread starved, or gone) costs it nothing but the
 * reads it would have done anyway.
 */
export class FolderAhead {
  /** entry index of each request's files, and the request ids, oldest first */
  private readonly batches: { id: number; entries: number[] }[] = [];
  private current: { answer: Answer; entries: number[]; at: number } | null = null;
  /** entries before this one have been asked for (or passed) */
  private asked = 0;

  constructor(
    private readonly reader: ReadAhead,
    private readonly base: BytePath,
    private readonly names: readonly BytePath[],
    private readonly regular: Uint8Array,
    /** wait for each answer (tests) */
    private readonly patient = false,
  ) {}

  take(i: number): Buffer | null | undefined {
    if (!this.reader.usable) return undefined;
    if (this.asked <= i) this.asked = i + 1; // the reader starts after the entry being taken
    // the request holding entry i, if any: older ones hold only entries passed already
    let got: Buffer | null | undefined;
    for (;;) {
      const cur = this.current;
      if (cur && cur.at < cur.entries.length) {
        const e = cur.entries[cur.at];
        if (e > i) break;
        cur.at++;
        if (e < i) continue;
        const place = cur.answer.answer[2 * (cur.at - 1)];
        const length = cur.answer.answer[2 * (cur.at - 1) + 1];
        if (length <= 0) got = null;
        else {
          this.reader.served++;
          got = Buffer.from(cur.answer.slabs[place >>> 24], place & 0xffffff, length);
        }
        break;
      }
      const next = this.batches[0];
      if (!next || next.entries[0] > i) break;
      const answer = this.reader.answer(next.id, this.patient);
      if (!answer) {
        // not there yet: entry i is read by the walk; a request wholly passed is let go
        if (next.entries[next.entries.length - 1] <= i) {
          this.batches.shift();
          this.reader.drop(next.id);
        }
        break;
      }
      this.batches.shift();
      this.current = { answer, entries: next.entries, at: 0 };
    }
    this.askAhead();
    return got;
  }

  /** Keep AHEAD requests out past the entry being taken. */
  private askAhead(): void {
    const names = this.names;
    while (this.batches.length < AHEAD && this.asked < names.length && this.reader.hasRoom) {
      const entries: number[] = [];
      const paths: BytePath[] = [];
      for (; this.asked < names.length && entries.length < BATCH; this.asked++)
        if (this.regular[this.asked]) {
          entries.push(this.asked);
          paths.push(this.base + names[this.asked]);
        }
      if (entries.length) this.batches.push({ id: this.reader.request(paths), entries });
    }
  }
}
