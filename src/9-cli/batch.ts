// The batch machinery every command shares (parse, translate): the options, the worker
// pool through src/8-pipeline/run.ts, the progress line, the filters, the tally and the summary. A
// command only says what to do with each result it is handed.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { knownInputBytes } from '../1-input/sources.js';
import { MBOX_FORMATS } from '../1-input/mbox.js';
import { KIND_FILTERS, ONLY_ACTIONS, type ResultFilter } from '../8-pipeline/batch/filter.js';
import type { TranslateStep } from '../8-pipeline/batch/translation.js';
import type { RenderFormat } from '../8-pipeline/batch/render.js';
import { analyzeInputs, type Analyzed } from '../8-pipeline/run.js';
import { automaticJobs } from '../8-pipeline/jobs.js';
import { ExitTally, parseLimit, parseSize, runOptionsFrom, type CliContext, type CommonOptions } from './common.js';
import { Progress } from './progress.js';
import { reclaimAfter } from '../8-pipeline/batch/reclaim.js';

export interface BatchHandler {
  /** translate (and render) each message where it is parsed: `outcome.translation` */
  translate?: TranslateStep;
  /** make each result's output on its worker: `outcome.rendered` (RunOptions.render) */
  render?: RenderFormat;
  /** A result that passed the filters, in input order. Counts and notes go through `tally`. */
  write(outcome: Analyzed, tally: ExitTally): Promise<void>;
  /** after the last result (close a JSON array, say) */
  end?(tally: ExitTally): Promise<void>;
  /** folders the command writes into: never read as inputs of the same run */
  skipDirs?: string[];
}

function wrap<T>(parse: (v: string, prev: T) => T): (v: string, prev: T) => T {
  return (v, prev) => {
    try {
      return parse(v, prev);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

/** A comma-separated, repeatable list of choices. */
export function listOption<T extends string>(choices: readonly T[], what: string): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => {
    const out = [...(previous ?? [])];
    for (const v of value.split(',').map((s) => s.trim().toLowerCase())) {
      if (!v) continue;
      if (!(choices as readonly string[]).includes(v)) throw new Error(`${what} must be one of ${choices.join(', ')} (got "${v}")`);
      if (!out.includes(v as T)) out.push(v as T);
    }
    return out;
  };
}

function count(what: string, min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(n) || n < min) throw new Error(`${what} must be a number of at least ${min} (got "${v}")`);
    return n;
  };
}

/** The options of a batch command: input reading, workers, progress, filters. */
export function addBatchOptions(cmd: Command): Command {
  return cmd
    .option('--max-size <bytes>', 'largest message to parse, e.g. 25M (default 25M)', wrap((v) => parseSize(v)))
    .option('--limit <name=value>', 'set a resource limit, repeatable: maxMessageBytes, maxMimeDepth, maxMimeParts, maxHeaderBytes, maxLineLength, maxRecipients, maxFieldLength (see README, Limits)', wrap(parseLimit))
    .addOption(new Option('--mbox-format <variant>', 'quoting of ">From " lines in mbox files: mboxrd unquotes every level, mboxo only ">From "').choices(MBOX_FORMATS).default('mboxrd'))
    .option('-j, --jobs <n>', `worker threads parsing beside the main thread (default: one per core beyond two, ${automaticJobs().jobs} here, started once a run has gone on for ${automaticJobs().startWorkersAfterMs} ms); 0 parses in the main thread only`, wrap((v) => Math.floor(count('--jobs', 0)(v))))
    .option('--timeout <seconds>', 'a message that takes longer on a worker gets an error result (default 60; 0: no limit)', wrap(count('--timeout', 0)))
    .option('--only <actions>', `print only rows with these actions (${ONLY_ACTIONS.join(', ')}; comma-separated or repeated)`, wrap(listOption(ONLY_ACTIONS, '--only')))
    .option('--kind <kinds>', `print only results of these kinds (${KIND_FILTERS.join(', ')}; none: not a report, or unreadable)`, wrap(listOption(KIND_FILTERS, '--kind')))
    .option('-q, --quiet', 'no progress line and no summary line on stderr (errors are still named)')
    .option('--debug', 'print stack traces of internal errors');
}

/** Run `inputs` through the pool, the filters and `handler`; returns the exit status. */
export async function runBatch(inputs: (string | Buffer)[], opts: CommonOptions, ctx: CliContext, handler: BatchHandler): Promise<number> {
  const progress = new Progress(ctx.stderr, {
    enabled: Boolean(ctx.stderr.isTTY) && !opts.quiet,
    totalBytes: await knownInputBytes(inputs),
  });
  const tally = new ExitTally(ctx, opts, () => progress.clear());
  const filter: ResultFilter = { only: opts.only, kind: opts.kind };
  // output to the same terminal: wipe the progress line before each result is printed
  const sharedTerminal = Boolean(ctx.stdout.isTTY && ctx.stderr.isTTY);
  const run = { ...runOptionsFrom(opts, ctx), filter, translate: handler.translate, skipDirs: handler.skipDirs, render: handler.render, reclaimBig: true };
  const printStack = run.onInternalError;
  if (printStack)
    run.onInternalError = (source, stack) => {
      progress.clear();
      printStack(source, stack);
    };
  // Each outcome is let go once written. A variable of this function holds what it was last
  // given while the function waits (an async function keeps its variables), so a `for await`
  // loop's variable kept a big message's result, and the texts its fields are cut from,
  // through the whole of the next message's read and parse (README, Limits, memory).
  const outcomes = analyzeInputs(inputs, run);
  try {
    for (;;) {
      let step: IteratorResult<Analyzed> | null = await outcomes.next();
      if (step.done) break;
      let outcome: Analyzed | null = step.value;
      step = null;
      tally.count(outcome.result); // kind and error: the same before and after the filter
      if (outcome.dropped) tally.filtered++;
      else {
        if (sharedTerminal) progress.clear();
        await handler.write(outcome, tally);
      }
      const span = outcome.span;
      outcome = null;
      progress.tick(span);
      // a big message's result has been written: its memory goes back now, not at V8's leisure
      reclaimAfter(span);
    }
  } finally {
    // left early (a write that threw): the runner is closed as `for await` would close it, its
    // workers stopped (a finished runner ignores this)
    await outcomes.return(undefined);
  }
  await handler.end?.(tally);
  progress.clear();
  return tally.finish();
}
