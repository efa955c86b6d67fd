// Every regular expression in src/: found by parsing each source file (regex literals and
// `new RegExp('literal')`), then checked for super-linear backtracking with recheck.
// Shared by the test (test/fuzz/regex.test.ts) and the report (npm run regex-audit).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import { checkSync, type Diagnostics } from 'recheck';

export interface FoundPattern {
  file: string;
  line: number;
  source: string;
  flags: string;
}

export interface AuditedPattern extends FoundPattern {
  status: Diagnostics['status'];
  complexity: string;
  attack: string | null;
  checker: string;
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(?:ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

type Node = { type: string; loc?: { start: { line: number } } } & Record<string, unknown>;

function walk(node: unknown, visit: (n: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const c of node) walk(c, visit);
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') visit(n);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'loc' || k === 'start' || k === 'end' || k === 'extra' || k === 'leadingComments' || k === 'trailingComments') continue;
    if (v && typeof v === 'object') walk(v, visit);
  }
}

/** Every regex literal and `new RegExp`/`RegExp(...)` with literal arguments in one file. */
export function patternsInFile(file: string, root: string): FoundPattern[] {
  const code = readFileSync(file, 'utf8');
  const ast = parse(code, { sourceType: 'module', plugins: ['typescript'], errorRecovery: true });
  const rel = path.relative(root, file);
  const found: FoundPattern[] = [];
  walk(ast.program, (n) => {
    const line = n.loc?.start.line ?? 0;
    if (n.type === 'RegExpLiteral') {
      found.push({ file: rel, line, source: n.pattern as string, flags: n.flags as string });
    } else if ((n.type === 'NewExpression' || n.type === 'CallExpression') && (n.callee as Node)?.type === 'Identifier' && (n.callee as { name: string }).name === 'RegExp') {
      const [src, flags] = n.arguments as Node[];
      const lit = (a: Node | undefined) => (a?.type === 'StringLiteral' ? (a.value as string) : a?.type === 'TemplateLiteral' && (a.expressions as unknown[]).length === 0 ? ((a.quasis as { value: { cooked: string } }[])[0].value.cooked) : null);
      const s = lit(src);
      const f = flags === undefined ? '' : lit(flags);
      if (s !== null && f !== null) found.push({ file: rel, line, source: s, flags: f });
      else found.push({ file: rel, line, source: `<dynamic: ${code.slice(src.start as number, src.end as number).slice(0, 80)}>`, flags: '' });
    }
  });
  return found;
}

export function findPatterns(srcDir: string, root: string): FoundPattern[] {
  return sourceFiles(srcDir).flatMap((f) => patternsInFile(f, root));
}

export function auditPattern(p: FoundPattern): AuditedPattern {
  if (p.source.startsWith('<dynamic:')) return { ...p, status: 'unknown', complexity: 'dynamic pattern (built at run time): cannot be checked', attack: null, checker: 'none' };
  // 'y' (sticky) stays: a sticky pattern is tried at one position only, recheck accounts for it.
  // A fixed seed: recheck falls back to fuzzing for patterns too big for its automaton, and a
  // verdict must not change from one CI run to the next, nor with the machine's load: fuzzing
  // amazon.ts's bounded {0,1000} took 14 s at load 20 on 2 cores, so time is given generously.
  const d = checkSync(p.source, p.flags.replace(/g/g, ''), { timeout: 60_000, randomSeed: 1 });
  const complexity = d.status === 'vulnerable' || d.status === 'safe' ? d.complexity.type : d.status === 'unknown' ? d.error.kind : 'unknown';
  return { ...p, status: d.status, complexity, attack: d.status === 'vulnerable' ? d.attack.pattern : null, checker: d.status === 'unknown' ? 'none' : d.checker };
}
