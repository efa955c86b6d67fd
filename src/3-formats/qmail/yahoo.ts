// Yahoo! Mail's "Failure Notice": qmail's QSBMF layout with Yahoo's own introduction (qmail.ts reads it).
import type { FormatModule } from '../readers/types.js';
import { parseQmail, YAHOO_INTRO } from './qmail.js';

export const yahoo: FormatModule = {
  id: 'yahoo',
  description: 'Yahoo! Mail "Failure Notice" (qmail-style text: "Sorry, we were unable to deliver your message")',
  markers: { opening: [YAHOO_INTRO] },
  score(msg) {
    return msg.opening.startsWith(YAHOO_INTRO) ? 80 : 0;
  },
  parse(msg) {
    return parseQmail(msg, 'yahoo');
  },
};
