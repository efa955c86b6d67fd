// Feedback reports and auto-replies are never bounces, and a bounce that carries
// Auto-Submitted is still a bounce (docs/formats.md#auto-replies; RFC 3834 §5).
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/8-pipeline/parse.js';

const msg = (headers: string, body: string) => Buffer.from(`${headers}\nDate: Thu, 09 Apr 2026 10:00:00 +0000\n\n${body}\n`);

describe('report kinds', () => {
  it('reads an out-of-office reply as an auto-reply from the address that replied', async () => {
    const r = await parseMessage(msg('From: Ada <ada@example.org>\nTo: bob@example.com\nSubject: Out of Office: plans\nAuto-Submitted: auto-replied', 'I am away.'));
    expect(r.kind).toBe('autoreply');
    expect(r.recipients).toMatchObject([{ recipient: 'ada@example.org', action: null, status: null, reason: 'vacation', bounceType: 'none' }]);
  });

  it('does not take a mailer daemon notice with Auto-Submitted: auto-replied for an auto-reply', async () => {
    // nothing in it can be read as a bounce either: it stays unrecognised rather than becoming a vacation
    const r = await parseMessage(msg('From: Mail Delivery System <MAILER-DAEMON@example.org>\nTo: bob@example.com\nSubject: Mail delivery failed\nAuto-Submitted: auto-replied', 'Something went wrong.'));
    expect(r.kind).not.toBe('autoreply');
  });

  it('keeps a bounce with Auto-Submitted a bounce', async () => {
    const r = await parseMessage(
      msg(
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: bob@example.com\nSubject: Mail delivery failed: returning message to sender\nAuto-Submitted: auto-replied\nX-Failed-Recipients: cy@example.net',
        'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  cy@example.net\n    Unrouteable address',
      ),
    );
    expect(r.kind).toBe('dsn');
    expect(r.recipients).toMatchObject([{ recipient: 'cy@example.net', action: 'failed', reason: 'hostunknown' }]);
  });

  it('reads a feedback report as feedback, never as a bounce, even with a bounce-like subject', async () => {
    const r = await parseMessage(
      msg(
        'From: fbl@isp.example\nTo: abuse@example.org\nSubject: Undeliverable complaint\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary=f',
        '--f\nContent-Type: text/plain\n\nA complaint.\n--f\nContent-Type: message/feedback-report\n\nFeedback-Type: fraud\nOriginal-Rcpt-To: <dee@isp.example>\n--f--',
      ),
    );
    expect(r.kind).toBe('feedback');
    expect(r.recipients).toMatchObject([{ recipient: 'dee@isp.example', reason: 'feedback', feedbackType: 'fraud', action: null, status: null }]);
  });
});
