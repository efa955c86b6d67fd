// An esbuild plugin of scripts/bundle.mjs: iconv-lite's double-byte codecs (EUC-JP, Shift_JIS,
// GBK, Big5, EUC-KR, ...) make their encode tables when first asked to encode, not when made.
// iconv-lite 0.7 (encodings/dbcs-codec.js) fills them in the DBCSCodec constructor by walking
// the whole decode trie: ~7 of the ~10 ms the first text of such a charset costs in a cold
// run (CPU profile of `parse /tmp/bm1`: DBCSCodec._fillEncodeTable), and bounces are only
// ever decoded. The walk only reads the decode tables (_fillEncodeTable, _setEncodeChar and
// _setEncodeSequence write encodeTable and encodeTableSeq alone), so it is moved, as it is,
// into a method the encoder's constructor calls once. test/bundle.test.ts builds iconv-lite
// with this plugin and compares it with the package on every double-byte encoding.
import { readFileSync } from 'node:fs';

// The constructor's encode part, from its comment to its end, and the encoder's first read
const ENCODE_FROM = '  // Encode tables: Unicode -> DBCS.\n';
const ENCODE_TO = '  if (this.defCharSB === UNASSIGNED) this.defCharSB = "?".charCodeAt(0)\n}\n';
const ENCODER_READ = '  this.encodeTable = codec.encodeTable\n';

/** dbcs-codec.js with its encode tables made on first use; throws when the source is not the one expected. */
export function lazyEncodeSource(contents) {
  const once = (s) => contents.split(s).length === 2;
  if (!once(ENCODE_FROM) || !once(ENCODE_TO) || !once(ENCODER_READ)) throw new Error("bundle: iconv-lite's dbcs-codec.js no longer has the statements lazy-dbcs-encode moves");
  const from = contents.indexOf(ENCODE_FROM);
  const to = contents.indexOf(ENCODE_TO) + ENCODE_TO.length;
  if (to < from) throw new Error("bundle: iconv-lite's dbcs-codec.js: the encode part is not where lazy-dbcs-encode expects it");
  const part = contents.slice(from, to - 2); // without the constructor's closing brace
  // what the part reads from the constructor's scope: its two arguments (and module constants)
  const method = `\nDBCSCodec.prototype._makeEncodeTables = function () {\n  var codecOptions = this._encodeOptions\n  var iconv = this._encodeIconv\n  this._encodeOptions = this._encodeIconv = undefined\n${part}}\n`;
  return (
    contents.slice(0, from) +
    '  this._encodeOptions = codecOptions\n  this._encodeIconv = iconv\n}\n' +
    method +
    contents.slice(to).replace(ENCODER_READ, `  if (codec._encodeOptions !== undefined) codec._makeEncodeTables()\n${ENCODER_READ}`)
  );
}

export const lazyDbcsEncode = {
  name: 'lazy-dbcs-encode',
  setup(b) {
    b.onLoad({ filter: /[\\/]iconv-lite[\\/]encodings[\\/]dbcs-codec\.js$/ }, (args) => ({ contents: lazyEncodeSource(readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};
