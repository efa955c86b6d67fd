// `bouncemapi [parse] [inputs...]`: the recipient-status table.
import { colourFor } from '../7-output/colour.js';
import { csvWriter } from '../7-output/csv.js';
import { jsonWriter } from '../7-output/json.js';
import { ndjsonWriter, writeChunks } from '../7-output/ndjson.js';
import { TextSink, type RecordWriter } from '../7-output/sink.js';
import { tableWriter } from '../7-output/table.js';
import type { ParseResult } from '../0-core/schema.js';
import { runBatch } from './batch.js';
import type { CliContext, CommonOptions } from './common.js';

import { PARSE_FORMATS, type ParseFormat } from './choices.js';

export { PARSE_FORMATS, type ParseFormat };

export interface ParseCommandOptions extends CommonOptions {
  format?: ParseFormat;
  /** csv: cells exactly as they are, even those a spreadsheet reads as formulas */
  rawCsv?: boolean;
}

function writerFor(format: ParseFormat, sink: TextSink, ctx: CliContext, opts: ParseCommandOptions): RecordWriter<ParseResult> {
  switch (format) {
    case 'table':
      return tableWriter(sink, colourFor(ctx.stdout, ctx.env), Math.max(60, (ctx.stdout as { columns?: number }).columns ?? 100));
    case 'json':
      return jsonWriter(sink);
    case 'csv':
      return csvWriter(sink, { formulas: opts.rawCsv ? 'keep' : 'guard' });
    default:
      return ndjsonWriter(sink);
  }
}

export async function runParse(inputs: (string | Buffer)[], opts: ParseCommandOptions, ctx: CliContext): Promise<number> {
  const format: ParseFormat = opts.format ?? ((ctx.stdout as { isTTY?: boolean }).isTTY ? 'table' : 'ndjson');
  const sink = new TextSink(ctx.stdout);
  const writer = writerFor(format, sink, ctx, opts);
  return runBatch(inputs, opts, ctx, {
    // ndjson lines are made on the workers (src/8-pipeline/batch/render.ts): the same bytes
    render: format === 'ndjson' ? 'ndjson' : undefined,
    write: (outcome) => (outcome.rendered ? writeChunks(sink, outcome.rendered) : writer.write(outcome.result)),
    end: () => writer.end(),
  });
}
