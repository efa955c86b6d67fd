// Messages between the batch runner and its parsing workers. A message's bytes are in
// shared memory (src/input/buffers.ts): posting one copies nothing, and the runner keeps it
// to hand to another worker if the first dies. Returned originals come back moved.
import type { Limits } from '../limits.js';
import type { ParseResult } from '../table/schema.js';
import type { FinishSteps } from './finish.js';
import type { Translation } from './translation.js';

export interface WorkerSetup extends FinishSteps {
  limits: Partial<Limits> | undefined;
  /** send back the returned original's bytes (writers that embed it: .msg) */
  keepReturned: boolean;
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

/** worker → main: one answer per task, in the order given */
export interface TaskAnswer {
  id: number;
  result: ParseResult;
  returned: Uint8Array | null;
  /** stack traces of internal errors caught (--debug prints them) */
  stacks?: string[];
  /** the filters kept it out of the output */
  dropped: boolean;
  translation?: Translation;
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
