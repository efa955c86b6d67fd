// Symantec / Broadcom Email Security.cloud (MessageLabs) bounces
import { dsnGenerator } from './fingerprint.js';

export const messagelabs = dsnGenerator({
  id: 'messagelabs',
  description: 'Symantec / Broadcom Email Security.cloud (MessageLabs) bounces',
  // [SOE rhost-messagelabs-*] "This is the mail delivery agent at Symantec Email Security.cloud."
  markers: { text: ['mail delivery agent at symantec email security.cloud'], deliveryStatus: ['messagelabs.com'] },
});
