// Broken MIME (native-formats.md §7.3): a boundary that does not match its declaration
// (corpus rhost-franceptt-07, rfc3464-35), a multipart body under a text/plain or missing
// Content-Type (lhost-postfix-49, lhost-sendmail-53). When the splitter finds no
// delivery-status part although the bytes hold one, cut it out of the raw text.

/** Body of the first part whose header says `content-type: <type>`; null when absent. */
export function salvagePart(raw: string, types: readonly string[]): { type: string; body: string; end: number } | null {
  const lower = raw.length > 8 * 1024 * 1024 ? raw.slice(0, 8 * 1024 * 1024).toLowerCase() : raw.toLowerCase();
  let best = -1;
  let bestType = '';
  for (const t of types) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(`content-type: ${t}`, from);
      const at2 = lower.indexOf(`content-type:${t}`, from);
      const hit = at === -1 ? at2 : at2 === -1 ? at : Math.min(at, at2);
      if (hit === -1) break;
      // must start a line
      if (hit === 0 || lower[hit - 1] === '\n') {
        if (best === -1 || hit < best) {
          best = hit;
          bestType = t;
        }
        break;
      }
      from = hit + 1;
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
