// An MTA no source names (Sisimai's X1) whose list copies Sendmail's "--- The following addresses had
// delivery problems ---" layout; the Sendmail text reader reads it.
import type { FormatModule } from '../readers/types.js';
import { parseSendmailText } from '../sendmail/sendmail.js';

/** An unidentified MTA (Sisimai's X1) [SOE lhost-x1-*]: "---The following addresses had delivery errors---", "addr [reason]". */
const X1_LIST = '---the following addresses had delivery errors---';
export const x1: FormatModule = {
  id: 'x1',
  description: 'unidentified MTA: "---The following addresses had delivery errors---" with "<addr> [<reason>]" lines',
  markers: { text: [X1_LIST] },
  score: () => 75,
  parse: (msg) => parseSendmailText(msg, 'x1'),
};
