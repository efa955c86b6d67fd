// DragonFly Mail Agent (dma) bounces (docs/formats.md#dragonfly) [SOE lhost-dragonfly-*]:
//   This is the DragonFly Mail Agent v0.13 at <host>.
//   There was an error delivering your mail to <addr>.
//   <mx> [<ip>] did not like our <COMMAND>:      (multi-line reply follows)
//   or: Could not deliver for the last <n> seconds. Giving up.
//   Message headers follow. | Original message follows.
// dma's bounce() (dma.c) writes "This is the %s at %s." with VERSION ("DragonFly Mail Agent "
// DMA_VERSION, dma.h): the signature, scored highest. A fork or a build with its own dma.h
// changes that one line and keeps the rest of bounce()'s layout, so the module also opens on
// the recipient sentence "There was an error delivering your mail to <%s>." (the line it reads
// anyway), firmer with bounce()'s fixed Subject "Mail delivery failed" and X-Original-To header.
import { findAddress, findLine, hostBeforeBracket, joinText, returnedAfter, textLines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

const INTRO = 'this is the dragonfly mail agent';
const RECIPIENT = 'there was an error delivering your mail to';
// bounce()'s fixed header lines (dma.c)
const SUBJECT = 'mail delivery failed';
const ORIGINAL_TO = 'x-original-to';
const END = ['message headers follow.', 'original message follows.'];
// "did not like our final DATA:", "did not like our RCPT TO:", ...
const COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['did not like our final data', 'DATA'],
  ['did not like our data', 'DATA'],
  ['did not like our rcpt to', 'RCPT'],
  ['did not like our mail from', 'MAIL'],
  ['did not like our ehlo', 'EHLO'],
  ['did not like our helo', 'HELO'],
];

export const dragonfly: FormatModule = {
  id: 'dragonfly',
  description: 'DragonFly Mail Agent (dma) bounces ("did not like our RCPT TO:")',
  markers: { text: [INTRO, RECIPIENT] },
  score(msg) {
    const head = msg.lowerHead;
    if (head.includes(INTRO)) return 90;
    // only the recipient sentence: the layout, firmer with bounce()'s own header lines
    let score = 60;
    if (msg.lowerSubject.trim() === SUBJECT) score += 8;
    if (msg.headers.has(ORIGINAL_TO)) score += 8;
    return score;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const at = findLine(t, [RECIPIENT]);
    if (at === -1) return null;
    const recipient = findAddress(t.lines[at].slice(t.lower[at].indexOf(RECIPIENT) + RECIPIENT.length));
    if (!recipient) return null;
    let end = findLine(t, END, at + 1);
    if (end === -1) end = t.lines.length;
    const body = t.lines.slice(at + 1, end);
    const lowerBody = t.lower.slice(at + 1, end);
    const said = lowerBody.findIndex((l) => l.includes('did not like our'));
    const row: RowDraft = { recipient, action: 'failed' };
    if (said !== -1) {
      const cmd = COMMANDS.find(([p]) => lowerBody[said].includes(p));
      row.smtpCommand = cmd ? cmd[1] : null;
      row.remoteMta = hostBeforeBracket(body[said]);
      row.diagnosticType = 'smtp';
      row.diagnosticCode = joinText(body.slice(said + 1)) || null;
    } else {
      // "Could not deliver for the last 432000 seconds. Giving up." [dma dma.c]: queue lifetime exceeded
      const text = joinText(body);
      row.diagnosticCode = text || null;
      if (text.toLowerCase().includes('giving up')) row.reason = 'expired';
    }
    return { kind: 'dsn', format: 'dragonfly', recipients: [row], returned: msg.returned ?? returnedAfter(t, END, end) };
  },
};
