// PowerMTA (X-PowerMTA-VirtualMTA / X-PowerMTA-BounceCategory DSN fields)
import type { Reason } from '../../0-core/schema.js';
import { dsnGenerator, field } from './fingerprint.js';

// PowerMTA's X-PowerMTA-BounceCategory [PowerMTA user guide, "bounce categories"]; the
// broad ones (bad-mailbox: unknown or disabled; other) are left to the status and text
const POWERMTA_CATEGORIES: Record<string, Reason> = {
  'bad-domain': 'hostunknown',
  'inactive-mailbox': 'suspend',
  'quota-issues': 'mailboxfull',
  'message-expired': 'expired',
  'policy-related': 'policyviolation',
  'spam-related': 'spamdetected',
  'virus-related': 'virusdetected',
  'content-related': 'contenterror',
  'invalid-sender': 'rejected',
  'relaying-issues': 'norelaying',
  'bad-connection': 'networkerror',
  'routing-errors': 'networkerror',
};

export const powermta = dsnGenerator({
  id: 'powermta',
  description: 'PowerMTA (X-PowerMTA-VirtualMTA / X-PowerMTA-BounceCategory DSN fields)',
  // [SOE lhost-powermta-*]
  markers: { deliveryStatus: ['x-powermta-'] },
  refine(report) {
    for (const r of report.recipients) {
      const category = field(r.fields, 'x-powermta-bouncecategory');
      if (category && POWERMTA_CATEGORIES[category]) r.reason ??= POWERMTA_CATEGORIES[category];
    }
  },
});
