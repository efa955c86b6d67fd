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

export function resolveLimits(partial?: Partial<Limits>): Limits {
  if (!partial) return DEFAULT_LIMITS;
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
}
