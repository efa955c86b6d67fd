// One of the four Exchange flavours exchange.ts reads (which one wrote an NDR: exchangeFlavour).
import { moduleFor } from './exchange.js';

export const outlook = moduleFor('outlook', 'Outlook.com / Hotmail NDRs, classic (Windows SMTP service) and Exchange Online based');
