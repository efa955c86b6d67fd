// Every message of every fixture (mbox fixtures give several), parsed as the CLI parses them.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expandInputs } from '../../src/1-input/sources.js';
import type { ParseOutcome } from '../../src/8-pipeline/parse.js';
import { analyzeItems, inputOptions } from '../../src/8-pipeline/run.js';
import { FIXTURES } from './paths.js';

export const BOUNCES_DIR = path.join(FIXTURES, 'bounces');

/** fixtures/bounces/* file names, read from the folder so new fixtures are covered automatically */
export function fixtureFiles(): string[] {
  return readdirSync(BOUNCES_DIR)
    .filter((f) => !f.startsWith('.'))
    .sort();
}

export async function outcomesOf(file: string): Promise<ParseOutcome[]> {
  const out: ParseOutcome[] = [];
  for await (const o of analyzeItems(expandInputs([path.join(BOUNCES_DIR, file)], inputOptions({})))) out.push(o);
  return out;
}
