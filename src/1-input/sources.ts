// Command-line inputs → a stream of messages: files, directories (recursive, sorted),
// Maildir folders, mbox files (by content), pipes and stdin ('-').
//
// Everything is pulled lazily, one input at a time: a directory of a million files holds one
// sorted list of names per level being walked, never the messages or results; an mbox is
// streamed. Every problem (a file that vanished, one that cannot be read, a symbolic-link
// loop) becomes an item with an error, so the batch goes on and nothing disappears.
import { closeSync, constants as FS, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { messageBuffer, Slab, SLAB_ROOM, toMessageBuffer } from './buffers.js';
import { looksLikeMbox, MboxSplitter, type MboxFormat } from './mbox.js';
import { bytePath, fsPath, osPath, renderPath, type BytePath } from './paths.js';

/** One message named by the inputs, or why it could not be read. */
export type InputItem =
  | { source: string; bytes: Buffer; error?: undefined; span?: number }
  | { source: string; bytes?: undefined; error: string; span?: number };
// span: input bytes this item accounts for (progress); an mbox message's share of its file

export interface InputOptions {
  maxMessageBytes: number;
  mboxFormat?: MboxFormat;
  stdin?: Readable;
  /** folders never read, wherever they are met (translate's --out-dir: its reports are not inputs of the run writing them) */
  skipDirs?: readonly (string | Buffer)[];
}

/** Files up to this size are read in one go; larger ones are sniffed, then streamed (mbox). */
const WHOLE_READ_MAX = 1024 * 1024;
const HEAD = 1024;
const STREAM_CHUNK = 1024 * 1024;
/** Opening a FIFO met in a directory must not wait for a writer. */
const OPEN_FLAGS = FS.O_RDONLY | (FS.O_NONBLOCK ?? 0);

function tooLarge(size: number, max: number): string {
  return `message is ${size} bytes, larger than the maxMessageBytes limit (${max} bytes; raise it with --max-size)`;
}

/** A stream is not read past the limit (it may never end: /dev/zero, `yes |`), so its size stays unknown. */
function streamTooLarge(max: number): string {
  return `message is larger than the maxMessageBytes limit (${max} bytes; raise it with --max-size): reading stopped there`;
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err?.message ?? String(e);
  }
}

/** The items of messages an MboxSplitter gave, named SOURCE#N. */
function* mboxItems(msgs: ReturnType<MboxSplitter['push']>, source: string, opts: InputOptions): Generator<InputItem> {
  for (const m of msgs) {
    const name = `${source}#${m.index}`;
    if (m.bytes) yield { source: name, bytes: m.bytes, span: m.span };
    else yield { source: name, error: tooLarge(m.size, opts.maxMessageBytes), span: m.span };
  }
}

/**
 * Messages of an mbox read whole (a small file), named SOURCE#N: split at once, as the
 * stream below would split them, without its asynchronous generator (~14 us an item, more
 * than reading a file of ~4 KB costs; measured on the 280 mbox files of /tmp/bm10).
 */
function splitMboxBytes(bytes: Buffer, source: string, opts: InputOptions): InputItem[] {
  const splitter = new MboxSplitter(opts.mboxFormat ?? 'mboxrd', opts.maxMessageBytes);
  return [...mboxItems(splitter.push(bytes), source, opts), ...mboxItems(splitter.end(), source, opts)];
}

