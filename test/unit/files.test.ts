// Output file names never come from message content unsanitised; writes are atomic and never clobber.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileExistsError, OutputNames, reportFileName, sourceStem, writeFileAtomic } from '../../src/output/files.js';

describe('safe file names', () => {
  it('names a report from its source and type', () => {
    expect(reportFileName('dir/sub/bounce.eml', 'NDR', 'eml')).toBe('bounce.ndr.eml');
    expect(reportFileName('bounces.mbox#17', 'Delayed.DR', 'msg')).toBe('bounces-17.delayed-dr.msg');
    expect(reportFileName('-', 'DR', 'eml')).toBe('stdin.dr.eml');
    expect(reportFileName('-#3', 'Relayed.DR', 'eml')).toBe('stdin-3.relayed-dr.eml');
  });

  it('never yields a path, a parent reference, a hidden file or a device name', () => {
    for (const src of ['../../etc/passwd', '/etc/passwd', '..', '.', '.hidden.eml', 'a\\..\\..\\win.ini', 'C:\\Windows\\con.eml', 'nul', 'LPT1.txt', 'aux.eml#2', '\u0000\u0001x', '']) {
      const name = reportFileName(src, 'NDR', 'eml');
      expect(name).not.toMatch(/[\\/]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name).not.toContain('..');
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(/^(con|prn|aux|nul|com\d|lpt\d)\./i.test(name)).toBe(false);
      expect(path.basename(name)).toBe(name);
    }
    expect(sourceStem('nul')).toBe('_nul');
    expect(sourceStem('')).toBe('stdin');
    expect(sourceStem('Bücher über Mail.eml')).toBe('Bucher_uber_Mail');
  });

  it('bounds the length', () => {
    const name = reportFileName(`${'x'.repeat(5000)}.eml#123456`, 'Expanded.DR', 'eml');
    expect(name.length).toBeLessThanOrEqual(140);
    expect(name.endsWith('-123456.expanded-dr.eml')).toBe(true);
  });

  it('keeps names unique within a run: the same basename in two folders, case variants', () => {
    const names = new OutputNames();
    expect(names.name('a/x.eml', 'NDR', 'eml')).toBe('x.ndr.eml');
    expect(names.name('b/x.eml', 'NDR', 'eml')).toBe('x_2.ndr.eml');
    expect(names.name('c/X.eml', 'NDR', 'eml')).toBe('X_3.ndr.eml');
    expect(names.name('b/x.eml', 'DR', 'eml')).toBe('x.dr.eml');
    expect(names.name('m.mbox#1', 'NDR', 'eml')).toBe('m-1.ndr.eml');
    expect(names.name('m.mbox#2', 'NDR', 'eml')).toBe('m-2.ndr.eml');
  });
});

describe('atomic writes', () => {
  it('writes the file and leaves no temp file behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-files-'));
    const p = await writeFileAtomic(dir, 'a.ndr.eml', 'hello');
    expect(p).toBe(path.join(dir, 'a.ndr.eml'));
    expect(readFileSync(p, 'utf8')).toBe('hello');
    expect(readdirSync(dir)).toEqual(['a.ndr.eml']);
  });

  it('keeps an existing file and names it in the error unless forced', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-files-'));
    writeFileSync(path.join(dir, 'a.ndr.eml'), 'old');
    const err = await writeFileAtomic(dir, 'a.ndr.eml', 'new').catch((e) => e);
    expect(err).toBeInstanceOf(FileExistsError);
    expect(String(err.message)).toContain(path.join(dir, 'a.ndr.eml'));
    expect(readFileSync(path.join(dir, 'a.ndr.eml'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.ndr.eml']);
    await writeFileAtomic(dir, 'a.ndr.eml', 'new', { force: true });
    expect(readFileSync(path.join(dir, 'a.ndr.eml'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.ndr.eml']);
  });

  it('refuses a name that is a path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-files-'));
    await expect(writeFileAtomic(dir, '../escape.eml', 'x')).rejects.toThrow(/not a plain file name/);
    await expect(writeFileAtomic(dir, '..', 'x')).rejects.toThrow(/not a plain file name/);
  });
});
