// BounceMessage.lowerSubject and lowerFrom: the decoded Subject and From lower-cased once, read
// by the markers and the format modules in place of lower-casing them again at each use; and
// lowerText, the text lower-cased (lowerHead itself where that is the same text).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { leafText } from '../../src/2-mime/message.js';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { filesUnder } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

describe('lower-cased Subject and From', () => {
  it('are the decoded fields lower-cased, on every fixture and corpus message', () => {
    const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md)$/i.test(f));
    let nonEmpty = 0;
    for (const f of files) {
      const msg = parseMimeSync(readFileSync(f));
      if (!msg) continue;
      // asked before and after the decoded field: the same either way
      const lowerFirst = msg.lowerSubject;
      expect(lowerFirst, f).toBe(msg.subject.toLowerCase());
      expect(msg.lowerFrom, f).toBe(msg.from.toLowerCase());
      if (msg.lowerSubject && msg.lowerSubject !== msg.subject) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('lowerText is the text lower-cased, asked before or after lowerHead, on every fixture and corpus message', () => {
    const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md)$/i.test(f));
    let head = 0;
    for (const f of files) {
      for (const headFirst of [false, true]) {
        const msg = parseMimeSync(readFileSync(f));
        if (!msg) continue;
        if (headFirst) void msg.lowerHead;
        expect(msg.lowerText, f).toBe(msg.text.toLowerCase());
        if (headFirst && msg.lowerText === msg.lowerHead) head++;
      }
    }
    // the head stands for the text of most messages
    expect(head).toBeGreaterThan(100);
  });

  it('trimmed, equal the trimmed field lower-cased (modules compare subject.trim().toLowerCase())', () => {
    // lower-casing maps no character to white space and none from it: trim() and
    // toLowerCase() commute, for every UTF-16 code unit
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(/\s/.test(ch.toLowerCase()) || ch.toLowerCase().trim() !== ch.toLowerCase(), c.toString(16)).toBe(/\s/.test(ch));
    }
    expect(' Undeliverable Mail \t'.toLowerCase().trim()).toBe('undeliverable mail');
  });
});

describe('the joined texts', () => {
  // BounceMessage's own definitions: text is the human-readable leaves' texts joined by LF,
  // plainText the text/plain leaves' texts joined by LF, lowerDeliveryStatus the
  // delivery-status parts' texts lower-cased and joined by LF (message.ts)
  it('are the parts joined by LF, on every fixture and corpus message (none, one and several parts)', () => {
    const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md)$/i.test(f));
    // how many messages had no part, one part and several parts of each kind
    const seen = { none: 0, one: 0, several: 0 };
    const count = (n: number) => (n === 0 ? seen.none++ : n === 1 ? seen.one++ : seen.several++);
    for (const f of files) {
      const msg = parseMimeSync(readFileSync(f));
      if (!msg) continue;
      const plain = msg.leaves.filter((l) => l.contentType === 'text/plain');
      expect(msg.plainText, f).toBe(plain.map((l) => leafText(l)).join('\n'));
      expect(msg.text, f).toBe(msg.humanLeaves.map((l) => leafText(l)).join('\n'));
      expect(msg.lowerDeliveryStatus, f).toBe(msg.deliveryStatus.map((d) => d.text.toLowerCase()).join('\n'));
      count(plain.length);
      count(msg.humanLeaves.length);
      count(msg.deliveryStatus.length);
    }
    expect(seen.none).toBeGreaterThan(10);
    expect(seen.one).toBeGreaterThan(10);
    expect(seen.several).toBeGreaterThan(0);
  });
});
