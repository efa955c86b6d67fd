// Facebook: "<CATEGORY>-<P|T><n>" codes, each explained on its response-codes page.
import { byCode } from './match.js';
import type { CodeRule, Provider } from './types.js';

const PAGE = 'Facebook postmaster "Response codes" (facebook.com/postmaster/response_codes)';
const CODES: Readonly<Record<string, CodeRule>> = {
  'RCP-P1': { reason: 'userunknown' },
  'RCP-P2': { reason: 'filtered', note: "the recipient's preferences prevent delivery" },
  'RCP-P3': { reason: 'filtered', note: "the recipient's privacy settings" },
  'RCP-T1': { reason: 'systemerror' },
  'RCP-T4': { reason: 'suspend', note: 'address deactivated' },
  'INT-P1': { reason: 'userunknown' },
  'INT-P2': { reason: 'mesgtoobig' },
  'INT-P3': { reason: 'userunknown' },
  'INT-P4': { reason: 'userunknown' },
  'POL-P1': { reason: 'blocked' },
  'POL-P2': { reason: 'blocked' },
  'POL-P3': { reason: 'blocked' },
  'POL-P4': { reason: 'blocked' },
  'POL-T1': { reason: 'blocked' },
  'POL-T2': { reason: 'blocked' },
  'POL-T3': { reason: 'blocked' },
  'POL-P5': { reason: 'virusdetected' },
  'POL-P6': { reason: 'spamdetected' },
  'POL-P7': { reason: 'authfailure', note: 'domain authentication requirements' },
  'MSG-P1': { reason: 'mesgtoobig' },
  'MSG-P2': { reason: 'contenterror', note: 'attachment type not accepted' },
  'MSG-P3': { reason: 'notcompliantrfc', note: 'duplicated single-instance header' },
  'MSG-T1': { reason: 'toomanyconn' },
  'CON-T1': { reason: 'toomanyconn' },
  'CON-T2': { reason: 'toomanyconn' },
  'CON-T3': { reason: 'toomanyconn' },
  'CON-T4': { reason: 'toomanyconn' },
  'DNS-P1': { reason: 'rejected', note: 'MAIL FROM domain does not exist' },
  'DNS-P2': { reason: 'rejected' },
  'DNS-T1': { reason: 'rejected' },
  'DNS-P3': { reason: 'requireptr' },
  'DNS-T2': { reason: 'requireptr' },
};

export const facebook: Provider = {
  name: 'facebook',
  hosts: ['facebook.com'],
  decide: (input) => {
    const m = /\b([A-Z]{3}-[PT]\d)\b/.exec(input.raw.length > 4096 ? input.raw.slice(0, 4096) : input.raw);
    return m ? byCode(m[1], CODES, PAGE) : null;
  },
};
