// Active!Hunter, a Japanese mail filter whose bounces copy Sendmail's text layout.
import { hasMarker } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';
import { parseSendmailText, SECTION_MARKERS } from './sendmail.js';

/** Active!Hunter (Japanese filter) [SOE lhost-activehunter-*]: boundary "Active!Hunter", ">>> addr <addr>" lines. */
const ACTIVEHUNTER_BOUNDARY = 'Active!Hunter';
const ACTIVEHUNTER_SUBJECT = 'FAILURE NOTICE :';
export const activehunter: FormatModule = {
  id: 'activehunter',
  description: 'Active!Hunter bounces (sendmail-like text, boundary "Active!Hunter", subject "FAILURE NOTICE :")',
  markers: { boundary: [ACTIVEHUNTER_BOUNDARY], subject: [ACTIVEHUNTER_SUBJECT.toLowerCase()] },
  score(msg) {
    if (!(msg.contentParams.boundary ?? '').includes(ACTIVEHUNTER_BOUNDARY) && !msg.subject.startsWith(ACTIVEHUNTER_SUBJECT)) return 0;
    return hasMarker(msg.lowerHead, SECTION_MARKERS) ? 80 : 0;
  },
  parse: (msg) => parseSendmailText(msg, 'activehunter'),
};
