// Filtering gateways that answer for their customers' domains: Cisco Secure Email (IronPort
// AsyncOS, cloud hosts under iphmx.com), Proofpoint (pphosted.com, ppe-hosted.com) and
// Barracuda (ess.barracudanetworks.com). Their replies are their products' defaults, as
// their documentation gives them.
import { firstRule } from './match.js';
import type { Provider, Rule } from './types.js';

const CISCO = 'Cisco Secure Email (AsyncOS) user guide, default SMTP responses; LDAP acceptance queries refuse at RCPT TO (cisco.com/c/en/us/support/docs/security/email-security-appliance/118580-qa-esa-00.html)';
const CISCO_RULES: readonly Rule[] = [
  // LDAP accept query: a recipient the directory does not have
  { phrase: '#5.1.0 address rejected', reason: 'userunknown', from: `${CISCO}: LDAP acceptance query, "550 #5.1.0 Address rejected"` },
  // host access table rate limit: recipients per hour for the sending host
  { phrase: 'too many recipients received this hour', reason: 'speeding', from: `${CISCO}: mail flow policy rate limit, "452 Too many recipients received this hour"` },
];

const PROOFPOINT = 'Proofpoint postmaster (proofpoint.com/postmaster; its block replies link ipcheck.proofpoint.com, the IP and Domain Reputation Center)';
const PROOFPOINT_RULES: readonly Rule[] = [
  { phrase: ['blocked', 'ipcheck.proofpoint.com'], reason: 'blocked', from: `${PROOFPOINT}: "554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=<ip>"` },
];

const BARRACUDA = 'Barracuda Reputation Block List (barracudacentral.org), named in the replies of Barracuda gateways';
const BARRACUDA_RULES: readonly Rule[] = [
  { phrase: 'blocked using barracuda reputation', reason: 'blocked', from: `${BARRACUDA}: "554 Service unavailable; Client host [<ip>] blocked using Barracuda Reputation"` },
];

export const cisco: Provider = {
  name: 'cisco',
  hosts: ['iphmx.com'],
  signatures: ['#5.1.0 address rejected'],
  rules: CISCO_RULES,
  decide: (input) => firstRule(input.prepared, CISCO_RULES),
};

export const proofpoint: Provider = {
  name: 'proofpoint',
  hosts: ['pphosted.com', 'ppe-hosted.com'],
  signatures: ['ipcheck.proofpoint.com'],
  rules: PROOFPOINT_RULES,
  decide: (input) => firstRule(input.prepared, PROOFPOINT_RULES),
};

export const barracuda: Provider = {
  name: 'barracuda',
  hosts: ['barracudanetworks.com'],
  signatures: ['blocked using barracuda reputation'],
  rules: BARRACUDA_RULES,
  decide: (input) => firstRule(input.prepared, BARRACUDA_RULES),
};
