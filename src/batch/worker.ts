// A parsing worker: takes batches of messages, answers one result per message, in order.
// Messages are parsed one after another (never interleaved), so the runner knows which
// message a worker was on when it died or stopped answering.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeMessage } from '../parse.js';
import { asBuffer, standalone, type TaskAnswer, type TaskBatch, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let queue: Promise<void> = Promise.resolve();

async function run(batch: TaskBatch): Promise<void> {
  for (const t of batch.tasks) {
    const { result, returnedBytes, stacks } = await analyzeMessage(asBuffer(t.bytes), t.source, { limits: setup.limits });
    const returned = setup.keepReturned && returnedBytes ? standalone(returnedBytes) : null;
    const answer: TaskAnswer = { id: t.id, result, returned, stacks };
    port.postMessage(answer, returned ? [returned.buffer as ArrayBuffer] : []);
  }
}

port.on('message', (batch: TaskBatch) => {
  queue = queue.then(() => run(batch));
});
