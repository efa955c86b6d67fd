// Temporary folders for the tests, removed once the tests of the file that made them are done:
// a run of the suite leaves nothing behind in the system's temporary folder (before this, each
// run left some 150 folders there, and a CI machine that runs the suite often fills its disk).
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// registered when a test file first imports this module: vitest evaluates modules once per
// test file (its default isolation), so each file removes its own folders when it ends
afterAll(() => {
  for (const dir of made.splice(0)) removeTree(dir);
});

/** A new, empty folder in the system's temporary folder, its name beginning with `prefix`, removed after this file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Remove `dir` and all it holds. A test may have taken the permissions off a file or folder
 * (the unreadable-entry tests); as any user but root, a folder without them cannot be emptied,
 * so they are given back first and the removal tried again.
 */
export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    restorePermissions(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function restorePermissions(p: string): void {
  let stat;
  try {
    stat = lstatSync(p);
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) return;
  try {
    chmodSync(p, stat.isDirectory() ? 0o700 : 0o600);
  } catch {
    // not ours to change: rmSync says so
  }
  if (stat.isDirectory()) for (const name of readdirSync(p)) restorePermissions(path.join(p, name));
}
