// Messages between the batch runner and its parsing workers. A message's bytes are in
// shared memory (src/1-input/buffers.ts): posting one copies nothing, and the runner keeps it
// to hand to another worker if the first dies. Returned originals come back moved.
// Answers come back in batches (one post per task batch: a post per message cost 6-12% of a
// worker's time); which message a worker is on, and since when, it writes into a shared
// progress cell, so the runner still knows whom a crash or a hang belongs to.
import type { Limits } from '../../0-core/limits.js';
import type { ParseResult } from '../../0-core/schema.js';
import type { FinishSteps } from './finish.js';
import type { Translation } from './translation.js';

export interface WorkerSetup extends FinishSteps {
  limits: Partial<Limits> | undefined;
  /** rows carry the evidence for their reason (ParseOptions.explain) */
  explain?: boolean;
  /** send back the returned original's bytes (writers that embed it: .msg) */
  keepReturned: boolean;
  /** send back each result's output line, rendered here, instead of its rows (RunOptions.render) */
  render?: import('./render.js').RenderFormat;
}

/** What one worker is given at start: the setup, and its progress cell. */
export interface WorkerData extends WorkerSetup {
  /** PROGRESS_CELLS Int32 cells: PROGRESS_ID, PROGRESS_STARTED */
  progress: SharedArrayBuffer;
  /** Date.now() when the pool started: times in the cell count from it */
  epoch: number;
}

/** Cells of a worker's progress: the id of the message it started last, and when (ms since epoch, int32 wrapping). */
export const PROGRESS_ID = 0;
export const PROGRESS_STARTED = 1;
export const PROGRESS_CELLS = 2;

/** ms since `epoch`, as an int32 that wraps (differences stay right for 24 days) */
export function sinceEpoch(epoch: number): number {
  return (Date.now() - epoch) | 0;
}

/** The worker's side: note that message `id` starts now. */
export function markStarted(cell: Int32Array, id: number, epoch: number): void {
  Atomics.store(cell, PROGRESS_STARTED, sinceEpoch(epoch));
  Atomics.store(cell, PROGRESS_ID, id);
}

export interface TaskMessage {
  id: number;
  source: string;
  /** a view of a SharedArrayBuffer */
  bytes: Uint8Array;
}

/** main → worker: messages to parse, in order */
export interface TaskBatch {
  tasks: TaskMessage[];
}

/** worker → main, once, before any answer: its modules are loaded and it takes tasks */
export const READY = 'ready';

/** worker → main: the answers to a batch's tasks (or the first of them), in the order given */
export interface TaskAnswers {
  answers: TaskAnswer[];
}

/** one task's answer */
export interface TaskAnswer {
  id: number;
  result: ParseResult;
  returned: Uint8Array | null;
  /** stack traces of internal errors caught (--debug prints them) */
  stacks?: string[];
  /** the filters kept it out of the output */
  dropped: boolean;
  translation?: Translation;
  /** with `render`: the result's output, UTF-8 bytes in pieces (moved); `result` then holds only its source, kind and error */
  rendered?: Uint8Array[];
}

/** The bytes in an ArrayBuffer of their own, to be moved: the same buffer when it already is, else one copy. */
export function standalone(b: Uint8Array): Uint8Array {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && !(b.buffer instanceof SharedArrayBuffer)) return b;
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return copy;
}

export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
