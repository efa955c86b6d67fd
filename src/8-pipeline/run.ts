// Inputs → results, in input order: the one place that turns InputItems into ParseOutcomes,
// in the calling thread or on a pool of worker threads.
//
// With workers, messages are handed out as they are read and answered out of order; a
// window of pending answers (bounded in count and bytes) puts them back in order, so memory
// stays flat however large the input: a slow message holds back at most one window.
import type { Readable } from 'node:stream';
import { WorkerPool, type PoolOutcome } from './batch/pool.js';
import { finishOutcome, type Finished } from './batch/finish.js';
import type { ResultFilter } from './batch/filter.js';
import type { TranslateStep, Translation } from './batch/translation.js';
import type { RenderFormat } from './batch/render.js';
import type { MboxFormat } from '../1-input/mbox.js';
import { expandInputs, type InputItem, type InputOptions } from '../1-input/sources.js';
import { resolveLimits, type Limits } from '../0-core/limits.js';
import type { ParseOutcome } from './parse.js';
import { errorResult } from './empty-result.js';
import { reclaimAfter, reclaimAfterParse } from './batch/reclaim.js';
import { DEFAULT_TIMEOUT_MS, defaultJobs } from './jobs.js';
import type { ParseResult } from '../0-core/schema.js';

export interface RunOptions {
  limits?: Partial<Limits>;
  /** each row's evidence for its reason and hard/soft verdict (ParseOptions.explain) */
  explain?: boolean;
  mboxFormat?: MboxFormat;
  stdin?: Readable;
  /** called with the stack trace of each internal error caught (the CLI prints them with --debug) */
  onInternalError?: (source: string, stack: string) => void;
  /** worker threads parsing beside the calling thread (callerParses); 0 (the library's default) parses in the calling thread only */
  jobs?: number;
  /**
   * with workers: parse in the calling thread first and start the workers only once this many
   * ms went by with input still coming (jobs.ts, WORKERS_PAY_AFTER_MS); 0 or absent: from the
   * second message. Results are the same either way.
   */
  startWorkersAfterMs?: number;
  /** with workers: a message that takes longer (ms) gets an error result and its worker is replaced; 0: no limit */
  timeoutMs?: number;
  /** keep the returned original's bytes (for writers that embed it, .msg) */
  keepReturned?: boolean;
  /** keep only some rows and results (`dropped` marks the others, which are still given) */
  filter?: ResultFilter;
  /** also translate each message into its MAPI reports (and render them), where it is parsed */
  translate?: TranslateStep;
  /**
   * collect the calling thread's garbage around each message of RECLAIM_AFTER_BYTES or more it
   * parses (batch/reclaim.ts): after its parse (the parse's garbage, before the result is
   * given out and written), and before its parse when V8's heap has grown since the last
   * collection (the bytes, text and rows of the messages before it, let go by then, are freed
   * before its own parse grows the heap). The CLI sets it; a library's caller decides for its
   * own thread.
   */
  reclaimBig?: boolean;
  /** folders never read as inputs, wherever the walk meets them (an output folder inside an input folder) */
  skipDirs?: readonly (string | Buffer)[];
  /**
   * with workers: each result's output is made on its worker (`rendered`), and the result
   * comes back as its source, kind and error only, every other field empty (batch/render.ts
   * says why); results made in the calling thread come whole, without `rendered`
   */
  render?: RenderFormat;
  /**
   * with workers: this thread parses too, a message at a time whenever the workers hold
   * enough to stay busy (WORKER_DEPTH); true unless false. Its results come whole (no
   * `rendered`), and are filtered and translated here.
   */
  callerParses?: boolean;
}

/**
 * One message's outcome: its result (rows cut down by the filter), the input bytes it
 * accounts for (progress), whether the filter dropped it, and its reports when asked.
 */
export interface Analyzed extends ParseOutcome {
  span: number;
  dropped: boolean;
  translation?: Translation;
  /** the result's output, made on its worker (RunOptions.render): `result` then holds only its source, kind and error */
  rendered?: Buffer[];
}

