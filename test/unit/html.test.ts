// HTML parts become text through html-to-text (src/2-mime/html.ts). What is cut out before the
// conversion must not change its text: the attributes no formatter reads (all but start, type,
// colspan and rowspan) are dropped by a walk that reads tags as htmlparser2's Tokenizer does,
// or not at all.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { convertAsIs, dropInvisible, dropUnreadAttributes, htmlToText } from '../../src/2-mime/html.js';
import { parseMime } from '../../src/2-mime/parse.js';
import { decodeText } from '../../src/2-mime/charset.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

describe('dropUnreadAttributes', () => {
  it.each([
    ['double, single and unquoted values, any case', `<p style="color: red">a</p><td STYLE='x' colspan=2>b</td><i Style=z>c</i>`, `<p>a</p><td  colspan=2>b</td><i>c</i>`],
    ['no whitespace before it, after a quoted value', `<p class="k"style="s">a</p>`, `<p>a</p>`],
    ['spaces around =, and an attribute without a value', `<b style =  "z" >a</b><b style>c</b>`, `<b>a</b><b>c</b>`],
    ['a > inside a quoted value does not end the tag', `<p style="a>b" id=i>x</p>`, `<p>x</p>`],
    ['an unquoted value runs to whitespace or >, slashes included', `<br style=x/>y`, `<br>y`],
    ['the text "style=" outside a tag stays', `<p>style="x" and <b>style</b></p>`, `<p>style="x" and <b>style</b></p>`],
    // KEPT: what formatOrderedList and walkTable read; any case, as the Parser lower-cases names
    ['the attributes read stay, whatever their case', `<ol START=3 type="a" class=c><li>x</li></ol><td ColSpan=2 rowspan='2' width=9>y</td>`, `<ol START=3 type="a"><li>x</li></ol><td ColSpan=2 rowspan='2'>y</td>`],
    ['names of the same length as a kept one go', `<p spans=1 sizes=2 colspam=3>x</p>`, `<p>x</p>`],
    ['an image and a link lose what is skipped or ignored', `<a href="http://x/">l</a><img src="i.png" alt="A" width=1/>`, `<a>l</a><img>`],
    // a run of dropped attributes between kept ones leaves the whitespace around it
    ['between kept attributes', `<td colspan=2 a=1 b="2" rowspan=3>x</td>`, `<td colspan=2  rowspan=3>x</td>`],
    // the '/' of a self-closing tag stays apart from a kept unquoted value
    ['before a self-closing slash', `<br a="1"/><ol type=1 a="2"/>`, `<br /><ol type=1 />`],
    // `type` without a value, then ` =i`: the '=' would give it the value i once `a=1` went
    ['an attribute between a kept one without a value and an =', `<ol type a=1 =i><li>p</li><li>q</li></ol>`, `<ol type a=1><li>p</li><li>q</li></ol>`],
    // BeforeDeclaration takes the character after '<!': `<!>` runs to the next '>'
    ['a declaration runs past the character after <!', `<!><p style="s">x</p>`, `<!><p style="s">x</p>`],
    ['a doctype, an end tag with a quote, a processing instruction', `<!DOCTYPE html><?x "?></b "><p style="s">x</p>`, `<!DOCTYPE html><?x "?></b "><p>x</p>`],
  ])('%s', (_what, html, want) => {
    expect(dropUnreadAttributes(html)).toBe(want);
    expect(convertAsIs(want)).toBe(convertAsIs(html));
  });

  it.each([
    ['a raw-text element (its content is no tag)', `<p style="s">a</p><title><b style="x"></title>`],
    ['a textarea', `<textarea><p style="s"></textarea>`],
    ['a CDATA section', `<![CDATA[<p style="s">]]>`],
    ['an unclosed quote', `<p style="s>x</p>`],
    ['an unclosed tag', `<p style="s"`],
  ])('leaves the whole text as it is where it does not follow the Tokenizer: %s', (_what, html) => {
    expect(dropUnreadAttributes(html)).toBe(html);
  });

  it('converts random tag soup to the same text with and without the unread attributes', () => {
    // a fixed-seed generator: the same cases every run
    const random = seededRandom(20261206);
    const rnd = (n: number) => Math.floor(random() * n);
    const frags = ['<', '>', '/', '=', '"', "'", ' ', '\n', '\t', '\f', '\r', 'style', 'STYLE', 'x', 'p', 'td', 'tr', 'li', 'ol', 'br', 'b', 'h4', 'pre', 'title', 'xmp', '!', '-', '?', '[', '&', 'amp;', 'colspan', '2', 'start', 'href', 'img', 'word', '\u00e9',
      '<!DOCTYPE html>', '<p style="color: red">', "<td style='a>b' colspan=2>", '<table>', '</table>', '<tr>', '<td>', '</td>', '<p>', '</p>', '<br/>', '<a href=x style=y/>', '<ol start=3>', '<li>', ' style ', ' style=', '="a b"', "='c'", '<!>', '<!->', '<?x y?>', '</ x>', '</>', '<style>', '<title>', '</title>', '<x style="a', 'style="q"style=\'r\'', '<b style>', '<i style =  "z" >', '<h1 style="s">',
      '<ol start=2 type=i class=x>', '<ol type="A" START=\'5\'>', '</ol>', '<td colspan="2" rowspan=2 width=3>', '<th ROWSPAN=3 align=left>', '<tbody>', '<img src="a" alt="b">', '<a href="mailto:x">', '</a>', ' id=q ', ' class="k" ', '<ol type a=1 =i>', ' type ', ' =', '=i', 'a="1"/>'];
    let changed = 0;
    for (let n = 0; n < 3000; n++) {
      let html = '';
      for (let k = 1 + rnd(40); k > 0; k--) html += frags[rnd(frags.length)];
      html = dropInvisible(html);
      const stripped = dropUnreadAttributes(html);
      if (stripped !== html) changed++;
      expect(convertAsIs(stripped), html).toBe(convertAsIs(html));
    }
    expect(changed).toBeGreaterThan(500); // the cases did exercise the dropping
  });

  it('htmlToText gives html-to-text\'s own text for every HTML part of the fixtures and the corpus', async () => {
    const roots = [path.join(ROOT, 'fixtures'), CORPUS].filter((d) => existsSync(d));
    let parts = 0;
    let shortened = 0;
    for (const file of roots.flatMap((d) => filesUnder(d))) {
      if (statSync(file).size > 4 * 1024 * 1024 || /\.(json|ndjson|md)$/i.test(file)) continue;
      const msg = await parseMime(readFileSync(file));
      for (const leaf of msg.leaves) {
        if (leaf.contentType !== 'text/html') continue;
        const html = decodeText(leaf.body, leaf.charset).replace(/\r\n?/g, '\n');
        parts++;
        if (dropUnreadAttributes(dropInvisible(html)).length < dropInvisible(html).length) shortened++;
        expect(htmlToText(html), file).toBe(convertAsIs(html));
      }
    }
    expect(parts).toBeGreaterThan(0); // the fixtures hold HTML parts
    if (existsSync(CORPUS)) expect(shortened).toBeGreaterThan(20); // the corpus' provider pages lost attributes
  });

  it.each([
    ['an ordered list\'s start and type', `<ol start="3" type="i" class="x"><li>a</li><li>b</li></ol>`, `<ol><li>a</li><li>b</li></ol>`],
    ['a data table cell\'s colspan and rowspan', `<table><tr><td colspan=2 rowspan="2" width="9">a</td><td>b</td></tr><tr><td>c</td></tr></table>`, `<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>`],
  ])('keeps what the text depends on: %s', (_what, html, bare) => {
    // the attributes kept do change the text (so a walk that dropped them would be seen) ...
    expect(convertAsIs(bare)).not.toBe(convertAsIs(html));
    // ... and the text with only the unread ones dropped is html-to-text's own
    expect(htmlToText(html)).toBe(convertAsIs(html));
  });

  it('cuts the invisible blocks where they are when a character before them lower-cases to two', () => {
    // U+0130 lower-cases to i and U+0307: a lower-cased copy is one unit longer per such character
    const page = '\u0130\u0130\u0130<p>a</p><STYLE>p{}</style><p>keep this</p>';
    expect(dropInvisible(page)).toBe('\u0130\u0130\u0130<p>a</p> <p>keep this</p>');
    expect(htmlToText(page)).toBe(convertAsIs(page));
  });

  it('htmlToText gives the text of a page whose every tag is styled', () => {
    const page = `<!DOCTYPE html><html><body style="margin:0"><table style="width:100%"><tr><td style="color:#222">Delivery to <b style="x">a@b.example</b> failed</td></tr></table></body></html>`;
    expect(htmlToText(page)).toBe(convertAsIs(page));
    expect(htmlToText(page)).toContain('Delivery to a@b.example failed');
  });
});
