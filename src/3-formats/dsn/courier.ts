// Courier MTA (multipart/report, "running the Courier mail server")
import { dsnGenerator } from './fingerprint.js';

const COURIER_BOUNDARY = '=_courier_'; // [SOE lhost-courier-*] boundary "=_courier_0"
const COURIER_TEXT = 'running the courier mail server';
const COURIER_ID = '<courier.'; // Message-ID "<courier....>"

export const courier = dsnGenerator({
  id: 'courier',
  description: 'Courier MTA (multipart/report, "running the Courier mail server")',
  // [SOE lhost-courier-*] boundary "=_courier_0", Message-ID "<courier....>"
  markers: { boundary: [COURIER_BOUNDARY], text: [COURIER_TEXT], headerValues: [['message-id', COURIER_ID]] },
  test: (msg, text) => (msg.contentParams.boundary ?? '').startsWith(COURIER_BOUNDARY) || text.includes(COURIER_TEXT) || (msg.headers.get('message-id') ?? '').startsWith(COURIER_ID),
});
