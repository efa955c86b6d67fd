// Workers started partway through a run (the CLI's default, src/8-pipeline/jobs.ts): the
// messages parsed in the main thread before the switch and those the workers parse after it
// come out in input order, each once, exactly as a run in one thread gives them. The runner
// is the built one (dist/, which the test setup builds): the pool starts the compiled worker.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { automaticJobs } from '../../src/8-pipeline/jobs.js';
import type { ParseResult } from '../../src/0-core/schema.js';
import { FIXTURES, ROOT } from '../helpers/paths.js';

const BOUNCES = path.join(FIXTURES, 'bounces');
const { parseInputs, analyzeInputs, analyzeItems } = (await import(pathToFileURL(path.join(ROOT, 'dist/8-pipeline/run.js')).href)) as typeof import('../../src/8-pipeline/run.js');
const { WorkerPool } = (await import(pathToFileURL(path.join(ROOT, 'dist/8-pipeline/batch/pool.js')).href)) as typeof import('../../src/8-pipeline/batch/pool.js');

async function all(options: Parameters<typeof parseInputs>[1]): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of parseInputs([BOUNCES], options)) out.push(r);
  return out;
}

describe('workers started partway through a run', () => {
  it('give the same results in the same order as one thread, whenever they start', async () => {
    const one = await all({ jobs: 0 });
    expect(one.length).toBeGreaterThan(20);
    // 1 ms: the switch comes after the first message or few (whatever this machine's speed);
    // an hour: never, the whole folder in the main thread
    for (const startWorkersAfterMs of [1, 3_600_000]) expect(await all({ jobs: 2, startWorkersAfterMs })).toEqual(one);
  }, 60_000);

  it('hand back each result as its ndjson line when asked (render), the bytes of JSON.stringify of the one-thread result', async () => {
    const one = await all({ jobs: 0 });
    const lines: string[] = [];
    // startWorkersAfterMs 0 and callerParses false: every message goes through a worker, so each one comes rendered
    for await (const o of analyzeInputs([BOUNCES], { jobs: 2, startWorkersAfterMs: 0, render: 'ndjson', callerParses: false })) {
      expect(o.rendered).toBeDefined();
      // what the main thread still reads of a result that came rendered: its source, kind and error
      const line = Buffer.concat(o.rendered!).toString('utf8');
      const parsed = JSON.parse(line) as ParseResult;
      expect([o.result.source, o.result.kind, o.result.error]).toEqual([parsed.source, parsed.kind, parsed.error]);
      lines.push(line);
    }
    // ndjson (https://github.com/ndjson/ndjson-spec): one JSON text per line, as the writer prints it
    expect(lines).toEqual(one.map((r) => `${JSON.stringify(r)}\n`));
  }, 60_000);

  it('parse in the calling thread too once the worker holds enough: those results come whole, the others rendered, all in input order', async () => {
    const one = await all({ jobs: 0 });
    // one worker from the start: it is handed the first messages (run.ts, WORKER_DEPTH: 32),
    // the files are read without waiting, so the messages after those are parsed here
    // before the worker can have answered (it is still loading); 153 fixtures
    expect(one.length).toBeGreaterThan(40);
    const lines: string[] = [];
    let whole = 0;
    for await (const o of analyzeInputs([BOUNCES], { jobs: 1, startWorkersAfterMs: 0, render: 'ndjson' })) {
      if (o.rendered) lines.push(Buffer.concat(o.rendered).toString('utf8'));
      else {
        whole++;
        lines.push(`${JSON.stringify(o.result)}\n`);
      }
    }
    expect(whole).toBeGreaterThan(0);
    expect(whole).toBeLessThan(one.length);
    // ndjson (https://github.com/ndjson/ndjson-spec): the same lines whichever thread parsed each message
    expect(lines).toEqual(one.map((r) => `${JSON.stringify(r)}\n`));
  }, 60_000);

  it('hand over to the worker once it has loaded, even when every input is there at once (no wait for the event loop to turn)', async () => {
    // files are read without waiting (src/1-input/sources.ts): a source whose items never
    // wait either. Before item 11 this thread blocks for 3 s (Atomics.wait), time for the
    // worker, started after 1 ms, to load in its own thread and post that it is ready; the
    // runner must hear that while items keep coming at once, and hand later ones over
    const names = readdirSync(BOUNCES).sort();
    const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    async function* items() {
      for (let i = 0; i < 200; i++) {
        if (i === 1) block(5);
        if (i === 10) block(3000);
        const source = path.join(BOUNCES, names[i % names.length]);
        const bytes = readFileSync(source);
        yield { source, bytes, span: bytes.length };
      }
    }
    let rendered = 0;
    let n = 0;
    for await (const o of analyzeItems(items(), { jobs: 1, startWorkersAfterMs: 1, render: 'ndjson' })) {
      expect(o.result.source).toBe(path.join(BOUNCES, names[n++ % names.length]));
      if (o.rendered) rendered++;
    }
    expect(n).toBe(200);
    expect(rendered).toBeGreaterThan(0);
  }, 60_000);

  it('never parse a large message in the calling thread: it goes to a worker (heap limit, timeout) even when this thread would take the next one', async () => {
    const names = readdirSync(BOUNCES).sort();
    const small = names.slice(0, 40).map((n) => path.join(BOUNCES, n));
    // over run.ts's HERE_MAX_BYTES (256 KiB): a plain message with a long body
    const big = Buffer.from(`From: someone@example.org\r\nSubject: long\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(4000)}`);
    expect(big.length).toBeGreaterThan(256 * 1024);
    async function* items() {
      for (let i = 0; i < small.length; i++) {
        // the first 32 go to the (still loading) worker, the 33rd is parsed here, the 34th is the big one
        if (i === 33) yield { source: 'big', bytes: big, span: big.length };
        const bytes = readFileSync(small[i]);
        yield { source: small[i], bytes, span: bytes.length };
      }
    }
    const got: { source: string; rendered: boolean }[] = [];
    for await (const o of analyzeItems(items(), { jobs: 1, startWorkersAfterMs: 0, render: 'ndjson' })) got.push({ source: o.result.source, rendered: Boolean(o.rendered) });
    expect(got.map((g) => g.source)).toEqual([...small.slice(0, 33), 'big', ...small.slice(33)]);
    expect(got[32].rendered).toBe(false);
    expect(got[33].rendered).toBe(true);
  }, 60_000);

  it('warm the pool before its first message: ready once a worker has loaded, and a close never leaves the wait hanging', async () => {
    const p = new WorkerPool({ size: 1, timeoutMs: 0, limits: undefined, keepReturned: false });
    await p.warm();
    const a = await p.parse(Buffer.from('From: MAILER-DAEMON@example.org\r\nSubject: x\r\n\r\nhello\r\n'), 'm1');
    expect(a.result.source).toBe('m1');
    expect(a.result.error).toBeNull();
    await p.close();
    const q = new WorkerPool({ size: 1, timeoutMs: 0, limits: undefined, keepReturned: false });
    const waiting = q.warm();
    await q.close();
    await waiting;
  }, 60_000);

  it("the CLI bundle's worker (dist/cli/worker.cjs: main.cjs with its code cache) loads and parses as the compiled one does", async () => {
    const file = path.join(BOUNCES, 'postfix-failure-folded.eml');
    const bytes = readFileSync(file);
    const answers = [];
    for (const workerUrl of [pathToFileURL(path.join(ROOT, 'dist/cli/worker.cjs')), pathToFileURL(path.join(ROOT, 'dist/8-pipeline/batch/worker.js'))]) {
      const p = new WorkerPool({ size: 1, timeoutMs: 0, limits: undefined, keepReturned: false, workerUrl });
      await p.warm();
      answers.push((await p.parse(bytes, file)).result);
      await p.close();
    }
    expect(answers[0].kind).toBe('dsn');
    expect(answers[0]).toEqual(answers[1]);
  }, 60_000);

  it('the CLI default: a worker per core beyond two (one core for the main thread, one for V8\'s own threads), none on one or two cores, started after a while', () => {
    const auto = automaticJobs();
    expect(auto.startWorkersAfterMs).toBeGreaterThan(0);
    expect(auto.jobs).toBe(Math.max(0, availableParallelism() - 2));
  });
});
