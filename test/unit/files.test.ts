// Output file names never come from message content unsanitised; writes are atomic and never clobber.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileExistsError, OutputNames, reportFileName, sourceStem, writeFileAtomic } from '../../src/7-output/files.js';
import { tempDir } from '../helpers/temp-dir.js';

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
    const dir = tempDir('bm-files-');
    const p = await writeFileAtomic(dir, 'a.ndr.eml', 'hello');
    expect(p).toBe(path.join(dir, 'a.ndr.eml'));
    expect(readFileSync(p, 'utf8')).toBe('hello');
    expect(readdirSync(dir)).toEqual(['a.ndr.eml']);
  });

  it('keeps an existing file and names it in the error unless forced', async () => {
    const dir = tempDir('bm-files-');
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
    const dir = tempDir('bm-files-');
    await expect(writeFileAtomic(dir, '../escape.eml', 'x')).rejects.toThrow(/not a plain file name/);
    await expect(writeFileAtomic(dir, '..', 'x')).rejects.toThrow(/not a plain file name/);
  });
});

describe('report file names from hostile sources (property)', () => {
  // any string a source can be: paths with ../, absolute paths, NUL, control characters,
  // Unicode of every plane, device names, megabyte names
  const sources = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('CON', 'nul.eml', 'COM1#2', 'lpt9.txt', 'CON .eml', 'c:\\\\windows\\\\con', '../../etc/passwd#3', '/abs/path.eml', '-#7', '..', '.', '', 'COM\u00b9', 'aux.ndr'),
    fc.tuple(fc.constantFrom('', '../', '/tmp/', 'C:\\\\'), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', '#1', '#123456789012')).map(([a, b, c]) => a + b + c),
    fc.nat(5000).map((n) => `${'a.'.repeat(n)}-${'_'.repeat(n)}`),
  );
  const types = fc.constantFrom('NDR', 'DR', 'Delayed.DR', 'Relayed.DR', 'Expanded.DR', '../x', '');

  it('is always one plain, portable, bounded name, never a device', () => {
    fc.assert(
      fc.property(sources, types, fc.constantFrom('eml', 'msg'), (source, type, ext) => {
        const name = reportFileName(source, type, ext);
        expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
        expect(name).toBe(path.basename(name));
        expect(name.length).toBeLessThanOrEqual(160);
        expect(name.includes('..')).toBe(false);
        expect(name.endsWith(`.${ext}`)).toBe(true);
        const device = name.split('.')[0].toLowerCase();
        expect(/^(con|prn|aux|nul|com[1-9]|lpt[1-9]|conin\$|conout\$)$/.test(device)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('is unique within a run, even for names that differ only in case or sanitise alike', () => {
    fc.assert(
      fc.property(fc.array(sources, { maxLength: 40 }), (list) => {
        const names = new OutputNames();
        const got = list.map((s) => names.name(s, 'NDR', 'eml').toLowerCase());
        expect(new Set(got).size).toBe(got.length);
      }),
      { numRuns: 300 },
    );
  });
});