/** Messages of an mbox stream, named SOURCE#N. */
async function* splitMboxStream(stream: AsyncIterable<Buffer | string>, source: string, opts: InputOptions, first?: Buffer): AsyncGenerator<InputItem> {
  const splitter = new MboxSplitter(opts.mboxFormat ?? 'mboxrd', opts.maxMessageBytes);
  const items = (msgs: ReturnType<MboxSplitter['push']>) => mboxItems(msgs, source, opts);
  if (first) yield* items(splitter.push(first));
  try {
    for await (const chunk of stream) yield* items(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  } catch (e) {
    // what was split so far has been given; the rest of the stream is one error
    yield* items(splitter.end());
    yield { source: `${source}#${splitter.count + 1}`, error: `reading failed: ${errorText(e)}` };
    return;
  }
  yield* items(splitter.end());
}

/** Read up to `length` bytes at `position` of an open file into a message buffer of its own. */
function readAt(fd: number, length: number, position: number): Buffer {
  const buf = messageBuffer(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : toMessageBuffer(buf.subarray(0, got));
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing more to lose
  }
}

/**
 * What a path is, opened without waiting (a FIFO does not block). A regular file stays
 * open. Small files are read with synchronous calls: for a 4 KB message the thread-pool
 * round trips of the asynchronous ones cost far more than the read itself (measured: ~25x
 * fewer files per second); this thread only reads and writes while workers parse.
 */
type Entry = { kind: 'file'; fd: number; size: number } | { kind: 'dir'; st: Stats } | { kind: 'other' };
function openEntry(p: Buffer): Entry {
  let fd: number;
  try {
    fd = openSync(p, OPEN_FLAGS);
  } catch (e) {
    // systems that cannot open a directory as a file
    if ((e as NodeJS.ErrnoException)?.code !== 'EISDIR') throw e;
    const st = statSync(p);
    return st.isDirectory() ? { kind: 'dir', st } : { kind: 'other' };
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeQuietly(fd);
    throw e;
  }
  if (st.isFile()) return { kind: 'file', fd, size: st.size };
  closeQuietly(fd);
  return st.isDirectory() ? { kind: 'dir', st } : { kind: 'other' };
}

/**
 * A regular file small enough to read at once (WHOLE_READ_MAX), open as `fd`, read without
 * waiting: its one item, or its bytes to split when they are an mbox. Closes the fd. Null
 * for a larger file (the fd stays open): readOpenFile streams or reads it.
 */
function readWhole(fd: number, size: number, source: string, opts: InputOptions): InputItem | { mbox: Buffer } | null {
  if (size > WHOLE_READ_MAX) return null;
  let whole: Buffer;
  try {
    whole = readAt(fd, size, 0);
  } catch (e) {
    return { source, error: errorText(e), span: size };
  } finally {
    closeQuietly(fd);
  }
  return wholeItem(whole, source, opts);
}

/** A small file read whole: its bytes to split when they are an mbox, else its one item. */
function wholeItem(whole: Buffer, source: string, opts: InputOptions): InputItem | { mbox: Buffer } {
  if (looksLikeMbox(whole.subarray(0, HEAD))) return { mbox: whole };
  const size = whole.length;
  return size > opts.maxMessageBytes ? { source, error: tooLarge(size, opts.maxMessageBytes), span: size } : { source, bytes: whole, span: size };
}

/** What a small file is read into when it does not fit in the slab's room. */
let scratch: Buffer | null = null;

/** Small files are read straight into a slab, one after another (buffers.ts, Slab). */
const slab = new Slab();

/** Read `fd` from `got` on into `buf` at `at`, until a read returns 0 or `room` bytes are there; the bytes read in all. */
function readInto(fd: number, buf: Buffer, at: number, room: number, got: number): number {
  for (let n = -1; n !== 0 && got < room; got += n) n = readSync(fd, buf, at + got, room - got, got);
  return got;
}

/** A listed file found larger than WHOLE_READ_MAX, still open: its size, and its first bytes, read already. */
type Large = { large: { fd: number; size: number; first: Buffer } };

// Tried (issue 18), not kept: reading a large folder's listed files ahead on a reader thread
// (a Worker filling SharedArrayBuffer slabs, batches of 32 paths, 4 batches ahead, the walk
// never waiting for it, the thread at nice 19). This thread's CPU per file fell from 9-11 us
// (open, read, close here) to ~3 us (libuv's pool, fs.promises.readFile with 16 in flight:
// 24-32 us, worse). The CLI end to end, default --jobs on 2 cores, machine loaded (load 1.7-2.5;
// median of 10, and of 10-20 interleaved pairs): 16,650 files -5 to -8 % wall, user CPU -1 to
// +4 %; 3,330 files -2 % to +3 % wall, user +1 to +9 % (the thread's start costs ~25-30 ms of
// CPU, the reads it saves here ~25 ms). Short of the ~4 % on both that landing needed; the
// code is in the history (commit 4325307 and the "read-ahead:" ones after it). On the quiet
// machine afterwards (8 alternating runs each): 16,650 files 3.33 -> 3.24 s wall, 4.17 -> 4.49 s user.
/**
 * How many listed files are read in a row before the first of them is parsed. Read one at a
 * time between parses, a file's open, reads and close took ~20 us here (16,650 files of ~6 KB,
 * in-process); in runs of 32, ~13 us: the kernel's paths stay in the CPU's caches, and so do
 * the parser's while it parses the run. The CLI over those files, in turns with a build
 * reading one at a time (12 runs each, medians): 2.93 -> 2.70 s wall, main thread's CPU
 * 2.73 -> 2.50 s; 3,330 files (16 runs): 1.02 -> 1.00 s, 0.88 -> 0.82 s. Runs of 8, 16 and 64
 * gave about as much, 128 less. A run also ends once READ_AHEAD_BYTES are read (files of up
 * to WHOLE_READ_MAX are read whole): what is held ahead of the parser stays under that and one file.
 */
const READ_AHEAD = 32;
const READ_AHEAD_BYTES = 256 * 1024;

/** A listed file as read ahead: its path, its name for results, and what readListedFile made of it. */
type Read = { p: BytePath; source: string; small: ReturnType<typeof readListedFile> };

/**
 * A file its folder lists as regular, read without an fstat: open, read until the end
 * (a read that returns 0), close. Its one item, or its bytes to split when they are an
 * mbox; null when it is not that simple (it cannot be opened or read, or it is empty): the
 * general path (openEntry, readWhole) then looks at what it is, reads it, or says why it
 * cannot. A file of more than WHOLE_READ_MAX bytes stays open, and what was read of it is
 * handed on (Large), not read again. Measured over 16,650 files of ~4 KB: one fstat fewer
 * (~1 us a file).
 */
function readListedFile(p: BytePath, source: string, opts: InputOptions): InputItem | { mbox: Buffer } | Large | null {
  let fd: number;
  try {
    fd = openSync(osPath(p), OPEN_FLAGS);
  } catch {
    return null;
  }
  const into = slab.ensure(SLAB_ROOM);
  const at = slab.at;
  const room = slab.left;
  let got = 0;
  let inSlab = true;
  let large: Large | null = null;
  try {
    got = readInto(fd, into, at, room, 0);
    if (got === room) {
      // larger than the room left: on in the scratch buffer, from what the slab took
      const buf = (scratch ??= Buffer.allocUnsafe(WHOLE_READ_MAX + 1));
      into.copy(buf, 0, at, at + got);
      got = readInto(fd, buf, 0, buf.length, got);
      inSlab = false;
      if (got > WHOLE_READ_MAX) large = { large: { fd, size: fstatSync(fd).size, first: Buffer.from(buf.subarray(0, got)) } };
    }
  } catch {
    // a folder or a FIFO put in its place since the listing, or a failing disk: the general path says which
    got = -1;
  } finally {
    if (!large) closeQuietly(fd);
  }
  if (large) return large;
  if (got <= 0) return null;
  let whole: Buffer;
  if (inSlab) whole = slab.take(got);
  else {
    // a buffer of its own, not shared memory: parsing in this thread needs none (--jobs 0, and
    // a run's first messages), and the worker pool puts what it sends there (toMessageBuffer):
    // a SharedArrayBuffer a message cost ~2 us, ~10 % of the walk, where it was never shared
    whole = Buffer.allocUnsafe(got);
    scratch!.copy(whole, 0, 0, got);
  }
  return wholeItem(whole, source, opts);
}

/** A regular file, open as `fd`: one message, or an mbox of messages. Closes the fd. */
async function* readOpenFile(fd: number, size: number, source: string, opts: InputOptions): AsyncGenerator<InputItem> {
  const small = readWhole(fd, size, source, opts);
  if (small && 'mbox' in small) for (const item of splitMboxBytes(small.mbox, source, opts)) yield item;
  else if (small) yield small;
  else yield* readLargeFile(fd, size, source, opts);
}

/** The first `size` bytes of a file whose beginning `first` was read already, in a message buffer of its own. */
function readRest(fd: number, size: number, first: Buffer): Buffer {
  if (first.length >= size) return toMessageBuffer(first.subarray(0, size));
  const whole = messageBuffer(size);
  first.copy(whole, 0);
  const got = readInto(fd, whole, 0, size, first.length);
  return got === size ? whole : toMessageBuffer(whole.subarray(0, got));
}

/**
 * A file larger than WHOLE_READ_MAX: a streamed mbox, or one message read when within the
 * size limit. `first`: its beginning, read already (readListedFile), not read again. Closes the fd.
 */
async function* readLargeFile(fd: number, size: number, source: string, opts: InputOptions, first?: Buffer): AsyncGenerator<InputItem> {
  // the stream reads the open fd; the path it is given is never opened
  let item: InputItem | null = null;
  try {
    if (looksLikeMbox(first ? first.subarray(0, HEAD) : readAt(fd, HEAD, 0))) {
      // a large mbox is streamed on from what was read; the stream closes the fd
      const stream = createReadStream('', { fd, start: first?.length ?? 0, highWaterMark: STREAM_CHUNK });
      fd = -1;
      yield* splitMboxStream(stream, source, opts, first);
      return;
    } else if (size > opts.maxMessageBytes) item = { source, error: tooLarge(size, opts.maxMessageBytes), span: size };
    else item = { source, bytes: first ? readRest(fd, size, first) : readAt(fd, size, 0), span: size };
  } catch (e) {
    item = { source, error: errorText(e), span: size };
  } finally {
    if (fd !== -1) closeQuietly(fd);
  }
  if (item) yield item;
}

/** stdin or a pipe: one message, or an mbox (SOURCE#N). Memory is bounded by the size limit. */
async function* readStream(stream: AsyncIterable<Buffer | string>, source: string, opts: InputOptions): AsyncGenerator<InputItem> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // gather enough to see whether it is an mbox
    while (size < HEAD) {
      const { value, done } = await iterator.next();
      if (done) break;
      const b = typeof value === 'string' ? Buffer.from(value) : value;
      chunks.push(b);
      size += b.length;
    }
    const head = Buffer.concat(chunks);
    const rest: AsyncIterable<Buffer | string> = { [Symbol.asyncIterator]: () => iterator };
    if (looksLikeMbox(head)) {
      yield* splitMboxStream(rest, source, opts, head);
      return;
    }
    // past the limit, reading stops: leaving the loop closes the stream
    let overflow = size > opts.maxMessageBytes;
    if (!overflow)
      for await (const chunk of rest) {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += b.length;
        chunks.push(b);
        if (size > opts.maxMessageBytes) {
          overflow = true;
          break;
        }
      }
    if (overflow) {
      chunks.length = 0;
      await iterator.return?.();
      yield { source, error: streamTooLarge(opts.maxMessageBytes), span: size };
      return;
    }
    // one copy, into a message buffer of its own (a worker reads it without another)
    const bytes = messageBuffer(size);
    let o = 0;
    for (const c of chunks) o += c.copy(bytes, o);
    yield { source, bytes, span: size };
  } catch (e) {
    yield { source, error: `reading failed: ${errorText(e)}`, span: size };
  }
}

