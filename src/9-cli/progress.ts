// A progress line on stderr for a person watching a batch: messages done, rate, elapsed
// time, and a percentage when the total size of the input is known. Drawn only on a TTY
// (never into a log or a pipe), redrawn at most ten times a second, wiped before any other
// line goes to the terminal and at the end.
import type { Writable } from 'node:stream';

const REDRAW_MS = 100;
const CLEAR = '\r\u001b[K';

export interface ProgressOptions {
  /** draw at all (stderr is a TTY, not --quiet) */
  enabled: boolean;
  /** input bytes in all, when known: gives a percentage */
  totalBytes: number | null;
  now?: () => number;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export class Progress {
  private messages = 0;
  private bytes = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly started: number;
  private readonly now: () => number;

  constructor(
    private readonly stream: Writable & { isTTY?: boolean; columns?: number },
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** One more message done, accounting for `span` input bytes. */
  tick(span: number): void {
    this.messages++;
    this.bytes += span;
    // a single message is no batch: the line appears from the second one on
    if (!this.options.enabled || this.messages < 2) return;
    const t = this.now();
    if (this.shown && t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.draw(t);
  }

  line(t = this.now()): string {
    const secs = Math.max(0.001, (t - this.started) / 1000);
    const parts = [`${this.messages.toLocaleString('en-US')} messages`, `${Math.round(this.messages / secs).toLocaleString('en-US')}/s`, formatElapsed(t - this.started)];
    const total = this.options.totalBytes;
    if (total) parts.push(`${Math.min(100, Math.floor((this.bytes / total) * 100))}%`);
    return `bouncemapi: ${parts.join('  ')}`;
  }

  private draw(t: number): void {
    const width = (this.stream.columns || 80) - 1; // a pty without a size says 0
    this.stream.write(`${CLEAR}${this.line(t).slice(0, Math.max(10, width))}`);
    this.shown = true;
  }

  /** Wipe the line (before another line is written to the terminal); the next tick redraws it. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR);
    this.shown = false;
  }
}
