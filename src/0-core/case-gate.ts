// May text.toLowerCase() contain one of a few ASCII phrases? Asked of the text as it is, so that
// a text is lower-cased (a copy made) only where a phrase may be in it: the format markers'
// header values and delivery-status text (3-formats/readers/markers.ts).
//
// Why the answer holds: lower-casing maps each ASCII character to one ASCII character (its
// small letter), and no character past ASCII to text holding an ASCII one but U+0130 (to "i"
// and a combining dot) and the Kelvin sign U+212A (to "k") (Unicode's case mappings; the tests
// check every code point). So where neither is in the text, the lower-cased text holds a phrase
// of ASCII exactly where the text holds it ASCII case aside; and a regular expression with the
// i flag and without u matches ASCII case aside and folds no character past ASCII to one in it
// (ECMA-262 Canonicalize). Where one of the two is in the text and a phrase holds its letter,
// the answer is "may".

export interface CaseGate {
  readonly phrases: readonly string[];
  /** any of the phrases, ASCII case aside */
  readonly pattern: RegExp;
  /** does a phrase hold an "i" (that U+0130 lower-cases to), a "k" (the Kelvin sign)? */
  readonly dottedI: boolean;
  readonly kelvin: boolean;
}

/** `phrases`: ASCII without capitals or line ends, none empty. */
export function caseGate(phrases: readonly string[]): CaseGate {
  if (!phrases.length) throw new Error('caseGate: no phrase');
  for (const p of phrases) if (!/^[\t\x20-@[-~]+$/.test(p)) throw new Error(`caseGate: not a phrase of ASCII without capitals: ${JSON.stringify(p)}`);
  const pattern = new RegExp(phrases.map((p) => p.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')).join('|'), 'i');
  return { phrases, pattern, dottedI: phrases.some((p) => p.includes('i')), kelvin: phrases.some((p) => p.includes('k')) };
}

/** False only when text.toLowerCase() holds none of the gate's phrases. */
export function mayContain(gate: CaseGate, text: string): boolean {
  return gate.pattern.test(text) || (gate.dottedI && text.includes('\u0130')) || (gate.kelvin && text.includes('\u212a'));
}
