// RFC 5322 header blocks: split into fields, unfold, look up case-insensitively.
import libmime from 'libmime';

export interface HeaderField {
  /** field name as written */
  name: string;
  /** lower-cased name */
  key: string;
  /** unfolded value, not RFC 2047-decoded; folding whitespace collapsed to one space */
  value: string;
}

const FIELD_NAME = /^([!-9;-~]+)[ \t]*:/; // printable ASCII without ':'; tolerates "Name :"

/**
 * Split a header block (or a DSN field group, same syntax) into fields.
 * Continuation lines start with SP or HTAB. Lines that are neither a field nor a
 * continuation (an mbox "From " line, garbage) are skipped.
 */
export function parseHeaderBlock(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: HeaderField | null = null;
  let parts: string[] = [];
  const flush = () => {
    if (current) {
      current.value = parts.length === 1 ? parts[0] : parts.join(' ');
      fields.push(current);
    }
    current = null;
    parts = [];
  };
  let start = 0;
  const len = text.length;
  while (start <= len) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') {
      if (end >= len) break;
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (current) {
        const piece = line.trim();
        if (piece) parts.push(piece);
      }
      continue;
    }
    const m = FIELD_NAME.exec(line);
    if (!m) {
      flush();
      continue;
    }
    flush();
    const name = m[1];
    current = { name, key: name.toLowerCase(), value: '' };
    parts = [line.slice(m[0].length).trim()];
  }
  flush();
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
    const parsed = libmime.parseHeaderValue(value);
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed.params ?? {})) params[k.toLowerCase()] = String(v);
    return { value: String(parsed.value ?? '').trim().toLowerCase(), params };
  } catch {
    return { value: value.split(';')[0].trim().toLowerCase(), params: {} };
  }
}
