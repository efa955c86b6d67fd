// HTML-only bounces (some Exchange 5.5/Online layouts) → plain text for the text parsers.
import { compile } from 'html-to-text';

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

// compiled once: convert() would rebuild its selector tables on every call (and compiling at
// load time makes a bad option fail loudly: a 'th' selector without a format once made every
// conversion throw and fall back to tag stripping)
const convert = compile(OPTIONS);

export function htmlToText(html: string): string {
  try {
    return convert(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  } catch {
    return html.replace(/<[^<>]{0,2000}>/g, ' ');
  }
}
