// The code cites the project's own docs/ by file and heading anchor, and primary sources by
// name; this keeps those citations followable by anyone who clones the repository.
// Anchors are GitHub's heading slugs: lower case, punctuation dropped, spaces to hyphens, a
// repeated heading numbered -1, -2 ... (the rule GitHub applies to rendered Markdown).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/** GitHub's anchor for a heading's text. */
export function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/`/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
}

/** Every anchor a Markdown document's headings produce (fenced code is not headings). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** `docs/x.md` and `docs/x.md#anchor` citations in a text. */
const CITATION = /\bdocs\/([\w.-]+\.md)(?:#([\w-]+))?/g;

/** The citations of a text that lead nowhere: a missing document or an anchor no heading makes. */
export function brokenCitations(text: string, docs: ReadonlyMap<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CITATION)) {
    const [whole, file, anchor] = m;
    const heads = docs.get(file);
    if (!heads) out.push(`${whole}: no such document`);
    else if (anchor !== undefined && !heads.has(anchor)) out.push(`${whole}: no heading makes #${anchor}`);
  }
  return out;
}

// background documents that are not part of the repository, and the folder they live in
const OUTSIDE_DOCS = /native-formats\.md|mapi-reports\.md|\bdesign\.md|toolchain\.md/;
const SHARED = /\.\.\/shared/;

// A `§` belongs to a named specification on the same line (RFC 3464 §2.3, MS-OXCMAIL §2.2.3,
// MS-CFB §2.2, QSBMF ...): a bare section number would point into a document nobody can find.
const SPEC_BEFORE = /(RFC ?\d{3,4}|R\d{4}|MS-[A-Z]{2,}|ECMA-\d{3}|QSBMF|HCMSSC)[^§]{0,60}$/;

/** Bare `§` references of a text: a section sign with no specification named before it. */
export function bareSections(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    for (let i = line.indexOf('§'); i >= 0; i = line.indexOf('§', i + 1)) {
      // a run like "MS-OXMSG §2.2.1, §2.2.2" or "§3.1-§3.3" counts from its first member
      const before = line.slice(0, i).replace(/(§[\d.]+[a-z]?(,|-| and| or)?\s*)+$/, '');
      if (!SPEC_BEFORE.test(before)) out.push(line.trim());
    }
  }
  return out;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ts|js|mjs|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const DOCS_DIR = path.join(ROOT, 'docs');
const DOCS = new Map<string, Set<string>>(
  readdirSync(DOCS_DIR)
    .filter((f) => f.endsWith('.md'))
    .map((f) => [f, anchors(readFileSync(path.join(DOCS_DIR, f), 'utf8'))]),
);
const SRC = filesUnder(path.join(ROOT, 'src'));
const TEST = filesUnder(path.join(ROOT, 'test')).filter((f) => f !== path.join(ROOT, 'test/unit/docs.test.ts'));
const rel = (f: string) => path.relative(ROOT, f);

describe('heading anchors', () => {
  // expectations from GitHub's rule stated above
  it('makes GitHub slugs', () => {
    expect(slug('Exchange component codes')).toBe('exchange-component-codes');
    expect(slug('Status to codes')).toBe('status-to-codes');
    expect(slug('`src/0-core` (the vocabulary)')).toBe('src0-core-the-vocabulary');
    expect(slug('Output: the recipient-status table')).toBe('output-the-recipient-status-table');
    expect(slug('Old Postfix 2.2')).toBe('old-postfix-22');
  });

  it('numbers repeated headings and skips fenced code', () => {
    const a = anchors('# A\n## Notes\n```\n# not a heading\n```\n### Notes\n');
    expect([...a]).toEqual(['a', 'notes', 'notes-1']);
  });

  it('finds citations that lead nowhere', () => {
    const docs = new Map([['formats.md', new Set(['qmail', 'postfix'])]]);
    expect(brokenCitations('see docs/formats.md#qmail and docs/formats.md', docs)).toEqual([]);
    expect(brokenCitations('docs/formats.md#exim; docs/nope.md#x', docs)).toEqual([
      'docs/formats.md#exim: no heading makes #exim',
      'docs/nope.md#x: no such document',
    ]);
  });

  it('finds section signs without a specification', () => {
    expect(bareSections('// RFC 3464 §2.3.3 actions; MS-OXMSG §2.2.1, §2.2.2 (QSBMF §2.1)')).toEqual([]);
    expect(bareSections('// the relatives of §2.5 (netqmail)')).toHaveLength(1);
  });
});

describe('the project documents', () => {
  it('has architecture.md, formats.md and mapi.md', () => {
    for (const f of ['architecture.md', 'formats.md', 'mapi.md']) expect(DOCS.has(f), f).toBe(true);
  });

  it('has a formats.md heading for every format id the registry lists', async () => {
    const { FORMATS } = await import('../../src/3-formats/registry.js');
    const heads = DOCS.get('formats.md')!;
    expect(FORMATS.map((m) => m.id).filter((id) => !heads.has(id))).toEqual([]);
  });
});

describe('links between the documents', () => {
  // `[text](formats.md#qmail)` inside docs/: the same rule, relative to docs/
  it('lead to a document of docs/ and a heading of it', () => {
    const problems = [...DOCS.keys()].flatMap((f) => {
      const text = readFileSync(path.join(DOCS_DIR, f), 'utf8');
      const links = [...text.matchAll(/\]\(([\w.-]+\.md)(#[\w-]+)?\)/g)].map((m) => `docs/${m[1]}${m[2] ?? ''}`);
      const own = [...text.matchAll(/\]\((#[\w-]+)\)/g)].map((m) => `docs/${f}${m[1]}`);
      return brokenCitations([...links, ...own].join('\n'), DOCS).map((p) => `docs/${f}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});

describe('citations in src/', () => {
  it('lead to a document of docs/ and a heading of it', () => {
    const problems = SRC.flatMap((f) => brokenCitations(readFileSync(f, 'utf8'), DOCS).map((p) => `${rel(f)}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('name no document outside the repository', () => {
    const problems = SRC.filter((f) => {
      const t = readFileSync(f, 'utf8');
      return OUTSIDE_DOCS.test(t) || SHARED.test(t);
    }).map(rel);
    expect(problems).toEqual([]);
  });

  it('give every § a specification', () => {
    const problems = SRC.flatMap((f) => bareSections(readFileSync(f, 'utf8')).map((l) => `${rel(f)}: ${l}`));
    expect(problems).toEqual([]);
  });
});

describe('citations in test/ and README.md', () => {
  // tests may read ../shared/corpus (and skip without it); they cite no background document
  it('name no background document outside the repository', () => {
    const files = [...TEST, path.join(ROOT, 'README.md')];
    expect(files.filter((f) => OUTSIDE_DOCS.test(readFileSync(f, 'utf8'))).map(rel)).toEqual([]);
  });

  it('lead to a document of docs/ and a heading of it', () => {
    const files = [...TEST, path.join(ROOT, 'README.md')];
    const problems = files.flatMap((f) => brokenCitations(readFileSync(f, 'utf8'), DOCS).map((p) => `${rel(f)}: ${p}`));
    expect(problems).toEqual([]);
  });
});
