// The layering of docs/architecture.md, checked on the sources: each numbered folder of src/
// imports only folders with a lower number (or itself); inside src/3-formats the shared
// readers import no generator family, and no family imports the registry.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Relative import targets of a file, as paths under src/ ('2-mime/parse.js'). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport\s*\()\s*'(\.{1,2}\/[^']+)'/g)) out.push(path.relative(SRC, path.resolve(path.dirname(file), m[1])));
  return out;
}

/** The layer number of a path under src/ (index.ts, the library's entry, is above all). */
function layer(rel: string): number {
  const m = /^(\d)-/.exec(rel);
  return m ? Number(m[1]) : 10;
}

const FILES = sources(SRC).map((f) => ({ rel: path.relative(SRC, f), imports: importsOf(f) }));

describe('the layers of src/', () => {
  it('every folder is a numbered layer, and the list reads as the pipeline', () => {
    const folders = readdirSync(SRC).filter((n) => statSync(path.join(SRC, n)).isDirectory());
    expect(folders).toEqual(['0-core', '1-input', '2-mime', '3-formats', '4-table', '5-classify', '6-mapi', '7-output', '8-pipeline', '9-cli']);
  });

  it('no file imports from a layer above its own', () => {
    const upward = FILES.flatMap((f) => f.imports.filter((t) => layer(t) > layer(f.rel)).map((t) => `${f.rel} -> ${t}`));
    expect(upward).toEqual([]);
  });

  it('the shared readers of src/3-formats import no family, no registry', () => {
    const bad = FILES.filter((f) => f.rel.startsWith('3-formats/readers/')).flatMap((f) =>
      f.imports.filter((t) => t.startsWith('3-formats/') && !t.startsWith('3-formats/readers/')).map((t) => `${f.rel} -> ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it('no generator family imports the registry or the embedded-report reader', () => {
    const bad = FILES.filter((f) => f.rel.startsWith('3-formats/') && f.rel.split('/').length > 2).flatMap((f) =>
      f.imports.filter((t) => t === '3-formats/registry.js' || t === '3-formats/embedded.js').map((t) => `${f.rel} -> ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it('the check sees imports at all (a broken pattern would pass everything)', () => {
    const parse = FILES.find((f) => f.rel === '8-pipeline/parse.ts');
    expect(parse?.imports).toContain('2-mime/parse.js');
    expect(FILES.find((f) => f.rel === '8-pipeline/result.ts')?.imports).toContain('5-classify/index.js');
  });
});
