// A streaming mbox splitter over Buffers (RFC 4155). No npm reader handled all of
// mboxrd unquoting, unquoted "From " lines in bodies, exact 8-bit bytes and a last line
// without newline (docs/architecture.md#libraries), so this is ours.
//
// A message starts only at a "From " line that (a) is the first line of the input or follows
// an empty line and (b) is a real separator: "From <sender> <asctime date>" (RFC 4155 §2).
// The empty line before a separator (and at the very end) belongs to the mbox, not to the
// message. Tolerated beyond RFC 4155: a separator right after a MIME closing delimiter
// ("--boundary--") with no empty line between (a writer that forgot it; corpus
// rhost-cox-01): nothing after the closing delimiter can be part of the message's content
// (it is the epilogue, which RFC 2046 §5.1.1 says to ignore), and writers quote a body's
// "From " lines, so a full separator there starts the next message. And mboxes whose lines
// end in a bare CR (classic Mac OS copies, like the sample set's maildir/mac): the line end
// is taken from the first line. The splitter copies no byte it does not have to: a message is gathered as runs
// of the input chunks and copied once, into a slab (a small one) or a buffer of its own
// shared with the workers (a big one): MboxSplitter.take says why.

import { messageBuffer, Slab, SLAB_ROOM } from './buffers.js';

export type MboxFormat = 'mboxrd' | 'mboxo';
export const MBOX_FORMATS: readonly MboxFormat[] = ['mboxrd', 'mboxo'];

const FROM = Buffer.from('From ');
const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
/** RFC 4155 separators are short header-like lines; a longer line is never one. */
const MAX_SEPARATOR = 1000;
/** A partial line longer than this cannot be a separator: it is passed on without waiting for its end. */
const MAX_CARRY = 4096;

// The date of a separator line is asctime(3) ("Thu Feb 22 23:34:45 2024", RFC 4155 §2), as
// written by mail(1), procmail, Postfix local(8) and mutt; Thunderbird and Google Takeout put a
// zone before the year ("Mon Feb 26 17:07:40 +0000 2024"), old BSD systems a zone name
// ("PST"), some tools an RFC 5322 date ("Thu, 22 Feb 2024 23:34:45 +0000"); UUCP appends
// "remote from HOST"; some write an ISO date ("From () 2020-03-03 07:50:45 +0000") or a
// sloppy time ("00:0:00"), both in the shared corpus. Every token after the sender must be a
// date part, and together they must give a month, a year and a time.
const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
const TIME = /^\d{1,2}:\d{1,2}(?::\d{1,2})?$/;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;
const YEAR = /^\d{4}$/;
const DAY = /^\d{1,2},?$/;
const ZONE = /^(?:[+-]\d{4}|[A-Z]{1,5}|\([A-Z]{1,5}\))$/;

/** Is this the date part of a separator line (RFC 4155 §2, and the variants above)? */
function isSeparatorDate(tokens: string[]): boolean {
  let month = false;
  let time = false;
  let year = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const word = t.toLowerCase().replace(/,$/, '');
    if (word === 'remote' && tokens[i + 1] === 'from' && i + 3 === tokens.length) break; // UUCP "remote from HOST"
    if (WEEKDAYS.has(word) && !month && !time) continue;
    if (ISO_DATE.test(t) && !month && !year) month = year = true;
    else if (MONTHS.has(word) && !month) month = true;
    else if (TIME.test(t) && !time) time = true;
    else if (YEAR.test(t) && !year) year = true;
    else if (DAY.test(t) || ZONE.test(t)) continue;
    else return false;
  }
  return month && time && year;
}

/** Does this line (without its line end) look like an mbox separator? */
export function isSeparatorLine(line: Buffer): boolean {
  if (line.length < 7 || line.length > MAX_SEPARATOR || line[0] !== 0x46 || !line.subarray(0, 5).equals(FROM)) return false;
  const text = line.toString('latin1', 5);
  // the sender: an address (a quoted local part may hold spaces), MAILER-DAEMON, or "-" (Thunderbird)
  let end: number;
  if (text[0] === '"') {
    const close = text.indexOf('"', 1);
    end = close === -1 ? -1 : text.indexOf(' ', close);
  } else end = text.indexOf(' ');
  if (end <= 0) return false;
  const tokens = text
    .slice(end + 1)
    .split(' ')
    .filter((t) => t.length > 0);
  return tokens.length >= 2 && tokens.length <= 12 && isSeparatorDate(tokens);
}

