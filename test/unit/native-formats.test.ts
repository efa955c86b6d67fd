// The qmail, Postfix and Exchange readers piece by piece, and the registry that picks them.
// Inputs are written from docs/formats.md#qmail-family, docs/formats.md#postfix-family and docs/formats.md#exchange-family; whole messages are in fixtures/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExchangeText } from '../../src/3-formats/exchange/exchange-text.js';
import { reasonParts, recipientLines } from '../../src/3-formats/postfix/postfix.js';
import { splitQsbmf } from '../../src/3-formats/qmail/qmail.js';
import { FORMATS, selectAndParse } from '../../src/3-formats/registry.js';
import { markersHold } from '../../src/3-formats/readers/markers.js';
import { EVERY_MESSAGE } from '../../src/3-formats/readers/types.js';
import { DEFAULT_LIMITS } from '../../src/0-core/limits.js';
import { parseMime } from '../../src/2-mime/parse.js';
import { FIXTURES } from '../helpers/paths.js';

describe('QSBMF paragraphs', () => {
  it('splits intro, recipient paragraphs and the break, even without a blank line after the intro', () => {
    const body = splitQsbmf(
      [
        'Hi. This is the qmail-send program at mx.example.org.',
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        '<a@example.net>:',
        'Sorry, no mailbox here by that name. (#5.1.1)',
        '',
        '<b@example.net>: ',
        '192.0.2.1 does not like recipient.',
        '/',
        'Remote host said: 550 no',
        '',
        '--- Below this line is a copy of the message.',
        '',
        '<c@example.net>:',
      ].join('\n'),
    );
    expect(body.intro).toContain('qmail-send program at mx.example.org.');
    expect(body.paragraphs.map((p) => p.recipient)).toEqual(['a@example.net', 'b@example.net']);
    expect(body.paragraphs[1].lines).toEqual(['192.0.2.1 does not like recipient.', '/', 'Remote host said: 550 no']);
    expect(body.breakLine).toBe('--- Below this line is a copy of the message.');
  });
});

describe('Postfix recipient lines', () => {
  const text = [
    'This is the mail system at host mx.example.org.',
    '',
    '<a@example.net> (expanded from <list@example.org>): host',
    '    mx.example.net[192.0.2.2] said: 550 5.1.1 <a@example.net>: Recipient',
    '    address rejected: User unknown (in reply to RCPT TO command)',
    '',
    '<b@example.net>: host mx.example.net[192.0.2.2] refused to talk to me: 554',
    '    5.7.1 go away',
    '',
    '<c@example.net>: connect to mx.example.net[192.0.2.2]:25: Connection refused',
  ].join('\n');

  it('reads addresses, aliases and unfolded reasons', () => {
    const lines = recipientLines(text);
    expect(lines.map((l) => [l.recipient, l.expandedFrom])).toEqual([
      ['a@example.net', 'list@example.org'],
      ['b@example.net', null],
      ['c@example.net', null],
    ]);
    expect(lines[0].reason).toBe('host mx.example.net[192.0.2.2] said: 550 5.1.1 <a@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)');
  });

  it('splits a reason into remote host, reply and stage', () => {
    const [a, b, c] = recipientLines(text).map((l) => reasonParts(l.reason));
    expect(a).toEqual({ remoteMta: 'mx.example.net', reply: '550 5.1.1 <a@example.net>: Recipient address rejected: User unknown', command: 'RCPT' });
    expect(b).toEqual({ remoteMta: 'mx.example.net', reply: '554 5.7.1 go away', command: 'CONN' });
    expect(c).toEqual({ remoteMta: 'mx.example.net', reply: null, command: null });
    expect(reasonParts('host mx[192.0.2.9] said: 552 too big (in reply to end of DATA command)').command).toBe('DATA');
  });
});

