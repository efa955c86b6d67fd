// libmime and libqp as CommonJS: the copies @zone-eu/mailsplit itself loads. Imported as ES
// modules they are a second copy of the same code, loaded, compiled and warmed up by the JIT
// twice in every process and worker (a cold run pays it per message until both are hot).
import { createRequire } from 'node:module';
import type Libmime from 'libmime';
import type * as LibmimeCharset from 'libmime/lib/charset.js';
import type * as Libqp from 'libqp';

const require = createRequire(import.meta.url);

export const libmime = require('libmime') as typeof Libmime;
export const libmimeCharset = require('libmime/lib/charset.js') as typeof LibmimeCharset;
export const libqp = require('libqp') as typeof Libqp;

// encoding-japanese as libmime loads it (its own dependency, resolved from libmime's folder):
// libmime decodes ISO-2022-JP with it, and charset.ts calls it the same way directly.
const libmimeRequire = createRequire(require.resolve('libmime'));
export const encodingJapanese = libmimeRequire('encoding-japanese') as {
  convert(data: Uint8Array, options: { to: 'UNICODE'; from: string; type: 'string' }): unknown;
};
