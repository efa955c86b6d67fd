// Inputs the comparison tests feed to two readers of the same thing (ours and the library's).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, FIXTURES } from './paths.js';

/** Every file below `dir`, in a fixed order (names sorted at each level). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/**
 * Every file of the fixtures, then of the corpus when it is there, that holds a message: not
 * the expectations, notes and archives beside them (JSON, ndjson, Markdown, YAML, gzip, .msg).
 */
export function messageFiles(): string[] {
  const dirs = [FIXTURES, ...(existsSync(CORPUS) ? [CORPUS] : [])];
  return dirs.flatMap((dir) => filesUnder(dir)).filter((f) => !/\.(json|ndjson|md|ya?ml|gz|msg)$/i.test(f));
}

/** A small deterministic generator (mulberry32): a failure names a seed that can be rerun. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A text of up to `maxParts` + 1 of `pieces`, each whole or cut to a random slice, each followed
 * by one of `noise` (`wholeChance`: how often a piece stays whole): near-misses around real phrases, for comparing a sieve with a plain search.
 */
export function piecesCutAndJoined(random: () => number, pieces: readonly string[], noise: readonly string[], maxParts: number, wholeChance = 0.5, joiner = ''): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const parts: string[] = [];
  for (let n = Math.floor(random() * maxParts); n >= 0; n--) {
    const p = pick(pieces);
    const [a, b] = [Math.floor(random() * (p.length + 1)), Math.floor(random() * (p.length + 1))];
    parts.push(random() < wholeChance ? p : p.slice(Math.min(a, b), Math.max(a, b)), pick(noise));
  }
  return parts.join(joiner);
}
