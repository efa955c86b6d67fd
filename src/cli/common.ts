// What every command shares: options, exit codes, the stderr summary.
import type { Readable, Writable } from 'node:stream';
import type { MboxFormat } from '../input/mbox.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { colourFor } from '../output/colour.js';
import type { RunOptions } from '../run.js';
import type { ParseResult } from '../table/schema.js';

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
}

/** Exit status (design.md): 0 all DSNs; 1 some input was not one; 3 some input failed (3 wins); 2 usage. */
export const EXIT = { OK: 0, NOT_DSN: 1, USAGE: 2, ERROR: 3 } as const;

export function runOptionsFrom(opts: CommonOptions, ctx: CliContext): RunOptions {
  const limits: Partial<Limits> = { ...opts.limit };
  if (opts.maxSize) limits.maxMessageBytes = opts.maxSize;
  return {
    limits: Object.keys(limits).length ? limits : undefined,
    mboxFormat: opts.mboxFormat,
    stdin: ctx.stdin,
    // internal errors are in each result's `error`; their stack traces only with --debug
    onInternalError: opts.debug ? (source, stack) => ctx.stderr.write(`bouncemapi: ${source}: internal error:\n${stack}\n`) : undefined,
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

export class ExitTally {
  messages = 0;
  reports = 0;
  notReports = 0;
  errors = 0;

  constructor(
    private readonly ctx: CliContext,
    private readonly opts: CommonOptions,
  ) {}

  count(r: ParseResult): void {
    this.messages++;
    if (r.error) {
      this.errors++;
      const c = colourFor(this.ctx.stderr, this.ctx.env);
      this.ctx.stderr.write(`${c.red('bouncemapi:')} ${oneLine(r.source)}: ${oneLine(r.error)}\n`);
    } else if (r.kind === 'dsn') this.reports++;
    else this.notReports++;
  }

  finish(): number {
    if (!this.opts.quiet && (this.messages !== 1 || this.errors)) {
      const parts = [`${this.messages} message${this.messages === 1 ? '' : 's'}`, `${this.reports} delivery status report${this.reports === 1 ? '' : 's'}`, `${this.notReports} not`, `${this.errors} error${this.errors === 1 ? '' : 's'}`];
      this.ctx.stderr.write(`bouncemapi: ${parts.join(', ')}\n`);
    }
    if (this.errors) return EXIT.ERROR;
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
