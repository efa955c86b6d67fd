// JSON Schemas of the outputs, generated from the zod schemas (one source of truth).
import { z } from 'zod';
import { ParseResultSchema } from './table/schema.js';

const SCHEMAS: Record<string, () => unknown> = {
  parse: () => ({ ...z.toJSONSchema(ParseResultSchema), title: 'bouncemapi parse result (one per input message)' }),
};

export function schemaFor(which: string): unknown | null {
  const make = SCHEMAS[which];
  return make ? make() : null;
}

export function schemaNames(): string[] {
  return Object.keys(SCHEMAS);
}
