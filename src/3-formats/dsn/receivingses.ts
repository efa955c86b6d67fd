// Amazon SES inbound (receiving) bounces (Reporting-MTA inbound-smtp.*.amazonaws.com)
import { dsnGenerator } from './fingerprint.js';

export const receivingses = dsnGenerator({
  id: 'receivingses',
  description: 'Amazon SES inbound (receiving) bounces (Reporting-MTA inbound-smtp.*.amazonaws.com)',
  score: 85, // SES headers (X-SES-Outgoing) are on these too: receiving wins over sending
  // [SOE lhost-receivingses-*]
  markers: { deliveryStatus: ['reporting-mta: dns; inbound-smtp.'] },
  test: (msg) => msg.lowerDeliveryStatus.includes('amazonaws.com'),
});
