// A result's output made on the worker that parsed it. Handed back as a result, a message of
// 100,000 rows is copied (structured clone), rebuilt on the main thread as ~100,000 objects
// (every string a copy of its own) and serialised there again, one message after another:
// measured on eight such messages with --jobs 4, the main thread's share was ~145 MiB of the
// peak and a third of the CPU time (README, Limits: memory). Rendered here,
// the line's bytes move to the main thread without a copy and are written as they are; the
// result goes back as what the exit status and the summary read of it: its source, kind and
// error (and whether it was recognised, in which format), every other field empty. Cloning
// the rest (the header block, the original's fields: ~1.9 KB a message over the Sisimai half)
// cost ~20-35 us a message in v8.serialize + deserialize against 4-10 us (a loop over 333
// results, 2 runs): both threads of a --jobs 1 run pay their half of it.
import { ndjsonBytes } from '../../7-output/ndjson.js';
import type { ParseResult } from '../../0-core/schema.js';
import { emptyResult } from '../empty-result.js';
import { asBuffer, standalone } from './protocol.js';

const RENDERERS = { ndjson: ndjsonBytes } as const;

export type RenderFormat = keyof typeof RENDERERS;

/** The result's output in `format`, and the result to send back beside it (its source, kind and error). */
export function renderHere(result: ParseResult, format: RenderFormat): { result: ParseResult; rendered: Buffer[] } {
  // a piece from Buffer's shared pool (a short line) is copied into a buffer of its own: only whole buffers move
  const rendered = RENDERERS[format](result).map((b) => asBuffer(standalone(b)));
  const { recognized, kind, format: found, error } = result;
  return { result: { ...emptyResult(result.source), recognized, kind, format: found, error }, rendered };
}
