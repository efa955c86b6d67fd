// AOL bounces (Postmaster@AOL.com, Diagnostic-Code type X-Outbound-Mail-Relay)
import { dsnGenerator } from './fingerprint.js';

export const aol = dsnGenerator({
  id: 'aol',
  description: 'AOL bounces (Postmaster@AOL.com, Diagnostic-Code type X-Outbound-Mail-Relay)',
  // native-formats.md §5.4 [SOE rhost-aol-*]
  score: 70,
  markers: { from: ['@aol.com'] },
  test: (msg) => msg.lowerDeliveryStatus.includes('x-outbound-mail-relay'),
});
