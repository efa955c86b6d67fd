// Barracuda Spam Firewall bounces
import { dsnGenerator } from './fingerprint.js';

export const barracuda = dsnGenerator({
  id: 'barracuda',
  description: 'Barracuda Spam Firewall bounces',
  // [SOE lhost-barracuda-01] subject "**Message you sent blocked by our bulk email filter**"
  markers: { subject: ['blocked by our bulk email filter'], deliveryStatus: ['reporting-mta: dns; barracuda'] },
});
