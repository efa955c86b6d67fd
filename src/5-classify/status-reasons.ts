// RFC 3463 code → default reason (docs/formats.md#reason-from-status: the mapping Sisimai
// uses, so results compare with it). Keys are "subject.detail"; a class-specific entry
// ("5:" / "4:") wins over the class-free one.
//
// Some codes say exactly what happened (5.1.1: the mailbox does not exist); others are
// catch-alls that generators write whatever the cause (5.7.1 "delivery not authorized",
// 5.2.1, 5.5.x, X.0.0). A decisive code outranks the general phrase tables; a default one
// is only used when the text says nothing better (docs/formats.md#reason-from-status).
import type { Reason } from '../0-core/schema.js';

const DEFAULTS: Record<string, Reason> = {
  '1.0': 'userunknown',
  '1.1': 'userunknown',
  '1.2': 'hostunknown',
  '1.3': 'userunknown',
  '1.4': 'filtered',
  '1.6': 'hasmoved',
  '1.7': 'rejected',
  '1.8': 'rejected',
  '1.9': 'systemerror',
  '1.10': 'notaccept',
  '2.0': 'filtered',
  '5:2.1': 'filtered',
  '4:2.1': 'blocked',
  '2.2': 'mailboxfull',
  '2.3': 'exceedlimit',
  '2.4': 'filtered',
  '5:3.0': 'systemerror', // class 5 only (docs/formats.md#reason-from-status): a 4.3.0 says nothing more than "try later"
  '3.1': 'systemfull',
  '3.2': 'notaccept',
  '3.3': 'systemerror',
  '5:3.4': 'mesgtoobig',
  '3.5': 'systemerror',
  '5:4.0': 'networkerror',
  '4:4.1': 'expired',
  '4:4.2': 'networkerror',
  '4.3': 'systemerror',
  '5:4.4': 'hostunknown',
  '4:4.4': 'networkerror',
  '4:4.5': 'systemfull',
  '4:4.6': 'networkerror',
  '4.7': 'expired',
  '4:4.8': 'networkerror',
  '5:5.2': 'syntaxerror',
  '5:5.3': 'toomanyconn',
  '4:5.3': 'systemerror',
  '5:5.4': 'systemerror',
  '5.5': 'systemerror',
  '5:5.6': 'syntaxerror',
  '6.0': 'contenterror',
  '5:6.1': 'contenterror',
  '6.2': 'contenterror',
  '5:6.3': 'contenterror',
  '6.5': 'contenterror',
  '5:6.6': 'contenterror',
  '5:6.7': 'contenterror',
  '5:6.8': 'contenterror',
  '5:6.9': 'contenterror',
  '5:7.0': 'securityerror',
  '5:7.1': 'securityerror',
  '4:7.1': 'blocked',
  '5:7.2': 'securityerror',
  '4:7.2': 'blocked',
  '7.3': 'securityerror',
  '7.4': 'securityerror',
  '7.5': 'securityerror',
  '7.6': 'securityerror',
  '7.7': 'securityerror',
  '7.8': 'securityerror',
  '7.9': 'securityerror',
  '7.10': 'securityerror',
  '7.11': 'securityerror',
  '4:7.12': 'securityerror',
  '7.13': 'suspend',
  '7.14': 'securityerror',
  '7.15': 'securityerror',
  '7.16': 'mesgtoobig',
  '7.17': 'hasmoved',
  '7.18': 'hasmoved',
  '7.19': 'securityerror',
  '7.20': 'authfailure',
  '7.21': 'authfailure',
  '7.22': 'authfailure',
  '7.23': 'authfailure',
  '7.24': 'authfailure',
  '7.25': 'requireptr',
  '7.26': 'authfailure',
  '7.27': 'notaccept',
  '7.28': 'spamdetected',
  '7.29': 'authfailure',
  '7.30': 'failedstarttls',
};

// Codes whose RFC 3463 / RFC 5248 meaning names one cause (same key syntax). The others
// in DEFAULTS are used by generators as catch-alls: 5.2.1 for unknown users and rate
// limits alike (corpus lhost-postfix-57, -59), 5.4.4 for NXDOMAIN and SERVFAIL (docs/formats.md#postfix-recipient-lines),
// 5.7.1 for anything a policy refused.
const DECISIVE = new Set([
  '1.1', // bad destination mailbox
  '1.2', // bad destination system
  '1.3', // bad mailbox syntax
  '1.6', // moved, no forwarding
  '1.7', // bad sender mailbox syntax
  '1.8', // bad sender system
  '1.10', // null MX (RFC 7505)
  '2.2', // mailbox full
  '2.3', // message length exceeds the recipient's limit
  '5:3.4', // message too big for the system
  '4:4.1', // no answer from host, retried until the queue lifetime ran out
  '4.7', // delivery time expired
  '7.13', // account disabled
  '7.16', '7.17', '7.18',
  '7.20', '7.21', '7.22', '7.23', '7.24', '7.25', '7.26', '7.27', '7.28', '7.29', '7.30',
]);

export interface StatusReason {
  reason: Reason;
  /** the code names the cause; general phrases do not override it */
  decisive: boolean;
}

function classKey(cls: string, key: string, has: (k: string) => boolean): string | null {
  const specific = `${cls}:${key}`;
  return has(specific) ? specific : has(key) ? key : null;
}

// A report's rows mostly share a few status codes: each code's answer is worked out once
// (100,000 rows of 5.0.0 are one lookup, not 100,000 splits and keys). Bounded: a message of
// countless made-up codes empties it now and then.
const MEMO_MAX = 512;
const memo = new Map<string, StatusReason | null>();

/** The reason a status code stands for, or null when the code alone says nothing (the answer is shared: read it, never change it). */
export function statusReason(status: string | null): StatusReason | null {
  if (!status) return null;
  // a status code is at most 9 characters (a class digit, then 1-3 digits twice: RFC 3463 §2); anything longer is not kept
  if (status.length > 9) return readStatus(status);
  const known = memo.get(status);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_MAX) memo.clear();
  const answer = readStatus(status);
  memo.set(status, answer);
  return answer;
}

function readStatus(status: string): StatusReason | null {
  const [cls, subject, detail] = status.split('.');
  if (cls === '2') return { reason: 'delivered', decisive: true };
  if (subject === undefined || detail === undefined) return null;
  const key = `${subject}.${detail}`;
  const found = classKey(cls, key, (k) => k in DEFAULTS);
  if (!found) return null;
  return { reason: DEFAULTS[found], decisive: classKey(cls, key, (k) => DECISIVE.has(k)) !== null };
}
