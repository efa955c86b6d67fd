// A stand-in for src/batch/worker.ts that misbehaves on purpose, to test the pool: it speaks
// the same protocol, answers a message by echoing its text, and on the marker in a message
// dies (EXIT), throws outside any handler (THROW), never answers (HANG), or eats its heap (OOM).
import { parentPort } from 'node:worker_threads';

let queue = Promise.resolve();
const hog = [];

async function run(batch) {
  for (const t of batch.tasks) {
    const text = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength).toString();
    if (text.includes('EXIT')) process.exit(7);
    if (text.includes('THROW')) setTimeout(() => { throw new Error('boom in the worker'); });
    if (text.includes('THROW')) await new Promise(() => {});
    if (text.includes('HANG')) for (;;);
    if (text.includes('OOM')) for (;;) hog.push(new Array(1e6).fill(hog.length));
    parentPort.postMessage({ id: t.id, result: { source: t.source, error: null, text }, returned: null });
  }
}

parentPort.on('message', (batch) => {
  queue = queue.then(() => run(batch));
});
