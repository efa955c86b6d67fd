// Synthetic bounces for sizes the corpus lacks: many recipients, long diagnostics, big
// returned originals. Used by the benchmark's scaling measure and the hostile cases.

const CRLF = '\r\n';

export interface DsnParts {
  human?: string;
  /** headers of the delivery-status part (default: Content-Type: message/delivery-status) */
  dsHeaders?: string;
  /** the returned part: text/rfc822-headers by default */
  returnedType?: string;
  returned?: string | Buffer;
  boundary?: string;
}

/** A DSN (multipart/report) around the given delivery-status body. */
export function dsn(deliveryStatus: string | Buffer, opts: DsnParts = {}): Buffer {
  const b = opts.boundary ?? 'BOUNDARY-synthetic';
  const head = [
    'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Tue, 10 Mar 2026 09:15:02 +0100',
    'Message-ID: <synthetic@mx.example.org>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    opts.human ?? 'Your message could not be delivered.',
    '',
    `--${b}`,
    opts.dsHeaders ?? 'Content-Type: message/delivery-status',
    '',
    '',
  ].join(CRLF);
  const returned = opts.returned ?? 'From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: hello\r\nMessage-ID: <orig@example.org>';
  const mid = ['', `--${b}`, `Content-Type: ${opts.returnedType ?? 'text/rfc822-headers'}`, '', ''].join(CRLF);
  const tail = `${CRLF}--${b}--${CRLF}`;
  const buf = (x: string | Buffer) => (Buffer.isBuffer(x) ? x : Buffer.from(x, 'latin1'));
  return Buffer.concat([buf(head), buf(deliveryStatus), buf(mid), buf(returned), buf(tail)]);
}

export const PER_MESSAGE = `Reporting-MTA: dns; mx.example.org${CRLF}Arrival-Date: Tue, 10 Mar 2026 09:15:01 +0100${CRLF}${CRLF}`;

export function recipientGroup(addr: string, extra = ''): string {
  return `Final-Recipient: rfc822; ${addr}${CRLF}Action: failed${CRLF}Status: 5.1.1${CRLF}Remote-MTA: dns; mx.example.net${CRLF}Diagnostic-Code: smtp; 550 5.1.1 <${addr}>: user unknown${CRLF}${extra}`;
}

/** A Postfix-like DSN with `n` failed recipients, each also named in the human-readable part. */
export function manyRecipients(n: number): Buffer {
  const groups: string[] = [];
  const human: string[] = ['This is the mail system at host mx.example.org.', ''];
  for (let i = 0; i < n; i++) {
    const a = `user${i}@example.net`;
    groups.push(recipientGroup(a));
    human.push(`<${a}>: host mx.example.net[192.0.2.25] said: 550 5.1.1 <${a}>: Recipient address rejected: User unknown (in reply to RCPT TO command)`, '');
  }
  return dsn(PER_MESSAGE + groups.join(CRLF), { human: human.join(CRLF) });
}

/** A one-recipient DSN returning the whole original, padded with a base64 attachment to about `bytes`. */
export function bigOriginal(bytes: number): Buffer {
  const small = dsn(PER_MESSAGE + recipientGroup('big@example.net'), { returnedType: 'message/rfc822', returned: '' });
  const headers = 'From: sender@example.org\r\nTo: big@example.net\r\nSubject: the quarterly report\r\nMessage-ID: <big@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="inner"\r\n\r\n--inner\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--inner\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n';
  const pad = Math.max(0, bytes - small.length - headers.length - 12);
  const line = `${'QUJDRA'.repeat(12)}QUJD\r\n`; // 78 bytes of base64
  const body = line.repeat(Math.ceil(pad / line.length)).slice(0, pad);
  return dsn(PER_MESSAGE + recipientGroup('big@example.net'), { returnedType: 'message/rfc822', returned: `${headers}${body}\r\n--inner--` });
}