describe('Exchange human text', () => {
  it('reads the 2007+ administrators section, any language of its labels', () => {
    const t = readExchangeText(
      [
        'Informazioni di diagnostica per gli amministratori:',
        '',
        'Server di generazione: EX1.example.it',
        '',
        'a@example.it',
        "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'",
        '',
        'b@example.it',
        '#550 5.2.2 STOREDRV.Deliver: mailbox full ##',
        '',
        'Intestazioni originali del messaggio:',
        '',
        'Subject: x',
      ].join('\n'),
    );
    expect(t.generatingServer).toBe('EX1.example.it');
    expect(t.entries.map((e) => [e.recipient, e.diagnostic])).toEqual([
      ['a@example.it', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'],
      ['b@example.it', '550 5.2.2 STOREDRV.Deliver: mailbox full'],
    ]);
    expect(t.originalHeaders).toBe('Subject: x');
  });

  // the localised labels of docs/formats.md#exchange-localised-labels (heading, generating server, original headers)
  const LOCALES: Array<[string, string, string, string]> = [
    ['nl', 'Diagnostische gegevens voor beheerders:', 'Bronserver: EX.example.nl', 'Oorspronkelijke berichtkoppen:'],
    ['sv-SE', 'Diagnostisk information för administratörer:', 'Genererande server: EX.example.se', 'Ursprungshuvuden:'],
    ['pt-BR', 'Informações de diagnóstico para administradores:', 'Servidor de origem: EX.example.com.br', 'Cabeçalhos originais da mensagem:'],
    ['es', 'Información de diagnóstico para los administradores:', 'Generando servidor: EX.example.es', 'Encabezados de mensajes originales:'],
  ];
  for (const [locale, heading, server, headers] of LOCALES) {
    it(`reads the administrators section of a ${locale} NDR`, () => {
      const t = readExchangeText([heading, '', server, '', 'a@example.net', "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'", '', headers, '', 'Subject: y'].join('\n'));
      expect(t.generatingServer).toBe(server.split(': ')[1]);
      expect(t.entries.map((e) => [e.recipient, e.diagnostic])).toEqual([['a@example.net', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found']]);
      expect(t.originalHeaders).toBe('Subject: y');
    });
  }

  it('keeps the attempts of Exchange 2010+ in order, the latest as the diagnostic', () => {
    const t = readExchangeText(
      [
        'Diagnostic information for administrators:',
        'Generating server: EX2.example.com',
        '',
        'a@example.net',
        "1/1/2026 2:00:00 PM - Remote Server at mx.example.net (192.0.2.3) returned '550 4.4.7 QUEUE.Expired; message expired'",
        "1/1/2026 1:00:00 PM - Remote Server at mx.example.net (192.0.2.3) returned '451 4.4.0 it's down'",
      ].join('\n'),
    );
    expect(t.entries[0]).toMatchObject({ remoteMta: 'mx.example.net', diagnostic: '550 4.4.7 QUEUE.Expired; message expired', history: ["451 4.4.0 it's down"] });
  });

  it('reads Exchange 5.5 IMS blocks and their codes', () => {
    const t = readExchangeText(
      [
        'Your message',
        '',
        '  To:      a@example.com',
        '  Subject: Hi',
        '  Sent:    Mon, 2 Mar 2026 09:00:00 -0000',
        '',
        'did not reach the following recipient(s):',
        '',
        'a@example.com on Mon, 2 Mar 2026 09:00:05 -0000',
        '    The recipient name is not recognized',
        '    MSEXCH:IMS:ORG:SITE:SRV 0 (000C05A6) Unknown',
        'Recipient',
      ].join('\n'),
    );
    expect(t.originalSummary).toEqual({ to: 'a@example.com', subject: 'Hi', sent: 'Mon, 2 Mar 2026 09:00:00 -0000' });
    expect(t.entries[0]).toMatchObject({ recipient: 'a@example.com', status: '5.1.1', reason: 'userunknown', diagnostic: 'MSEXCH:IMS:ORG:SITE:SRV 0 (000C05A6) Unknown Recipient' });
  });

  it('reads Exchange 2000/2003 supplementary lines: local ones name no remote MTA', () => {
    const t = readExchangeText(
      [
        'The following recipient(s) could not be reached:',
        '',
        '      a@example.com on 3/4/2026 2:05 PM',
        '            <mail.example.com #5.1.1>',
        '      b@example.net on 3/4/2026 2:05 PM',
        '            <mx.example.net #5.0.0 smtp;550 5.1.1 <b@example.net>... User unknown>',
      ].join('\n'),
    );
    expect(t.entries.map((e) => [e.recipient, e.status, e.remoteMta, e.diagnostic])).toEqual([
      ['a@example.com', '5.1.1', null, null],
      ['b@example.net', '5.0.0', 'mx.example.net', '550 5.1.1 <b@example.net>... User unknown'],
    ]);
  });
});

describe('Exchange rows without a delivery-status part', () => {
  it('take the enhanced code Exchange pairs with a component when the reply has none (4.6)', async () => {
    const ndr = [
      'From: postmaster@example.com',
      'Subject: Undeliverable: x',
      'X-MS-Exchange-Message-Is-Ndr:',
      'Content-Type: text/plain',
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: EX1.example.com',
      '',
      'a@example.net',
      "Remote Server returned '550 RESOLVER.ADR.RecipNotFound; not found'",
      '',
    ].join('\n');
    const { report } = selectAndParse(await parseMime(Buffer.from(ndr)), { limits: DEFAULT_LIMITS });
    expect(report?.format).toBe('exchange2007');
    expect(report?.recipients[0]).toMatchObject({ recipient: 'a@example.net', status: '5.1.1', diagnosticType: 'smtp' });
  });
});

describe('format registry', () => {
  it('lists every module once, generic readers last', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['qmail', 'yahoo', 'postfix', 'exchange2003', 'exchange2007', 'office365', 'outlook']) expect(ids).toContain(id);
    expect(ids.indexOf('rfc3464')).toBeGreaterThan(ids.indexOf('postfix'));
    for (const f of FORMATS) expect(f.description.length).toBeGreaterThan(10);
  });

  // which module claims each hand-written sample, from the markers the formats define
  const CLAIMS: Record<string, string> = {
    'qmail-local-and-remote.eml': 'qmail',
    'qmail-indimail.eml': 'qmail',
    'yahoo-failure-notice.eml': 'yahoo',
    'postfix-failure-folded.eml': 'postfix',
    'postfix-pre-dsn.eml': 'postfix',
    'postfix-transcript.eml': 'postfix',
    'exchange55-ims.eml': 'exchange2003',
    'exchange2003-report.eml': 'exchange2003',
    'exchange2007-ndr.eml': 'exchange2007',
    'exchange-fr.eml': 'exchange2007',
    'office365-layout-a.eml': 'office365',
    'office365-layout-b.eml': 'office365',
    'outlook-hotmail-classic.eml': 'outlook',
    'multi-recipient-mixed.eml': 'rfc3464',
    'not-a-bounce.eml': '',
  };
  for (const [file, id] of Object.entries(CLAIMS)) {
    it(`gives ${file} to ${id || 'no module'}`, async () => {
      const msg = await parseMime(readFileSync(path.join(FIXTURES, 'bounces', file)));
      const best = FORMATS.map((f) => ({ id: f.id, score: f.markers === EVERY_MESSAGE || markersHold(f.markers, msg) ? f.score(msg) : 0 }))
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score)[0];
      expect(best?.id ?? '').toBe(id);
      const { report } = selectAndParse(msg, { limits: DEFAULT_LIMITS });
      expect(report?.format ?? '').toBe(id);
    });
  }
});
