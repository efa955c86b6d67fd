// The runner holds no more big messages than it needs (README, Limits, memory): with workers,
// the next input is asked for only while the window has room, and with reclaimBig the
// calling thread collects its garbage before it parses a big message and before it gives out
// that message's result, when memory in use has grown enough since its last collection. The runner is the
// built one (dist/, which the test setup builds): the pool starts the compiled worker.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const { analyzeItems } = (await import(pathToFileURL(path.join(ROOT, 'dist/8-pipeline/run.js')).href)) as typeof import('../../src/8-pipeline/run.js');

const { RECLAIM_AFTER_BYTES, RECLAIM_GROWTH_BYTES, reclaimAfter, reclaimAfterParse } = (await import(pathToFileURL(path.join(ROOT, 'dist/8-pipeline/batch/reclaim.js')).href)) as typeof import('../../src/8-pipeline/batch/reclaim.js');
const MB = 1024 * 1024;

/** A plain message of about `size` bytes (not a report: its parse reads little of it). */
function plain(size: number, n: number): Buffer {
  return Buffer.from(`From: someone@example.org\r\nSubject: big ${n}\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(Math.ceil(size / 78))}`);
}

describe('with workers, big inputs are read as the window makes room', () => {
  it('the next input is asked for once an answer left the window, not while two big ones wait there', async () => {
    // each over half of run.ts's WINDOW_BYTES (32 MiB): two of them fill the window
    const size = 17 * MB;
    const count = 5;
    let given = 0;
    const askedAt: number[] = [];
    async function* items() {
      for (let i = 0; i < count; i++) {
        askedAt.push(given);
        const bytes = plain(size, i);
        yield { source: `m${i}`, bytes, span: bytes.length };
      }
    }
    for await (const o of analyzeItems(items(), { jobs: 1, startWorkersAfterMs: 0, render: 'ndjson' })) {
      expect(o.result.source).toBe(`m${given}`);
      given++;
    }
    expect(given).toBe(count);
    // the first two fill the window; each later one is asked for only after the answer two
    // places before it was given out (asked for at once, the third was read with none given)
    for (let i = 2; i < count; i++) expect(askedAt[i], `input ${i}`).toBeGreaterThanOrEqual(i - 1);
  }, 120_000);
});

describe('reclaimBig', () => {
  /** Forced full collections in this thread while `f` runs (perf_hooks 'gc' entries, flagged forced). */
  async function forcedCollections(f: () => Promise<void>): Promise<number> {
    let forced = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const d = (e as PerformanceEntry & { detail?: { kind: number; flags: number } }).detail;
        if (d && d.kind === constants.NODE_PERFORMANCE_GC_MAJOR && d.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced++;
      }
    });
    obs.observe({ entryTypes: ['gc'] });
    try {
      await f();
      // entries are delivered after the event loop turns
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      obs.disconnect();
    }
    return forced;
  }

  const run = (reclaimBig: boolean, size: number) => async () => {
    async function* items() {
      for (let i = 0; i < 3; i++) {
        const bytes = plain(size, i);
        yield { source: `m${i}`, bytes, span: bytes.length };
      }
    }
    for await (const o of analyzeItems(items(), { jobs: 0, reclaimBig })) expect(o.result.error).toBeNull();
  };

  it('collects after each message of RECLAIM_AFTER_BYTES or more parsed in the calling thread, and only then', async () => {
    expect(5 * MB).toBeGreaterThanOrEqual(RECLAIM_AFTER_BYTES);
    // three big messages: one after each parse, and before a parse only when the heap grew
    const big = await forcedCollections(run(true, 5 * MB));
    expect(big).toBeGreaterThanOrEqual(3);
    expect(big).toBeLessThanOrEqual(6);
    expect(await forcedCollections(run(false, 5 * MB))).toBe(0);
    expect(await forcedCollections(run(true, 64 * 1024))).toBe(0);
  }, 120_000);

  // reclaim.ts: a forced collection costs milliseconds even on a small heap. After a big
  // message's parse one always runs (its garbage is mostly Buffers, outside V8's heap); at the
  // other points only when V8's heap has grown by RECLAIM_GROWTH_BYTES since the thread's last.
  it('after a parse always, elsewhere only when the heap has grown since the last collection; never for a small message', async () => {
    const size = RECLAIM_AFTER_BYTES;
    const grow = RECLAIM_GROWTH_BYTES + MB;
    /** garbage of `bytes` on V8's heap (a double array), made and let go */
    const dropped = (bytes: number) => new Array(bytes / 8).fill(0.5).length;
    // a parse: collected every time, even with nothing grown
    expect(await forcedCollections(async () => {
      reclaimAfterParse(size);
      reclaimAfterParse(size);
    })).toBe(2);
    // nothing grown since: none, however often asked
    expect(await forcedCollections(async () => {
      reclaimAfter(size);
      reclaimAfter(size);
    })).toBe(0);
    // garbage on the heap of more than the growth, made just before asking (V8 would free it
    // itself at its next collection): a small message still does not collect, a big one does
    expect(await forcedCollections(async () => {
      expect(dropped(grow)).toBe(grow / 8);
      reclaimAfter(size - 1);
      reclaimAfterParse(size - 1);
    })).toBe(0);
    expect(await forcedCollections(async () => {
      expect(dropped(grow)).toBe(grow / 8);
      reclaimAfter(size);
    })).toBe(1);
    // bytes read (a Buffer, outside the heap) are not growth: nothing to free before a parse
    const read = Buffer.alloc(grow);
    expect(await forcedCollections(async () => reclaimAfter(read.length))).toBe(0);
  }, 60_000);
});