export { DEFAULT_TIMEOUT_MS, defaultJobs };
/** answers waiting to be put in order, at most: per worker (two batches more than a worker holds, src/8-pipeline/batch/pool.ts), and in message bytes */
const WINDOW_PER_JOB = 64;
const WINDOW_BYTES = 32 * 1024 * 1024;
/**
 * Messages a worker holds (sent or waiting for it) before this thread parses the next one
 * itself (RunOptions.callerParses): two of the pool's batches, so a worker that answers one
 * has the other to go on with while the next is sent.
 */
const WORKER_DEPTH = 32;
/**
 * Larger messages always go to a worker: there a heap limit and the timeout guard the run,
 * and the peak is the worker's. Bounces are a few KB (the Sisimai half: 99 % under 64 KB,
 * none over 256 KB), so this thread still takes its share.
 */
const HERE_MAX_BYTES = 256 * 1024;
/**
 * Messages parsed here between turns of the event loop (the turn hears the workers' answers
 * and sends them more). A profile of --jobs 1 over 16,650 files: without turns, the worker
 * did 1.7-1.9 s of CPU against 4.2-4.8 s here (it waited for work); with a turn after 1, 4
 * or 16 messages, 2.7-3.3 s against 3.3-3.6 s.
 */
const TURN_AFTER = 4;
/**
 * Parsing in this thread, the event loop is turned at least this often (ms): files are read
 * without waiting, so without a turn a folder is parsed to its end before a signal handler,
 * a timer (progress) or the output sink's gathered chunk (src/7-output/sink.ts) gets its
 * turn: Ctrl-C was not heard until the end of the run. A turn costs a few µs.
 */
const TURN_EVERY_MS = 50;

/**
 * A turn of the event loop; returns when the next is due (TURN_EVERY_MS). Callers look at
 * the clock first (`performance.now() >= due`): a message between turns awaits nothing,
 * where an async function's promise cost every message a microtask round.
 */
async function turn(): Promise<number> {
  await new Promise(setImmediate);
  return performance.now() + TURN_EVERY_MS;
}

export function inputOptions(options: RunOptions): InputOptions {
  const limits = resolveLimits(options.limits);
  return { maxMessageBytes: limits.maxMessageBytes, mboxFormat: options.mboxFormat, stdin: options.stdin, skipDirs: options.skipDirs };
}

type Analyze = typeof import('./parse.js').analyzeMessageNow;
let analyzeStage: Analyze | null = null;

/** The parse stage, loaded on first use: the CLI's --version and --help never load the parsers (start-up). */
async function loadStage(): Promise<Analyze> {
  analyzeStage ??= (await import('./parse.js')).analyzeMessageNow;
  return analyzeStage;
}

const unreadable = (source: string, error: string): ParseOutcome => ({ result: errorResult(source, error), returnedBytes: null });

function fromItem(item: InputItem, options: RunOptions, analyze: Analyze): Promise<ParseOutcome> | ParseOutcome {
  if (item.error !== undefined) return unreadable(item.source, item.error);
  return analyze(item.bytes, item.source, { limits: options.limits, explain: options.explain });
}

/**
 * An item parsed in this thread, with its span: the outcome object itself, not a copy of it,
 * and no promise when parsing needed none (a generator's yield awaits what it is given anyway).
 */
function here(item: InputItem, options: RunOptions, analyze: Analyze): InOrder | Promise<InOrder> {
  const o = fromItem(item, options, analyze);
  const span = { span: item.span ?? 0 };
  return o instanceof Promise ? o.then((r) => Object.assign(r, span)) : Object.assign(o, span);
}

/** A heap limit for a worker: room for the largest message many times over, never below 1 GiB; none without a size limit. */
function workerHeapMb(options: RunOptions): number | undefined {
  const max = resolveLimits(options.limits).maxMessageBytes;
  return Number.isFinite(max) ? Math.max(1024, Math.ceil((max / (1024 * 1024)) * 40)) : undefined;
}

