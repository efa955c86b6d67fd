// One of the four Exchange flavours exchange.ts reads (which one wrote an NDR: exchangeFlavour).
import { moduleFor } from './exchange.js';

export const exchange2003 = moduleFor(
  'exchange2003',
  'Microsoft Exchange 4.0/5.5 (IMS text NDRs, MSEXCH codes), Exchange 2000/2003 and the Windows SMTP service (<server #5.1.1>, X-DSNContext)',
);
