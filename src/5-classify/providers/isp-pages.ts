// Large ISPs' postmaster pages that name their replies by wording or by a block code:
// Comcast (ES/BL codes), GMX and WEB.DE (one company, one mail system), Mail.ru, Yandex and
// Zoho. Each entry cites the page; where the provider publishes no list of its own, the page
// that quotes its replies says so.
import { firstRule } from './match.js';
import type { Provider, ProviderText, Rule, Verdict } from './types.js';

// ---- Comcast: a block code in the 554/550 reply ("BL000010"), and two plain 421 texts
const COMCAST = 'Comcast postmaster "Mail delivery error codes" (postmaster.comcast.net/mail-error-codes.html)';
const COMCAST_RULES: readonly Rule[] = [
  { phrase: 'es000001', reason: 'blocked', from: `${COMCAST}: ES000001 (delivery from Comcast's dynamic/residential space)` },
  { phrase: 'es000010', reason: 'blocked', from: `${COMCAST}: ES000010 (delivery from external dynamic/residential space)` },
  { phrase: 'bl000000', reason: 'blocked', from: `${COMCAST}: BL000000 (the address sent mail in patterns characteristic of spam)` },
  { phrase: 'too many sessions opened', reason: 'toomanyconn', from: `${COMCAST}: 421 "Too many sessions opened" (simultaneous connections limit)` },
  { phrase: 'reverse dns failure', reason: 'requireptr', from: `${COMCAST}: 421 "Reverse DNS failure : Try again later" (a valid rDNS is required)` },
];

function comcast(input: ProviderText): Verdict | null {
  const hit = firstRule(input.prepared, COMCAST_RULES);
  if (hit) return hit;
  // BL000001 .. BL000111: the sending address is on Spamhaus ZEN, Cloudmark CSI or
  // SenderScore (the digits say which lists)
  const at = input.prepared.indexOf('bl000');
  if (at !== -1 && /^bl000[01]{3}\b/.test(input.prepared.slice(at, at + 9))) {
    return { reason: 'blocked', from: `${COMCAST}: ${input.prepared.slice(at, at + 8).toUpperCase()} (listed on a block list: Spamhaus ZEN, Cloudmark CSI or SenderScore)` };
  }
  return null;
}

// ---- GMX / WEB.DE
const GMX = 'GMX postmaster "Error messages" (postmaster.gmx.com/en/error-messages)';
const WEBDE_TEXTS = 'provider bounce texts collected by sitepackage.de "Typische Fehlermeldungen bei Unzustellbarkeit"';
const GMX_RULES: readonly Rule[] = [
  { phrase: 'ip address is block listed', reason: 'blocked', from: `${GMX}: "554-No SMTP service 554-IP address is block listed"` },
  { phrase: 'user is inactive', reason: 'suspend', from: `${WEBDE_TEXTS}: GMX "550 5.2.1 ... User is inactive"` },
  { phrase: 'user has exhausted allowed storage space', reason: 'mailboxfull', from: `${WEBDE_TEXTS}: WEB.DE "550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed storage space."` },
  { phrase: 'user has too many messages on the server', reason: 'mailboxfull', from: `${WEBDE_TEXTS}: WEB.DE "550 Benutzer hat zuviele Mails auf dem Server. / User has too many messages on the server."` },
  { phrase: 'user is unknown', reason: 'userunknown', from: `${WEBDE_TEXTS}: GMX "550 5.1.1 ... User is unknown"` },
];

// ---- Mail.ru (mail.ru, bk.ru, list.ru, inbox.ru): Mail.ru publishes no list; its replies link help pages
const MAILRU = 'Mail.ru replies linking help.mail.ru';
const MAILRU_RULES: readonly Rule[] = [
  { phrase: 'spam message rejected', reason: 'spamdetected', from: `${MAILRU}: "550 spam message rejected. Please visit https://help.mail.ru/notspam-support" (as quoted by errorsmaster.ru "Ошибка 550 spam message rejected")` },
  { phrase: 'not accepted due to domain owner dmarc policy', reason: 'authfailure', from: `${MAILRU}: "550 5.7.1 This message was not accepted due to domain owner DMARC policy (RFC 7489) https://help.mail.ru/mail-help/postmaster/dmarc"` },
  { phrase: 'user quota exceeded', reason: 'mailboxfull', from: `${MAILRU}: "Mailbox Full" / "User quota exceeded" (as explained by mailout.ru)` },
];

// ---- Yandex
const YANDEX = 'Yandex Mail help "The message looks like spam" (yandex.com/support/mail/bounces/yandex/message-rejected-under-suspicion-of-spam.html)';
const YANDEX_RULES: readonly Rule[] = [
  { phrase: 'message rejected under suspicion of spam', reason: 'spamdetected', from: `${YANDEX}: "Message rejected under suspicion of SPAM"` },
  { phrase: 'blocked by spam statistics', reason: 'blocked', from: `${YANDEX}: "Blocked by spam statistics" (the sending mailbox sends only spam: blocked for 24 hours)` },
];

// ---- Zoho
const ZOHO = 'Zoho Mail replies as listed by smtp.codes/zoho; ZeptoMail "SMTP Error Codes" (zoho.com/zeptomail/help/api/smtp-error-codes.html)';
const ZOHO_RULES: readonly Rule[] = [
  { phrase: 'email rejected per dmarc policy', reason: 'authfailure', from: `${ZOHO}: "550 5.7.1 Email rejected per DMARC policy for <domain>"` },
  { phrase: ['virus', 'detected by zoho mail'], reason: 'virusdetected', from: `${ZOHO}: "552 5.7.1 virus <name> detected by Zoho Mail"` },
  { phrase: 'mail rejected by destination domain', reason: 'policyviolation', from: `${ZOHO}: "541 5.4.1 Mail rejected by destination domain" (the receiving domain's filters)` },
  { phrase: 'mailbox delivery restricted by policy', reason: 'policyviolation', from: `${ZOHO}: "452 Mailbox delivery restricted by policy error"` },
];

export const comcastProvider: Provider = { name: 'comcast', hosts: ['comcast.net'], rules: COMCAST_RULES, decide: comcast };
export const gmx: Provider = {
  name: 'gmx',
  hosts: ['gmx.net', 'gmx.de', 'gmx.com', 'gmx.at', 'gmx.ch', 'web.de'],
  signatures: ['postmaster.gmx.net', 'postmaster.web.de'],
  rules: GMX_RULES,
  decide: (input) => firstRule(input.prepared, GMX_RULES),
};
export const mailru: Provider = {
  name: 'mailru',
  hosts: ['mail.ru', 'bk.ru', 'list.ru', 'inbox.ru'],
  signatures: ['help.mail.ru'],
  rules: MAILRU_RULES,
  decide: (input) => firstRule(input.prepared, MAILRU_RULES),
};
export const yandex: Provider = { name: 'yandex', hosts: ['yandex.ru', 'yandex.com', 'yandex.net', 'ya.ru'], rules: YANDEX_RULES, decide: (input) => firstRule(input.prepared, YANDEX_RULES) };
export const zoho: Provider = { name: 'zoho', hosts: ['zoho.com', 'zohomail.com', 'zoho.eu', 'zoho.in'], rules: ZOHO_RULES, decide: (input) => firstRule(input.prepared, ZOHO_RULES) };
