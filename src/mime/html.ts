// HTML-only bounces (some Exchange 5.5/Online layouts) → plain text for the text parsers.
import { convert } from 'html-to-text';

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'dataTable' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'th', options: { uppercase: false } },
  ],
};

// Longest HTML converted; the rest of a giant part adds nothing a parser needs.
const MAX_HTML_CHARS = 2 * 1024 * 1024;

export function htmlToText(html: string): string {
  try {
    return convert(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html, OPTIONS);
  } catch {
    return html.replace(/<[^<>]{0,2000}>/g, ' ');
  }
}
