// A parsing worker: takes batches of messages, answers them in order, one post per batch.
// Messages are parsed one after another (never interleaved), and each one's start is noted
// in the shared progress cell, so the runner knows which message a worker was on when it
// died or stopped answering.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeMessageNow } from '../parse.js';
import { asBuffer, markStarted, READY, standalone, type TaskAnswer, type TaskAnswers, type TaskBatch, type WorkerData } from './protocol.js';
import { finishOutcome } from './finish.js';
import { renderHere } from './render.js';
import { RECLAIM_AFTER_BYTES, reclaimAfter, reclaimAfterParse } from './reclaim.js';

const setup = workerData as WorkerData;
const progress = new Int32Array(setup.progress);
const port = parentPort!;
let queue: Promise<void> = Promise.resolve();

/** Answers held back longer than this are posted before the batch ends (a batch of slow messages still streams). */
const HOLD_MS = 50;

async function run(batch: TaskBatch): Promise<void> {
  let answers: TaskAnswer[] = [];
  let moved: ArrayBuffer[] = [];
  let heldSince = 0;
  const post = () => {
    const out: TaskAnswers = { answers };
    port.postMessage(out, moved);
    answers = [];
    moved = [];
  };
  for (const t of batch.tasks) {
    markStarted(progress, t.id, setup.epoch);
    let outcome = analyzeMessageNow(asBuffer(t.bytes), t.source, { limits: setup.limits, explain: setup.explain });
    if (outcome instanceof Promise) outcome = await outcome;
    const returned = setup.keepReturned && outcome.returnedBytes ? standalone(outcome.returnedBytes) : null;
    let finished = finishOutcome(outcome, setup);
    if (finished instanceof Promise) finished = await finished;
    const { result, dropped, translation, stacks } = finished;
    // a big message's parse garbage freed before its result is rendered and sent, not kept
    // beside the output it is turned into (README, Limits, memory)
    reclaimAfterParse(t.bytes.byteLength);
    // the output line made here, moved to the main thread: it never rebuilds the rows (render.ts)
    const done = setup.render && !dropped ? renderHere(result, setup.render) : { result, rendered: undefined };
    for (const p of done.rendered ?? []) moved.push(p.buffer as ArrayBuffer);
    // rendered files and the returned original are moved to the main thread, not copied
    if (returned) moved.push(returned.buffer as ArrayBuffer);
    for (const r of translation?.reports ?? []) {
      if (!r.bytes) continue;
      r.bytes = asBuffer(standalone(r.bytes));
      moved.push(r.bytes.buffer as ArrayBuffer);
    }
    if (!answers.length) heldSince = Date.now();
    answers.push({ id: t.id, result: done.result, returned, stacks: stacks ? [...(outcome.stacks ?? []), ...stacks] : outcome.stacks, dropped, translation, rendered: done.rendered });
    if (Date.now() - heldSince > HOLD_MS || t.bytes.byteLength >= RECLAIM_AFTER_BYTES) post();
    reclaimAfter(t.bytes.byteLength);
  }
  if (answers.length) post();
}

port.on('message', (batch: TaskBatch) => {
  queue = queue.then(() => run(batch));
});

// the parsers are loaded (this module's imports ran): the runner may hand over to this worker
port.postMessage(READY);
