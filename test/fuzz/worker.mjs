// Fuzz worker: parses (and translates, once the library has translate) each input it is sent
// and reports what went wrong, if anything. It runs on a worker thread so the controller
// (test/fuzz/harness.ts) can time out and kill a hung parse. It loads the built library
// (dist/), which the test setup and `npm run fuzz` build first.
import { parentPort } from 'node:worker_threads';

const lib = await import(new URL('../../dist/index.js', import.meta.url).href);

function check(outcome) {
  const { result } = outcome;
  const problems = [];
  const parsed = lib.ParseResultSchema.safeParse(result);
  if (!parsed.success) problems.push(`result does not match the schema: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (outcome.stacks?.length) problems.push(`internal error caught: ${outcome.stacks[0].split('\n').slice(0, 4).join(' | ')}`);
  if (result.error?.startsWith('internal error')) problems.push(`result error: ${result.error}`);
  JSON.parse(JSON.stringify(result));
  if (typeof lib.translate === 'function') {
    const reports = lib.translate(result);
    if (!Array.isArray(reports)) problems.push('translate did not return an array');
    else JSON.parse(JSON.stringify(reports));
  }
  return problems;
}

parentPort.on('message', async ({ id, bytes }) => {
  const t0 = performance.now();
  try {
    const outcome = await lib.analyzeMessage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'fuzz');
    const problems = check(outcome);
    parentPort.postMessage({ id, ms: performance.now() - t0, problems, kind: outcome.result.kind, rows: outcome.result.recipients.length, heapMb: process.memoryUsage().heapUsed / 1048576 });
  } catch (e) {
    parentPort.postMessage({ id, ms: performance.now() - t0, problems: [`exception escaped: ${e?.stack ?? String(e)}`], kind: null, rows: 0 });
  }
});
