// HTML-only bounces (some Exchange 5.5/Online layouts) → plain text for the text parsers.
import { createRequire } from 'node:module';
import type { compile as Compile } from 'html-to-text';

// html-to-text (and its HTML parser) take ~55 ms to load: loaded on the first HTML part, not
// at start-up (most bounces have a plain-text part; every process and pool worker starts faster)
const require = createRequire(import.meta.url);

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
  ],
};

// Longest HTML converted; the rest of a giant part adds nothing a parser needs.
const MAX_HTML_CHARS = 2 * 1024 * 1024;

// compiled once: convert() would rebuild its selector tables on every call. A bad option
// throws here, outside the fallback below (a 'th' selector without a format once made every
// conversion throw and silently fall back to tag stripping); test/unit/mime.test.ts converts a table.
let convert: ((html: string) => string) | null = null;

function converter(): (html: string) => string {
  convert ??= (require('html-to-text') as { compile: typeof Compile }).compile(OPTIONS);
  return convert;
}

// Blocks that never hold text a reader sees. Provider NDRs (AOL's, corpus rhost-aol-01) carry
// tens of KB of CSS: cutting these out first makes the conversion 3x faster, same text.
const INVISIBLE_BLOCKS: readonly (readonly [string, string])[] = [
  ['<style', '</style>'],
  ['<script', '</script>'],
  ['<!--', '-->'],
];

/** `html` without the INVISIBLE_BLOCKS (one indexOf pass each; an unclosed block runs to the end). */
export function dropInvisible(html: string): string {
  let s = html;
  for (const [open, close] of INVISIBLE_BLOCKS) {
    const lower = s.toLowerCase();
    let at = lower.indexOf(open);
    if (at === -1) continue;
    const out: string[] = [];
    let from = 0;
    for (; at !== -1; at = lower.indexOf(open, from)) {
      const end = lower.indexOf(close, at + open.length);
      out.push(s.slice(from, at), ' ');
      from = end === -1 ? s.length : end + close.length;
    }
    out.push(s.slice(from));
    s = out.join('');
  }
  return s;
}

export function htmlToText(html: string): string {
  const toText = converter();
  try {
    return toText(dropInvisible(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html));
  } catch {
    return html.replace(/<[^<>]{0,2000}>/g, ' ');
  }
}
