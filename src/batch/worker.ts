// A parsing worker: takes batches of messages, answers one result per message, in order.
// Messages are parsed one after another (never interleaved), so the runner knows which
// message a worker was on when it died or stopped answering.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeMessage } from '../parse.js';
import { asBuffer, standalone, type TaskAnswer, type TaskBatch, type WorkerSetup } from './protocol.js';
import { finishOutcome } from './finish.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let queue: Promise<void> = Promise.resolve();

async function run(batch: TaskBatch): Promise<void> {
  for (const t of batch.tasks) {
    const outcome = await analyzeMessage(asBuffer(t.bytes), t.source, { limits: setup.limits });
    const returned = setup.keepReturned && outcome.returnedBytes ? standalone(outcome.returnedBytes) : null;
    const { result, dropped, translation, stacks } = await finishOutcome(outcome, setup);
    // rendered files and the returned original are moved to the main thread, not copied
    const moved: ArrayBuffer[] = returned ? [returned.buffer as ArrayBuffer] : [];
    for (const r of translation?.reports ?? []) {
      if (!r.bytes) continue;
      r.bytes = asBuffer(standalone(r.bytes));
      moved.push(r.bytes.buffer as ArrayBuffer);
    }
    const answer: TaskAnswer = { id: t.id, result, returned, stacks: stacks ? [...(outcome.stacks ?? []), ...stacks] : outcome.stacks, dropped, translation };
    port.postMessage(answer, moved);
  }
}

port.on('message', (batch: TaskBatch) => {
  queue = queue.then(() => run(batch));
});
