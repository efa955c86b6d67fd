// automated() (src/3-formats/generic/automated.ts): a message is sent by software when any one
// of its signs holds, whichever order they are asked in: each sign alone, and none.
import { describe, expect, it } from 'vitest';
import { automated } from '../../src/3-formats/generic/automated.js';
import { parseMime } from '../../src/2-mime/parse.js';

const person = ['From: Alice <alice@example.org>', 'To: bob@example.net', 'Subject: lunch', 'Message-ID: <1@example.org>'];
const message = (headers: string[]) => parseMime(Buffer.from(`${headers.join('\r\n')}\r\n\r\nsee you at noon\r\n`));
const replace = (name: string, line: string) => person.map((h) => (h.startsWith(`${name}:`) ? line : h));

describe('automated', () => {
  it('holds with any one of its signs, and not without them', async () => {
    expect(automated(await message(person))).toBe(false);
    // RFC 5321 §4.5.5 null reverse-path, in any spacing
    expect(automated(await message(['Return-Path: <>', ...person]))).toBe(true);
    expect(automated(await message(['Return-Path:  < > ', ...person]))).toBe(true);
    expect(automated(await message(['Return-Path: <alice@example.org>', ...person]))).toBe(false);
    // a daemon sender
    expect(automated(await message(replace('From', 'From: Mail Delivery System <MAILER-DAEMON@example.org>')))).toBe(true);
    expect(automated(await message(replace('From', 'From: postmaster@example.org')))).toBe(true);
    // RFC 3834 §5 Auto-Submitted, any value but "no"
    expect(automated(await message(['Auto-Submitted: auto-replied', ...person]))).toBe(true);
    expect(automated(await message(['Auto-Submitted: no', ...person]))).toBe(false);
    expect(automated(await message(['X-Failed-Recipients: carol@example.net', ...person]))).toBe(true);
    // a failure subject, unless a list or a person's mail client sent it
    const failed = replace('Subject', 'Subject: Undelivered Mail Returned to Sender');
    expect(automated(await message(failed))).toBe(true);
    expect(automated(await message(['List-Unsubscribe: <mailto:leave@example.org>', ...failed]))).toBe(false);
    expect(automated(await message(['User-Agent: Mutt/2.2', ...failed]))).toBe(false);
  });

  it('holds for a stored bounce text without a header block', async () => {
    const msg = await parseMime(Buffer.from('The following message could not be delivered.\r\n'));
    expect(msg.headerless || msg.headers.fields.length === 0).toBe(true);
    expect(automated(msg)).toBe(true);
  });
});
