// The tests' temporary folders: made fresh, and removed whole even when a test took the
// permissions off what is inside (the unreadable-entry tests do).
import { chmodSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTree, tempDir } from '../helpers/temp-dir.js';

describe('tempDir', () => {
  it('makes a new, empty folder in the temporary folder, named with the prefix, each call its own', () => {
    const a = tempDir('bm-temp-test-');
    const b = tempDir('bm-temp-test-');
    expect(a).not.toBe(b);
    for (const dir of [a, b]) {
      expect(path.dirname(dir)).toBe(tmpdir());
      expect(path.basename(dir).startsWith('bm-temp-test-')).toBe(true);
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});

describe('removeTree', () => {
  it('removes a tree whose files and folders have no permissions left, and a link out of it but not its target', () => {
    const outside = tempDir('bm-temp-test-');
    writeFileSync(path.join(outside, 'kept'), 'kept');
    const root = tempDir('bm-temp-test-');
    mkdirSync(path.join(root, 'locked/deeper'), { recursive: true });
    writeFileSync(path.join(root, 'locked/deeper/file'), 'x');
    writeFileSync(path.join(root, 'unreadable'), 'y');
    symlinkSync(outside, path.join(root, 'link'));
    chmodSync(path.join(root, 'locked/deeper'), 0);
    chmodSync(path.join(root, 'locked'), 0);
    chmodSync(path.join(root, 'unreadable'), 0);
    removeTree(root);
    expect(existsSync(root)).toBe(false);
    expect(readdirSync(outside)).toEqual(['kept']);
  });

  it('is quiet about a folder that is already gone', () => {
    const root = tempDir('bm-temp-test-');
    removeTree(root);
    expect(() => removeTree(root)).not.toThrow();
  });
});
