// A delay warning states how long the reporting MTA keeps the message in its queue; with the
// arrival date that gives the date after which it stops retrying, RFC 3464 §2.3.9's
// Will-Retry-Until, when the report does not state that field itself.
import { toIsoDate } from '../../0-core/address.js';

/** The sentences that state the queue lifetime, as the generators word them. */
const LIFETIME_CUES: ReadonlyArray<{ cue: string; from: string }> = [
  // "Will keep trying until message is %s old", %s from pintvl(): "5 days", "1 week, 2 days"
  { cue: 'will keep trying until message is ', from: 'sendmail envelope.c / deliver.c (queue warning)' },
  // "It will be retried until it is $maximal_queue_lifetime_days day(s) old." (2.3 and later),
  // "It will be retried until it is %.1f days old." (earlier bounce_notify_util.c)
  { cue: 'it will be retried until it is ', from: 'Postfix bounce_template.c default delay_template' },
];

const UNIT_MS: Readonly<Record<string, number>> = {
  week: 7 * 86_400_000,
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1_000,
};
// one "<number> <unit>" piece; bounded quantifiers, no nesting
const PIECE = /(\d{1,4}(?:\.\d{1,2})?)\s{0,3}(week|day|hour|minute|second)/g;

/** The stated queue lifetime in milliseconds, null when the text states none. */
export function statedLifetime(text: string): number | null {
  const low = text.toLowerCase().replace(/\s+/g, ' ');
  for (const { cue } of LIFETIME_CUES) {
    const at = low.indexOf(cue);
    if (at === -1) continue;
    const rest = low.slice(at + cue.length, at + cue.length + 80);
    const end = rest.indexOf(' old');
    if (end === -1) continue;
    let ms = 0;
    for (const m of rest.slice(0, end).matchAll(PIECE)) ms += Number(m[1]) * UNIT_MS[m[2]];
    if (ms > 0) return ms;
  }
  return null;
}

/** Arrival date plus the stated lifetime, as ISO 8601; null when either is missing. */
export function retryUntil(arrival: string | null | undefined, text: string): string | null {
  const start = toIsoDate(arrival);
  const life = statedLifetime(text);
  if (!start || life === null) return null;
  return new Date(Date.parse(start) + life).toISOString();
}