/** Does an input that begins with these bytes look like an mbox? */
export function looksLikeMbox(head: Buffer): boolean {
  // the common message starts otherwise: said without a view made of its first bytes
  if (head.length < 5 || head[0] !== FROM[0] || !head.subarray(0, 5).equals(FROM)) return false;
  // the first line ends at LF, CRLF or a bare CR
  let nl = head.indexOf(LF);
  if (nl === -1) nl = head.length;
  const cr = head.subarray(0, nl).indexOf(CR);
  return isSeparatorLine(head.subarray(0, cr === -1 ? nl : cr));
}

/** The line end of an input: CR when its first line ends in a bare CR, else LF (null: not known yet). */
function lineEnd(head: Buffer): number | null {
  const lf = head.indexOf(LF);
  const cr = head.indexOf(CR);
  if (cr === -1) return lf === -1 ? null : LF;
  if (lf !== -1 && lf < cr) return LF;
  if (cr + 1 >= head.length) return lf === -1 ? null : LF;
  return head[cr + 1] === LF ? LF : CR;
}

/**
 * Is data[start, end) a MIME closing delimiter, "--" boundary "--" (RFC 2046 §5.1.1), with
 * transport padding after it? A line of dashes alone is a ruler, not a delimiter.
 */
function isClosingDelimiter(data: Buffer, start: number, end: number): boolean {
  while (end > start && (data[end - 1] === 0x20 || data[end - 1] === 0x09)) end--;
  if (end - start < 5 || end - start > 74 || data[start] !== 0x2d || data[start + 1] !== 0x2d || data[end - 1] !== 0x2d || data[end - 2] !== 0x2d) return false;
  for (let i = start + 2; i < end - 2; i++) if (data[i] !== 0x2d) return true;
  return false;
}

/**
 * How many leading bytes of the line at `start` to drop as mbox quoting: 1 for a quoted
 * `From ` line (mboxrd: `>From `, `>>From `, ...; mboxo: only `>From `), else 0.
 */
function quoteLength(data: Buffer, start: number, end: number, format: MboxFormat): number {
  let i = start;
  while (i < end && data[i] === GT) i++;
  if (i === start || (format === 'mboxo' && i - start !== 1)) return 0;
  if (end - i < 5) return 0;
  for (let k = 0; k < 5; k++) if (data[i + k] !== FROM[k]) return 0;
  return 1;
}

export interface MboxMessage {
  /** 1-based position in the mbox */
  index: number;
  /** the message, in a buffer of its own; null when it is larger than maxBytes (not kept) */
  bytes: Buffer | null;
  /** size of the message */
  size: number;
  /** bytes of the mbox it took: separator line, message, quoting and the blank line after it */
  span: number;
}

/**
 * Feed chunks with push(); finished messages come out of push()/end() in order.
 * Memory is bounded by one message (and by maxBytes for an oversized one), plus one chunk.
 */
export class MboxSplitter {
  /** runs of input bytes making up the current message so far (views of the input chunks) */
  private parts: Buffer[] = [];
  private size = 0;
  private index = 0;
  /** a message is open: a separator was seen, or the input began with something else */
  private open = false;
  /** the open message began without a separator (bytes before the first one) */
  private preamble = false;
  /** the last complete line was empty, or nothing was read yet: a separator may follow */
  private prevEmpty = true;
  /** length of that empty line (1 or 2): the message's last bytes, the mbox's if a separator follows */
  private emptyLen = 0;
  /** the start of a line that has not ended yet and might still be a separator */
  private carry: Buffer | null = null;
  /** inside a line too long to be a separator, already passed on in part */
  private midLine = false;
  /** input bytes scanned so far (the offset of the carry, if any) */
  private scanned = 0;
  /** input offset where the open message's separator began */
  private messageStart = 0;
  /** the last complete line was a MIME closing delimiter ("--boundary--"): a separator may follow */
  private prevClosing = false;
  /** the line end: LF (also CRLF), or CR for an mbox whose first line ends in a bare CR */
  private eol: number | null = null;
  /** where the small messages are copied, one after another */
  private readonly slab = new Slab();

  /**
   * The buffer a message of `size` bytes is copied into: never a view of an input chunk (it
   * would keep the chunk). A big one gets shared memory of its own, which the worker pool
   * sends as it is. A small one is a view of a slab filled one message after another, as a
   * folder's small files are read (buffers.ts, Slab), and is copied if a worker takes it.
   * Shared memory of its own for every message (~4 KB each) was an allocation apiece that the C
   * library kept hold of once freed: a 200 MB mbox of 48,336 bounces peaked at 169-283 MiB
   * over 13 runs, 159-204 MiB over 11 with slabs (one thread; V8's heap ~60 MiB either way).
   * A region once taken is never written again; a full slab is let go and lives while one of
   * its messages (or a piece a result keeps) does.
   */
  private take(size: number): Buffer {
    if (size > SLAB_ROOM) return messageBuffer(size);
    this.slab.ensure(size);
    return this.slab.take(size);
  }

