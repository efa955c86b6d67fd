// Shared by the corpus measures and tests: parse every corpus file the way the CLI would
// (a file that begins with an mbox From line is an mbox; its messages count together).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readFileInput } from '../../src/1-input/sources.js';
import { analyzeMessage } from '../../src/8-pipeline/parse.js';
import type { ParseResult } from '../../src/0-core/schema.js';

export interface CorpusFile {
  file: string;
  bytes: Buffer;
  results: ParseResult[];
}

export function corpusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
}

export async function parseCorpusFile(dir: string, file: string): Promise<CorpusFile> {
  const p = path.join(dir, file);
  const results: ParseResult[] = [];
  for await (const item of readFileInput(p, file, { maxMessageBytes: 25 * 1024 * 1024 })) {
    if (item.error !== undefined) results.push({ ...(await analyzeMessage(Buffer.alloc(0), item.source)).result, error: item.error });
    else results.push((await analyzeMessage(item.bytes, item.source)).result);
  }
  return { file, bytes: readFileSync(p), results };
}

/** Does the file carry a message/delivery-status (or global) part at all? */
export function hasDeliveryStatusPart(bytes: Buffer): boolean {
  return /content-type:\s*message\/(global-)?delivery-status/i.test(bytes.toString('latin1'));
}

export interface DsnCoverage {
  files: number;
  results: number;
  errors: number;
  withDsnPart: number;
  dsnWithValidStatus: number;
  misses: string[];
}

/** Issue 2's measure: files with a delivery-status part that come out as kind dsn with a valid RFC 3463 status. */
export async function dsnCoverage(dir: string): Promise<DsnCoverage> {
  const cov: DsnCoverage = { files: 0, results: 0, errors: 0, withDsnPart: 0, dsnWithValidStatus: 0, misses: [] };
  for (const f of corpusFiles(dir)) {
    const cf = await parseCorpusFile(dir, f);
    cov.files++;
    cov.results += cf.results.length;
    cov.errors += cf.results.filter((r) => r.error).length;
    if (!hasDeliveryStatusPart(cf.bytes)) continue;
    cov.withDsnPart++;
    const ok = cf.results.some((r) => r.kind === 'dsn' && r.recipients.some((row) => row.status && /^[245]\.[0-7]\.\d{1,3}$/.test(row.status)));
    if (ok) cov.dsnWithValidStatus++;
    else cov.misses.push(f);
  }
  return cov;
}
