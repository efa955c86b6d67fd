// SendGrid (X-SendGrid-QueueID in the DSN, "Action: expired")
import { dsnGenerator, field } from './fingerprint.js';

export const sendgrid = dsnGenerator({
  id: 'sendgrid',
  description: 'SendGrid (X-SendGrid-QueueID in the DSN, "Action: expired")',
  score: 70, // its subject and layout copy Postfix's
  // [SOE lhost-sendgrid-*]
  markers: { text: ['this is an automatically generated message from sendgrid'], deliveryStatus: ['x-sendgrid-queueid'] },
  refine(report) {
    // SendGrid's non-standard "Action: expired": it gave up retrying (docs/formats.md#action-and-status-disagree)
    for (const r of report.recipients) if (field(r.fields, 'action') === 'expired') r.reason = 'expired';
  },
});
