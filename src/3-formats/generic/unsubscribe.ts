// A request to leave a mailing list, sent by a mail client (issue 15 item 6): not a bounce.
// RFC 2369 §3.2 List-Unsubscribe gives a mailto URL ("<mailto:list-request@host?subject=
// unsubscribe>"); a client that follows it (RFC 6068: the URL's subject and body become the
// message's) sends a message whose Subject is that command. RFC 8058's one-click header
// (List-Unsubscribe-Post: List-Unsubscribe=One-Click) asks for an HTTPS POST instead, and
// clients fall back to the mailto URL when there is no HTTPS one. Such a message comes back
// to the list's (often the bounce-handling) address: it is reported as feedback, type
// "unsubscribe", for the address that asked to leave (its From).
import type { BounceMessage } from '../../2-mime/message.js';
import { findAddress } from '../readers/native-text.js';
import { daemonSender } from './automated.js';
import type { FormatModule } from '../readers/types.js';

// the command words list managers take in the Subject (RFC 2369 §3.2's example "unsubscribe";
// Mailman's and Sympa's "unsubscribe"/"signoff"/"leave", Majordomo's "unsubscribe")
const COMMAND = /^\s{0,4}(?:unsubscribe|signoff|leave|remove me)\b/i;
// a request is short: a command and perhaps a client's one-line signature
const MAX_TEXT = 2000;

export function isUnsubscribeRequest(msg: BounceMessage): boolean {
  if (msg.deliveryStatus.length || msg.reportType) return false;
  if (!COMMAND.test(msg.subject) || daemonSender(msg)) return false;
  return msg.text.trim().length <= MAX_TEXT;
}

export const unsubscribe: FormatModule = {
  id: 'unsubscribe',
  description: 'a request to leave a mailing list sent by a mail client (RFC 2369 List-Unsubscribe mailto, RFC 8058): kind feedback, type unsubscribe',
  markers: { subject: ['unsubscribe', 'signoff', 'leave', 'remove me'] },
  // hint band (score.ts): the subject alone says what it is
  score: (msg) => (isUnsubscribeRequest(msg) ? 30 : 0),
  parse(msg) {
    const recipient = findAddress(msg.headers.get('from')) ?? findAddress(msg.headers.get('sender')) ?? findAddress(msg.headers.get('return-path'));
    if (!recipient) return null;
    return { kind: 'feedback', format: 'unsubscribe', recipients: [{ recipient, feedbackType: 'unsubscribe', hint: msg.subject || null }] };
  },
};
