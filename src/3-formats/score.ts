// How sure a format module is that a message is its generator's: the bands its score() returns,
// and the few places where one module must outrank another. The registry asks score() only of
// the modules one of whose markers holds (readers/markers.ts), parses with the highest first,
// and lets the next one try when a parser finds nothing; equal scores keep registry order.
//
//   band        range   what the module has seen
//   lastResort   1-9    no generator, only that the message looks like a report of some kind
//                       (the generic text reader 3, auto-replies 2)
//   standard    10-29   a standard structure any generator writes (the RFC 3464 reader 10)
//   hint        30-59   a generator's name from soft evidence: its sender or host beside a
//                       standard DSN, a subject, one sentence shared with relatives
//   layout      60-79   the generator's own layout: its intro and its recipient blocks
//   signature   80-99   what only that generator writes: its own header, its sender domain
//                       together with its layout, its exact intro line
//
// Modules that add up evidence (Exim, Sendmail) stay inside 1-99 (clampScore).
//
// Cross-module precedences, each settled by the bands above and registry order:
// - arf (95) outranks every bounce reader: a feedback report may quote a bounce's text.
// - a generator outranks the RFC 3464 reader (10), whose rows it refines with its own text.
// - generators that run on another's software outrank it: sendgrid, aol, apple, facebook and
//   yandex (70) over postfix (60), whose templates their MTAs write; mxlogic (70/85), mailru
//   (80), gmx (85) and einsundeins (86) over a plain exim reading of the same layout when their
//   sender or headers name them; receivingses (85) over amazonses (80), since SES's sending
//   headers are on messages it receives too.
// - googlegroups (85) over gmail (80): both come from Google's senders; a group's notice has
//   no per-recipient list.
// - einsundeins (86) over gmx (85): one United Internet layout, told apart by sender domain.
// - the generic text reader (3) over auto-replies (2): a failure notice that also carries
//   auto-reply headers is a failure notice.

const BANDS = {
  lastResort: [1, 9],
  standard: [10, 29],
  hint: [30, 59],
  layout: [60, 79],
  signature: [80, 99],
} as const;

export const MAX_SCORE = BANDS.signature[1];

/** An additive score kept inside the bands (0 stays 0: not this module's). */
export function clampScore(score: number): number {
  return score > MAX_SCORE ? MAX_SCORE : score;
}
