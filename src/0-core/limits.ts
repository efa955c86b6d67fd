// Named resource limits. Bounces come from strangers; each limit below stops one way a
// hostile (or merely broken) message could make us use unbounded time or memory.
// A plain interface, not a zod schema: this module is on the parser's start-up path, where
// loading zod would cost every process and worker ~100 ms.
export interface Limits {
  /** A message larger than this is not parsed at all: one result with an error naming the limit. Stops memory blow-up from a giant input. */
  maxMessageBytes: number;
  /** Deepest MIME nesting followed; deeper parts are ignored with a warning. Stops stack/CPU exhaustion from multipart bombs. */
  maxMimeDepth: number;
  /** Most MIME parts read per message; the rest are ignored with a warning. Stops part-count bombs. */
  maxMimeParts: number;
  /** Largest header block of one MIME node. Stops a never-ending header from being buffered whole. */
  maxHeaderBytes: number;
  /** Longest line a text parser looks at; longer lines are cut for matching (the raw value is kept). Stops quadratic scans of megabyte lines. */
  maxLineLength: number;
  /** Most recipient rows kept per message; further rows are dropped with a warning. Stops output explosion. */
  maxRecipients: number;
  /** Longest single DSN field value kept; longer values are cut with a warning. Stops unbounded copies of megabyte fields. */
  maxFieldLength: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxMessageBytes: 25 * 1024 * 1024,
  maxMimeDepth: 40,
  maxMimeParts: 1000,
  maxHeaderBytes: 2 * 1024 * 1024,
  maxLineLength: 64 * 1024,
  maxRecipients: 100_000,
  maxFieldLength: 64 * 1024,
});

/**
 * The limits in force: the defaults, with `partial`'s values over them. Each value must be a
 * positive integer, or Infinity (no limit); anything else (NaN, which every comparison
 * would let through, a negative number, 1.5, '5') and any unknown name is a RangeError
 * naming the limit, never a limit silently switched off.
 */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  if (!partial) return DEFAULT_LIMITS;
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const [name, v] of Object.entries(partial)) {
    if (v === undefined) continue;
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) throw new RangeError(`unknown limit "${name}" (limits: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    if (!validLimit(v)) throw new RangeError(`limit ${name} must be a positive integer or Infinity (no limit), not ${describe(v)}`);
    out[name as keyof Limits] = v;
  }
  return out;
}

function validLimit(v: unknown): v is number {
  return v === Infinity || (Number.isSafeInteger(v) && (v as number) > 0);
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'bigint' ? String(v) : `a ${v === null ? 'null' : typeof v}`;
}
