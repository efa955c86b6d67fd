// SurfControl E-mail Filter bounces
import { dsnGenerator, header } from './fingerprint.js';

const SURFCONTROL = 'surfcontrol';
const SURFCONTROL_HEADER = 'x-sef-processed';

export const surfcontrol = dsnGenerator({
  id: 'surfcontrol',
  description: 'SurfControl E-mail Filter bounces',
  // [SOE lhost-surfcontrol-*]
  // the first X-Mailer names it
  markers: { headerValues: [['x-mailer', SURFCONTROL]], headers: [SURFCONTROL_HEADER] },
  test: (msg) => header(msg, 'x-mailer').includes(SURFCONTROL) || msg.headers.has(SURFCONTROL_HEADER),
});
