// makeWellFormed's for-in walk against the plain one it replaced (Object.keys at every object):
// the same objects after, keys in the same order, the same answer.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeWellFormed } from '../../src/8-pipeline/well-formed.js';
import { analyzeMessage } from '../../src/index.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };
const wf = (s: string) => s as unknown as WellFormed;

/** The general walk: every own key by Object.keys, a value made well-formed, then its key. */
function general(value: unknown): boolean {
  let changed = false;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (wf(v).isWellFormed()) return v;
      changed = true;
      return wf(v).toWellFormed();
    }
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = visit(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      o[k] = visit(o[k]);
      if (!wf(k).isWellFormed()) {
        changed = true;
        const fixed = wf(k).toWellFormed();
        const kept = o[k];
        delete o[k];
        if (!Object.hasOwn(o, fixed)) o[fixed] = kept;
      }
    }
    return o;
  };
  visit(value);
  return changed;
}

/** keys in order, at every level, and the values: what JSON.stringify writes, lone halves escaped */
const shape = (v: unknown) => JSON.stringify(v);

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

describe('makeWellFormed', () => {
  it('changes what the general walk changes, on hand-made corners', () => {
    const make = () => [
      'plain',
      '\ud800',
      ['a', '\udc00b', ['\ud83d\ude00', '\ud83d']],
      { a: 'x', '\ud800': 'key', '\ufffd': 'kept', b: { c: '\udfff', '\udbff': ['\ud800'] } },
      // a renamed key whose fixed name comes later, one with no clash, a Buffer left alone
      { '\ud801': 1, z: 2, '\ufffd': 3 },
      { '\udc01': 'v', n: null, u: undefined, t: true, buf: Buffer.from([0xd8, 0x00]) },
      { fields: Object.assign(Object.create(null) as object, { 'X-\ud800': '\udc00' }) },
    ];
    for (let i = 0; i < make().length; i++) {
      const a = make()[i];
      const b = make()[i];
      const changedA = makeWellFormed(a);
      expect(changedA, String(i)).toBe(general(b));
      expect(shape(a), String(i)).toBe(shape(b));
    }
  });

  it('leaves inherited keys alone, as Object.keys does', () => {
    const proto = { inherited: '\ud800', nested: { s: '\ud800' } };
    const o = Object.assign(Object.create(proto) as Record<string, unknown>, { own: 'ok' });
    expect(makeWellFormed(o)).toBe(false);
    expect(Object.keys(o)).toEqual(['own']);
    expect(proto.inherited).toBe('\ud800');
    expect(proto.nested.s).toBe('\ud800');
  });

  it('changes what the general walk changes, on seeded nests of strings, arrays and records', () => {
    const random = seededRandom(8259);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const strings = ['', 'a', 'é', '\u{1F408}', '\ud800', '\udc00', '\ufffd', 'x\ud83d', '\ude00y', '\ud83d\ude00'];
    const str = () => pick(strings) + pick(strings);
    const node = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.4) return pick<unknown>([str(), str(), null, 7, true]);
      if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => node(depth + 1));
      const o: Record<string, unknown> = {};
      for (let n = Math.floor(random() * 5); n > 0; n--) o[str()] = node(depth + 1);
      return o;
    };
    let changed = 0;
    for (let n = 0; n < 3000; n++) {
      const a = node(0);
      const b = structuredClone(a);
      const got = makeWellFormed(a);
      expect(got).toBe(general(b));
      expect(shape(a)).toBe(shape(b));
      if (got) changed++;
    }
    // both answers met
    expect(changed).toBeGreaterThan(300);
    expect(changed).toBeLessThan(2700);
  });

  it('changes what the general walk changes, on the results of every fixture and corpus message', async () => {
    const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md|txt|ya?ml)$/i.test(f));
    let n = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      // analyzeMessage has made the result well-formed already: a second walk finds nothing
      const a = (await analyzeMessage(bytes, f)).result;
      const b = structuredClone(a);
      expect(makeWellFormed(a)).toBe(general(b));
      expect(shape(a)).toBe(shape(b));
      n++;
    }
    expect(n).toBeGreaterThan(existsSync(CORPUS) ? 300 : 20);
  });
});
