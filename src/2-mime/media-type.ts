// Media types as real mail writes them, read leniently (issue 15 item 3). RFC 2045 §5.1
// defines `type "/" subtype *(";" parameter)`; bounces also carry "text/plain charset=x"
// (no ';'), "text / plain", "plain/text", and parameters glued on with a space. A part whose
// type cannot be read that way would drop out of the human text, so the type is cut at the
// first character that cannot belong to it, and a charset written after it is still found.

import { ownString } from '../0-core/text.js';

// RFC 2045 §5.1 token characters (no space, no tspecials)
const TOKEN = /^[a-z0-9!#$%&'*+^_`{|}~.-]{1,127}$/;

export interface MediaType {
  /** "type/subtype", lower case; 'text/plain' when nothing usable is written (RFC 2045 §5.2) */
  type: string;
  /** a charset parameter found in the written value, or null */
  charset: string | null;
}

/**
 * The media type of a written Content-Type value: the first "type/subtype" (white space
 * around the slash allowed), cut at white space, ';' or anything outside RFC 2045's token.
 * "plain/text", a frequent inversion, is text/plain.
 */
export function readMediaType(raw: string | null | undefined): MediaType {
  // every part asks, and a corpus uses a few dozen types: the answers are kept (frozen), at
  // most KNOWN_MAX of them, for values short enough to be a type and its charset
  const key = raw ?? '';
  const known = KNOWN.get(key);
  if (known) return known;
  const read = readUncached(key);
  if (key.length > 128) return Object.freeze(read);
  if (KNOWN.size >= KNOWN_MAX) KNOWN.clear();
  // the key and the answer as strings of their own: slices of a message's text would keep
  // that whole text alive as long as the entry
  const kept = Object.freeze({ type: ownString(read.type), charset: read.charset === null ? null : ownString(read.charset) });
  KNOWN.set(ownString(key), kept);
  return kept;
}

const KNOWN = new Map<string, MediaType>();
const KNOWN_MAX = 256;

function readUncached(raw: string): MediaType {
  const value = raw.slice(0, 512).toLowerCase();
  const charsetAt = value.indexOf('charset=');
  let charset: string | null = null;
  if (charsetAt !== -1) {
    let v = value.slice(charsetAt + 8).trimStart();
    if (v.startsWith('"')) v = v.slice(1, Math.max(1, v.indexOf('"', 1)));
    const end = v.search(/[\s;"]/);
    v = end === -1 ? v : v.slice(0, end);
    charset = v && TOKEN.test(v) ? v : null;
  }
  const semi = value.indexOf(';');
  const head = (semi === -1 ? value : value.slice(0, semi)).replace(/"/g, '').trim();
  const slash = head.indexOf('/');
  if (slash === -1) return { type: TOKEN.test(head) ? head : 'text/plain', charset };
  const type = head.slice(0, slash).trim();
  const rest = head.slice(slash + 1).trimStart();
  const space = rest.search(/\s/);
  const subtype = space === -1 ? rest : rest.slice(0, space);
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return { type: 'text/plain', charset };
  if (type === 'plain' && subtype === 'text') return { type: 'text/plain', charset };
  return { type: `${type}/${subtype}`, charset };
}
