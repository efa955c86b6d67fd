// Plain records keyed by names that come from message content (DSN and ARF field names).
// A name such as `constructor` or `__proto__` must be an ordinary key: `name in record` would
// see Object.prototype's members, and `record.__proto__ = v` would not make a key at all.

/** Set `record[name] = value` as an own, enumerable property, whatever the name. */
export function setOwn(record: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

/** Add a field to a record of fields; a repeated name keeps every value, one per line. */
export function addField(record: Record<string, string>, name: string, value: string): void {
  setOwn(record, name, Object.hasOwn(record, name) ? `${record[name]}\n${value}` : value);
}
