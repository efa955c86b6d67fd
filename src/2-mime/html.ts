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
const INVISIBLE_BLOCKS: readonly (readonly [string, string, RegExp])[] = [
  ['<style', '</style>', /<style/i],
  ['<script', '</script>', /<script/i],
  ['<!--', '-->', /<!--/],
];

/** `html` without the INVISIBLE_BLOCKS (one indexOf pass each; an unclosed block runs to the end). */
export function dropInvisible(html: string): string {
  let s = html;
  for (const [open, close, present] of INVISIBLE_BLOCKS) {
    // a lower-cased copy of the part only when the block is there to cut
    if (!present.test(s)) continue;
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

// Reading a start tag as htmlparser2's Tokenizer does in HTML mode (its states
// BeforeTagName, InTagName, BeforeAttributeName, InAttributeName, AfterAttributeName,
// BeforeAttributeValue and the three value states): whitespace is space, \t, \n, \f, \r.
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isAlpha = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
/** Elements whose content htmlparser2 reads as raw text (Tokenizer.ts Sequences): a '<' there is no tag. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
/** The attribute dropped: no formatter of html-to-text reads it (it reads href, alt, src, start, type, colspan, rowspan, class, id). */
const DROPPED = 'style';

/**
 * `html` without its style attributes, or `html` itself when it holds anything the walk
 * below does not follow the Tokenizer through (a raw-text element, a CDATA section, an
 * unclosed tag or quote). Provider NDRs (AOL's, Office 365's) carry a style attribute on
 * every tag: tens of KB the Tokenizer reads character by character, for nothing. Measured
 * on the corpus' HTML parts: the conversion ~30 % faster, the same text.
 */
export function dropStyleAttributes(html: string): string {
  if (!/style/i.test(html)) return html;
  const out: string[] = [];
  let kept = 0; // html[kept, ...) not yet copied to out
  let i = html.indexOf('<');
  while (i !== -1 && i + 1 < html.length) {
    const c = html.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      // a declaration (<!DOCTYPE ...>) runs to a '>' after the character that follows '<!'
      // (BeforeDeclaration takes it), or after '<!-' and one more (BeforeComment); a CDATA
      // section or a comment (dropInvisible took them out) is not followed here
      const d = html.charCodeAt(i + 2);
      if (d === 0x5b /* [ */ || (d === 0x2d && html.charCodeAt(i + 3) === 0x2d)) return html;
      i = html.indexOf('>', d === 0x2d ? i + 4 : i + 3);
      if (i === -1) return html;
      i = html.indexOf('<', i + 1);
      continue;
    }
    if (c === 0x3f /* ? */ || c === 0x2f /* / */) {
      // a processing instruction, or an end tag: to the next '>', quotes or not
      i = html.indexOf('>', i + 2);
      if (i === -1) return html;
      i = html.indexOf('<', i + 1);
      continue;
    }
    if (!isAlpha(c)) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    // a start tag: its name, then its attributes
    let j = i + 2;
    while (j < html.length && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 0x2f && html.charCodeAt(j) !== 0x3e) j++;
    if (RAW_TEXT.has(html.slice(i + 1, j).toLowerCase())) return html;
    for (;;) {
      while (j < html.length && (isSpace(html.charCodeAt(j)) || html.charCodeAt(j) === 0x2f)) j++;
      if (j >= html.length) return html;
      if (html.charCodeAt(j) === 0x3e) break;
      // an attribute name: its first character is taken whatever it is ('=' too)
      const name = j;
      j++;
      while (j < html.length) {
        const d = html.charCodeAt(j);
        if (d === 0x3d || d === 0x2f || d === 0x3e || isSpace(d)) break;
        j++;
      }
      const nameEnd = j;
      while (j < html.length && isSpace(html.charCodeAt(j))) j++;
      if (j < html.length && html.charCodeAt(j) === 0x3d) {
        j++;
        while (j < html.length && isSpace(html.charCodeAt(j))) j++;
        if (j >= html.length) return html;
        const q = html.charCodeAt(j);
        if (q === 0x22 || q === 0x27) {
          const close = html.indexOf(q === 0x22 ? '"' : "'", j + 1);
          if (close === -1) return html;
          j = close + 1;
        } else
          while (j < html.length && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 0x3e) j++;
      } else j = nameEnd; // no value: what follows is looked at as the next attribute or the end
      if (nameEnd - name === DROPPED.length && html.slice(name, nameEnd).toLowerCase() === DROPPED) {
        out.push(html.slice(kept, name));
        kept = j;
      }
    }
    i = html.indexOf('<', j + 1);
  }
  if (kept === 0) return html;
  out.push(html.slice(kept));
  return out.join('');
}

/** html-to-text with our options, nothing taken out first (the reference dropStyleAttributes is checked against). */
export function convertAsIs(html: string): string {
  return converter()(html);
}

export function htmlToText(html: string): string {
  const toText = converter();
  try {
    return toText(dropStyleAttributes(dropInvisible(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html)));
  } catch {
    return html.replace(/<[^<>]{0,2000}>/g, ' ');
  }
}