/** Parse every item, yielding one outcome per item in input order. */
export async function* analyzeItems(items: AsyncIterable<InputItem>, options: RunOptions = {}): AsyncGenerator<Analyzed> {
  if (jobsOf(options) === 0) {
    // this thread only (the CLI's default on two cores): each item parsed and finished here,
    // with no generator between the input and this one; each generator an item passes
    // through costs it promise rounds (analyzeInOrder's yield, its await of the next input)
    //
    // The item is let go once parsed: held while its result is written and the next item is
    // read and parsed, a big message's bytes (and its result, until the next one replaced it)
    // doubled the peak of a run of big messages (README, Limits, memory).
    const analyze = await loadStage();
    const it = items[Symbol.asyncIterator]();
    let due = performance.now() + TURN_EVERY_MS;
    for (;;) {
      let n: IteratorResult<InputItem> | null = await it.next();
      if (n.done) return;
      const size = options.reclaimBig ? (n.value.bytes?.length ?? 0) : 0;
      reclaimAfter(size);
      let o: InOrder | Promise<InOrder> | null = here(n.value, options, analyze);
      n = null;
      if (o instanceof Promise) o = await o;
      reclaimAfterParse(size);
      let a: Analyzed | Promise<Analyzed> | null = complete(o, options);
      o = null;
      yield a;
      a = null;
      if (performance.now() >= due) due = await turn();
    }
  }
  for await (const o of analyzeInOrder(items, options)) yield complete(o, options);
}

/**
 * An outcome in order, filtered (and translated) here unless its worker did that: the
 * Analyzed given out; without translate, at once (no promise).
 */
function complete(o: InOrder, options: RunOptions): Analyzed | Promise<Analyzed> {
  if (options.onInternalError) for (const st of o.stacks ?? []) options.onInternalError(o.result.source, st);
  // parsed here, unreadable, or lost with its worker: filtered (and translated) here
  const f = o.finished ?? finishOutcome(o, options);
  return f instanceof Promise ? f.then((g) => analyzed(o, g, options)) : analyzed(o, f, options);
}

function analyzed(o: InOrder, f: Finished, options: RunOptions): Analyzed {
  if (options.onInternalError) for (const st of f.stacks ?? []) options.onInternalError(f.result.source, st);
  // built field by field: an object spread per message was a measurable share of this loop
  return { result: f.result, returnedBytes: o.returnedBytes, stacks: o.stacks, span: o.span, dropped: f.dropped, translation: f.translation, rendered: f.rendered };
}

type InOrder = PoolOutcome & { span: number };

const jobsOf = (options: RunOptions) => Math.max(0, Math.floor(options.jobs ?? 0));

