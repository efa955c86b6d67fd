// Named resource limits. Bounces come from strangers; each limit below stops one way a
// hostile (or merely broken) message could make us use unbounded time or memory.
import { z } from 'zod';

export const LimitsSchema = z.object({
  /** A message larger than this is not parsed at all: one result with an error naming the limit. Stops memory blow-up from a giant input. */
  maxMessageBytes: z.number().int().positive(),
  /** Deepest MIME nesting followed; deeper parts are ignored with a warning. Stops stack/CPU exhaustion from multipart bombs. */
  maxMimeDepth: z.number().int().positive(),
  /** Most MIME parts read per message; the rest are ignored with a warning. Stops part-count bombs. */
  maxMimeParts: z.number().int().positive(),
  /** Largest header block of one MIME node. Stops a never-ending header from being buffered whole. */
  maxHeaderBytes: z.number().int().positive(),
  /** Longest line a text parser looks at; longer lines are cut for matching (the raw value is kept). Stops quadratic scans of megabyte lines. */
  maxLineLength: z.number().int().positive(),
  /** Most recipient rows kept per message; further rows are dropped with a warning. Stops output explosion. */
  maxRecipients: z.number().int().positive(),
  /** Longest single DSN field value kept; longer values are cut with a warning. */
  maxFieldLength: z.number().int().positive(),
});
export type Limits = z.infer<typeof LimitsSchema>;

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
