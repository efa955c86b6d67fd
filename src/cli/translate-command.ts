// `bouncemapi translate [inputs...]`: MAPI DR/NDR reports as ndjson, json, .eml or .msg.
// Inputs are read exactly as `parse` reads them; each input that gives no report gets one
// line on stderr saying why, so the report stream holds only reports.
import { stat } from 'node:fs/promises';
import { KEY_STYLES, type KeyStyle } from '../mapi/properties.js';
import { MODES, type MapiReport, type Mode } from '../mapi/schema.js';
import { translate, whyNoReport } from '../mapi/status-recips.js';
import { OutputNames, writeFileAtomic } from '../output/files.js';
import { jsonWriter } from '../output/json.js';
import { ndjsonWriter } from '../output/ndjson.js';
import { TextSink, type RecordWriter } from '../output/sink.js';
import { runBatch, type BatchHandler } from './batch.js';
import { EXIT, type CliContext, type CommonOptions, type ExitTally } from './common.js';

export const TRANSLATE_FORMATS = ['ndjson', 'json', 'eml', 'msg'] as const;
export type TranslateFormat = (typeof TRANSLATE_FORMATS)[number];
export { MODES, KEY_STYLES };

export interface TranslateCommandOptions extends CommonOptions {
  format?: TranslateFormat;
  mode?: Mode;
  keys?: KeyStyle;
  outDir?: string;
  force?: boolean;
}

const FILE_FORMATS = new Set<TranslateFormat>(['eml', 'msg']);

type Render = (report: MapiReport, options: { returnedBytes?: Buffer | null }) => Promise<Buffer>;

/** The writer for a file format, loaded on first use (mailparser, cfb and MimeNode stay out of `parse`'s start-up). */
async function loadRender(format: 'eml' | 'msg'): Promise<Render> {
  return format === 'eml' ? (await import('../output/eml.js')).renderEml : (await import('../output/msg.js')).renderMsg;
}

/** Writes rendered report files into --out-dir, or the single report to stdout. */
class FileOutput {
  readonly names = new OutputNames();
  private render: Render | null = null;
  written = 0;
  private toStdout = 0;

  constructor(
    private readonly format: 'eml' | 'msg',
    private readonly ctx: CliContext,
    private readonly opts: TranslateCommandOptions,
  ) {}

  async write(report: MapiReport, returnedBytes: Buffer | null, tally: ExitTally): Promise<void> {
    try {
      this.render ??= await loadRender(this.format);
      const bytes = await this.render(report, { returnedBytes });
      if (this.opts.outDir) {
        const name = this.names.name(report.source, report.reportType, this.format);
        await writeFileAtomic(this.opts.outDir, name, bytes, { force: this.opts.force });
        this.written++;
      } else if (this.toStdout++ === 0) {
        await new TextSink(this.ctx.stdout).write(bytes);
        this.written++;
      } else {
        tally.fail(report.source, `${report.reportType} report not written: more than one report needs --out-dir`);
      }
    } catch (e) {
      // one report that cannot be written does not stop the others
      tally.fail(report.source, `${report.reportType} report not written: ${(e as Error)?.message ?? String(e)}`);
    }
  }
}

/** Checks that need no input read: exit 2 with a message, or null when all is well. */
async function usageProblem(format: TranslateFormat, opts: TranslateCommandOptions, ctx: CliContext): Promise<string | null> {
  if (opts.outDir !== undefined) {
    if (!FILE_FORMATS.has(format)) return `--out-dir writes .eml or .msg files: use it with --format eml or --format msg`;
    const st = await stat(opts.outDir).catch(() => null);
    if (!st?.isDirectory()) return `--out-dir ${opts.outDir}: not a directory`;
  }
  if (format === 'msg' && opts.outDir === undefined && ctx.stdout.isTTY) return '.msg output is binary: name an --out-dir or redirect stdout';
  return null;
}

export async function runTranslate(inputs: string[], opts: TranslateCommandOptions, ctx: CliContext): Promise<number> {
  const format: TranslateFormat = opts.format ?? 'ndjson';
  const problem = await usageProblem(format, opts, ctx);
  if (problem) {
    ctx.stderr.write(`bouncemapi: ${problem}\n`);
    return EXIT.USAGE;
  }
  return runBatch(inputs, opts, ctx, translateHandler(opts, ctx));
}

/**
 * What translate does with each parsed message, in input order (the batch runner brings
 * them: workers, progress, filters, tally): its reports, written as `opts` says.
 */
export function translateHandler(opts: TranslateCommandOptions, ctx: CliContext): BatchHandler {
  const format: TranslateFormat = opts.format ?? 'ndjson';
  const sink = new TextSink(ctx.stdout);
  const records: RecordWriter<MapiReport> | null = format === 'json' ? jsonWriter(sink) : format === 'ndjson' ? ndjsonWriter(sink) : null;
  const files = format === 'eml' || format === 'msg' ? new FileOutput(format, ctx, opts) : null;
  let reports = 0;
  return {
    // the returned original gives the report's message class, the .eml headers part and the .msg attachment
    keepReturned: true,
    async write({ result, returnedBytes }, tally) {
      const why = whyNoReport(result);
      if (why !== null) {
        if (!result.error) tally.note(`${result.source}: ${why}`); // an error already has its line
        return;
      }
      for (const report of translate(result, { mode: opts.mode, keys: opts.keys, returnedBytes })) {
        reports++;
        if (records) await records.write(report);
        else await files!.write(report, returnedBytes, tally);
      }
    },
    async end(tally) {
      if (records) await records.end();
      if (files && opts.outDir && !opts.quiet) tally.note(`${files.written} of ${reports} report${reports === 1 ? '' : 's'} written to ${opts.outDir}`);
    },
  };
}
