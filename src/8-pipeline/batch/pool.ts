// A small pool of parsing workers (node:worker_threads). Messages go out in batches, their
// bytes in shared memory (no copy); answers come back in batches too. Each worker notes in a
// shared progress cell which message it is on and since when. When a worker dies (an
// uncaught error, out of memory) or is on one message past the timeout (a hang), that
// message gets an error result, the worker is replaced, and every other message it held
// (answered but not yet posted, or not started) is handed to another: exactly one answer per
// message, and the batch goes on.
import { Worker } from 'node:worker_threads';
import type { ParseOutcome } from '../parse.js';
import { errorResult } from '../empty-result.js';
import { toMessageBuffer } from '../../1-input/buffers.js';
import { asBuffer, PROGRESS_CELLS, PROGRESS_ID, PROGRESS_STARTED, READY, sinceEpoch, type TaskAnswer, type TaskAnswers, type TaskBatch, type TaskMessage, type WorkerData } from './protocol.js';
import type { Finished } from './finish.js';

/** What a worker gives for one message: its outcome, filtered and translated as asked (`finished`); without it, an error. */
export interface PoolOutcome extends ParseOutcome {
  finished?: Finished;
}

export interface PoolOptions extends Omit<WorkerData, 'progress' | 'epoch'> {
  /** most workers running at once */
  size: number;
  /** a message that takes longer is abandoned with an error (its worker is stopped); 0: never */
  timeoutMs: number;
  /** heap limit of each worker, MiB (a message that needs more gets an error, not the process) */
  maxHeapMb?: number;
  /** the worker script: the compiled worker.js beside this module unless given (tests give one that misbehaves on purpose) */
  workerUrl?: URL;
}

interface Task {
  msg: TaskMessage;
  resolve: (o: PoolOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** the worker's progress cell: the message it started last, and when */
  progress: Int32Array;
  /** tasks sent, not yet answered, in the order the worker runs them */
  sent: Task[];
  /** when the worker last had news for us (ms since the pool's epoch): the clock of a task it has not started yet */
  heardAt: number;
  timer: NodeJS.Timeout | null;
  dead: boolean;
  /** it was given a message of RETIRE_AFTER_BYTES or more: stopped once it holds no task */
  retire: boolean;
}

/** Tasks in one batch at most: the worker answers a batch with one post. */
const BATCH_TASKS = 16;
/** Bytes in one batch at most (a big message travels alone). */
const BATCH_BYTES = 512 * 1024;
/** A worker is sent the next batch while it has this few left: it never waits for work. */
const REFILL_AT = BATCH_TASKS;
/** Tasks sent to a worker ahead of its answers, at most. */
const MAX_SENT = 2 * BATCH_TASKS;
/**
 * Message bytes on the workers at once, at most (one larger message goes alone). Parsing
 * takes several times a message's size at its peak (README, Limits: memory), and that peak
 * is the worker's: four workers each on a 25 MB message would need ~1 GiB together. Typical
 * bounces (a few KB) never come near it; only big ones wait their turn.
 */
export const INFLIGHT_BYTES = 32 * 1024 * 1024;
/**
 * A worker that parsed a message this large is replaced once idle. A full collection
 * (reclaim.ts) frees its heap for V8, but V8 keeps the pages it grew to (measured: ~100-200
 * MiB after a 25 MB message of 100,000 rows, per worker that ever took one); a stopped
 * worker gives them all back. Starting a worker costs ~50 ms, next to seconds of parsing.
 */
export const RETIRE_AFTER_BYTES = 8 * 1024 * 1024;

// The compiled worker beside this module. Running the pool from the TypeScript sources is the
// test side's business: it passes `workerUrl` (production resolves no dev dependency).
// The CLI's CommonJS bundle names its own (scripts/bundle.mjs defines the constant): a worker
// that runs that bundle with the main thread's code cache.
declare const __BOUNCEMAPI_WORKER__: string | undefined;
const DEFAULT_WORKER = new URL(typeof __BOUNCEMAPI_WORKER__ === 'string' ? __BOUNCEMAPI_WORKER__ : './worker.js', import.meta.url);

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** bytes of the messages sent to workers and not yet answered */
  private inflight = 0;
  /** times in the progress cells count from here */
  private readonly epoch = Date.now();

  constructor(private readonly options: PoolOptions) {}

  private readyWaiters: (() => void)[] = [];
  private anyReady = false;

