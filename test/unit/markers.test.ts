// Format markers (src/3-formats/readers/markers.ts): a module's score() is only asked when one
// of its markers is in the message. The one-pass index must agree with each module's markers
// read alone, and every score must lie in the bands of src/3-formats/score.ts, on every
// fixture and corpus message.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexMarkers, markersHold, openModules, releaseOpen } from '../../src/3-formats/readers/markers.js';
import { MAX_SCORE } from '../../src/3-formats/score.js';
import { FORMATS } from '../../src/3-formats/registry.js';
import { EVERY_MESSAGE, type FormatModule, type Markers } from '../../src/3-formats/readers/types.js';
import { parseMime } from '../../src/2-mime/parse.js';
import { CORPUS, FIXTURES, HAS_CORPUS } from '../helpers/paths.js';
import { seededRandom } from '../helpers/inputs.js';

const stub = (id: string, markers?: Markers): FormatModule => ({ id, description: id, markers: markers ?? EVERY_MESSAGE, score: () => 1, parse: () => null });

const message = (headers: string[], body: string) => parseMime(Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`));

describe('markers', () => {
  it('open the modules one of whose markers is in the message, whatever the view', async () => {
    const modules = [
      stub('ungated'),
      stub('text', { text: ['the following address failed'] }),
      stub('text-absent', { text: ['not in this message'] }),
      stub('opening', { opening: ['Hi. This is'] }),
      stub('opening-case', { opening: ['hi. this is'] }), // the opening is matched as written
      stub('subject', { subject: ['undeliverable:'] }),
      stub('from', { from: ['mailer-daemon@'] }),
      stub('header', { headers: ['x-failed-recipients'] }),
      stub('header-value', { headerValues: [['x-mailer', 'postfix']] }),
      stub('header-second-value', { headerValues: [['received', 'by mx2']] }),
      stub('header-present', { headerValues: [['x-autoreply', '']] }),
      stub('boundary', { boundary: ['-eximdsn-'] }),
      stub('dsn-absent', { hasDeliveryStatus: true, deliveryStatus: ['x-postfix-'] }),
    ];
    const msg = await message(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
        'Subject: Undeliverable: hello',
        'X-Failed-Recipients: a@example.net',
        'X-Mailer: Postfix 3',
        'Received: by mx1.example.org',
        'Received: by mx2.example.org',
        'X-Autoreply: yes',
        'Content-Type: multipart/mixed; boundary="1-eximdsn-2"',
      ],
      '--1-eximdsn-2\r\nContent-Type: text/plain\r\n\r\nHi. This is the mailer.\r\nThe following address failed:\r\n  a@example.net\r\n--1-eximdsn-2--\r\n',
    );
    const open = openModules(indexMarkers(modules), msg);
    const opened = modules.filter((_, i) => open[i]).map((m) => m.id);
    expect(opened).toEqual(['ungated', 'text', 'opening', 'subject', 'from', 'header', 'header-value', 'header-second-value', 'header-present', 'boundary']);
    // each module's markers read alone say the same
    expect(modules.filter((m) => m.markers === EVERY_MESSAGE || markersHold(m.markers, msg)).map((m) => m.id)).toEqual(opened);
  });

  it('read the delivery-status parts, lower-cased, and their presence', async () => {
    const modules = [stub('has-dsn', { hasDeliveryStatus: true }), stub('dsn-text', { deliveryStatus: ['x-postfix-queue-id'] }), stub('dsn-other', { deliveryStatus: ['x-powermta-'] })];
    const msg = await message(
      ['From: postmaster@example.org', 'Content-Type: multipart/report; report-type=delivery-status; boundary=b'],
      '--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\nX-Postfix-Queue-ID: 123\r\n\r\nFinal-Recipient: rfc822; a@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n',
    );
    const open = openModules(indexMarkers(modules), msg);
    expect(modules.filter((_, i) => open[i]).map((m) => m.id)).toEqual(['has-dsn', 'dsn-text']);
  });
});

function messages(): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  const fixtures = path.join(FIXTURES, 'bounces');
  for (const f of readdirSync(fixtures)) if (f.endsWith('.eml')) out.push({ name: f, bytes: readFileSync(path.join(fixtures, f)) });
  if (HAS_CORPUS) {
    const dir = path.join(CORPUS, 'sisimai');
    for (const f of readdirSync(dir)) if (f.endsWith('.eml')) out.push({ name: f, bytes: readFileSync(path.join(dir, f)) });
  }
  return out;
}

describe('the open set given back (releaseOpen)', () => {
  it('is the set a fresh index gives, message after message, and a set still held is never shared', async () => {
    const reused = indexMarkers(FORMATS);
    const fresh = () => indexMarkers(FORMATS);
    const msgs = await Promise.all(messages().slice(0, 120).map(({ bytes }) => parseMime(bytes)));
    let held: Uint8Array | null = null;
    for (const [k, msg] of msgs.entries()) {
      const open = openModules(reused, msg);
      expect([...open], `message ${k}`).toEqual([...openModules(fresh(), msg)]);
      // every third set is kept while the next message is read (a message read inside another)
      if (k % 3 === 0) {
        held = open;
        const snapshot = [...held];
        const inner = openModules(reused, msgs[(k + 1) % msgs.length]);
        expect(inner).not.toBe(held);
        releaseOpen(reused, inner);
        expect([...held]).toEqual(snapshot);
      }
      releaseOpen(reused, open);
    }
    expect(held).not.toBeNull();
  });
});

describe('the format modules\' markers, on every fixture and corpus message', () => {
  const index = indexMarkers(FORMATS);
  // the long views read by their automaton from the first message on
  const automata = indexMarkers(FORMATS, 0);

  it('agree with the one-pass index, and scores stay in the bands', async () => {
    let checked = 0;
    for (const { name, bytes } of messages()) {
      const msg = await parseMime(bytes);
      const open = openModules(index, msg);
      const byAutomata = openModules(automata, msg);
      FORMATS.forEach((f, i) => {
        const holds = f.markers === EVERY_MESSAGE || markersHold(f.markers, msg);
        expect(open[i] === 1, `${name}: ${f.id}'s markers, index and alone`).toBe(holds);
        expect(byAutomata[i] === 1, `${name}: ${f.id}'s markers, index with automata and alone`).toBe(holds);
        if (!holds) return;
        const score = f.score(msg);
        expect(Number.isInteger(score) && score >= 0 && score <= MAX_SCORE, `${name}: ${f.id} scores ${score}`).toBe(true);
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(90);
  });

  it('are declared by every module, with an id of its own', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FORMATS) expect(f.markers === EVERY_MESSAGE || Object.keys(f.markers).length > 0, f.id).toBe(true);
  });
});