/** stdin ('-'): one message, or an mbox (-#N). */
async function* readStdin(opts: InputOptions): AsyncGenerator<InputItem> {
  const stdin = opts.stdin ?? process.stdin;
  // `bouncemapi < folder`: reading fd 0 would fail or give nothing; say what it is
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd === 'number') {
    let dir = false;
    try {
      dir = fstatSync(fd).isDirectory();
    } catch {
      // an fd that cannot be looked at is read as it is, and its reading fails if it must
    }
    if (dir) {
      yield { source: '-', error: 'stdin is a directory (EISDIR): name the folder as an input instead' };
      return;
    }
  }
  yield* readStream(stdin as AsyncIterable<Buffer | string>, '-', opts);
}

/** One file by path (a regular file, or a pipe such as /dev/fd/N): a message or an mbox. */
export async function* readFileInput(file: string | Buffer, source: string, opts: InputOptions): AsyncGenerator<InputItem> {
  let entry: Entry;
  const p = fsPath(bytePath(file));
  try {
    // a pipe is not opened to look at it: a writer that met our reader would lose its data when we close it
    entry = statSync(p).isFIFO() ? { kind: 'other' } : openEntry(p);
  } catch (e) {
    yield { source, error: errorText(e) };
    return;
  }
  if (entry.kind === 'file') yield* readOpenFile(entry.fd, entry.size, source, opts);
  else if (entry.kind === 'dir') yield { source, error: 'is a directory' };
  // a pipe or a device named by the user (`bouncemapi <(zcat box.gz)`): a stream, which may wait for its writer
  else yield* readStream(createReadStream(p, { highWaterMark: STREAM_CHUNK }), source, opts);
}

