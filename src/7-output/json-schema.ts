// JSON Schemas of the outputs, generated from the zod schemas (one source of truth).
import { z } from 'zod';
import { ParseResultSchema } from '../0-core/schema.js';
import { MapiReportSchema } from '../6-mapi/schema.js';

const SCHEMAS: Record<string, () => unknown> = {
  parse: () => ({ ...z.toJSONSchema(ParseResultSchema), title: 'bouncemapi parse result (one per input message)' }),
  translate: () => ({ ...z.toJSONSchema(MapiReportSchema), title: 'bouncemapi MAPI report (one per report; translate emits one or more per delivery status report)' }),
};

export function schemaFor(which: string): unknown | null {
  const make = SCHEMAS[which];
  return make ? make() : null;
}

export function schemaNames(): string[] {
  return Object.keys(SCHEMAS);
}
