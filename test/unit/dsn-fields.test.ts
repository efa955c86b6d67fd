import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus, splitTyped } from '../../src/3-formats/readers/dsn-fields.js';
import { rowFromGroup, parseAction, mtaName } from '../../src/3-formats/readers/rfc3464.js';

describe('parseDeliveryStatus (RFC 3464 2.1)', () => {
  it('separates the per-message block from per-recipient groups and unfolds continuations', () => {
    const ds = parseDeliveryStatus(
      'Reporting-MTA: dns; a.example\nArrival-Date: Mon, 1 Jan 2024\n 00:00:00 +0000\n\nFinal-Recipient: rfc822; x@b.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 no\n  such user\n',
    );
    expect(ds.message.get('reporting-mta')).toBe('dns; a.example');
    expect(ds.message.get('arrival-date')).toBe('Mon, 1 Jan 2024 00:00:00 +0000');
    expect(ds.recipients).toHaveLength(1);
    expect(ds.recipients[0].get('diagnostic-code')).toBe('smtp; 550 no such user');
  });

  it('reads a status part whose every line is indented (a gateway indenting it), keeping deeper folds as continuations', () => {
    // RFC 5322 2.2.3 would take an indented first line for a continuation of nothing
    const ds = parseDeliveryStatus('\n  Reporting-MTA: dns; a.example\n\n  Final-Recipient: rfc822; x@b.example\n  Action: failed\n  Status: 5.1.1\n  Diagnostic-Code: smtp; 550 no\n    such user\n');
    expect(ds.message.get('reporting-mta')).toBe('dns; a.example');
    expect(ds.recipients.map((g) => [g.get('final-recipient'), g.get('status'), g.get('diagnostic-code')])).toEqual([['rfc822; x@b.example', '5.1.1', 'smtp; 550 no such user']]);
  });

  it('tolerates runs of blank lines (Exchange writes two) and trailing blank lines', () => {
    const ds = parseDeliveryStatus('Reporting-MTA: dns;x\n\n\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\n\n\n\n');
    expect(ds.recipients).toHaveLength(1);
  });

  it('splits recipients written without a blank line between them', () => {
    const ds = parseDeliveryStatus('Reporting-MTA: dns;x\n\nFinal-Recipient: rfc822;a@b\nAction: failed\nFinal-Recipient: rfc822;c@d\nAction: delayed\n');
    expect(ds.recipients.map((g) => g.get('final-recipient'))).toEqual(['rfc822;a@b', 'rfc822;c@d']);
    expect(ds.recipients.map((g) => g.get('action'))).toEqual(['failed', 'delayed']);
  });

  it('reads recipient fields in any order (Exim writes Action first)', () => {
    const ds = parseDeliveryStatus('Reporting-MTA: dns;x\n\nAction: failed\nFinal-Recipient: rfc822;a@b\nStatus: 5.0.0\n');
    expect(ds.recipients).toHaveLength(1);
    expect(ds.recipients[0].get('final-recipient')).toBe('rfc822;a@b');
  });

  it('accepts a report without the per-message block', () => {
    const ds = parseDeliveryStatus('Final-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.1.1\n');
    expect(ds.recipients).toHaveLength(1);
  });

  it('binds an Original-Recipient to its own group only', () => {
    const ds = parseDeliveryStatus('Reporting-MTA: dns;x\n\nOriginal-Recipient: rfc822;o@b\nFinal-Recipient: rfc822;a@b\nAction: failed\n\nFinal-Recipient: rfc822;c@d\nAction: failed\n');
    expect(ds.recipients[0].get('original-recipient')).toBe('rfc822;o@b');
    expect(ds.recipients[1].get('original-recipient')).toBeNull();
  });
});

describe('typed values and rows', () => {
  it('splits type; value and leaves untyped values alone', () => {
    expect(splitTyped('rfc822; a@b')).toEqual(['rfc822', 'a@b']);
    expect(splitTyped('smtp;550 x')).toEqual(['smtp', '550 x']);
    expect(splitTyped('550 5.1.1 <a@b>; no')).toEqual([null, '550 5.1.1 <a@b>; no']);
  });

  it('reads actions case-insensitively, including the non-standard ones', () => {
    expect(parseAction('Failed')).toBe('failed');
    expect(parseAction('delayed (retrying)')).toBe('delayed');
    expect(parseAction('undeliverable')).toBe('failed'); // Postfix verify
    expect(parseAction('deliverable')).toBe('delivered');
    expect(parseAction('bogus')).toBeNull();
  });

  it('reads MTA names without type, comments or angle brackets', () => {
    expect(mtaName('dns; 192.0.2.222 (192.0.2.222, the server for the domain.)')).toBe('192.0.2.222');
    expect(mtaName('<rr1.example.com>')).toBe('rr1.example.com');
    expect(mtaName('dns; mx.example.com.')).toBe('mx.example.com');
  });

  it('builds a row: X-Actual-Recipient becomes the original when it differs', () => {
    const ds = parseDeliveryStatus('Final-Recipient: RFC822; list@example.org\nX-Actual-Recipient: rfc822; real@Example.ORG\nAction: failed\nStatus: 5.1.1\n');
    const row = rowFromGroup(ds.recipients[0])!;
    expect(row.recipient).toBe('list@example.org');
    expect(row.originalRecipient).toBe('real@example.org');
  });

  it('decodes encoded-words inside Diagnostic-Code (Amazon SES)', () => {
    const ds = parseDeliveryStatus("Final-Recipient: rfc822;a@b\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550-'5.7.1 =?utf-8?q?Acc=C3=A8s?= denied'\n");
    expect(rowFromGroup(ds.recipients[0])!.diagnosticCode).toBe("550-'5.7.1 Accès denied'");
  });
});
