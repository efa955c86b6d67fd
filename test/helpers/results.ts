// Hand-built ParseResults for translator and writer tests.
import type { ParseResult, RecipientRow } from '../../src/0-core/schema.js';

export function row(over: Partial<RecipientRow> & { recipient: string }): RecipientRow {
  return {
    displayName: null,
    originalRecipient: null,
    action: 'failed',
    status: '5.0.0',
    diagnosticType: null,
    diagnosticCode: null,
    smtpReplyCode: null,
    smtpCommand: null,
    remoteMta: null,
    lastAttemptDate: null,
    willRetryUntil: null,
    reason: 'undefined',
    feedbackType: null,
    fields: {},
    bounceType: 'soft',
    ...over,
  };
}

export function dsnResult(recipients: RecipientRow[], over: Partial<ParseResult> = {}): ParseResult {
  return {
    source: 'hand.eml',
    recognized: true,
    kind: 'dsn',
    format: 'rfc3464',
    error: null,
    warnings: [],
    messageId: '<bounce-1@mx.example.net>',
    date: '2026-04-01T10:00:00.000Z',
    subject: 'Undelivered Mail Returned to Sender',
    from: 'Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    headerBlock: 'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nSubject: Undelivered Mail Returned to Sender\n\n',
    reportingMta: 'mx.example.net',
    arrivalDate: null,
    original: {
      messageId: '<orig-1@example.com>',
      subject: 'Quarterly figures',
      from: 'Ann Example <ann@example.com>',
      to: 'Bob <bob@example.org>, carl@example.org',
      cc: null,
      date: '2026-04-01T09:58:00.000Z',
      contentClass: null,
    },
    recipients,
    ...over,
  };
}
