// The empty and the error result, in a module of their own that loads nothing else: the pool
// and the runner give them to messages they could not parse, and the CLI loads those at
// start-up, before (and often without) the parse path (issue 18: --version, --help).
import type { ParseResult } from '../0-core/schema.js';

export function emptyResult(source: string): ParseResult {
  return {
    source,
    recognized: false,
    kind: null,
    format: null,
    error: null,
    warnings: [],
    messageId: null,
    date: null,
    subject: null,
    from: null,
    headerBlock: '',
    reportingMta: null,
    arrivalDate: null,
    original: null,
    recipients: [],
  };
}

export function errorResult(source: string, error: string): ParseResult {
  return { ...emptyResult(source), error };
}
