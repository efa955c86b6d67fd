// Generator families read by structure (issue 15): what a family's structure claims without
// its generator's own intro, and what it must leave alone. Inputs are written from the
// generators' sources cited beside each; whole messages are in fixtures/.
import { describe, expect, it } from 'vitest';
import { qmail } from '../../src/3-formats/qmail/qmail.js';
import { selectAndParse } from '../../src/3-formats/registry.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { parseMime } from '../../src/2-mime/parse.js';

const mail = (head: string[], body: string[]) => parseMime(Buffer.from([...head, '', ...body].join('\n')));

describe('qmail by structure (QSBMF §2.1: intro, <address>: paragraphs, a break beginning with "-")', () => {
  const body = [
    'Votre message n\'a pas pu etre remis aux adresses suivantes.',
    '',
    '<a@example.net>:',
    'Sorry, no mailbox here by that name. (#5.1.1)',
    '',
    '--- Below this line is a copy of the message.',
    '',
    'Subject: x',
  ];

  it('claims an intro of its own from a mail system', async () => {
    const msg = await mail(['From: MAILER-DAEMON@mx.example.org', 'Subject: failure notice'], body);
    expect(qmail.score(msg)).toBeGreaterThan(0);
    const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
    expect(report?.format).toBe('qmail');
    expect(report?.recipients.map((r) => r.recipient)).toEqual(['a@example.net']);
  });

  it('leaves a person\'s mail of the same shape alone', async () => {
    const msg = await mail(['From: Ann <ann@example.com>', 'Subject: addresses'], body);
    expect(qmail.score(msg)).toBe(0);
  });

  it('needs the break paragraph when no greeting says qmail', async () => {
    const msg = await mail(['From: MAILER-DAEMON@mx.example.org', 'Subject: failure notice'], body.slice(0, 4));
    expect(qmail.score(msg)).toBe(0);
  });
});
