// Hostile and broken messages of issue 8, generated in code (nothing large is committed).
// Each case says what it attacks and what a correct result must show; the test
// (test/fuzz/hostile.test.ts) checks those properties, `npm run hostile` times each case.

import { dsn, manyRecipients, PER_MESSAGE, recipientGroup } from '../bench/synthetic.js';

export interface HostileCase {
  name: string;
  /** what the case attacks */
  attack: string;
  build(): Buffer;
}

const CRLF = '\r\n';

/** A multipart nested `depth` deep, with a DSN at the bottom. */
function nestedMultiparts(depth: number): Buffer {
  const parts: string[] = ['From: MAILER-DAEMON@mx.example.org', 'Subject: nested', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b0"', '', ''];
  for (let i = 1; i <= depth; i++) parts.push(`--b${i - 1}`, `Content-Type: multipart/mixed; boundary="b${i}"`, '', '');
  parts.push(`--b${depth}`, 'Content-Type: message/delivery-status', '', PER_MESSAGE + recipientGroup('deep@example.net'), '');
  for (let i = depth; i >= 0; i--) parts.push(`--b${i}--`, '');
  return Buffer.from(parts.join(CRLF), 'latin1');
}

/** A qmail bounce (qmail-send's wording) whose recipient line holds `n` '<' before the address. */
function qmailWithLt(n: number): Buffer {
  return Buffer.from(
    [
      'From: MAILER-DAEMON@mx.example.org',
      'To: sender@example.org',
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at mx.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      'This is a permanent error; I\'ve given up. Sorry it didn\'t work out.',
      '',
      `<${'<'.repeat(n)}rcpt@example.net>:`,
      'Sorry, no mailbox here by that name. (#5.1.1)',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'Subject: hello',
      '',
    ].join('\n'),
    'latin1',
  );
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'diagnostic-2mb',
    attack: 'a 2 MB Diagnostic-Code line: quadratic scans of one long line, unbounded field copies',
    build: () => dsn(PER_MESSAGE + recipientGroup('long@example.net').replace('user unknown', `user unknown ${'x'.repeat(2 * 1024 * 1024)}`)),
  },
  {
    name: 'nested-2000',
    attack: '2,000 nested multiparts: recursion depth, per-level copies',
    build: () => nestedMultiparts(2000),
  },
  {
    name: 'message-30mb',
    attack: 'a 30 MB message: memory; beyond maxMessageBytes (25 MiB) it gives one result with an error naming the limit',
    build: () => dsn(PER_MESSAGE + recipientGroup('big@example.net'), { human: 'x'.repeat(76).concat(CRLF).repeat(Math.ceil((30 * 1024 * 1024) / 78)) }),
  },
  {
    name: 'header-line-4mb',
    attack: 'a 4 MB header line: header buffering (maxHeaderBytes) and header splitting',
    build: () => {
      const m = dsn(PER_MESSAGE + recipientGroup('hdr@example.net'));
      return Buffer.concat([Buffer.from(`X-Junk: ${'a'.repeat(4 * 1024 * 1024)}${CRLF}`, 'latin1'), m]);
    },
  },
  {
    name: 'recipients-20000',
    attack: '20,000 recipients in one DSN: per-row work must be linear (all 20,000 rows come out)',
    build: () => {
      const groups: string[] = [];
      for (let i = 0; i < 20_000; i++) groups.push(recipientGroup(`user${i}@example.net`));
      return dsn(PER_MESSAGE + groups.join(CRLF));
    },
  },
  {
    name: 'recipients-20000-with-text',
    attack: '20,000 recipients each also named in the human-readable part: per-row searches of the text or of the other rows must not be quadratic',
    build: () => manyRecipients(20_000),
  },
  {
    name: 'qmail-200000-lt',
    attack: "a qmail-shaped text with 200,000 '<': address scanners that restart at every '<'",
    build: () => qmailWithLt(200_000),
  },
  {
    name: 'status-300000',
    attack: 'a Status field of 300,000 characters: status-code scanners, field copies',
    build: () => dsn(`${PER_MESSAGE}Final-Recipient: rfc822; st@example.net${CRLF}Action: failed${CRLF}Status: 5.${'1'.repeat(300_000)}${CRLF}`),
  },
  {
    name: 'nul-and-invalid-utf8',
    attack: 'NUL bytes and invalid UTF-8 in DSN fields: decoders, address cleaning, JSON output',
    build: () =>
      dsn(
        Buffer.concat([
          Buffer.from(PER_MESSAGE, 'latin1'),
          Buffer.from(`Final-Recipient: rfc822; nul\0user@example.net${CRLF}Action: fail\0ed${CRLF}Status: 5.1.1\0${CRLF}Diagnostic-Code: smtp; 550 `, 'latin1'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00, 0xe2, 0x82, 0x00, 0xed, 0xa0, 0x80]),
          Buffer.from(` bad bytes${CRLF}`, 'latin1'),
        ]),
      ),
  },
  {
    name: 'truncated-base64-dsn',
    attack: 'a truncated base64 delivery-status part (message cut mid-quantum, no closing boundary)',
    build: () => {
      const ds = Buffer.from(PER_MESSAGE + recipientGroup('b64@example.net'), 'latin1').toString('base64');
      const whole = dsn(ds.replace(/.{76}/g, `$&${CRLF}`), { dsHeaders: `Content-Type: message/delivery-status${CRLF}Content-Transfer-Encoding: base64` });
      const at = whole.indexOf(ds.slice(0, 40));
      // cut inside the encoded recipient group, 2 characters into a quantum
      return whole.subarray(0, at + Math.floor((ds.length * 3) / 4) + 2);
    },
  },
];

/**
 * Cases whose work must grow linearly with their size (issue 14): each built at n and 10n.
 * A linear parser takes ~10 times as long on the larger; a quadratic one ~100 times. Machine
 * load slows both sizes alike, so the ratio of the two (fastest of several runs each) is a
 * bound that load does not break and a quadratic regression does.
 */
export interface LinearCase {
  name: string;
  /** the smaller size; the larger is 10 times it */
  n: number;
  build(n: number): Buffer;
}

export const LINEAR_CASES: readonly LinearCase[] = [
  {
    name: 'recipients',
    n: 2_000,
    build: (n) => {
      const groups: string[] = [];
      for (let i = 0; i < n; i++) groups.push(recipientGroup(`user${i}@example.net`));
      return dsn(PER_MESSAGE + groups.join(CRLF));
    },
  },
  { name: 'recipients-with-text', n: 2_000, build: (n) => manyRecipients(n) },
  {
    name: 'diagnostic-length',
    n: 1_000_000,
    build: (n) => dsn(PER_MESSAGE + recipientGroup('long@example.net').replace('user unknown', `user unknown ${'x '.repeat(n / 2)}`)),
  },
  { name: 'qmail-lt', n: 200_000, build: (n) => qmailWithLt(n) },
];

/** Largest time ratio allowed between 10n and n: linear gives ~10, quadratic ~100. */
export const LINEAR_MAX_RATIO = 30;
