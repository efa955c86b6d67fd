// Provider rules: reasons that depend on who refused the message
// (docs/formats.md#provider-rules). Large mailbox providers and filtering gateways publish
// their own error references (Exchange Online's NDR table, Gmail's SMTP errors, Yahoo's sender hub, Cox's
// "AUP#CXBL", Orange's "OFR_416") or use wordings that mean something specific coming from
// them (au and docomo answer "User unknown" when the subscriber's reception filter refuses
// a sender; Exchange Online's "Recipient address rejected: Access denied" is an unknown
// recipient). A provider is recognised by the remote MTA's host name, then the recipient's
// domain (or, for reports that name neither, by a wording of its own); its table then names
// the reason and the published entry it comes from. Tables are data, one file a provider
// under providers/, each entry citing its page.
import { PREPARED_MAX, prepareText } from '../0-core/text.js';
import { keysAfterWarmUp, NO_KEY, TrigramSet, trigramKeys, trigrams } from './trigram-keys.js';
import type { Reason } from '../0-core/schema.js';
import { aol } from './providers/aol.js';
import { apple } from './providers/apple.js';
import { kddiProvider, nttdocomoProvider } from './providers/carriers.js';
import { facebook } from './providers/facebook.js';
import { barracuda, cisco, proofpoint } from './providers/gateways.js';
import { google } from './providers/google.js';
import { iua } from './providers/iua.js';
import { comcastProvider, gmx, mailru, yandex, zoho } from './providers/isp-pages.js';
import { coxProvider, godaddyProvider, orangeProvider, spectrumProvider } from './providers/isp-codes.js';
import { messagelabs } from './providers/messagelabs.js';
import { microsoft } from './providers/microsoft.js';
import { mimecast } from './providers/mimecast.js';
import { tencent } from './providers/tencent.js';
import type { Provider, ProviderInput, ProviderText } from './providers/types.js';
import { yahoo } from './providers/yahoo.js';

export type { ProviderInput } from './providers/types.js';

/** Which provider's entry decided a reason, and where that entry is published. */
export interface ProviderRule {
  reason: Reason;
  provider: string;
  from: string;
}

// The order matters only for wordings (signatures) when no host is known: the first
// provider whose signature occurs decides.
const PROVIDERS: readonly Provider[] = [
  coxProvider,
  spectrumProvider,
  orangeProvider,
  godaddyProvider,
  facebook,
  google,
  messagelabs,
  mimecast,
  tencent,
  kddiProvider,
  nttdocomoProvider,
  microsoft,
  yahoo,
  aol,
  apple,
  cisco,
  proofpoint,
  barracuda,
  comcastProvider,
  gmx,
  mailru,
  yandex,
  zoho,
  iua,
];

/** The provider tables, in the order their signatures are tried (read-only: for tests and listings). */
export const PROVIDER_TABLES: readonly Provider[] = PROVIDERS;

// every provider host → its provider (a host named twice is a mistake in the tables)
const BY_HOST = new Map<string, Provider>();
for (const p of PROVIDERS) {
  for (const h of p.hosts) {
    if (BY_HOST.has(h)) throw new Error(`provider host ${h} named twice`);
    BY_HOST.set(h, p);
  }
}

function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at === -1 ? null : address.slice(at + 1).toLowerCase();
}

