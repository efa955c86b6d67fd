// `bouncemapi translate [inputs...]`: MAPI DR/NDR reports as ndjson, json, .eml or .msg.
// Inputs are read exactly as `parse` reads them; each input that gives no report gets one
// line on stderr saying why, so the report stream holds only reports.
import { mkdir, stat } from 'node:fs/promises';
import { KEY_STYLES, type KeyStyle } from '../6-mapi/properties.js';
import { MODES } from '../6-mapi/modes.js';
import type { MapiReport, Mode } from '../6-mapi/schema.js';
import { OutputNames, writeFileAtomic } from '../7-output/files.js';
import { jsonWriter } from '../7-output/json.js';
import { ndjsonWriter } from '../7-output/ndjson.js';
import { TextSink, type RecordWriter } from '../7-output/sink.js';
import type { TranslatedReport } from '../8-pipeline/batch/translation.js';
import { runBatch, type BatchHandler } from './batch.js';
import { EXIT, type CliContext, type CommonOptions, type ExitTally } from './common.js';

import { TRANSLATE_FORMATS, type TranslateFormat } from './choices.js';

export { TRANSLATE_FORMATS, type TranslateFormat, MODES, KEY_STYLES };

export interface TranslateCommandOptions extends CommonOptions {
  format?: TranslateFormat;
  mode?: Mode;
  keys?: KeyStyle;
  outDir?: string;
  force?: boolean;
}

const FILE_FORMATS = new Set<TranslateFormat>(['eml', 'msg']);

/** Writes rendered report files (made where each message was parsed) into --out-dir, or the single report to stdout. */
class FileOutput {
  readonly names = new OutputNames();
  written = 0;
  private toStdout = 0;

  constructor(
    private readonly format: 'eml' | 'msg',
    private readonly ctx: CliContext,
    private readonly opts: TranslateCommandOptions,
  ) {}

  async write(r: TranslatedReport, tally: ExitTally): Promise<void> {
    const notWritten = (why: string) => tally.fail(r.source, `${r.reportType} report not written: ${why}`);
    if (!r.bytes) return notWritten(r.error ?? 'not rendered');
    try {
      if (this.opts.outDir) {
        const name = this.names.name(r.source, r.reportType, this.format);
        await writeFileAtomic(this.opts.outDir, name, r.bytes, { force: this.opts.force });
        this.written++;
      } else if (this.toStdout++ === 0) {
        await new TextSink(this.ctx.stdout).write(r.bytes);
        this.written++;
      } else notWritten('more than one report needs --out-dir');
    } catch (e) {
      // one report that cannot be written does not stop the others
      notWritten((e as Error)?.message ?? String(e));
    }
  }
}

/** Checks that need no input read: exit 2 with a message, or null when all is well. */
async function usageProblem(format: TranslateFormat, opts: TranslateCommandOptions, ctx: CliContext): Promise<string | null> {
  if (opts.outDir !== undefined) {
    if (!FILE_FORMATS.has(format)) return `--out-dir writes .eml or .msg files: use it with --format eml or --format msg`;
    const st = await stat(opts.outDir).catch(() => null);
    if (!st) {
      // a missing output folder is made, as `mkdir -p` would (its parents too)
      try {
        await mkdir(opts.outDir, { recursive: true });
      } catch (e) {
        return `--out-dir ${opts.outDir}: cannot create it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      }
    } else if (!st.isDirectory()) return `--out-dir ${opts.outDir}: not a directory`;
  }
  if (format === 'msg' && opts.outDir === undefined && ctx.stdout.isTTY) return '.msg output is binary: name an --out-dir or redirect stdout';
  return null;
}

export async function runTranslate(inputs: (string | Buffer)[], opts: TranslateCommandOptions, ctx: CliContext): Promise<number> {
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
function translateHandler(opts: TranslateCommandOptions, ctx: CliContext): BatchHandler {
  const format: TranslateFormat = opts.format ?? 'ndjson';
  const sink = new TextSink(ctx.stdout);
  const records: RecordWriter<MapiReport> | null = format === 'json' ? jsonWriter(sink) : format === 'ndjson' ? ndjsonWriter(sink) : null;
  const files = format === 'eml' || format === 'msg' ? new FileOutput(format, ctx, opts) : null;
  let reports = 0;
  return {
    // translated, and rendered as files, where each message is parsed (on the workers)
    translate: { mode: opts.mode, keys: opts.keys, render: format === 'eml' || format === 'msg' ? format : undefined },
    // reports written into an input folder are not read back as inputs
    skipDirs: files && opts.outDir ? [opts.outDir] : undefined,
    async write({ result, translation }, tally) {
      if (!translation || translation.why !== null) {
        if (!result.error) tally.note(`${result.source}: ${translation?.why ?? 'not translated'}`); // an error already has its line
        return;
      }
      for (const r of translation.reports) {
        reports++;
        if (records) await records.write(r.report!);
        else await files!.write(r, tally);
      }
    },
    async end(tally) {
      if (records) await records.end();
      if (files && opts.outDir && !opts.quiet) tally.note(`${files.written} of ${reports} report${reports === 1 ? '' : 's'} written to ${opts.outDir}`);
    },
  };
}
