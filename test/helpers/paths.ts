import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const BIN = path.join(ROOT, 'bin/bouncemapi.js');
/** the shared corpus (../shared/corpus from the project root); absent on some machines */
export const CORPUS = process.env.BOUNCEMAPI_CORPUS ?? path.resolve(ROOT, '../shared/corpus');
export const HAS_CORPUS = existsSync(path.join(CORPUS, 'sisimai'));
