// Sendmail 5.x: no MIME, the transcript and the unsent message in one text (sendmail.ts reads it).
import { hasMarker } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';
import { parseV5, SECTION_MARKERS, TRANSCRIPT } from './sendmail.js';

// The line Sendmail 5's savemail.c errbody() writes after the transcript, whatever it returns:
// the whole message, its header only (SendBody off), or that none was collected (an empty
// envelope). Sendmail 8 writes the same texts inside its own banners (SECTION_MARKERS).
const V5_COPY_LINES = ['----- unsent message follows -----', '----- message header follows -----', '----- no message was collected -----'];

export const v5sendmail: FormatModule = {
  id: 'v5sendmail',
  description: 'Sendmail 5.x bounces: no MIME, "----- Transcript of session follows -----" then "----- Unsent message follows -----" (or "Message header follows", "No message was collected")',
  markers: { text: TRANSCRIPT },
  score(msg) {
    if (msg.deliveryStatus.length || msg.contentType.startsWith('multipart/')) return 0;
    const lower = msg.lowerHead;
    if (!hasMarker(lower, V5_COPY_LINES)) return 0;
    return hasMarker(lower, SECTION_MARKERS) ? 0 : 70;
  },
  parse: parseV5,
};
