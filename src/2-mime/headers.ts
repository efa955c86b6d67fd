// RFC 5322 header blocks: split into fields, unfold, look up case-insensitively.
import { parseHeaderValue } from './header-value.js';
import { libmime } from './libs.js';

export interface HeaderField {
  /** field name as written */
  name: string;
  /** lower-cased name */
  key: string;
  /** unfolded value, not RFC 2047-decoded; folding whitespace collapsed to one space */
  value: string;
}

/**
 * Split a header block (or a DSN field group, same syntax) into fields.
 * Continuation lines start with SP or HTAB. Lines that are neither a field nor a
 * continuation (an mbox "From " line, garbage) are skipped.
 */
export function parseHeaderBlock(text: string): HeaderField[] {
  // one pass with indexOf and charCodeAt: this runs on every header block and DSN group, and
  // a slice and a regex per line were a steady share of parse time
  const fields: HeaderField[] = [];
  // the field being read (pushed when it starts); its value grows by its continuation lines
  let current: HeaderField | null = null;
  const len = text.length;
  for (let start = 0; start < len; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    let lineEnd = end;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const lineStart = start;
    start = end + 1;
    if (lineEnd === lineStart) continue;
    const first = text.charCodeAt(lineStart);
    if (first === 0x20 || first === 0x09) {
      // a continuation line: folding whitespace becomes one space
      if (current) {
        const piece = text.slice(lineStart, lineEnd).trim();
        if (piece) current.value += ` ${piece}`;
      }
      continue;
    }
    // the field name: printable ASCII without ':' (33-126 but 58); "Name :" is tolerated
    let i = lineStart;
    for (let c = first; i < lineEnd && c >= 33 && c <= 126 && c !== 58; c = text.charCodeAt(++i));
    let colon = i;
    while (colon < lineEnd && (text.charCodeAt(colon) === 0x20 || text.charCodeAt(colon) === 0x09)) colon++;
    current = null;
    // neither a field nor a continuation (an mbox "From " line, garbage): skipped
    if (i === lineStart || colon >= lineEnd || text.charCodeAt(colon) !== 58) continue;
    const name = text.slice(lineStart, i);
    current = { name, key: name.toLowerCase(), value: text.slice(colon + 1, lineEnd).trim() };
    fields.push(current);
  }
  return fields;
}

export class HeaderList {
  private readonly index = new Map<string, HeaderField[]>();

  constructor(readonly fields: HeaderField[]) {
    for (const f of fields) {
      const list = this.index.get(f.key);
      if (list) list.push(f);
      else this.index.set(f.key, [f]);
    }
  }

  static parse(text: string): HeaderList {
    return new HeaderList(parseHeaderBlock(text));
  }

  has(key: string): boolean {
    return this.index.has(key.toLowerCase());
  }

  /** first raw (unfolded) value, or null */
  get(key: string): string | null {
    const list = this.index.get(key.toLowerCase());
    return list ? list[0].value : null;
  }

  getAll(key: string): string[] {
    const list = this.index.get(key.toLowerCase());
    return list ? list.map((f) => f.value) : [];
  }

  /** first value with RFC 2047 encoded-words decoded */
  decoded(key: string): string | null {
    const v = this.get(key);
    return v === null ? null : decodeWords(v);
  }
}

/** RFC 2047 encoded-words → text; never throws. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** `type/subtype; a=b` → { value, params } with lower-cased value; never throws. */
export function parseStructured(value: string | null): { value: string; params: Record<string, string> } {
  if (!value) return { value: '', params: {} };
  try {
    const parsed = parseHeaderValue(value);
    // libmime names its parameters in lower case already, with string values: its object is
    // the answer, but where a '__proto__' parameter is its own key, which a copy drops
    let params = parsed.params;
    if (Object.hasOwn(params, '__proto__')) {
      params = {};
      for (const [k, v] of Object.entries(parsed.params)) params[k.toLowerCase()] = String(v);
    }
    return { value: String(parsed.value ?? '').trim().toLowerCase(), params };
  } catch {
    return { value: value.split(';')[0].trim().toLowerCase(), params: {} };
  }
}
