// The queue lifetime a delay warning states, read from the generators' own sentences
// (sendmail envelope.c "Will keep trying until message is %s old" with pintvl()'s
// "<n> week(s), <n> day(s), ..." pieces; Postfix bounce_template.c "It will be retried until it
// is $maximal_queue_lifetime_days day(s) old", earlier "%.1f days old").
import { describe, expect, it } from 'vitest';
import { retryUntil, statedLifetime } from '../../src/3-formats/readers/retry-until.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('statedLifetime', () => {
  it("reads sendmail's pintvl() wording, one piece or several", () => {
    expect(statedLifetime('Will keep trying until message is 5 days old')).toBe(5 * DAY);
    expect(statedLifetime('Will keep trying until message is 1 week, 2 days old')).toBe(9 * DAY);
    expect(statedLifetime('Will keep trying until message is 1 day, 12 hours old')).toBe(36 * HOUR);
  });
  it("reads Postfix's template, current and before 2.3, across a line break", () => {
    expect(statedLifetime('It will be retried until it is 5 day(s) old.')).toBe(5 * DAY);
    expect(statedLifetime('It will be retried until it\nis 5.0 days old.')).toBe(5 * DAY);
  });
  it('gives null when no lifetime is stated', () => {
    expect(statedLifetime('Warning: message still undelivered after 4 hours')).toBeNull();
    expect(statedLifetime('Will keep trying until message is old')).toBeNull();
  });
});

describe('retryUntil', () => {
  it('adds the lifetime to the arrival date', () => {
    expect(retryUntil('Mon, 9 Mar 2026 10:00:00 +0100', 'Will keep trying until message is 5 days old')).toBe('2026-03-14T09:00:00.000Z');
  });
  it('needs both the arrival date and the lifetime', () => {
    expect(retryUntil(null, 'Will keep trying until message is 5 days old')).toBeNull();
    expect(retryUntil('Mon, 9 Mar 2026 10:00:00 +0100', 'no lifetime here')).toBeNull();
  });
});
