// AOL bounces (Postmaster@AOL.com, Diagnostic-Code type X-Outbound-Mail-Relay)
import { dsnGenerator } from './fingerprint.js';

export const aol = dsnGenerator({
  id: 'aol',
  description: 'AOL bounces (Postmaster@AOL.com, Diagnostic-Code type X-Outbound-Mail-Relay)',
  // docs/formats.md#aol [SOE rhost-aol-*]
  score: 70,
  markers: { from: ['@aol.com'] },
  test: (msg) => msg.lowerDeliveryStatus.includes('x-outbound-mail-relay'),
});
