// Small, bounded helpers for reading the human-readable text of a bounce.

/** The paragraph (blank-line delimited, at most `max` characters) that mentions `needle`; null when absent. */
export function paragraphAbout(text: string, needle: string, max = 2000, lowerText?: string): string | null {
  if (!needle || !text) return null;
  const hay = lowerText ?? text.toLowerCase();
  const at = hay.indexOf(needle.toLowerCase());
  if (at === -1) return null;
  const floor = Math.max(0, at - max);
  let start = hay.lastIndexOf('\n\n', at);
  start = start < floor ? floor : start + 2;
  let end = hay.indexOf('\n\n', at + needle.length);
  if (end === -1 || end > at + max) end = Math.min(hay.length, at + max);
  return text.slice(start, end).trim() || null;
}

/** Lines of `text`, each cut to `maxLine` characters (a 4 MB line is not scanned whole). */
export function boundedLines(text: string, maxLine: number): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].length > maxLine) lines[i] = lines[i].slice(0, maxLine);
  return lines;
}