// Names are byte strings (paths.ts): comparing code units compares bytes, as `LC_ALL=C ls` does, in every locale
const ORDER = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function isDirectory(p: BytePath): Promise<boolean> {
  try {
    return (await stat(fsPath(p))).isDirectory();
  } catch {
    return false;
  }
}

async function isMaildir(dir: BytePath): Promise<boolean> {
  return (await isDirectory(path.join(dir, 'cur'))) && (await isDirectory(path.join(dir, 'new')));
}

/** A folder's entries (dot-files left out) in byte order, and which of them it lists as regular files. */
async function listEntries(dir: BytePath): Promise<{ names: BytePath[]; regular: Uint8Array }> {
  const entries = await readdir(fsPath(dir), { encoding: 'latin1', withFileTypes: true });
  let kept = 0;
  for (const e of entries) if (e.name[0] !== '.') entries[kept++] = e;
  entries.length = kept;
  entries.sort((a, b) => ORDER(a.name, b.name));
  const names: BytePath[] = new Array(kept);
  const regular = new Uint8Array(kept);
  for (let i = 0; i < kept; i++) {
    names[i] = entries[i].name;
    // d_type; a symbolic link, or a file system that does not say (DT_UNKNOWN), is looked at when opened
    regular[i] = entries[i].isFile() ? 1 : 0;
  }
  return { names, regular };
}

