// findCommand asks one case-blind pattern of every key first, then looks for each phrase's key
// before folding the text, and folds only a text that may hold one; the general reading it
// stands in for folds every text and tries the phrases in table order. On the fixtures' and the
// corpus' texts and on seeded generated texts, both must name the same command.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMAND_GATES, COMMAND_PHRASES, findCommand } from '../../src/0-core/smtp.js';
import { lowerSpaced } from '../../src/0-core/text.js';
import { parseMimeSync } from '../../src/2-mime/parse.js';
import { filesUnder, seededRandom } from '../helpers/inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** the general reading: the first phrase of the table that the folded text holds */
function generalFindCommand(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = lowerSpaced(text.length > 8192 ? text.slice(0, 8192) : text);
  return COMMAND_PHRASES.find(([phrase]) => t.includes(phrase))?.[1] ?? null;
}

describe('findCommand', () => {
  // the two gates are written out as literals (the regex audit reads only those); they must be
  // what the phrase table gives: every key's longest word (a key: a phrase's first word, its
  // first two when the first is under three characters), and every phrase's first two words
  it('gates with patterns made of the phrase table, and only of it', () => {
    const escaped = (w: string) => w.replace(/[[\]\\^$.|?*+(){}]/g, '\\$&');
    const keyOf = (p: string) => {
      const words = p.split(' ');
      return words[0].length >= 3 || words.length === 1 ? words[0] : words.slice(0, 2).join(' ');
    };
    const probes = [...new Set(COMMAND_PHRASES.map(([p]) => keyOf(p)))].map((k) => k.split(' ').reduce((a, b) => (b.length > a.length ? b : a)));
    expect(COMMAND_GATES.anyProbe.source).toBe(probes.map(escaped).join('|'));
    const seconds = new Map<string, string[]>();
    for (const [p] of COMMAND_PHRASES) {
      const [first, second] = p.split(' ');
      const list = seconds.get(first) ?? [];
      seconds.set(first, list);
      if (second !== undefined && !list.includes(second)) list.push(second);
    }
    expect(COMMAND_GATES.anyPrefix.source).toBe([...seconds].map(([first, list]) => (list.length ? `${escaped(first)}\\s+(?:${list.map(escaped).join('|')})` : escaped(first))).join('|'));
    for (const gate of Object.values(COMMAND_GATES)) expect(gate.flags).toBe('i');
    // what the case-blind reading rests on (smtp.ts): no 'k' (Kelvin sign), no 'i' at a word's end
    for (const w of [...probes, ...[...seconds].flatMap(([f, l]) => [f, ...l])]) expect(/k|i$/.test(w), w).toBe(false);
  });

  it('names the command of the wordings MTAs write', () => {
    expect(findCommand('host mx.example.org[192.0.2.1] said: 550 5.1.1 no (in reply\n    to RCPT TO command)')).toBe('RCPT');
    expect(findCommand('SMTP error from remote mail server after end of data: 550 spam')).toBe('DATA');
    expect(findCommand('550 5.1.1 user unknown')).toBeNull();
  });

  it('agrees with the general reading on the fixtures, the corpus and generated texts', () => {
    const texts: string[] = [];
    for (const f of [...filesUnder(path.join(ROOT, 'fixtures')), ...(existsSync(CORPUS) ? filesUnder(CORPUS) : [])]) {
      if (/\.(json|md|ya?ml)$/i.test(f)) continue;
      const msg = parseMimeSync(readFileSync(f));
      if (msg) texts.push(msg.text, ...msg.text.split('\n\n'), ...msg.deliveryStatus.map((p) => p.text));
    }
    expect(texts.length).toBeGreaterThan(20);
    const pieces = ['in', 'reply', 'to', 'RCPT', 'rcpt', 'TO', 'MAIL', 'from', 'FROM:', 'data', 'DATA', 'after', 'end', 'of', '>>>', '<<<', '[rcpt_to]', '[mail_from]', '[data]', 'does not like recipient', 'but', 'failed', 'command', 'İ', 'ı', 'K', 'ſ', 'RCPT', 'MAİL', 'FAİLED', ' ', '  ', '\n', '\t', '\u00a0', ':', 'x'];
    for (let seed = 1; seed <= 2000; seed++) {
      const rnd = seededRandom(seed);
      texts.push(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(rnd() < 0.5 ? ' ' : ''));
    }
    texts.push('x'.repeat(8190) + 'in reply to rcpt to', 'a'.repeat(9000));
    // every phrase as written, in capitals, folded over lines, and with the characters that
    // lower-case to ASCII ('K' Kelvin sign, 'İ') or only look like it in their place
    for (const [phrase] of COMMAND_PHRASES) {
      texts.push(`x ${phrase} y`, phrase.toUpperCase(), phrase.replaceAll(' ', '\n\t '), phrase.replaceAll('k', '\u212a'), phrase.replaceAll('i', 'İ'), phrase.replaceAll('I', 'ı'), phrase.toUpperCase().replaceAll('S', 'ſ'));
    }
    for (const t of texts) expect(findCommand(t), t.slice(0, 120)).toBe(generalFindCommand(t));
  });
});