/** With workers (jobs > 0): outcomes in input order, parsed on the pool and, when it pays, here. */
async function* analyzeInOrder(items: AsyncIterable<InputItem>, options: RunOptions): AsyncGenerator<InOrder> {
  const jobs = jobsOf(options);
  const it = items[Symbol.asyncIterator]();
  const callerParses = options.callerParses ?? true;
  const carried: InputItem[] = [];
  const startAfter = options.startWorkersAfterMs ?? 0;
  const pool = new WorkerPool({
    size: jobs,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    limits: options.limits,
    explain: options.explain ?? false,
    keepReturned: options.keepReturned ?? false,
    filter: options.filter,
    translate: options.translate,
    render: options.render,
    maxHeapMb: workerHeapMb(options),
  });
  try {
    if (startAfter > 0) {
      // parse here until this run has spent as long as starting the workers costs and input
      // still comes: a stream, a file or a small folder is done before workers would have paid
      // for themselves (each loads and compiles the parsers anew); a long run then starts them
      // and goes on parsing here until one has loaded, so no time is spent waiting for it
      const analyze = await loadStage();
      const t0 = performance.now();
      let ready = false;
      let warming = false;
      let sinceTurn = 0;
      let due = t0 + TURN_EVERY_MS;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        if (ready) {
          carried.push(n.value);
          break;
        }
        if (performance.now() - t0 >= startAfter && !warming) {
          warming = true;
          void pool.warm().then(() => {
            ready = true;
          });
        }
        // this path has no point after a parse: the garbage of the big message parsed here
        // before this one is collected now, as it would be after that parse
        if (options.reclaimBig) reclaimAfterParse(n.value.bytes?.length ?? 0);
        yield here(n.value, options, analyze);
        // files are read without waiting: without a turn of the event loop the worker's
        // READY is never heard, and a folder was parsed here to its end (a profile of the
        // default over 16,650 files: the worker used 0.05-0.08 s of CPU, this thread all the rest)
        if (warming && ++sinceTurn >= TURN_AFTER) {
          sinceTurn = 0;
          await new Promise(setImmediate);
        } else if (!warming && performance.now() >= due) due = await turn();
      }
    } else {
      // a single message is parsed here: starting a worker would cost more than it saves
      const first = await it.next();
      if (first.done) return;
      const second = await it.next();
      if (second.done) {
        yield here(first.value, options, await loadStage());
        return;
      }
      carried.push(first.value, second.value);
    }
    // answers in input order; each one is given as soon as it and all before it are there
    const analyze = callerParses ? await loadStage() : null;
    const depth = jobs * WORKER_DEPTH;
    const pending: Pending[] = [];
    let pendingBytes = 0;
    let parsedHere = 0;
    const take = (item: InputItem) => {
      const bytes = item.bytes?.length ?? 0;
      const entry: Pending = { done: null, answer: null, bytes, span: item.span ?? 0 };
      let outcome: Promise<PoolOutcome> | PoolOutcome;
      if (item.error !== undefined) outcome = unreadable(item.source, item.error);
      // the workers have enough to do: this thread parses the message itself (a small one:
      // a big one goes where a heap limit and the timeout guard it, and its result stays there)
      else if (analyze && bytes <= HERE_MAX_BYTES && pool.outstanding >= depth) {
        outcome = analyze(item.bytes, item.source, { limits: options.limits, explain: options.explain });
        parsedHere++;
      }
      else outcome = pool.parse(item.bytes, item.source);
      if (outcome instanceof Promise)
        entry.answer = outcome.then((o) => {
          entry.done = o;
        });
      else entry.done = outcome;
      pending.push(entry);
      pendingBytes += bytes;
    };
    const windowCount = (jobs + (callerParses ? 1 : 0)) * WINDOW_PER_JOB;
    const full = () => pending.length >= windowCount || (pendingBytes > WINDOW_BYTES && pending.length > 1);
    // the items are let go once taken (their bytes go to the pool): this function's variables
    // live as long as the run, and kept two big messages' bytes to its end
    for (const item of carried.splice(0)) take(item);
    // the head's answer, taken out of the window (no variable here holds it once given out)
    const shiftAnswer = (): InOrder => {
      const head = pending.shift()!;
      pendingBytes -= head.bytes;
      const done = head.done as InOrder;
      done.span = head.span;
      return done;
    };
    // the next input is asked for only while the window has room: asked for at once, a big
    // message was read (and held) while two others already waited here for the workers
    let next: Promise<IteratorResult<InputItem>> | null = null;
    let ended = false;
    while (!ended || pending.length) {
      if (parsedHere >= TURN_AFTER) {
        // files are read without waiting: only a turn of the event loop lets this thread
        // hear the workers' answers (and send them more) while it parses too
        parsedHere = 0;
        await new Promise(setImmediate);
      }
      while (pending.length && pending[0].done) yield shiftAnswer();
      if (!ended && !full()) {
        next ??= it.next();
        // the next input or the head's answer, whichever comes first (a slow pipe must not hold back answers)
        // (the answer itself: it settles with nothing, where an input is an IteratorResult)
        let got: IteratorResult<InputItem> | void | null = await (pending.length ? Promise.race<IteratorResult<InputItem> | void>([next, pending[0].answer!]) : next);
        if (!got) continue;
        next = null;
        if (got.done) {
          ended = true;
          pool.flush();
        } else take(got.value);
        // not held (as the variable's last value) while this function waits for answers
        got = null;
      } else if (pending.length) await pending[0].answer;
    }
  } finally {
    await pool.close();
  }
}

interface Pending {
  /** the answer, once there */
  done: PoolOutcome | null;
  /** settles when it is there (null: it was there at once) */
  answer: Promise<void> | null;
  bytes: number;
  span: number;
}

/** Parse every message named by `paths` ('-' = stdin), yielding outcomes in order. */
export function analyzeInputs(paths: readonly (string | Buffer)[], options: RunOptions = {}): AsyncGenerator<Analyzed> {
  return analyzeItems(expandInputs(paths, inputOptions(options)), options);
}

/** Parse every message named by `paths` ('-' = stdin), yielding one result per message (that `filter` keeps), in order. */
export async function* parseInputs(paths: readonly (string | Buffer)[], options: RunOptions = {}): AsyncGenerator<ParseResult> {
  for await (const o of analyzeInputs(paths, options)) if (!o.dropped) yield o.result;
}
