// One of the four Exchange flavours exchange.ts reads (which one wrote an NDR: exchangeFlavour).
import { moduleFor } from './exchange.js';

export const exchange2007 = moduleFor(
  'exchange2007',
  'Microsoft Exchange 2007-2019 on-premises NDRs (#550 5.1.1 RESOLVER... ##, Remote Server returned, localised), combined with their DSN part',
);
