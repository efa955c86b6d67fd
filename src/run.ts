// Inputs → results, in input order. (Parallel workers plug in here: src/run.ts stays the
// one place that turns InputItems into ParseResults.)
import { expandInputs, type InputItem, type InputOptions } from './input/sources.js';
import { resolveLimits, type Limits } from './limits.js';
import { analyzeMessage, errorResult, type ParseOutcome } from './parse.js';
import type { ParseResult } from './table/schema.js';
import type { MboxFormat } from './input/mbox.js';
import type { Readable } from 'node:stream';

export interface RunOptions {
  limits?: Partial<Limits>;
  mboxFormat?: MboxFormat;
  stdin?: Readable;
  /** called with the stack trace of each internal error caught (the CLI prints them with --debug) */
  onInternalError?: (source: string, stack: string) => void;
}

export async function* analyzeItems(items: AsyncIterable<InputItem>, options: RunOptions = {}): AsyncGenerator<ParseOutcome> {
  for await (const item of items) {
    if (item.error !== undefined) yield { result: errorResult(item.source, item.error), returnedBytes: null };
    else {
      const outcome = await analyzeMessage(item.bytes, item.source, { limits: options.limits });
      if (options.onInternalError) for (const st of outcome.stacks ?? []) options.onInternalError(item.source, st);
      yield outcome;
    }
  }
}

export function inputOptions(options: RunOptions): InputOptions {
  const limits = resolveLimits(options.limits);
  return { maxMessageBytes: limits.maxMessageBytes, mboxFormat: options.mboxFormat, stdin: options.stdin };
}

/** Parse every message named by `paths` ('-' = stdin), yielding one result per message, in order. */
export async function* parseInputs(paths: readonly string[], options: RunOptions = {}): AsyncGenerator<ParseResult> {
  for await (const o of analyzeItems(expandInputs(paths, inputOptions(options)), options)) yield o.result;
}
