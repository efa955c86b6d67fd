// `bouncemapi [parse] [inputs...]`: the recipient-status table.
import { colourFor } from '../7-output/colour.js';
import { csvWriter } from '../7-output/csv.js';
import { jsonWriter } from '../7-output/json.js';
import { ndjsonWriter } from '../7-output/ndjson.js';
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

function writerFor(format: ParseFormat, ctx: CliContext, opts: ParseCommandOptions, sink: TextSink): RecordWriter<ParseResult> {
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
  const writer = writerFor(format, ctx, opts, sink);
  return runBatch(inputs, opts, ctx, {
    // ndjson lines come serialised by whoever parsed the message (a worker): the same bytes
    // as the ndjson writer's, written here without a copy of the result to serialise
    lines: format === 'ndjson',
    write: (outcome) => (outcome.line !== undefined ? sink.write(`${outcome.line}\n`) : writer.write(outcome.result)),
    end: () => writer.end(),
  });
}
