// A stand-in for src/8-pipeline/batch/worker.ts that misbehaves on purpose, to test the pool: it speaks
// the same protocol (progress cell, one post per batch), answers a message by echoing its
// text, and on the marker in a message dies (EXIT), throws outside any handler (THROW),
// never answers (HANG), eats its heap (OOM), or takes 150 ms (SLOW).
import { parentPort, workerData } from 'node:worker_threads';

let queue = Promise.resolve();
const hog = [];
const progress = new Int32Array(workerData.progress);

async function run(batch) {
  const answers = [];
  for (const t of batch.tasks) {
    Atomics.store(progress, 1, (Date.now() - workerData.epoch) | 0);
    Atomics.store(progress, 0, t.id);
    const text = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength).toString();
    if (text.includes('EXIT')) process.exit(7);
    if (text.includes('THROW')) setTimeout(() => { throw new Error('boom in the worker'); });
    if (text.includes('THROW')) await new Promise(() => {});
    if (text.includes('HANG')) for (;;);
    if (text.includes('SLOW')) for (const end = Date.now() + 150; Date.now() < end; );
    if (text.includes('OOM')) for (;;) hog.push(new Array(1e6).fill(hog.length));
    answers.push({ id: t.id, result: { source: t.source, error: null, text }, returned: null });
  }
  parentPort.postMessage({ answers });
}

parentPort.on('message', (batch) => {
  queue = queue.then(() => run(batch));
});