/** A host name as providerByHost reads it: lower case, without the root's trailing dot. */
function hostName(host: string | null): string | null {
  if (!host) return null;
  const h = host.toLowerCase();
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/**
 * The provider of `h` (a hostName) or of the nearest domain above it: `h` and each name
 * after one of its dots looked up, most specific first, a few lookups instead of every
 * provider's every host compared.
 */
function providerByHost(h: string | null): Provider | null {
  if (!h) return null;
  for (let from = 0; from !== -1; ) {
    const hit = BY_HOST.get(from === 0 ? h : h.slice(from));
    if (hit) return hit;
    const dot = h.indexOf('.', from);
    from = dot === -1 ? -1 : dot + 1;
  }
  return null;
}

/** The remote MTA's host name: what stands before a space or a "[" (an address literal after the name). */
function remoteHost(remoteMta: string): string {
  // a plain host name (nearly all of them) is itself: the split is only run where a
  // character it cuts at, or one beyond ASCII (where \s has more members), is met
  for (let i = 0; i < remoteMta.length; i++) {
    const c = remoteMta.charCodeAt(i);
    if (c <= 0x20 || c === 0x5b || c >= 0x7f) return remoteMta.split(/[\s[]/, 1)[0];
  }
  return remoteMta;
}

// the providers with wordings of their own, in table order (two thirds have none)
const SIGNED = PROVIDERS.filter((p) => p.signatures?.length);

// Every provider's wordings, each with its trigram key (trigram-keys.ts): a gate before the
// search per wording, as most texts carry none. One read of the text and a bit test a wording
// instead of 17 searches: over the corpus' diagnostics ~580 -> ~350 ns a text (in-process).
const SIGNATURES = SIGNED.flatMap((p) => p.signatures!);
const signatureKeysOf = keysAfterWarmUp(() => trigramKeys(SIGNATURES.map((s) => [s])));
const signatureTrigrams = new TrigramSet();

/**
 * Can a signature's key be looked for in the prepared text (preparedFrom) instead of the
 * folded one? Preparing drops reply-code prefixes ("550-", "550 5.1.1 ": a digit first, then
 * digits, '-', '.', ' ') and the spaces at either end. A signature with no digit that starts
 * with none of '-', '.', ' ' and does not end with a space cannot hold the first character
 * of a dropped prefix, nor start inside one, nor take in a dropped end space: wherever it
 * stands in the folded text it stands whole in the prepared one, with all its trigrams.
 * The others (".prod.outlook.com", "#5.1.0 address rejected") are searched for in every text.
 */
const keptByPreparing = (s: string) => !/[0-9]/.test(s) && !'-. '.includes(s[0]) && !s.endsWith(' ');
const preparedKeysOf = keysAfterWarmUp(() => {
  const keys = trigramKeys(SIGNATURES.map((s) => [s]));
  for (let i = 0; i < SIGNATURES.length; i++) if (!keptByPreparing(SIGNATURES[i])) keys[i] = NO_KEY;
  return keys;
});

/**
 * Does lower-cased `text` carry any provider's own wording (a signature)? With `prepared`
 * (preparedFrom(text), of the whole text), the keys are looked for in the trigram set the
 * component codes and the phrase tables read next (trigram-keys.ts `trigrams`): one read of
 * the diagnostic for all three instead of one more of its folded form a row (classifyRow over
 * the corpus' rows, warm, in-process A/B: see the commit).
 */
export function carriesSignature(text: string, prepared?: string): boolean {
  const sieve = prepared === undefined ? signatureTrigrams : trigrams;
  const signatureKeys = prepared === undefined ? signatureKeysOf() : preparedKeysOf();
  if (signatureKeys === undefined) return SIGNATURES.some((s) => text.includes(s));
  sieve.read(prepared ?? text);
  for (let i = 0; i < SIGNATURES.length; i++) if (sieve.mayHold(signatureKeys[i]) && text.includes(SIGNATURES[i])) return true;
  return false;
}

/** The question the providers are asked, made once a row (only when one is asked). */
function question(input: ProviderInput): ProviderText {
  // written out, not spread from `input`: a spread copy was a third of the time of a row's question
  return { recipient: input.recipient, remoteMta: input.remoteMta, text: input.text, raw: input.raw, status: input.status, smtpCommand: input.smtpCommand, prepared: input.prepared ?? prepareText(input.raw || input.text) };
}

/**
 * The provider entry that decides this failure's reason, or null when none does. The
 * providers a failure may come from are asked, most likely first: the remote MTA's, the
 * recipient domain's, then those whose own wordings the text carries (a gateway in front of
 * a mailbox provider may pass on the provider's reply; a relay may quote it). The wordings
 * are looked for only when the hosts' tables had nothing to say.
 */
export function providerRule(input: ProviderInput): ProviderRule | null {
  // (a plain sequence, not the generator of candidates it replaces: that generator and its
  // regular expression were half of this function's time, ~2 us a row)
  if (!input.text) return null;
  let text: ProviderText | null = null;
  const verdictOf = (provider: Provider): ProviderRule | null => {
    const verdict = provider.decide((text ??= question(input)));
    return verdict ? { reason: verdict.reason, provider: provider.name, from: verdict.from } : null;
  };
  const remote = providerByHost(hostName(input.remoteMta ? remoteHost(input.remoteMta) : null));
  const fromRemote = remote && verdictOf(remote);
  if (fromRemote) return fromRemote;
  const domain = providerByHost(hostName(domainOf(input.recipient)));
  const fromDomain = domain && domain !== remote && verdictOf(domain);
  if (fromDomain) return fromDomain;
  // the prepared text stands for the whole folded one only when the diagnostic was not cut (prepareText)
  if (!carriesSignature(input.text, input.prepared !== undefined && input.raw.length <= PREPARED_MAX ? input.prepared : undefined)) return null;
  for (const p of SIGNED) {
    if (p === remote || p === domain || !p.signatures!.some((s) => input.text.includes(s))) continue;
    const rule = verdictOf(p);
    if (rule) return rule;
  }
  return null;
}

/** The reason a provider's own codes or wording give for this failure, or null. */
export function reasonFromRemoteHost(input: ProviderInput): Reason | null {
  return providerRule(input)?.reason ?? null;
}
