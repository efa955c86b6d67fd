// A streaming mbox splitter over Buffers (RFC 4155). No npm reader handled all of
// mboxrd unquoting, unquoted "From " lines in bodies, exact 8-bit bytes and a last line
// without newline (toolchain.md), so this is ours.
//
// A message starts only at a "From " line that (a) is the first line of the file or follows
// an empty line and (b) looks like a real separator: "From <sender> <date>". The empty line
// before a separator belongs to the mbox, not to the message.

export type MboxFormat = 'mboxrd' | 'mboxo';

const FROM = Buffer.from('From ');

/** Does this line (without its line end) look like an mbox separator? */
export function isSeparatorLine(line: Buffer): boolean {
  if (line.length < 7 || line.length > 1000 || !line.subarray(0, 5).equals(FROM)) return false;
  const text = line.toString('latin1', 5);
  const sp = text.indexOf(' ');
  // "From " then a sender token, then a date: a time hh:mm or a 4-digit year somewhere after it
  if (sp <= 0) return false;
  const rest = text.slice(sp + 1);
  return /\d{1,2}:\d{2}/.test(rest) || /\b(19|20)\d{2}\b/.test(rest);
}

/** Does a file that begins with these bytes look like an mbox? */
export function looksLikeMbox(head: Buffer): boolean {
  if (head.length < 5 || !head.subarray(0, 5).equals(FROM)) return false;
  let nl = head.indexOf(0x0a);
  if (nl === -1) nl = head.length;
  let line = head.subarray(0, nl);
  if (line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
  return isSeparatorLine(line);
}

function isEmptyLine(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && line[0] === 0x0d);
}

/** `>From `, `>>From ` ... (mboxrd) or only `>From ` (mboxo): one '>' is removed. */
function unquote(line: Buffer, format: MboxFormat): Buffer {
  if (line[0] !== 0x3e) return line;
  let i = 0;
  while (i < line.length && line[i] === 0x3e) i++;
  if (format === 'mboxo' && i !== 1) return line;
  if (line.length - i >= 5 && line.subarray(i, i + 5).equals(FROM)) return line.subarray(1);
  return line;
}

export interface MboxMessage {
  /** 1-based position in the mbox */
  index: number;
  bytes: Buffer | null;
  /** total size of the message; when above maxBytes, bytes is null and the body was not kept */
  size: number;
}

/**
 * Feed chunks with push(); finished messages come out of push()/end() in order.
 * Memory is bounded by one message (and by maxBytes for an oversized one).
 */
export class MboxSplitter {
  private carry: Buffer | null = null;
  private lines: Buffer[] = [];
  private size = 0;
  private started = false;
  private prevEmpty = true;
  private index = 0;
  /** the current message has a pending empty line that may be the separator's */
  private pendingEmpty: Buffer | null = null;

  constructor(
    private readonly format: MboxFormat = 'mboxrd',
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  push(chunk: Buffer): MboxMessage[] {
    const out: MboxMessage[] = [];
    let data = chunk;
    if (this.carry) {
      data = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let pos = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, pos);
      if (nl === -1) break;
      this.line(data.subarray(pos, nl + 1), out);
      pos = nl + 1;
    }
    if (pos < data.length) {
      // keep the partial line; copy so the caller's chunk can be released
      this.carry = Buffer.from(data.subarray(pos));
      if (this.carry.length > 64 * 1024 && !this.couldBeSeparator(this.carry)) {
        // a very long line cannot be a separator: add what we have to the message now
        this.append(this.carry);
        this.carry = null;
        this.prevEmpty = false;
      }
    }
    return out;
  }

  end(): MboxMessage[] {
    const out: MboxMessage[] = [];
    if (this.carry) {
      this.line(this.carry, out);
      this.carry = null;
    }
    this.finish(out, true);
    return out;
  }

  private couldBeSeparator(partial: Buffer): boolean {
    return this.prevEmpty && partial.length < 1000 && partial.subarray(0, 5).equals(FROM);
  }

  private line(raw: Buffer, out: MboxMessage[]): void {
    let content = raw;
    if (content[content.length - 1] === 0x0a) content = content.subarray(0, -1);
    if (content[content.length - 1] === 0x0d) content = content.subarray(0, -1);
    if (this.prevEmpty && isSeparatorLine(content)) {
      if (this.started) this.finish(out, false);
      this.started = true;
      this.prevEmpty = false;
      return;
    }
    if (!this.started) {
      // bytes before the first separator: not an mbox after all; keep them as a message
      this.started = true;
    }
    const empty = isEmptyLine(content);
    if (this.pendingEmpty) {
      this.append(this.pendingEmpty);
      this.pendingEmpty = null;
    }
    if (empty) {
      // held back: if a separator follows, this empty line belongs to the mbox
      this.pendingEmpty = raw;
    } else {
      this.append(unquote(raw, this.format));
    }
    this.prevEmpty = empty;
  }

  private append(buf: Buffer): void {
    this.size += buf.length;
    if (this.size <= this.maxBytes) this.lines.push(buf);
    else this.lines = [];
  }

  private finish(out: MboxMessage[], atEnd: boolean): void {
    if (atEnd && this.pendingEmpty) {
      // a trailing empty line at the very end of the file is the mbox's too
      this.pendingEmpty = null;
    }
    this.pendingEmpty = null;
    if (!this.started) return;
    this.index++;
    const tooBig = this.size > this.maxBytes;
    out.push({ index: this.index, bytes: tooBig ? null : Buffer.concat(this.lines, this.size), size: this.size });
    this.lines = [];
    this.size = 0;
  }
}
