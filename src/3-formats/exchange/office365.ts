// One of the four Exchange flavours exchange.ts reads (which one wrote an NDR: exchangeFlavour).
import { moduleFor } from './exchange.js';

export const office365 = moduleFor('office365', 'Exchange Online / Microsoft 365 NDRs (both layouts: "rejected your message", "couldn\'t be delivered"), combined with their DSN part');