/** ancestors: folders being walked (a link back into one is a loop); skip: folders never read */
type Walk = { ancestors: Set<string>; skip: Set<string> };
const idOf = (st: Stats) => `${st.dev}:${st.ino}`;

/** What a walk takes from a folder: files and directories; only files (a Maildir's cur/, new/); only Maildirs. */
type Accept = 'any' | 'files' | 'maildirs';

/** A directory entry opened (openEntry), or the error item of one that could not be. */
function openWalked(p: BytePath): Entry | InputItem {
  try {
    return openEntry(fsPath(p));
  } catch (e) {
    return { source: renderPath(p), error: errorText(e) };
  }
}

/** One directory entry: a file to read, a directory to walk, anything else skipped. */
async function* walkEntry(p: BytePath, opts: InputOptions, walk: Walk, accept: Accept = 'any', opened?: Entry | InputItem): AsyncGenerator<InputItem> {
  const entry = opened ?? openWalked(p);
  if (!('kind' in entry)) {
    yield entry;
    return;
  }
  if (entry.kind === 'file') {
    if (accept !== 'maildirs') yield* readOpenFile(entry.fd, entry.size, renderPath(p), opts);
    else closeQuietly(entry.fd);
    return;
  }
  // sockets, FIFOs and devices in a tree are not messages; nor are folders inside cur/ and new/
  if (entry.kind !== 'dir' || accept === 'files' || walk.skip.has(idOf(entry.st))) return;
  if (walk.ancestors.has(idOf(entry.st))) {
    yield { source: renderPath(p), error: 'symbolic link loop: this directory contains itself' };
    return;
  }
  if (accept === 'maildirs' && !(await isMaildir(p))) return;
  yield* walkDirectory(p, entry.st, opts, walk);
}

