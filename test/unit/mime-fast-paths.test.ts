// The MIME layer's fast paths against the general routine each one stands in for: on
// hand-made corners, the fixtures and (when present) the shared corpus, they must give the
// same answer. A fast path that drifts from its general routine changes output silently.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hasClosingBoundary } from '../../src/2-mime/parse.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** every message file under `dir` (recursively), or none when the folder is absent */
function messagesUnder(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  const out: Buffer[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...messagesUnder(p));
    else if (st.isFile() && st.size < 4 * 1024 * 1024 && !/\.(json|md|txt|ya?ml)$/i.test(name)) out.push(readFileSync(p));
  }
  return out;
}

const fixtures = messagesUnder(path.join(ROOT, 'fixtures'));
const corpus = messagesUnder(CORPUS);

describe('hasClosingBoundary', () => {
  // the general routine: the delimiter's UTF-8 bytes searched in the message's bytes
  const general = (bytes: Buffer, boundary: string) => bytes.lastIndexOf(`--${boundary}--`) !== -1;
  const check = (bytes: Buffer, boundary: string) => {
    const text = bytes.toString('latin1');
    expect(hasClosingBoundary(bytes, boundary, text)).toBe(general(bytes, boundary));
    expect(hasClosingBoundary(bytes, boundary)).toBe(general(bytes, boundary));
  };

  it('agrees with Buffer#lastIndexOf on hand-made corners', () => {
    const b = 'abc123';
    const cases: [string, string, boolean][] = [
      [`--${b}\n\nx\n--${b}--\n`, b, true],
      [`--${b}\n\nx\n--${b}\n`, b, false],
      // the closing delimiter further from the end than the window searched as text
      [`--${b}\n\nx\n--${b}--\n${'e'.repeat(40_000)}`, b, true],
      [`--${b}\n\n${'x'.repeat(40_000)}\n--${b}\n`, b, false],
      // a non-ASCII boundary is searched as its UTF-8 bytes, which the latin1 text does not hold
      [`--caf\u00e9\n\nx\n--caf\u00e9--\n`, 'caf\u00e9', true],
      [`--caf\u00e9\n\nx\n--caf\u00e9--\n`, 'caf\u00c3\u00a9', false],
    ];
    for (const [text, boundary, expected] of cases) {
      const bytes = Buffer.from(text, 'utf8');
      expect(general(bytes, boundary)).toBe(expected);
      check(bytes, boundary);
    }
  });

  it('agrees with Buffer#lastIndexOf on the fixtures and the corpus', () => {
    let n = 0;
    for (const bytes of [...fixtures, ...corpus]) {
      const m = /boundary\s*=\s*"?([^";\r\n]{1,100})/i.exec(bytes.subarray(0, 64 * 1024).toString('latin1'));
      if (!m) continue;
      check(bytes, m[1]);
      n++;
    }
    expect(n).toBeGreaterThan(fixtures.length ? 10 : 0);
  });
});
