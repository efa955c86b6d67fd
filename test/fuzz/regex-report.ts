// npm run regex-audit: every regular expression in src/ with recheck's verdict, then counts.
import path from 'node:path';
import { auditPattern, findPatterns } from './regex-audit.js';

const root = path.resolve(import.meta.dirname, '../..');
const audited = findPatterns(path.join(root, 'src'), root).map(auditPattern);
const verbose = process.argv.includes('--all');
const byStatus = new Map<string, number>();
const byComplexity = new Map<string, number>();
for (const a of audited) {
  byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  byComplexity.set(a.complexity, (byComplexity.get(a.complexity) ?? 0) + 1);
  if (verbose || a.status !== 'safe') console.log(`${a.status.padEnd(10)} ${a.complexity.padEnd(11)} ${a.file}:${a.line}  /${a.source}/${a.flags}${a.attack ? `  attack: ${a.attack}` : ''}`);
}
const files = new Set(audited.map((a) => a.file)).size;
console.log(`${audited.length} patterns in ${files} files: ${[...byStatus].map(([k, v]) => `${v} ${k}`).join(', ')} (complexity: ${[...byComplexity].map(([k, v]) => `${v} ${k}`).join(', ')})`);
process.exitCode = audited.some((a) => a.status !== 'safe') ? 1 : 0;