/**
 * The entries of a folder's listing, in its order: `bases[from[i]] + names[i]` (`from` null: the
 * one base), `regular[i]` when its d_type says it is a regular file. `accept`: what walkEntry
 * takes of an entry that is not ('files' in a Maildir's cur/ and new/).
 */
async function* readListing(
  bases: readonly BytePath[],
  from: Uint8Array | null,
  names: BytePath[],
  regular: Uint8Array,
  opts: InputOptions,
  walk: Walk,
  accept: Accept,
): AsyncGenerator<InputItem> {
  const run: Read[] = [];
  for (let i = 0; i < names.length; ) {
    // the next regular files read one after another, before any of them is parsed
    // (READ_AHEAD says why); a file that is not that simple ends the run
    run.length = 0;
    let ahead = 0;
    for (let end = Math.min(i + READ_AHEAD, names.length); i < end; i++) {
      const p = bases[from === null ? 0 : from[i]] + names[i];
      names[i] = ''; // let the names already walked go
      const source = renderPath(p);
      const small = regular[i] ? readListedFile(p, source, opts) : null;
      run.push({ p, source, small });
      const inMemory = small !== null && !('large' in small);
      if (inMemory) ahead += 'mbox' in small ? small.mbox.length : (small.span ?? 0);
      if (!inMemory || ahead >= READ_AHEAD_BYTES) {
        i++;
        break;
      }
    }
    // a small file, the common entry, is given at once: each generator an item passes
    // through costs promise round trips (~10 us a message, twice over here)
    for (const read of run) {
      const { p, source } = read;
      let small = read.small;
      if (small !== null && 'large' in small) {
        yield* readLargeFile(small.large.fd, small.large.size, source, opts, small.large.first);
        continue;
      }
      if (small === null) {
        const entry = openWalked(p);
        if (!('kind' in entry && entry.kind === 'file')) {
          yield* walkEntry(p, opts, walk, accept, entry);
          continue;
        }
        small = readWhole(entry.fd, entry.size, source, opts);
        if (small === null) {
          yield* readLargeFile(entry.fd, entry.size, source, opts);
          continue;
        }
      }
      if ('mbox' in small) for (const item of splitMboxBytes(small.mbox, source, opts)) yield item;
      else yield small;
    }
  }
}

