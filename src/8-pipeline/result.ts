// The empty and the error result: what the pool and the runner give a message they could not
// parse. Apart from parse.ts so that they load without the parse path (start-up: the CLI's
// --version, --help and the pool need them, not the parsers).
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
