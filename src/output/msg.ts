import type { MapiReport } from '../mapi/schema.js';
export async function renderMsg(_report: MapiReport, _options: { returnedBytes?: Buffer | null } = {}): Promise<Buffer> {
  throw new Error('not yet');
}
