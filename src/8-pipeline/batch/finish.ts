// What happens to a parsed message before it leaves the thread that parsed it (its worker,
// when there are workers): the filters, then translate's work on what they kept.
import type { ParseOutcome } from '../parse.js';
import type { ParseResult } from '../../0-core/schema.js';
import { applyFilter, type ResultFilter } from './filter.js';
import { translateOutcome, type TranslateStep, type Translation } from './translation.js';

export interface FinishSteps {
  filter?: ResultFilter;
  translate?: TranslateStep;
}

export interface Finished {
  /** the result as the filters let it through (rows cut down by --only), or whole when dropped */
  result: ParseResult;
  /** the filters kept it out of the output (it still counts) */
  dropped: boolean;
  translation?: Translation;
  /** the result's output, rendered on its worker (RunOptions.render): `result` then holds only its source, kind and error */
  rendered?: Buffer[];
  /** stack traces of internal errors caught while translating (printed with --debug) */
  stacks?: string[];
}

/** The filters, then translate's work; without translate, done at once (no promise to wait on). */
export function finishOutcome(outcome: ParseOutcome, steps: FinishSteps): Finished | Promise<Finished> {
  const kept = steps.filter ? applyFilter(outcome.result, steps.filter) : outcome.result;
  if (!kept) return { result: outcome.result, dropped: true };
  if (!steps.translate) return { result: kept, dropped: false };
  return translated(outcome, kept, steps.translate);
}

async function translated(outcome: ParseOutcome, kept: ParseResult, translate: TranslateStep): Promise<Finished> {
  try {
    return { result: kept, dropped: false, translation: await translateOutcome({ ...outcome, result: kept }, translate) };
  } catch (e) {
    // a bug of ours: this message becomes an error with a one-line reason, the others go on
    const why = `internal error while translating: ${String((e as Error)?.message ?? e).replace(/\s+/g, ' ').slice(0, 300)}`;
    return { result: { ...kept, error: why }, dropped: false, translation: { why, reports: [] }, stacks: [(e as Error)?.stack ?? String(e)] };
  }
}