/** A Maildir's messages: new/ and cur/ merged by file name (it begins with the delivery time), never tmp/. */
async function* maildirMessages(dir: BytePath, opts: InputOptions, walk: Walk): AsyncGenerator<InputItem> {
  const lists: { base: BytePath; names: BytePath[]; regular: Uint8Array }[] = [];
  for (const sub of ['cur', 'new']) {
    try {
      const subDir = path.join(dir, sub);
      lists.push({ base: path.join(subDir, 'x').slice(0, -1), ...(await listEntries(subDir)) });
    } catch (e) {
      yield { source: renderPath(path.join(dir, sub)), error: errorText(e) };
    }
  }
  const none = { base: '', names: [] as BytePath[], regular: new Uint8Array(0) };
  const [a, b] = [lists[0] ?? none, lists[1] ?? none];
  // one listing of both, in the merged order: which folder (0 cur/, 1 new/), name and d_type
  const count = a.names.length + b.names.length;
  const merged: BytePath[] = new Array(count);
  const from = new Uint8Array(count);
  const regular = new Uint8Array(count);
  for (let i = 0, j = 0, k = 0; k < count; k++) {
    const fromA = j >= b.names.length || (i < a.names.length && a.names[i] <= b.names[j]);
    if (fromA) {
      merged[k] = a.names[i];
      regular[k] = a.regular[i++];
    } else {
      from[k] = 1;
      merged[k] = b.names[j];
      regular[k] = b.regular[j++];
    }
  }
  a.names.length = 0;
  b.names.length = 0;
  yield* readListing([a.base, b.base], from, merged, regular, opts, walk, 'files');
  // Maildir++ folders (.Sent, .Lists.bounces) and nested folders that are Maildirs themselves
  let names: BytePath[];
  try {
    names = (await readdir(fsPath(dir), { encoding: 'latin1' })).sort(ORDER);
  } catch (e) {
    yield { source: renderPath(dir), error: errorText(e) };
    return;
  }
  for (const n of names) {
    if (n === 'cur' || n === 'new' || n === 'tmp') continue;
    yield* walkEntry(path.join(dir, n), opts, walk, 'maildirs');
  }
}

/** A directory: a Maildir, or a plain tree walked recursively in sorted order. */
async function* walkDirectory(dir: BytePath, st: Stats, opts: InputOptions, walk: Walk): AsyncGenerator<InputItem> {
  const id = idOf(st);
  walk.ancestors.add(id);
  try {
    if (await isMaildir(dir)) {
      yield* maildirMessages(dir, opts, walk);
      return;
    }
    let names: BytePath[];
    let regular: Uint8Array;
    try {
      ({ names, regular } = await listEntries(dir));
    } catch (e) {
      yield { source: renderPath(dir), error: errorText(e) };
      return;
    }
    // the folder with its separator, as path.join(dir, name) has it (normalised; '' for '.'):
    // joined once, not once a name
    yield* readListing([path.join(dir, 'x').slice(0, -1)], null, names, regular, opts, walk, 'any');
  } finally {
    walk.ancestors.delete(id);
  }
}

/** The folders a walk never reads, by device and inode (however they are named). */
async function skipSet(dirs: readonly (string | Buffer)[] | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const d of dirs ?? []) {
    const st = await stat(fsPath(bytePath(d))).catch(() => null);
    if (st?.isDirectory()) ids.add(idOf(st));
  }
  return ids;
}

/**
 * Every message named by the inputs, in order. '-' is stdin. A path is text (UTF-8), or a
 * Buffer of its raw bytes for a name that is not UTF-8; `source` shows it as renderPath does.
 */
export async function* expandInputs(inputs: readonly (string | Buffer)[], opts: InputOptions): AsyncGenerator<InputItem> {
  const skip = await skipSet(opts.skipDirs);
  for (const input of inputs) {
    if (input === '-') {
      yield* readStdin(opts);
      continue;
    }
    const p = bytePath(input);
    const source = renderPath(p);
    let st: Stats;
    try {
      st = await stat(fsPath(p));
    } catch (e) {
      yield { source, error: errorText(e) };
      continue;
    }
    if (st.isDirectory()) {
      if (!skip.has(idOf(st))) yield* walkDirectory(p, st, opts, { ancestors: new Set(), skip });
    } else yield* readFileInput(input, source, opts);
  }
}

/** Total bytes of the inputs when every one is a regular file (for a percentage); else null. */
export async function knownInputBytes(inputs: readonly (string | Buffer)[]): Promise<number | null> {
  let total = 0;
  for (const input of inputs) {
    if (input === '-') return null;
    try {
      const st = await stat(fsPath(bytePath(input)));
      if (!st.isFile()) return null;
      total += st.size;
    } catch {
      // a missing input is one error item; it adds nothing
    }
  }
  return total;
}
