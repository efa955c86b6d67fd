// Command-line inputs → a stream of messages: files, directories (recursive, sorted),
// Maildir folders (cur/ and new/), mbox files (by content), and stdin ('-').
import { createReadStream, type Dirent } from 'node:fs';
import { open, opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { looksLikeMbox, MboxSplitter, type MboxFormat } from './mbox.js';

export type InputItem = { source: string; bytes: Buffer; error?: undefined } | { source: string; bytes?: undefined; error: string };

export interface InputOptions {
  maxMessageBytes: number;
  mboxFormat?: MboxFormat;
  stdin?: Readable;
}

function tooLarge(size: number, max: number): string {
  return `message is ${size} bytes, larger than the maxMessageBytes limit (${max} bytes; raise it with --max-size)`;
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

/** Messages of an mbox stream, named SOURCE#N. */
async function* splitMboxStream(stream: AsyncIterable<Buffer | string>, source: string, opts: InputOptions, first?: Buffer): AsyncGenerator<InputItem> {
  const splitter = new MboxSplitter(opts.mboxFormat ?? 'mboxrd', opts.maxMessageBytes);
  const emit = function* (msgs: ReturnType<MboxSplitter['push']>): Generator<InputItem> {
    for (const m of msgs) {
      const name = `${source}#${m.index}`;
      if (m.bytes) yield { source: name, bytes: m.bytes };
      else yield { source: name, error: tooLarge(m.size, opts.maxMessageBytes) };
    }
  };
  if (first) yield* emit(splitter.push(first));
  for await (const chunk of stream) yield* emit(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  yield* emit(splitter.end());
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readWhole(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** One regular file: a message, or an mbox of messages. */
export async function* readFileInput(file: string, source: string, opts: InputOptions): AsyncGenerator<InputItem> {
  let size: number;
  let head: Buffer;
  try {
    size = (await stat(file)).size;
    head = await readHead(file, 1024);
  } catch (e) {
    yield { source, error: errorText(e) };
    return;
  }
  if (looksLikeMbox(head)) {
    try {
      yield* splitMboxStream(createReadStream(file, { highWaterMark: 1024 * 1024 }), source, opts);
    } catch (e) {
      yield { source, error: `reading failed: ${errorText(e)}` };
    }
    return;
  }
  if (size > opts.maxMessageBytes) {
    yield { source, error: tooLarge(size, opts.maxMessageBytes) };
    return;
  }
  try {
    yield { source, bytes: await readWhole(file) };
  } catch (e) {
    yield { source, error: errorText(e) };
  }
}

/** stdin: one message, or an mbox (-#N). Memory is bounded by the size limit. */
export async function* readStdin(opts: InputOptions): AsyncGenerator<InputItem> {
  const stream = opts.stdin ?? process.stdin;
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  // gather enough to see whether it is an mbox
  while (size < 1024) {
    const { value, done } = await iterator.next();
    if (done) break;
    const b = typeof value === 'string' ? Buffer.from(value) : value;
    chunks.push(b);
    size += b.length;
  }
  const head = Buffer.concat(chunks);
  const rest: AsyncIterable<Buffer | string> = { [Symbol.asyncIterator]: () => iterator };
  if (looksLikeMbox(head)) {
    yield* splitMboxStream(rest, '-', opts, head);
    return;
  }
  let overflow = false;
  for await (const chunk of rest) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > opts.maxMessageBytes) overflow = true;
    if (!overflow) chunks.push(b);
  }
  if (overflow) yield { source: '-', error: tooLarge(size, opts.maxMessageBytes) };
  else yield { source: '-', bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) };
}

async function sortedEntries(dir: string): Promise<Dirent[]> {
  const entries: Dirent[] = [];
  const handle = await opendir(dir);
  for await (const e of handle) entries.push(e);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isMaildir(dir: string): Promise<boolean> {
  return (await isDirectory(path.join(dir, 'cur'))) && (await isDirectory(path.join(dir, 'new')));
}

/** A directory: Maildir (cur/, new/, Maildir++ .Sub folders) or a plain tree, sorted, recursive. */
async function* walkDirectory(dir: string, opts: InputOptions, seen: Set<string>): AsyncGenerator<InputItem> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (e) {
    yield { source: dir, error: errorText(e) };
    return;
  }
  if (seen.has(real)) {
    yield { source: dir, error: 'directory already visited (symbolic link loop)' };
    return;
  }
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = await sortedEntries(dir);
  } catch (e) {
    yield { source: dir, error: errorText(e) };
    return;
  }
  if (await isMaildir(dir)) {
    // Maildir: messages live in new/ and cur/; tmp/ holds deliveries in progress
    for (const sub of ['new', 'cur']) {
      let files: Dirent[];
      try {
        files = await sortedEntries(path.join(dir, sub));
      } catch (e) {
        yield { source: path.join(dir, sub), error: errorText(e) };
        continue;
      }
      for (const f of files) {
        if (f.name.startsWith('.')) continue;
        const p = path.join(dir, sub, f.name);
        yield* readFileInput(p, p, opts);
      }
    }
    // Maildir++ subfolders are dot-directories that are themselves maildirs
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.name.startsWith('.') && e.name !== '.' && e.name !== '..' && (await isMaildir(p))) yield* walkDirectory(p, opts, seen);
    }
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory() || (e.isSymbolicLink() && (await isDirectory(p)))) {
      yield* walkDirectory(p, opts, seen);
    } else if (e.isFile() || e.isSymbolicLink()) {
      yield* readFileInput(p, p, opts);
    }
  }
}

/** Every message named by the inputs, in order. '-' is stdin. */
export async function* expandInputs(inputs: readonly string[], opts: InputOptions): AsyncGenerator<InputItem> {
  for (const input of inputs) {
    if (input === '-') {
      yield* readStdin(opts);
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch (e) {
      yield { source: input, error: errorText(e) };
      continue;
    }
    if (st.isDirectory()) yield* walkDirectory(input, opts, new Set());
    else yield* readFileInput(input, input, opts);
  }
}
