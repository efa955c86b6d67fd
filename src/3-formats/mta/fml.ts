// fml mailing-list manager error notices [SOE lhost-fml-*]: `X-MLServer: fml`, a subject
// naming the error (`Loop Alert: Duplicated Message-ID (<list> ML)`), a sentence naming the
// list address, then `Original mail as follows:` with the indented original.
import type { Reason } from '../../0-core/schema.js';
import { findAddress, findLine, joinText, returnedAfter, textLines } from '../readers/native-text.js';
import type { FormatModule } from '../readers/types.js';

const ORIGINAL = ['original mail as follows:'];
// what fml's notices mean, by their wording [SOE lhost-fml-03]
const NOTICES: ReadonlyArray<readonly [string, Reason]> = [
  ['duplicated message-id', 'systemerror'], // loop detection refused the post
  ['loop alert', 'systemerror'],
  ['you are not a member', 'rejected'],
  ['not member', 'rejected'],
];

export const fml: FormatModule = {
  id: 'fml',
  description: 'fml mailing-list manager error notices (X-MLServer: fml)',
  markers: { headerValues: [['x-mlserver', 'fml']] },
  score(msg) {
    return (msg.headers.get('x-mlserver') ?? '').toLowerCase().startsWith('fml') && msg.plainText.toLowerCase().includes(ORIGINAL[0]) ? 80 : 0;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const end = findLine(t, ORIGINAL);
    const text = joinText(t.lines.slice(0, end === -1 ? 10 : end));
    const recipient = findAddress(text) ?? findAddress(msg.headers.get('to'));
    if (!recipient) return null;
    const low = `${msg.subject} ${text}`.toLowerCase();
    return {
      kind: 'dsn',
      format: 'fml',
      recipients: [{ recipient, action: 'failed', diagnosticCode: [msg.subject, text].filter(Boolean).join(': '), reason: NOTICES.find(([p]) => low.includes(p))?.[1] ?? null }],
      returned: msg.returned ?? returnedAfter(t, ORIGINAL),
    };
  },
};
