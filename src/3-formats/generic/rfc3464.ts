// Any RFC 3464 / RFC 6533 delivery status notification, whoever generated it: the standard
// reader (readers/rfc3464.ts) over the message/delivery-status part. A generator module
// that recognises the sender scores above it and refines what it reads (score.ts).
import { parseRfc3464 } from '../readers/rfc3464.js';
import type { FormatModule } from '../readers/types.js';

export const rfc3464: FormatModule = {
  id: 'rfc3464',
  description: 'RFC 3464 / RFC 6533 delivery status notification (multipart/report; report-type=delivery-status), any generator',
  markers: { hasDeliveryStatus: true },
  score: () => 10,
  parse(msg, ctx) {
    return parseRfc3464(msg, 'rfc3464', ctx.limits);
  },
};
