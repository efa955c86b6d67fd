// Output files: safe names and atomic writes (docs/architecture.md#output-files).
//
// Names come from the input's source and the report type, never from message content, and
// are sanitised: no path separators, no `..`, no leading dot, no Windows device names, no
// control characters, bounded length. `OutputNames` keeps them unique within a run (two
// inputs named x.eml in different folders, the messages of an mbox). Writes go to a temp
// file in the same directory, then are linked into place (an existing file is kept unless
// `force`), so a reader never sees half a file and a crash leaves no partial output.
import { systemErrorText } from '../0-core/errors.js';
import { trimChars, trimEndChars } from '../0-core/text.js';
import { randomBytes } from 'node:crypto';
import { link, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Longest stem kept (bytes of ASCII): names stay far below the 255-byte limit of common filesystems. */
const MAX_STEM = 100;
/** Windows reserves these names with any extension (CON.eml is the console). */
const DEVICE_NAMES = new Set(['con', 'prn', 'aux', 'nul', 'conin$', 'conout$', ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`)]);
/** extensions dropped from the source's file name (the new extension follows) */
const DROP_EXTENSIONS = new Set(['eml', 'msg', 'mbox', 'mbx', 'txt', 'mail', 'email', 'ndr', 'dsn']);

/** Keep [A-Za-z0-9._-], turn anything else into `_`, collapse runs, trim dots, dashes and underscores at the ends. */
function clean(s: string): string {
  const cleaned = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents dropped: é → e
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/\.{2,}/g, '.');
  return trimChars(cleaned, '._-');
}

/**
 * The file-name stem of an input source: `dir/bounce.eml` → `bounce`, `bounces.mbox#17` →
 * `bounces-17`, `-` (stdin) → `stdin`, `-#3` → `stdin-3`. Always a safe, non-empty name.
 */
export function sourceStem(source: string): string {
  let base = source;
  let index = '';
  const hash = /#(\d{1,12})$/.exec(base);
  if (hash) {
    index = hash[1];
    base = base.slice(0, hash.index);
  }
  base = base === '-' || base === '' ? 'stdin' : (base.split(/[\\/]/).pop() ?? '');
  const dot = base.lastIndexOf('.');
  if (dot > 0 && DROP_EXTENSIONS.has(base.slice(dot + 1).toLowerCase())) base = base.slice(0, dot);
  let stem = clean(base) || 'message';
  if (stem.length > MAX_STEM) stem = trimEndChars(stem.slice(0, MAX_STEM), '._-');
  if (DEVICE_NAMES.has(stem.split('.')[0].toLowerCase())) stem = `_${stem}`;
  return index ? `${stem}-${index}` : stem;
}

/** `Delayed.DR` → `delayed-dr` */
function typeLabel(reportType: string): string {
  return clean(reportType.toLowerCase().replace(/\./g, '-')) || 'report';
}

/** A file name for one report of one input: `bounce.ndr.eml`. */
export function reportFileName(source: string, reportType: string, extension: string): string {
  return `${sourceStem(source)}.${typeLabel(reportType)}.${clean(extension) || 'out'}`;
}

/** Hands out report file names, unique within one run (`bounce.ndr.eml`, then `bounce_2.ndr.eml`). */
export class OutputNames {
  private readonly taken = new Set<string>();

  name(source: string, reportType: string, extension: string): string {
    const stem = sourceStem(source);
    const tail = `.${typeLabel(reportType)}.${clean(extension) || 'out'}`;
    let candidate = `${stem}${tail}`;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem}_${n}${tail}`;
    this.taken.add(candidate.toLowerCase()); // case-insensitive filesystems count X.eml and x.eml as one
    return candidate;
  }
}

export class FileExistsError extends Error {
  readonly code = 'EEXIST';
  constructor(readonly file: string) {
    super(`${file} exists; not overwritten (use --force to replace it)`);
  }
}

export interface WriteOptions {
  /** replace an existing file */
  force?: boolean;
}

/**
 * Write `data` to `dir/name` atomically: a temp file beside it, then linked (no overwrite)
 * or renamed (`force`) into place. Throws FileExistsError when the file exists and `force`
 * is off; the temp file never survives. Returns the path written.
 */
export async function writeFileAtomic(dir: string, name: string, data: Buffer | string, options: WriteOptions = {}): Promise<string> {
  if (name !== path.basename(name) || name === '.' || name === '..' || name === '') throw new Error(`not a plain file name: ${JSON.stringify(name)}`);
  const target = path.join(dir, name);
  const temp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // inside the clean-up: a write that fails half-way (ENOSPC) leaves a partial temp file
    await writeFile(temp, data, { flag: 'wx' });
    if (options.force) {
      await rename(temp, target);
      return target;
    }
    try {
      // link() fails with EEXIST instead of replacing: the no-clobber check and the write are one step
      await link(temp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new FileExistsError(target);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      // a filesystem without hard links: claim the name exclusively, then move the data over it
      await writeFile(target, '', { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new FileExistsError(target) : err;
      });
      await rename(temp, target);
      return target;
    }
    await unlink(temp).catch(() => {});
    return target;
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e instanceof FileExistsError ? e : new WriteError(target, e);
  }
}

/** A report file that could not be written: names the file and the system error (`ENOSPC: no space left on device`). */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file}: ${systemErrorText(cause)}`);
    this.code = (cause as NodeJS.ErrnoException)?.code;
  }
}
