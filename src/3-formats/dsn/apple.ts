// Apple iCloud inbound bounces (Mailer-Daemon@*.apple.com)
import { dsnGenerator } from './fingerprint.js';

export const apple = dsnGenerator({
  id: 'apple',
  description: 'Apple iCloud inbound bounces (Mailer-Daemon@*.apple.com)',
  // [SOE rhost-apple-*]
  score: 70, // Apple's MXs run Postfix: the provider is the more specific name
  markers: { from: ['.apple.com'] },
  test: (msg) => msg.lowerFrom.includes('mailer-daemon@'),
});