  /**
   * Start the workers now, before any message is sent; resolves once the first has loaded its
   * modules (or failed to: a worker that dies is replaced when a message needs it). The
   * runner keeps parsing in its own thread meanwhile (src/8-pipeline/run.ts).
   */
  warm(): Promise<void> {
    while (!this.closed && this.slots.length < this.options.size) this.spawn();
    if (this.anyReady || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private readyNow(): void {
    this.anyReady = true;
    for (const w of this.readyWaiters.splice(0)) w();
  }

  /** Parse one message on a worker. Never rejects: failures are error results. */
  parse(bytes: Buffer, source: string): Promise<PoolOutcome> {
    if (this.closed) return Promise.resolve(failed(source, CLOSED));
    return new Promise((resolve) => {
      this.queue.push({ msg: { id: this.nextId++, source, bytes: toMessageBuffer(bytes) }, resolve });
      this.dispatch(false);
    });
  }

  /** Messages given to parse() and not answered yet: waiting here or held by a worker. */
  get outstanding(): number {
    let n = this.queue.length;
    for (const s of this.slots) n += s.sent.length;
    return n;
  }

  /** Send what waits now, a short batch too (the input has ended: no more messages will fill it). */
  flush(): void {
    if (!this.closed) this.dispatch(true);
  }

  /** Stop every worker; tasks still waiting get an error result. */
  async close(): Promise<void> {
    this.closed = true;
    this.readyNow();
    for (const t of this.queue.splice(0)) t.resolve(failed(t.msg.source, CLOSED));
    await Promise.all(
      this.slots.splice(0).map((s) => {
        s.dead = true;
        if (s.timer) clearTimeout(s.timer);
        for (const t of s.sent.splice(0)) t.resolve(failed(t.msg.source, CLOSED));
        return s.worker.terminate();
      }),
    );
  }

  /**
   * Hand out what waits. An idle worker takes whatever there is; a busy one only a full
   * batch unless `partial`: messages given one at a time (the runner submits each as it is
   * read) would otherwise go out one per batch, and the worker answers each batch with a
   * post of its own. A worker that holds messages always answers them, becomes idle and
   * takes the rest, so nothing waits for good.
   */
  private dispatch(partial: boolean): void {
    while (this.queue.length) {
      // the next message waits for bytes on the workers to be answered (no worker is started for it meanwhile)
      if (!this.fits(this.queue[0].msg.bytes.byteLength, 0)) return;
      // an idle worker first, then a new one, then the least busy that is running low
      let slot = this.slots.find((s) => s.sent.length === 0);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot && (partial || this.queue.length >= BATCH_TASKS)) slot = this.slots.filter((s) => s.sent.length <= REFILL_AT).sort((a, b) => a.sent.length - b.sent.length)[0];
      if (!slot || !this.send(slot)) return;
    }
  }

  /** May a message of `size` go now, with `more` bytes about to go before it? */
  private fits(size: number, more: number): boolean {
    const busy = this.inflight + more;
    return busy === 0 || busy + size <= INFLIGHT_BYTES;
  }

  /** Send the next batch to `slot`; false when none could go (the byte budget is spent). */
  private send(slot: Slot): boolean {
    const tasks: Task[] = [];
    let bytes = 0;
    while (this.queue.length && tasks.length < BATCH_TASKS && slot.sent.length + tasks.length < MAX_SENT) {
      const next = this.queue[0];
      const size = next.msg.bytes.byteLength;
      if (tasks.length && bytes + size > BATCH_BYTES) break;
      if (!this.fits(size, bytes)) break;
      tasks.push(this.queue.shift()!);
      bytes += size;
    }
    if (!tasks.length) return false;
    this.inflight += bytes;
    if (tasks.some((t) => t.msg.bytes.byteLength >= RETIRE_AFTER_BYTES)) slot.retire = true;
    const wasIdle = slot.sent.length === 0;
    slot.sent.push(...tasks);
    const batch: TaskBatch = { tasks: tasks.map((t) => t.msg) };
    slot.worker.postMessage(batch); // shared memory: nothing is copied, and the bytes stay ours too
    if (wasIdle) {
      slot.heardAt = sinceEpoch(this.epoch);
      this.arm(slot, this.options.timeoutMs);
    }
    return true;
  }

  private spawn(): Slot {
    const { limits, explain, keepReturned, filter, translate, render, maxHeapMb } = this.options;
    const progress = new SharedArrayBuffer(PROGRESS_CELLS * Int32Array.BYTES_PER_ELEMENT);
    const data: WorkerData = { limits, explain, keepReturned, filter, translate, render, progress, epoch: this.epoch };
    const worker = new Worker(this.options.workerUrl ?? DEFAULT_WORKER, {
      workerData: data,
      resourceLimits: maxHeapMb ? { maxOldGenerationSizeMb: maxHeapMb } : undefined,
    });
    const slot: Slot = { worker, progress: new Int32Array(progress), sent: [], heardAt: 0, timer: null, dead: false, retire: false };
    worker.on('message', (answers: TaskAnswers | typeof READY) => {
      if (answers === READY) this.readyNow();
      else this.answered(slot, answers.answers);
    });
    worker.on('error', (e: Error & { code?: string }) => this.lost(slot, crashText(e)));
    worker.on('exit', (code) => this.lost(slot, `the worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private answered(slot: Slot, answers: TaskAnswer[]): void {
    if (slot.dead) return;
    slot.heardAt = sinceEpoch(this.epoch);
    for (const answer of answers) {
      // a moved Buffer arrives as a plain Uint8Array
      for (const r of answer.translation?.reports ?? []) if (r.bytes) r.bytes = asBuffer(r.bytes);
      const task = slot.sent.shift();
      if (task) this.inflight -= task.msg.bytes.byteLength;
      if (!task || task.msg.id !== answer.id) {
        // cannot happen with our worker; treat a confused worker as a dead one
        if (task) {
          slot.sent.unshift(task);
          this.inflight += task.msg.bytes.byteLength;
        }
        this.lost(slot, 'the worker answered out of order');
        return;
      }
      task.resolve({
        result: answer.result,
        returnedBytes: answer.returned ? asBuffer(answer.returned) : null,
        stacks: answer.stacks,
        finished: { result: answer.result, dropped: answer.dropped, translation: answer.translation, rendered: answer.rendered?.map(asBuffer) },
      });
    }
    if (slot.sent.length === 0) {
      this.arm(slot, 0);
      if (slot.retire) this.stop(slot);
    }
    this.dispatch(false);
  }

  /** The task the progress cell says the worker started last, if it is one the worker still holds. */
  private started(slot: Slot): Task | undefined {
    const id = Atomics.load(slot.progress, PROGRESS_ID);
    return slot.sent.find((t) => t.msg.id === id);
  }

  /** The task the worker is on: the one it started, else the first it holds (it died before starting one). */
  private current(slot: Slot): Task | undefined {
    return this.started(slot) ?? slot.sent[0];
  }

  /** How long (ms) the worker has been on its current task: since the cell says it started, or since we last heard from it. */
  private busyFor(slot: Slot): number {
    const since = this.started(slot) ? Atomics.load(slot.progress, PROGRESS_STARTED) : slot.heardAt;
    return (sinceEpoch(this.epoch) - since) | 0;
  }

  /** Check the worker's current task in `ms` (none: stop the clock). */
  private arm(slot: Slot, ms: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const limit = this.options.timeoutMs;
    if (!limit || !ms) return;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (slot.dead || slot.sent.length === 0) return;
      const busy = this.busyFor(slot);
      if (busy < limit) return this.arm(slot, limit - busy);
      this.lost(slot, `parsing took longer than ${limit / 1000} s and was stopped (--timeout)`, true);
    }, ms);
    slot.timer.unref();
  }

  /** Stop an idle worker that is done with (a replacement starts when one is needed). */
  private stop(slot: Slot): void {
    slot.dead = true;
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  /** A worker is gone: the message it was on gets the reason, every other one it held goes back in the queue. */
  private lost(slot: Slot, reason: string, stop = false): void {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.timer) clearTimeout(slot.timer);
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    if (stop) void slot.worker.terminate();
    const current = this.current(slot);
    for (const t of slot.sent) this.inflight -= t.msg.bytes.byteLength;
    const others = slot.sent.splice(0).filter((t) => t !== current);
    this.queue.unshift(...others);
    if (current) current.resolve(failed(current.msg.source, reason));
    if (!this.closed) this.dispatch(true);
  }
}

const CLOSED = 'the parsing pool was closed before this message was parsed';

function failed(source: string, reason: string): ParseOutcome {
  return { result: errorResult(source, reason), returnedBytes: null };
}

function crashText(e: Error & { code?: string }): string {
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'parsing ran out of memory; the worker was stopped';
  return `the parsing worker crashed: ${e?.message ?? String(e)}`;
}
