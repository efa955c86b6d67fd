// au (KDDI, ezweb) and NTT docomo: both answered "User unknown" also when the subscriber's
// reception filter refused a sender. sendmail's relay reads the two apart by itself (5.1.1
// for a refusal naming the address, 5.2.0 for a filter's answer; corpus lhost-sendmail-49
// vs rhost-kddi-01), so its status is read first.
import type { Reason } from '../../0-core/schema.js';
import type { Provider, ProviderText, Verdict } from './types.js';

const KDDI = "au (KDDI) mail: the reception filter's refusal";
const DOCOMO = "NTT docomo mail: the reception filter's refusal";

function other(text: string, page: string): Verdict | null {
  if (text.includes('too much mail data')) return { reason: 'mailboxfull', from: `${page}: "too much mail data" (the mailbox's data limit)` };
  if (text.includes('too many recipients')) return { reason: 'toomanyconn', from: `${page}: "too many recipients"` };
  return null;
}

function saysUnknown(input: ProviderText): boolean {
  return input.text.includes('user unknown') || input.text.includes('unknown user');
}

const verdict = (reason: Reason, from: string): Verdict => ({ reason, from });

// au answers an unknown user with "550 <addr>: User unknown" at RCPT, and its filter with an
// anonymous "550 : User unknown" (which sendmail's transcripts may show after ">>> DATA", as
// pipelined replies come late): the form tells them apart, not the stage.
function kddi(input: ProviderText): Verdict | null {
  if (!saysUnknown(input)) return other(input.text, KDDI);
  if (input.status?.endsWith('.1.1')) return verdict('userunknown', `${KDDI}: status 5.1.1 with "User unknown" names the address`);
  if (input.status?.endsWith('.2.0')) return verdict('filtered', `${KDDI}: status 5.2.0 with "User unknown" is the filter's answer`);
  const address = input.recipient ? input.recipient.toLowerCase() : null;
  return address && input.text.includes(address)
    ? verdict('userunknown', `${KDDI}: "<address>: User unknown" names the address`)
    : verdict('filtered', `${KDDI}: an anonymous ": User unknown" is the filter's answer`);
}

// docomo names the address in both answers ("550 Unknown user <addr>"): the stage tells. At
// RCPT the user is missing; after end of DATA the address had been accepted, so it was the
// filter, which refused chosen senders and sender domains (the "specified reception /
// refusal" settings) until March 2025, when docomo stopped refusing in SMTP (go-sisimai
// rhost/for-nttdocomo.go notes, its issue #64): a refused sender (corpus rhost-nttdocomo-03).
function nttdocomo(input: ProviderText): Verdict | null {
  if (!saysUnknown(input)) return other(input.text, DOCOMO);
  if (input.status?.endsWith('.1.1')) return verdict('userunknown', `${DOCOMO}: status 5.1.1 with "Unknown user" names the address`);
  if (input.status?.endsWith('.2.0')) return verdict('filtered', `${DOCOMO}: status 5.2.0 with "Unknown user" is the filter's answer`);
  const command = input.smtpCommand?.toUpperCase() ?? null;
  if (command === 'DATA') return verdict('rejected', `${DOCOMO}: "Unknown user" after DATA refuses the sender`);
  if (command === 'RCPT') return verdict('userunknown', `${DOCOMO}: "Unknown user" at RCPT TO`);
  return null;
}

export const kddiProvider: Provider = { name: 'kddi', hosts: ['ezweb.ne.jp', 'au.com'], decide: kddi };
export const nttdocomoProvider: Provider = { name: 'nttdocomo', hosts: ['docomo.ne.jp'], decide: nttdocomo };
