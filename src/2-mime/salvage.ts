// Broken MIME (docs/formats.md#broken-mime): a boundary that does not match its declaration
// (corpus rhost-franceptt-07, rfc3464-35), a multipart body under a text/plain or missing
// Content-Type (lhost-postfix-49, lhost-sendmail-53). When the splitter finds no
// delivery-status part although the bytes hold one, cut it out of the raw text.

/** Body of the first part whose header says `content-type: <type>`; null when absent. */
export function salvagePart(raw: string, types: readonly string[]): { type: string; body: string; end: number } | null {
  const lower = raw.length > 8 * 1024 * 1024 ? raw.slice(0, 8 * 1024 * 1024).toLowerCase() : raw.toLowerCase();
  // one pass over the 'content-type:' occurrences (two indexOf scans restarted per hit were
  // quadratic when a hostile header repeats the field thousands of times)
  const NEEDLE = 'content-type:';
  let best = -1;
  let bestType = '';
  for (let at = lower.indexOf(NEEDLE); at !== -1 && best === -1; at = lower.indexOf(NEEDLE, at + NEEDLE.length)) {
    // must start a line
    if (at !== 0 && lower[at - 1] !== '\n' && lower[at - 1] !== '\r') continue;
    let i = at + NEEDLE.length;
    for (let k = 0; k < 8 && (lower[i] === ' ' || lower[i] === '\t'); k++) i++;
    for (const t of types) {
      if (lower.startsWith(t, i)) {
        best = at;
        bestType = t;
        break;
      }
    }
  }
  if (best === -1) return null;
  // the part's header ends at the first empty line
  const headerEnd = raw.indexOf('\n\n', best);
  const headerEndCrlf = raw.indexOf('\r\n\r\n', best);
  let bodyStart: number;
  if (headerEnd === -1 && headerEndCrlf === -1) return null;
  if (headerEndCrlf !== -1 && (headerEnd === -1 || headerEndCrlf < headerEnd)) bodyStart = headerEndCrlf + 4;
  else bodyStart = headerEnd + 2;
  // the body runs to the next line that looks like a boundary delimiter ("--x", possibly indented)
  let pos = bodyStart;
  let end = raw.length;
  while (pos < raw.length) {
    let nl = raw.indexOf('\n', pos);
    if (nl === -1) nl = raw.length;
    let i = pos;
    while (i < nl && (raw[i] === ' ' || raw[i] === '\t')) i++;
    if (raw.startsWith('--', i) && i + 2 < nl && raw[i + 2] !== ' ' && raw[i + 2] !== '-') {
      end = pos;
      break;
    }
    pos = nl + 1;
  }
  return { type: bestType, body: raw.slice(bodyStart, end), end };
}

function startsWithIgnoreCase(bytes: Buffer, at: number, lower: string): boolean {
  if (at + lower.length > bytes.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = bytes[at + i];
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Cheap check before salvaging: does any '/' in the bytes start one of the subtypes
 * (`delivery-status`, ...), in any case? Most messages without a delivery-status part
 * never mention one, and are spared a full string copy and lower-casing. `latin1`, the bytes
 * read as latin1 where the caller has them (one character a byte, the same offsets), finds
 * each '/' by a string's indexOf: a Buffer's is a call into C++ for every '/' of the message
 * (URLs, paths and media types hold dozens).
 */
export function mentionsSubtype(bytes: Buffer, subtypes: readonly string[], latin1?: string): boolean {
  if (latin1 !== undefined) {
    for (let at = latin1.indexOf('/'); at !== -1; at = latin1.indexOf('/', at + 1)) {
      for (const t of subtypes) if (startsWithIgnoreCase(bytes, at + 1, t)) return true;
    }
    return false;
  }
  for (let at = bytes.indexOf(0x2f); at !== -1; at = bytes.indexOf(0x2f, at + 1)) {
    for (const t of subtypes) if (startsWithIgnoreCase(bytes, at + 1, t)) return true;
  }
  return false;
}
