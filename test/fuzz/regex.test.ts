// No regular expression in src/ may backtrack super-linearly (issue 8). Every regex literal
// and literal `new RegExp(...)` in every source file is found by parsing (so new modules are
// covered as they land) and checked with recheck, which proves linearity on the automaton
// or, for patterns it cannot model, fuzzes for a slow input with a fixed seed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { auditPattern, findPatterns, patternsInFile } from './regex-audit.js';

const SRC = path.join(ROOT, 'src');

describe('regular expressions in src/', () => {
  const patterns = findPatterns(SRC, ROOT);

  it('finds the patterns (the scanner itself works)', () => {
    // src/0-core/status.ts holds the enhanced-status-code finder: a literal the scanner must see
    expect(patterns.some((p) => p.file === path.join('src', '0-core', 'status.ts') && p.source.includes('[245]'))).toBe(true);
  });

  it('flags a known catastrophic pattern (the checker itself works)', () => {
    const a = auditPattern({ file: 'x', line: 1, source: '^(\\w+\\s?)*$', flags: '' });
    expect(a.status).toBe('vulnerable');
    const b = auditPattern({ file: 'x', line: 1, source: '[\\s.]+$', flags: '' });
    expect(b.status).toBe('vulnerable');
  });

  it('every pattern is linear on hostile text', () => {
    const bad = patterns
      .map(auditPattern)
      .filter((a) => a.status !== 'safe')
      .map((a) => `${a.file}:${a.line} /${a.source}/${a.flags}: ${a.status} (${a.complexity})${a.attack ? `, attack: ${a.attack}` : ''}`);
    // a dynamic pattern (built from variables) cannot be proved safe: write it as a literal,
    // or use a substring table instead (COMMON.md: prefer lower-cased includes for phrases)
    expect(bad, bad.join('\n')).toEqual([]);
  }, 300_000);
});

describe('the scanner', () => {
  it('reads literals, RegExp constructors and skips regex-like text in strings and comments', () => {
    const found = patternsInFile(path.join(ROOT, 'test/fuzz/regex-audit.fixture.ts'), ROOT);
    expect(found.map((f) => [f.source, f.flags])).toEqual([
      ['a+b', 'gi'],
      ['x\\d{1,3}', ''],
      ['y+', 'i'],
      ['<dynamic: `${word}+`>', ''],
    ]);
  });
});
