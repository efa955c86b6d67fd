// Facebook bounces (mailer-daemon@*.facebook.com, postmaster.facebook.com response codes)
import { dsnGenerator } from './fingerprint.js';

export const facebook = dsnGenerator({
  id: 'facebook',
  description: 'Facebook bounces (mailer-daemon@*.facebook.com, postmaster.facebook.com response codes)',
  // [SOE rhost-facebook-*]
  score: 70,
  markers: { from: ['facebook.com'] },
  test: (msg) => msg.lowerFrom.includes('mailer-daemon'),
});
