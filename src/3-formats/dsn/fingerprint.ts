// Generators whose bounces are plain RFC 3464 reports: the standard reader does the work;
// each module of this folder names its generator (`format`) from its fingerprint and adds
// what only that generator says (SendGrid's "Action: expired", PowerMTA's bounce categories,
// amavisd-new's subject). A fingerprint is declared as data, once; dsnGenerator() makes the
// module.
import type { BounceMessage } from '../../2-mime/message.js';
import { parseRfc3464 } from '../readers/rfc3464.js';
import { EVERY_MESSAGE, type FormatModule, type Markers, type ParsedReport } from '../readers/types.js';

export interface Fingerprint {
  id: string;
  description: string;
  /** score when the fingerprint is present (default 40, the hint band: above the standard reader; score.ts) */
  score?: number;
  /** one of these must be in the message; without `test`, one is enough (EVERY_MESSAGE: `test` alone decides) */
  markers: Markers | typeof EVERY_MESSAGE;
  /** what else must hold (the whole fingerprint where it is not a plain list of markers) */
  test?(msg: BounceMessage, text: string): boolean;
  refine?(report: ParsedReport, msg: BounceMessage): void;
  /** the generator's bounce without a delivery-status part, when it writes one */
  text?(msg: BounceMessage): ParsedReport | null;
}

/** A header's first value, lower case. */
export const header = (msg: BounceMessage, name: string) => (msg.headers.get(name) ?? '').toLowerCase();
/** A raw per-recipient field by case-insensitive name. */
export const field = (fields: Record<string, string> | undefined, name: string) => Object.entries(fields ?? {}).find(([k]) => k.toLowerCase() === name)?.[1]?.trim().toLowerCase() ?? '';

export function dsnGenerator(fp: Fingerprint): FormatModule {
  return {
    id: fp.id,
    description: fp.description,
    markers: fp.markers,
    score(msg) {
      if (!msg.deliveryStatus.length && !fp.text) return 0;
      if (fp.test && !fp.test(msg, msg.lowerHead)) return 0;
      return fp.score ?? 40;
    },
    parse(msg, ctx) {
      if (!msg.deliveryStatus.length) return fp.text ? fp.text(msg) : null;
      const report = parseRfc3464(msg, fp.id, ctx.limits);
      if (report && fp.refine) fp.refine(report, msg);
      return report;
    },
  };
}
