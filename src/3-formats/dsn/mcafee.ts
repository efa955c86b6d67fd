// McAfee Email Gateway / Email and Web Security bounces (X-NAI-Header, deliveryproblems.txt)
import { dsnGenerator } from './fingerprint.js';
import { parseSendmailText } from '../sendmail/sendmail.js';
import { EVERY_MESSAGE } from '../readers/types.js';

export const mcafee = dsnGenerator({
  id: 'mcafee',
  description: 'McAfee Email Gateway / Email and Web Security bounces (X-NAI-Header, deliveryproblems.txt)',
  // a leaf's file name is no marker kind: the test alone decides
  markers: EVERY_MESSAGE,
  // [SOE lhost-mcafee-*]
  // (the part's name parameter is its file name; leaf headers are not parsed for this)
  test: (msg) => msg.headers.has('x-nai-header') || msg.leaves.some((l) => l.filename === 'deliveryproblems.txt'),
  // the same "--- The following addresses had delivery problems ---" list without the DSN part
  text: (msg) => parseSendmailText(msg, 'mcafee'),
});
