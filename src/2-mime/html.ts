// HTML-only bounces (some Exchange 5.5/Online layouts) → plain text for the text parsers.
import { createRequire } from 'node:module';
import type { compile as Compile } from 'html-to-text';

// html-to-text (and its HTML parser) take ~55 ms to load: loaded on the first HTML part, not
// at start-up (most bounces have a plain-text part; every process and pool worker starts faster)
const require = createRequire(import.meta.url);

export const OPTIONS = {
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

/**
 * `s` lower-cased with every character where it was, so positions in the copy are positions
 * in `s`: toLowerCase is, except where a character lower-cases to two (U+0130 to i and a
 * combining dot: Unicode SpecialCasing.txt); then only ASCII letters are lower-cased, which is
 * what the markers need (the Tokenizer reads tag names the same way).
 */
function lowerAligned(s: string): string {
  const lower = s.toLowerCase();
  return lower.length === s.length ? lower : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** `html` without the INVISIBLE_BLOCKS (one indexOf pass each; an unclosed block runs to the end). */
export function dropInvisible(html: string): string {
  let s = html;
  for (const [open, close, present] of INVISIBLE_BLOCKS) {
    // a lower-cased copy of the part only when the block is there to cut
    if (!present.test(s)) continue;
    const lower = lowerAligned(s);
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
/**
 * The attributes kept: the only ones html-to-text reads with OPTIONS (lib/html-to-text.cjs,
 * every `attribs` read): `start` and `type` of an ordered list (formatOrderedList), `colspan`
 * and `rowspan` of a data table's cells (walkTable). The others it never reads here: `href`
 * (ignoreHref), `alt` and `src` (img skipped), `class` and `id` (isDataTable, not asked: the
 * `table` selector's format is dataTable), and the selectors name tags only. A name is one of
 * these when its length is, and then when it is (lower-cased, as the Parser stores it).
 */
const KEPT = new Set(['start', 'type', 'colspan', 'rowspan']);
const keptLengths = new Set([...KEPT].map((k) => k.length));
const rawTextLengths = new Set([...RAW_TEXT].map((k) => k.length));

/** Is the first character from `at` that is not whitespace an '='? */
function nextIsEquals(html: string, at: number): boolean {
  while (at < html.length && isSpace(html.charCodeAt(at))) at++;
  return html.charCodeAt(at) === 0x3d;
}

/** Is html[from, to) whitespace only? */
function onlySpace(html: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(html.charCodeAt(k))) return false;
  return true;
}

/**
 * `html` without the attributes no formatter reads (KEPT says which stay), or `html` itself
 * when it holds anything the walk below does not follow the Tokenizer through (a raw-text
 * element, a CDATA section, an unclosed tag or quote). Provider NDRs (AOL's, Office 365's)
 * carry a style attribute on every tag, and AOL's images long src URLs: tens of KB the
 * Tokenizer reads character by character, for nothing. Measured on the corpus' HTML parts:
 * dropping style alone made the conversion ~30 % faster; dropping every unread attribute
 * took a conversion of rhost-aol-01/-03 from ~590 to ~480 µs (all 37 HTML parts of the corpus
 * and fixtures: 91 to 80 µs; in-process A/B, interleaved, on a loaded machine), the same text.
 */
export function dropUnreadAttributes(html: string): string {
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
    if (rawTextLengths.has(j - i - 1) && RAW_TEXT.has(html.slice(i + 1, j).toLowerCase())) return html;
    // Attributes dropped in a row go as one span. The Tokenizer reads whitespace between
    // attributes, and before the '>', as nothing: `<td a=1  b="2" >` is `<td>`, and
    // `<td a=1 colspan=2 b=3>` is `<td colspan=2>`.
    let keptEnd = j; // the end of the tag name, or of the last attribute kept
    let keptValueless = false; // that attribute has no value (then a following `=` would give it one)
    let runFrom = -1; // the first attribute of the run being dropped (-1: none)
    let runEnd = -1;
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
      const valued = j < html.length && html.charCodeAt(j) === 0x3d;
      if (valued) {
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
      const read = keptLengths.has(nameEnd - name) && KEPT.has(html.slice(name, nameEnd).toLowerCase());
      // after a kept attribute without a value, one followed by `=` stays: without it, that
      // `=` would start the kept one's value (the Tokenizer's AfterAttributeName)
      if (!read && !(keptValueless && nextIsEquals(html, j))) {
        if (runFrom === -1) runFrom = name;
        runEnd = j;
        continue;
      }
      if (runFrom !== -1) {
        out.push(html.slice(kept, runFrom));
        kept = runEnd;
        runFrom = -1;
      }
      keptEnd = j;
      keptValueless = !valued;
    }
    if (runFrom !== -1) {
      // a run that ends the tag takes the whitespace before it and after it, unless a '/'
      // is there (`<br a="1"/>`: after an unquoted value kept, the '/' would join that value)
      const toEnd = onlySpace(html, runEnd, j);
      out.push(html.slice(kept, toEnd ? keptEnd : runFrom));
      kept = toEnd ? j : runEnd;
    }
    i = html.indexOf('<', j + 1);
  }
  if (kept === 0) return html;
  out.push(html.slice(kept));
  return out.join('');
}

/** html-to-text with our options, nothing taken out first (the reference dropUnreadAttributes is checked against). */
export function convertAsIs(html: string): string {
  return converter()(html);
}

export function htmlToText(html: string): string {
  const toText = converter();
  try {
    return toText(dropUnreadAttributes(dropInvisible(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html)));
  } catch {
    return html.replace(/<[^<>]{0,2000}>/g, ' ');
  }
}
