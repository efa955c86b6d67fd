// Amazon's SNS test reads the opening of the text past its leading white space in place; the
// general reading (trimStart, then the first 200 characters) is written out here, and both
// must agree on every fixture and corpus message and on seeded generated openings.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import type { BounceMessage } from '../../src/2-mime/message.js';
import { isSnsNotification } from '../../src/3-formats/amazon/amazon.js';
import { isSpace } from '../../src/3-formats/readers/native-text.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** isSnsNotification as it was */
function general(msg: BounceMessage): boolean {
  if (msg.lowerFrom.includes('@sns.amazonaws.com') || msg.headers.has('x-amz-sns-message-id')) return true;
  if (msg.subject === 'AWS Notification Message') return true;
  const head = msg.plainText.trimStart().slice(0, 200);
  return head.startsWith('{"notificationType"') || head.includes('"Type" : "Notification"');
}

const plain = (body: string) => Buffer.from(`From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`, 'utf8');

describe("Amazon's SNS notification test", () => {
  it('agrees with its general reading on every fixture and corpus message', () => {
    const files = [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])].filter((f) => !/\.(json|ndjson|md)$/i.test(f));
    let yes = 0;
    for (const f of files) {
      const msg = parseMimeSync(readFileSync(f));
      if (!msg) continue;
      const want = general(msg);
      expect(isSnsNotification(msg), f).toBe(want);
      if (want) yes++;
    }
    expect(yes).toBeGreaterThan(0);
  });

  it('agrees on seeded openings of white space and JSON', () => {
    const pieces = [' ', '\n', '\t', '\u00a0', '\u2028', '\ufeff', '\u200b', 'x', '{"notificationType"', '"Type" : "Notification"', '{', 'a'.repeat(90)];
    let yes = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = seededRandom(seed);
      const body = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      const a = parseMimeSync(plain(body))!;
      const b = parseMimeSync(plain(body))!;
      const want = general(b);
      if (want) yes++;
      expect(isSnsNotification(a), `seed ${seed}: ${JSON.stringify(body)}`).toBe(want);
    }
    expect(yes).toBeGreaterThan(20);
  });

  it('skips what trimStart() trims, for every code unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(isSpace(c), c.toString(16)).toBe(`${ch}x`.trimStart() === 'x');
    }
  });
});
