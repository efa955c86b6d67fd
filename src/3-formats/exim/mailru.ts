// Mail.ru (docs/formats.md#exim, docs/formats.md#non-english-bounces, docs/formats.md#x-failed-recipients): Exim underneath, with a Russian preface that
// repeats the recipient list before the English Exim text; newer bounces name the failed
// addresses in X-Mailer-Daemon-Recipients as well as X-Failed-Recipients.
import { hasMarker } from '../readers/native-text.js';
import { EXIM_INTRO, parseExim } from './exim.js';
import type { FormatModule } from '../readers/types.js';

// [SOE lhost-mailru-01..09] the Russian preface ("created automatically by the Mail.Ru server")
const PREFACE = ['сервером mail.ru'];
const RECIPIENTS_HEADER = 'x-mailer-daemon-recipients';
// the Russian list opener, used only when the English Exim text is missing
const RUSSIAN_START = ['одному или нескольким получателям:'];

export const mailru: FormatModule = {
  id: 'mailru',
  description: 'Mail.ru bounces: Russian preface followed by the Exim text (X-Failed-Recipients, X-Mailer-Daemon-Recipients)',
  markers: { headers: [RECIPIENTS_HEADER], text: [...PREFACE, EXIM_INTRO] },
  score(msg) {
    const from = msg.lowerFrom;
    const lower = msg.lowerHead;
    if (msg.headers.has(RECIPIENTS_HEADER)) return 80;
    if (hasMarker(lower, PREFACE)) return 80;
    if (from.includes('@corp.mail.ru') && hasMarker(lower, [EXIM_INTRO])) return 80;
    return 0;
  },
  parse(msg, ctx) {
    // the English Exim list first (it has the full wording), else the Russian one
    return parseExim(msg, ctx, 'mailru') ?? parseExim(msg, ctx, 'mailru', RUSSIAN_START);
  },
};
