// What every command shares: options, exit codes, the stderr summary.
import type { Readable, Writable } from 'node:stream';
import type { MboxFormat } from '../1-input/mbox.js';
import { DEFAULT_LIMITS, type Limits } from '../0-core/limits.js';
import { colourFor } from '../7-output/colour.js';
import { DEFAULT_TIMEOUT_MS, type RunOptions } from '../8-pipeline/run.js';
import { automaticJobs } from '../8-pipeline/jobs.js';
import type { Action, ParseResult } from '../0-core/schema.js';
import type { KindFilter } from '../8-pipeline/batch/filter.js';

export interface CliContext {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface CommonOptions {
  quiet?: boolean;
  debug?: boolean;
  maxSize?: number;
  /** --limit name=value, repeatable */
  limit?: Partial<Limits>;
  mboxFormat?: MboxFormat;
  /** worker threads (default: one per core but one, started once the run proves long: 8-pipeline/jobs.ts); 0 parses in the main thread */
  jobs?: number;
  /** seconds one message may take on a worker (0: no limit) */
  timeout?: number;
  only?: Action[];
  kind?: KindFilter[];
  /** parse: each row's evidence for its reason and hard/soft verdict */
  explain?: boolean;
}

/** Exit status (docs/architecture.md#exit-status): 0 all DSNs; 1 some input was not one; 3 some input failed (3 wins); 2 usage; 4 stdout could not be written (the run stopped). */
export const EXIT = { OK: 0, NOT_DSN: 1, USAGE: 2, ERROR: 3, OUTPUT: 4 } as const;

export function runOptionsFrom(opts: CommonOptions, ctx: CliContext): RunOptions {
  const limits: Partial<Limits> = { ...opts.limit };
  if (opts.maxSize) limits.maxMessageBytes = opts.maxSize;
  return {
    limits: Object.keys(limits).length ? limits : undefined,
    mboxFormat: opts.mboxFormat,
    explain: opts.explain === true,
    stdin: ctx.stdin,
    // internal errors are in each result's `error`; their stack traces only with --debug
    onInternalError: opts.debug ? (source, stack) => ctx.stderr.write(`bouncemapi: ${source}: internal error:\n${stack}\n`) : undefined,
    // without --jobs: workers only when the run proves long enough for them to pay (jobs.ts)
    ...(opts.jobs === undefined ? automaticJobs() : { jobs: opts.jobs }),
    timeoutMs: opts.timeout === undefined ? DEFAULT_TIMEOUT_MS : opts.timeout * 1000,
  };
}

/** `maxMimeDepth`, `max-mime-depth` and `mime-depth` all name the limit maxMimeDepth. */
export function limitName(name: string): keyof Limits | null {
  const bare = name.trim().toLowerCase().replace(/[-_]/g, '');
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const k = key.toLowerCase();
    if (bare === k || `max${bare}` === k) return key;
  }
  return null;
}

/** One `--limit name=value` (value like --max-size: 4096, 512K, 25M), added to `previous`. */
export function parseLimit(value: string, previous: Partial<Limits> = {}): Partial<Limits> {
  const eq = value.indexOf('=');
  const known = Object.keys(DEFAULT_LIMITS).join(', ');
  if (eq <= 0) throw new Error(`--limit takes name=value, e.g. maxMimeDepth=60 (limits: ${known})`);
  const key = limitName(value.slice(0, eq));
  if (!key) throw new Error(`unknown limit "${value.slice(0, eq)}" (limits: ${known})`);
  return { ...previous, [key]: parseSize(value.slice(eq + 1)) };
}

/** Counts every result for the exit status and the summary line; writes per-input errors to stderr. */
export class ExitTally {
  messages = 0;
  reports = 0;
  notReports = 0;
  errors = 0;
  /** results a filter kept out of the output (still counted above) */
  filtered = 0;
  /** outputs that could not be written (translate: a file kept, a write that failed) */
  failedOutputs = 0;
  /** further summary counts a command adds ("reports written") */
  readonly extras = new Map<string, number>();
  private readonly started = Date.now();

  constructor(
    private readonly ctx: CliContext,
    private readonly opts: CommonOptions,
    /** called before a line goes to stderr (the progress line wipes itself) */
    private readonly beforeLine: () => void = () => {},
  ) {}

  count(r: ParseResult): void {
    this.messages++;
    if (r.error) {
      this.errors++;
      this.error(r.source, r.error);
    } else if (r.kind === 'dsn') this.reports++;
    else this.notReports++;
  }

  /** A line on stderr, `bouncemapi: ` first. */
  note(line: string): void {
    this.beforeLine();
    this.ctx.stderr.write(`bouncemapi: ${line}\n`);
  }

  /** An output for `source` could not be written: named on stderr, exit status 3. */
  fail(source: string, reason: string): void {
    this.failedOutputs++;
    this.error(source, reason);
  }

  add(label: string, n = 1): void {
    this.extras.set(label, (this.extras.get(label) ?? 0) + n);
  }

  private error(source: string, reason: string): void {
    this.beforeLine();
    const c = colourFor(this.ctx.stderr, this.ctx.env);
    this.ctx.stderr.write(`${c.red('bouncemapi:')} ${oneLine(source)}: ${oneLine(reason)}\n`);
  }

  summary(): string {
    const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
    let line = `${n(this.messages, 'message')}: ${n(this.reports, 'delivery status report')}, ${this.notReports} not reports, ${n(this.errors, 'error')}`;
    const more: string[] = [];
    if (this.filtered) more.push(`${this.filtered} filtered out`);
    for (const [label, k] of this.extras) more.push(`${k} ${label}`);
    if (this.failedOutputs) more.push(`${this.failedOutputs} not written`);
    if (more.length) line += `; ${more.join(', ')}`;
    return `${line} (${((Date.now() - this.started) / 1000).toFixed(1)} s)`;
  }

  finish(): number {
    if (!this.opts.quiet && (this.messages !== 1 || this.errors || this.failedOutputs)) this.note(this.summary());
    if (this.errors || this.failedOutputs) return EXIT.ERROR;
    if (this.notReports) return EXIT.NOT_DSN;
    return EXIT.OK;
  }
}

/** One line for stderr: whitespace collapsed, control characters (terminal escapes) shown as U+FFFD, bounded. */
export function oneLine(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, '\ufffd')
    .trim()
    .slice(0, 500);
}

/** `25M`, `1.5G`, `4096` → bytes */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim());
  if (!m) throw new Error(`not a size: ${value} (examples: 4096, 512K, 25M, 1G)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.floor(n * mult);
  if (bytes < 1) throw new Error(`size must be at least 1 byte: ${value}`);
  return bytes;
}
