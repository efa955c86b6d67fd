// The shapes shared by the provider tables (rhost.ts): what a table is asked about, what
// it answers, and the rows it is written in.
import type { Reason } from '../../0-core/schema.js';

export interface ProviderInput {
  recipient: string | null;
  remoteMta: string | null;
  /** diagnostic text, lower-cased */
  text: string;
  /** the diagnostic as written (codes keep their case) */
  raw: string;
  status: string | null;
  smtpCommand: string | null;
  /** the diagnostic prepared as the tables read it (ProviderText.prepared: prepareText(raw), with `text` lowerSpaced(raw)), when the caller has made it already */
  prepared?: string;
}

/** What decided: the reason and the published entry it comes from. */
export interface Verdict {
  reason: Reason;
  from: string;
}

/**
 * A lower-case wording, or an ordered pair [a, b]: a, then b within PAIR_GAP characters
 * (for wordings with an address or a host name in the middle).
 */
export type Phrase = string | readonly [string, string];

/** One published wording and the reason it names, with where it is published. */
export interface Rule {
  phrase: Phrase;
  reason: Reason;
  from: string;
}

/** A provider's own code (Cox "CXBL", Outlook.com "SC-001") and the reason it names. */
export interface CodeRule {
  reason: Reason;
  /** the page entry, when it says more than the table's page */
  note?: string;
}

/** The text as the tables read it, made once per question. */
export interface ProviderText extends ProviderInput {
  /** lower case, single spaces, the `550-5.1.1 ` prefixes of continued reply lines dropped */
  prepared: string;
}

export interface Provider {
  name: string;
  /** domain names matched against the remote MTA's host and the recipient's domain (and names below them) */
  hosts: readonly string[];
  /** lower-case wordings that identify the provider's own reports when no host is known */
  signatures?: readonly string[];
  /** the wordings the provider's table reads (for tests and listings; codes are read by decide) */
  rules?: readonly Rule[];
  decide(input: ProviderText): Verdict | null;
}
