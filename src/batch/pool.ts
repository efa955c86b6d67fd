// A small pool of parsing workers (node:worker_threads). Messages go out in batches, their
// bytes in shared memory (no copy); answers come back one per message. When a worker dies
// (an uncaught error, out of memory) or stops answering (a hang past the timeout), the
// message it was on gets an error result, the worker is replaced, and the messages queued
// behind it are handed to another: exactly one answer per message, and the batch goes on.
import { Worker } from 'node:worker_threads';
import { errorResult, type ParseOutcome } from '../parse.js';
import { toMessageBuffer } from '../input/buffers.js';
import { asBuffer, type TaskAnswer, type TaskBatch, type TaskMessage, type WorkerSetup } from './protocol.js';
import type { Finished } from './finish.js';

/** What a worker gives for one message: its outcome, filtered and translated as asked (`finished`); without it, an error. */
export interface PoolOutcome extends ParseOutcome {
  finished?: Finished;
}

export interface PoolOptions extends WorkerSetup {
  /** most workers running at once */
  size: number;
  /** a message that takes longer is abandoned with an error (its worker is stopped); 0: never */
  timeoutMs: number;
  /** heap limit of each worker, MiB (a message that needs more gets an error, not the process) */
  maxHeapMb?: number;
  /** the worker script (tests give one that misbehaves on purpose) */
  workerUrl?: URL;
}

interface Task {
  msg: TaskMessage;
  resolve: (o: PoolOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** tasks sent, not yet answered, in the order the worker runs them */
  sent: Task[];
  timer: NodeJS.Timeout | null;
  dead: boolean;
}

/** Tasks sent to a worker ahead of its answers: enough that it never waits for the next. */
const MAX_SENT = 16;
/** A worker is sent more when it has this few left, so tasks travel in batches. */
const REFILL_AT = 4;
/** Bytes in one batch at most (a big message travels alone). */
const BATCH_BYTES = 512 * 1024;

// The worker beside this module: worker.js when built. Run from the TypeScript sources (tsx,
// vitest: the benches and tests), the worker registers tsx first so it can load worker.ts.
function defaultWorker(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./worker.ts', import.meta.url).href;
  return new URL(`data:text/javascript,${encodeURIComponent(`(await import(${JSON.stringify(tsx)})).register(); await import(${JSON.stringify(worker)});`)}`);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Parse one message on a worker. Never rejects: failures are error results. */
  parse(bytes: Buffer, source: string): Promise<PoolOutcome> {
    if (this.closed) return Promise.resolve(failed(source, CLOSED));
    return new Promise((resolve) => {
      this.queue.push({ msg: { id: this.nextId++, source, bytes: toMessageBuffer(bytes) }, resolve });
      this.dispatch();
    });
  }

  /** Stop every worker; tasks still waiting get an error result. */
  async close(): Promise<void> {
    this.closed = true;
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

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.filter((s) => s.sent.length <= REFILL_AT).sort((a, b) => a.sent.length - b.sent.length)[0];
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      this.send(slot);
    }
  }

  private send(slot: Slot): void {
    const tasks: Task[] = [];
    let bytes = 0;
    while (this.queue.length && slot.sent.length + tasks.length < MAX_SENT) {
      const next = this.queue[0];
      if (tasks.length && bytes + next.msg.bytes.byteLength > BATCH_BYTES) break;
      tasks.push(this.queue.shift()!);
      bytes += next.msg.bytes.byteLength;
    }
    const wasIdle = slot.sent.length === 0;
    slot.sent.push(...tasks);
    const batch: TaskBatch = { tasks: tasks.map((t) => t.msg) };
    slot.worker.postMessage(batch); // shared memory: nothing is copied, and the bytes stay ours too
    if (wasIdle) this.arm(slot);
  }

  private spawn(): Slot {
    const { limits, keepReturned, filter, translate, maxHeapMb } = this.options;
    const setup: WorkerSetup = { limits, keepReturned, filter, translate };
    const worker = new Worker(this.options.workerUrl ?? defaultWorker(), {
      workerData: setup,
      resourceLimits: maxHeapMb ? { maxOldGenerationSizeMb: maxHeapMb } : undefined,
    });
    const slot: Slot = { worker, sent: [], timer: null, dead: false };
    worker.on('message', (answer: TaskAnswer) => this.answered(slot, answer));
    worker.on('error', (e: Error & { code?: string }) => this.lost(slot, crashText(e)));
    worker.on('exit', (code) => this.lost(slot, `the worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private answered(slot: Slot, answer: TaskAnswer): void {
    if (slot.dead) return;
    // a moved Buffer arrives as a plain Uint8Array
    for (const r of answer.translation?.reports ?? []) if (r.bytes) r.bytes = asBuffer(r.bytes);
    const task = slot.sent.shift();
    if (!task || task.msg.id !== answer.id) {
      // cannot happen with our worker; treat a confused worker as a dead one
      if (task) slot.sent.unshift(task);
      this.lost(slot, 'the worker answered out of order');
      return;
    }
    task.resolve({
      result: answer.result,
      returnedBytes: answer.returned ? asBuffer(answer.returned) : null,
      stacks: answer.stacks,
      finished: { result: answer.result, dropped: answer.dropped, translation: answer.translation },
    });
    this.arm(slot);
    this.dispatch();
  }

  /** (Re)start the clock of the message the worker is on now. */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (!this.options.timeoutMs || slot.sent.length === 0) return;
    slot.timer = setTimeout(() => {
      const secs = this.options.timeoutMs / 1000;
      this.lost(slot, `parsing took longer than ${secs} s and was stopped (--timeout)`, true);
    }, this.options.timeoutMs);
    slot.timer.unref();
  }

  /** A worker is gone: the message it was on gets the reason, the ones behind it go back in the queue. */
  private lost(slot: Slot, reason: string, stop = false): void {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.timer) clearTimeout(slot.timer);
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    if (stop) void slot.worker.terminate();
    const [current, ...behind] = slot.sent.splice(0);
    this.queue.unshift(...behind);
    if (current) current.resolve(failed(current.msg.source, reason));
    if (!this.closed) this.dispatch();
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
