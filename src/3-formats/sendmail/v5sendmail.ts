// Sendmail 5.x: no MIME, the transcript and the unsent message in one text (sendmail.ts reads it).
import { hasMarker } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';
import { parseV5, SECTION_MARKERS, TRANSCRIPT } from './sendmail.js';

export const v5sendmail: FormatModule = {
  id: 'v5sendmail',
  description: 'Sendmail 5.x bounces: no MIME, "----- Transcript of session follows -----" then "----- Unsent message follows -----"',
  markers: { text: TRANSCRIPT },
  score(msg) {
    if (msg.deliveryStatus.length || msg.contentType.startsWith('multipart/')) return 0;
    const lower = msg.lowerHead;
    if (!hasMarker(lower, ['----- unsent message follows -----'])) return 0;
    return hasMarker(lower, SECTION_MARKERS) ? 0 : 70;
  },
  parse: parseV5,
};
