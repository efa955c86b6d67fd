// The worker pool keeps its promise whatever a worker does: one answer per message, the
// message a worker was on when it died or hung gets the reason, the others are answered by
// a fresh worker. A stand-in worker misbehaves on cue (test/helpers/misbehaving-worker.mjs).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/8-pipeline/batch/pool.js';
import { ROOT } from '../helpers/paths.js';

const WORKER = pathToFileURL(path.join(ROOT, 'test/helpers/misbehaving-worker.mjs'));

function pool(size: number, timeoutMs = 0, maxHeapMb?: number) {
  return new WorkerPool({ size, timeoutMs, limits: undefined, keepReturned: false, workerUrl: WORKER, maxHeapMb });
}

async function runAll(p: WorkerPool, texts: string[]) {
  const answers = await Promise.all(texts.map((t, i) => p.parse(Buffer.from(t), `m${i}`)));
  await p.close();
  return answers.map((a) => ({ source: a.result.source, error: a.result.error, text: (a.result as unknown as { text?: string }).text }));
}

const plain = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `message ${from + i}`);

describe('worker pool', () => {
  it('answers every message, in a batch spread over workers', async () => {
    const texts = plain(200);
    const answers = await runAll(pool(2), texts);
    expect(answers.map((a) => a.text)).toEqual(texts);
    expect(answers.every((a) => a.error === null)).toBe(true);
  });

  for (const [marker, reason] of [
    ['EXIT', /exited with code 7/],
    ['THROW', /crashed: boom in the worker/],
  ] as const) {
    it(`gives an error result to the message a worker died on (${marker}) and answers the rest`, async () => {
      const texts = [...plain(20), `please ${marker}`, ...plain(40, 20)];
      const answers = await runAll(pool(2), texts);
      expect(answers).toHaveLength(texts.length);
      expect(answers[20].source).toBe('m20');
      expect(answers[20].error).toMatch(reason);
      const others = answers.filter((_, i) => i !== 20);
      expect(others.map((a) => a.text)).toEqual([...plain(20), ...plain(40, 20)]);
      expect(others.every((a) => a.error === null)).toBe(true);
    });
  }

  it('stops a worker that hangs past the timeout; the message gets the reason, the batch goes on', async () => {
    const texts = [...plain(5), 'HANG here', ...plain(30, 5), 'HANG again', 'last'];
    // the clock of a message not yet started runs from its sending, so a worker's start-up
    // counts: 1.5 s leaves room for a start on a loaded machine (0.3 s did not, at load 20 on 2 cores)
    const answers = await runAll(pool(2, 1500), texts);
    expect(answers.map((a) => a.error === null)).toEqual(texts.map((t) => !t.includes('HANG')));
    expect(answers[5].error).toMatch(/longer than 1.5 s/);
    expect(answers[36].error).toMatch(/longer than 1.5 s/);
    expect(answers.filter((a) => a.error === null).map((a) => a.text)).toEqual(texts.filter((t) => !t.includes('HANG')));
  });

  it('times each message, not a batch: slow messages that together take longer than the timeout all pass', async () => {
    // one worker, answers posted per batch: 6 x 150 ms in one batch is 900 ms, each under 400
    const texts = [...Array.from({ length: 6 }, (_, i) => `SLOW ${i}`), ...plain(3)];
    const answers = await runAll(pool(1, 400), texts);
    expect(answers.map((a) => a.error)).toEqual(texts.map(() => null));
    expect(answers.map((a) => a.text)).toEqual(texts);
  });

  it('survives a message that exhausts a worker heap', async () => {
    const texts = [...plain(3), 'OOM', ...plain(3, 3)];
    const answers = await runAll(pool(1, 0, 64), texts);
    expect(answers[3].error).toMatch(/out of memory|crashed|exited/);
    expect(answers.filter((_, i) => i !== 3).map((a) => a.text)).toEqual([...plain(3), ...plain(3, 3)]);
  });

  it('survives every message crashing, one error each', async () => {
    const texts = Array.from({ length: 6 }, (_, i) => `EXIT ${i}`);
    const answers = await runAll(pool(2), texts);
    expect(answers.map((a) => a.source)).toEqual(texts.map((_, i) => `m${i}`));
    expect(answers.every((a) => /exited with code 7/.test(a.error ?? ''))).toBe(true);
  });

  it('answers messages still queued with an error when closed', async () => {
    const p = pool(1);
    const pending = plain(50).map((t, i) => p.parse(Buffer.from(t), `m${i}`));
    await p.close();
    const answers = await Promise.all(pending);
    expect(answers).toHaveLength(50);
    // each one answered: parsed before the close, or told the pool closed
    answers.forEach((a, i) => (a.result.error === null ? expect((a.result as unknown as { text: string }).text).toBe(`message ${i}`) : expect(a.result.error).toMatch(/closed/)));
  });
});
