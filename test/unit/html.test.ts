// HTML parts become text through html-to-text (src/2-mime/html.ts). What is cut out before the
// conversion must not change its text: style attributes, which no formatter reads, are dropped
// by a walk that reads tags as htmlparser2's Tokenizer does, or not at all.
import { describe, expect, it } from 'vitest';
import { convertAsIs, dropInvisible, dropStyleAttributes, htmlToText } from '../../src/2-mime/html.js';

describe('dropStyleAttributes', () => {
  it.each([
    ['double, single and unquoted values, any case', `<p style="color: red">a</p><td STYLE='x' colspan=2>b</td><i Style=z>c</i>`, `<p >a</p><td  colspan=2>b</td><i >c</i>`],
    ['no whitespace before it, after a quoted value', `<p class="k"style="s">a</p>`, `<p class="k">a</p>`],
    ['spaces around =, and a style without a value', `<b style =  "z" >a</b><b style>c</b>`, `<b  >a</b><b >c</b>`],
    ['a > inside a quoted value does not end the tag', `<p style="a>b" id=i>x</p>`, `<p  id=i>x</p>`],
    ['an unquoted value runs to whitespace or >, slashes included', `<br style=x/>y`, `<br >y`],
    ['the text "style=" outside a tag stays', `<p>style="x" and <b>style</b></p>`, `<p>style="x" and <b>style</b></p>`],
    ['other attributes named like it stay', `<p data-style="a" styles="b">x</p>`, `<p data-style="a" styles="b">x</p>`],
    // BeforeDeclaration takes the character after '<!': `<!>` runs to the next '>'
    ['a declaration runs past the character after <!', `<!><p style="s">x</p>`, `<!><p style="s">x</p>`],
    ['a doctype, an end tag with a quote, a processing instruction', `<!DOCTYPE html><?x "?></b "><p style="s">x</p>`, `<!DOCTYPE html><?x "?></b "><p >x</p>`],
  ])('%s', (_what, html, want) => {
    expect(dropStyleAttributes(html)).toBe(want);
    expect(convertAsIs(want)).toBe(convertAsIs(html));
  });

  it.each([
    ['a raw-text element (its content is no tag)', `<p style="s">a</p><title><b style="x"></title>`],
    ['a textarea', `<textarea><p style="s"></textarea>`],
    ['a CDATA section', `<![CDATA[<p style="s">]]>`],
    ['an unclosed quote', `<p style="s>x</p>`],
    ['an unclosed tag', `<p style="s"`],
  ])('leaves the whole text as it is where it does not follow the Tokenizer: %s', (_what, html) => {
    expect(dropStyleAttributes(html)).toBe(html);
  });

  it('converts random tag soup to the same text with and without the style attributes', () => {
    // a fixed-seed generator: the same cases every run
    let seed = 20261206;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const frags = ['<', '>', '/', '=', '"', "'", ' ', '\n', '\t', '\f', '\r', 'style', 'STYLE', 'x', 'p', 'td', 'tr', 'li', 'ol', 'br', 'b', 'h4', 'pre', 'title', 'xmp', '!', '-', '?', '[', '&', 'amp;', 'colspan', '2', 'start', 'href', 'img', 'word', '\u00e9',
      '<!DOCTYPE html>', '<p style="color: red">', "<td style='a>b' colspan=2>", '<table>', '</table>', '<tr>', '<td>', '</td>', '<p>', '</p>', '<br/>', '<a href=x style=y/>', '<ol start=3>', '<li>', ' style ', ' style=', '="a b"', "='c'", '<!>', '<!->', '<?x y?>', '</ x>', '</>', '<style>', '<title>', '</title>', '<x style="a', 'style="q"style=\'r\'', '<b style>', '<i style =  "z" >', '<h1 style="s">'];
    let changed = 0;
    for (let n = 0; n < 3000; n++) {
      let html = '';
      for (let k = 1 + rnd(40); k > 0; k--) html += frags[rnd(frags.length)];
      html = dropInvisible(html);
      const stripped = dropStyleAttributes(html);
      if (stripped !== html) changed++;
      expect(convertAsIs(stripped), html).toBe(convertAsIs(html));
    }
    expect(changed).toBeGreaterThan(500); // the cases did exercise the dropping
  });

  it('htmlToText gives the text of a page whose every tag is styled', () => {
    const page = `<!DOCTYPE html><html><body style="margin:0"><table style="width:100%"><tr><td style="color:#222">Delivery to <b style="x">a@b.example</b> failed</td></tr></table></body></html>`;
    expect(htmlToText(page)).toBe(convertAsIs(page));
    expect(htmlToText(page)).toContain('Delivery to a@b.example failed');
  });
});