  constructor(
    private readonly format: MboxFormat = 'mboxrd',
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** messages given out so far */
  get count(): number {
    return this.index;
  }

  push(chunk: Buffer): MboxMessage[] {
    const out: MboxMessage[] = [];
    let from = 0;
    this.eol ??= lineEnd(this.carry ? Buffer.concat([this.carry, chunk]) : chunk);
    if (this.carry) {
      const nl = chunk.indexOf(this.eol ?? LF);
      const carried = this.carry;
      this.carry = null;
      if (nl === -1) {
        const joined = Buffer.concat([carried, chunk]);
        if (joined.length < MAX_CARRY) this.carry = joined;
        else this.scan(joined, out, false);
        return out;
      }
      // the carried line, completed, is scanned on its own: the chunk itself is never copied
      this.scan(Buffer.concat([carried, chunk.subarray(0, nl + 1)]), out, false);
      from = nl + 1;
    }
    if (from < chunk.length) this.scan(from === 0 ? chunk : chunk.subarray(from), out, false);
    return out;
  }

  end(): MboxMessage[] {
    const out: MboxMessage[] = [];
    if (this.carry) {
      const last = this.carry; // the last line, without a line end
      this.carry = null;
      this.scan(last, out, true);
    }
    if (this.open) this.finish(this.scanned, out);
    return out;
  }

  /** Scan the lines of `data`; a trailing partial line is carried, unless it is long or `final`. */
  private scan(data: Buffer, out: MboxMessage[], final: boolean): void {
    const base = this.scanned;
    const eol = this.eol ?? LF;
    let pos = 0;
    let run = 0; // start of the bytes not yet added to the message
    while (pos < data.length) {
      const nl = data.indexOf(eol, pos);
      if (this.midLine) {
        // the rest of a long line goes into the message as it is
        pos = nl === -1 ? data.length : nl + 1;
        if (nl !== -1) this.midLine = false;
        continue;
      }
      if (nl === -1 && !final && data.length - pos < MAX_CARRY) {
        this.carry = Buffer.from(data.subarray(pos));
        break;
      }
      const end = nl === -1 ? data.length : nl + 1;
      let contentEnd = nl === -1 ? end : nl;
      if (eol === LF && contentEnd > pos && data[contentEnd - 1] === CR) contentEnd--;
      const whole = nl !== -1 || final;
      if ((this.prevEmpty || this.prevClosing) && whole && data[pos] === 0x46 && isSeparatorLine(data.subarray(pos, contentEnd))) {
        this.append(data.subarray(run, pos));
        if (this.open) this.finish(base + pos, out);
        this.open = true;
        this.preamble = false;
        this.prevEmpty = false;
        this.prevClosing = false;
        run = end;
      } else {
        if (!this.open) this.open = this.preamble = true;
        this.prevEmpty = whole && contentEnd === pos;
        this.prevClosing = whole && isClosingDelimiter(data, pos, contentEnd);
        this.emptyLen = this.prevEmpty ? end - pos : 0;
        if (data[pos] === GT && quoteLength(data, pos, contentEnd, this.format)) {
          this.append(data.subarray(run, pos));
          run = pos + 1;
        }
        if (!whole) this.midLine = true;
      }
      pos = end;
    }
    this.append(data.subarray(run, pos));
    this.scanned = base + pos;
  }

  private append(buf: Buffer): void {
    if (buf.length === 0) return;
    this.size += buf.length;
    // +2: the empty line that may end the message is dropped before its size is checked
    if (this.size <= this.maxBytes + 2) this.parts.push(buf);
    else this.parts.length = 0;
  }

  /** Close the open message; `at` is the input offset where it ends. */
  private finish(at: number, out: MboxMessage[]): void {
    if (this.prevEmpty && this.emptyLen > 0) {
      // the empty line before a separator, or at the end of the input, is the mbox's
      this.size -= this.emptyLen;
      const last = this.parts.pop();
      if (last && last.length > this.emptyLen) this.parts.push(last.subarray(0, last.length - this.emptyLen));
    }
    // nothing but empty lines before the first separator is not a message
    if (!(this.preamble && this.size <= this.maxBytes && this.parts.every((p) => p.every((b) => b === LF || b === CR)))) {
      this.index++;
      let bytes: Buffer | null = null;
      if (this.size <= this.maxBytes) {
        bytes = this.take(this.size);
        let o = 0;
        for (const p of this.parts) o += p.copy(bytes, o);
      }
      out.push({ index: this.index, bytes, size: this.size, span: at - this.messageStart });
    }
    this.parts = [];
    this.size = 0;
    this.emptyLen = 0;
    this.prevEmpty = false;
    this.messageStart = at;
  }
}
