// Runs inputs through the library on a worker thread (test/fuzz/worker.mjs) with a per-input
// timeout: a parse that hangs is killed and reported instead of hanging the run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface Verdict {
  ok: boolean;
  /** the harness was closed while this input was in flight (fast-check's time limit does not wait for it): not a verdict */
  cancelled?: boolean;
  ms: number;
  problems: string[];
  kind: string | null;
  rows: number;
}

export class FuzzHarness {
  private worker: Worker | null = null;
  private nextId = 0;
  private pending = new Map<number, { worker: Worker; done: (v: Verdict) => void }>();
  restarts = 0;
  /** the worker's heap after the last input, in MiB */
  heapMb = 0;
  private lastError: string | null = null;
  private closing = false;

  constructor(private readonly timeoutMs = 10_000) {}

  private start(): Worker {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    w.on('message', (m: { id: number; heapMb: number } & Omit<Verdict, 'ok'>) => {
      this.heapMb = m.heapMb;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.done({ ok: m.problems.length === 0, ms: m.ms, problems: m.problems, kind: m.kind, rows: m.rows });
    });
    // only this worker's inputs fail with it (a killed worker's exit must not fail its successor's)
    const fail = (why: string) => {
      for (const [id, p] of this.pending) {
        if (p.worker !== w) continue;
        this.pending.delete(id);
        p.done(this.closing ? { ok: true, cancelled: true, ms: 0, problems: [], kind: null, rows: 0 } : { ok: false, ms: 0, problems: [why], kind: null, rows: 0 });
      }
      if (this.worker === w) this.worker = null;
    };
    // 'error' (uncaught exception, ERR_WORKER_OUT_OF_MEMORY) may come before or after 'exit'
    w.on('error', (e) => {
      this.lastError = `${(e as Error)?.stack ?? String(e)}`;
      fail(`worker crashed: ${this.lastError}`);
    });
    w.on('exit', (code) => fail(`worker exited with code ${code} (heap after the previous input: ${this.heapMb.toFixed(0)} MiB)`));
    this.worker = w;
    return w;
  }

  /** Parse one input; never rejects. */
  parse(bytes: Uint8Array): Promise<Verdict> {
    const w = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<Verdict>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.restarts++;
        this.worker = null;
        void w.terminate();
        resolve({ ok: false, ms: this.timeoutMs, problems: [`no result within ${this.timeoutMs} ms (hang)`], kind: null, rows: 0 });
      }, this.timeoutMs);
      this.pending.set(id, {
        worker: w,
        done: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      });
      w.postMessage({ id, bytes });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

// Larger inputs are kept gzipped (a megabyte of repeated header compresses to kilobytes).
const GZIP_ABOVE = 64 * 1024;

/** Keep an input that broke the parser: fixtures/regressions/<hash>.eml[.gz] (+ .txt saying how). */
export function saveRegression(dir: string, bytes: Uint8Array, problems: string[]): string {
  mkdirSync(dir, { recursive: true });
  const name = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const big = bytes.length > GZIP_ABOVE;
  const file = path.join(dir, big ? `${name}.eml.gz` : `${name}.eml`);
  if (!existsSync(file)) {
    writeFileSync(file, big ? gzipSync(bytes, { level: 9 }) : bytes);
    writeFileSync(path.join(dir, `${name}.txt`), `${problems.join('\n')}\n`);
  }
  return file;
}