describe('the format modules\' markers, on generated messages', () => {
  // bodies and opening lines made of the modules' own markers (whole, cut short, or with a
  // letter changed in case) between filler: the views read by skipping and by automata
  // (warm-up 0) must open exactly the modules whose markers, read alone, hold
  const texts = FORMATS.flatMap((f) => (f.markers === EVERY_MESSAGE ? [] : [...(f.markers.text ?? []), ...(f.markers.opening ?? []), ...(f.markers.deliveryStatus ?? [])]));
  const subjects = FORMATS.flatMap((f) => (f.markers === EVERY_MESSAGE ? [] : (f.markers.subject ?? [])));
  const fillers = ['', ' ', '\n', 'Dear user,\n', 'x', '0123456789', '-----', 'the following ', 'This is '];

  function piece(random: () => number, from: readonly string[]): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const m = pick(from);
    const r = random();
    if (r < 0.4) return m;
    if (r < 0.6) return m.slice(0, Math.floor(random() * m.length));
    if (r < 0.8) return m.slice(Math.floor(random() * m.length));
    const at = Math.floor(random() * m.length);
    return m.slice(0, at) + m.charAt(at).toUpperCase() + m.slice(at + 1);
  }

  it('agree with each module\'s markers read alone', async () => {
    const index = indexMarkers(FORMATS, 0);
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const parts = (from: readonly string[], n: number) => Array.from({ length: n }, () => piece(random, from) + fillers[Math.floor(random() * fillers.length)]).join('');
      const body = parts(texts, 1 + Math.floor(random() * 8));
      const dsn = parts(texts, Math.floor(random() * 3));
      const subject = parts(subjects, 1).replace(/\n/g, ' ');
      const mime = dsn
        ? `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; ${dsn.replace(/\n/g, ' ')}\r\n\r\nFinal-Recipient: rfc822; a@example.net\r\nAction: failed\r\n--b--\r\n`
        : body;
      const headers = [`Subject: ${subject}`, 'From: postmaster@example.org', 'MIME-Version: 1.0', dsn ? 'Content-Type: multipart/report; report-type=delivery-status; boundary=b' : 'Content-Type: text/plain; charset=utf-8'];
      const msg = await message(headers, mime);
      const open = openModules(index, msg);
      FORMATS.forEach((f, i) => {
        const holds = f.markers === EVERY_MESSAGE || markersHold(f.markers, msg);
        expect(open[i] === 1, `seed ${seed}: ${f.id}'s markers, index and alone`).toBe(holds);
      });
    }
  });
});

describe('the header markers, on generated header blocks', () => {
  // field names of the markers' own, and near misses of them (a letter changed, the last one
  // above all: the index passes a field on to its look-up by length and last letter), with
  // values that hold the markers' texts or pieces of them: the index must open exactly the
  // modules whose markers, read alone, hold
  const named = FORMATS.flatMap((f) => (f.markers === EVERY_MESSAGE ? [] : [...(f.markers.headers ?? []).map((h) => [h, ''] as const), ...(f.markers.headerValues ?? [])]));
  const common = ['received', 'from', 'to', 'subject', 'date', 'message-id', 'content-type', 'return-path', 'x-original-to', 'dkim-signature', 'x-' + 'y'.repeat(70)];

  it('agree with each module\'s markers read alone', async () => {
    const index = indexMarkers(FORMATS);
    for (let seed = 1; seed <= 400; seed++) {
      const random = seededRandom(seed);
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
      const lines: string[] = [];
      for (let n = 1 + Math.floor(random() * 12); n > 0; n--) {
        const [marker, text] = pick(named);
        let name = random() < 0.3 ? pick(common) : marker;
        const r = random();
        // a letter changed: the last, the first, or one between; or the name in capitals
        const at = r < 0.3 ? name.length - 1 : r < 0.4 ? 0 : Math.floor(random() * name.length);
        if (r < 0.6) name = name.slice(0, at) + String.fromCharCode(97 + Math.floor(random() * 26)) + name.slice(at + 1);
        else if (r < 0.7) name = name.toUpperCase();
        const cut = Math.floor(random() * (text.length + 1));
        const value = random() < 0.5 ? text.toUpperCase() : random() < 0.5 ? text.slice(0, cut) : `x ${text} y`;
        lines.push(`${name}: ${value || 'v'}`);
      }
      const msg = await message(lines, 'body\r\n');
      const open = openModules(index, msg);
      FORMATS.forEach((f, i) => {
        const holds = f.markers === EVERY_MESSAGE || markersHold(f.markers, msg);
        expect(open[i] === 1, `seed ${seed}: ${f.id}'s markers, index and alone`).toBe(holds);
      });
      releaseOpen(index, open);
    }
  });
});
