// Bounces from MTAs nobody has named (Sisimai's X2, X3, X4, X6 [SOE lhost-x2..x6-*]): each
// has a stable layout worth reading exactly.
// * x2: `Message from <host>.` / `Unable to deliver message to the following address(es).`,
//   then `<addr>:` paragraphs, then `--- Original message follows.`
// * x3: `Delivery to the following recipients failed permanently:` / `   * <addr>` /
//   `Technical details:` / `SMTP:RCPT host <ip>: 553 5.3.0 ...`
// * x4: qmail-like `<addr>:` paragraphs without qmail's greeting, then
//   `--- Below this line is a copy of the message.`
// * x6: `We had trouble delivering your message. Full details follow:` /
//   `The following recipients returned permanent errors: <addr>. Reason: ...`
import { findCommand } from '../../0-core/smtp.js';
import { allMarkers, findAddress, findLine, joinText, returnedAfter, section, textLines, type Lines } from '../readers/native-text.js';
import type { FormatModule, RowDraft } from '../readers/types.js';

/** `<addr>:` (or `addr:`) alone on a line at column 0 */
function isAddressHead(line: string): boolean {
  if (!line || line[0] === ' ' || line[0] === '\t') return false;
  const t = line.trim();
  return t.endsWith(':') && !/\s/.test(t) && t.includes('@');
}

/** `<addr>:` paragraphs between two line indexes (qmail's layout, borrowed by several MTAs). */
function addressParagraphs(t: Lines, from: number, to: number): RowDraft[] {
  const rows: RowDraft[] = [];
  for (let i = from; i < to; i++) {
    if (!isAddressHead(t.lines[i])) continue;
    const recipient = findAddress(t.lines[i]);
    if (!recipient) continue;
    let j = i + 1;
    const body: string[] = [];
    while (j < to && t.lines[j].trim() && !isAddressHead(t.lines[j])) body.push(t.lines[j++]);
    // "/I'm not going to try again" (a stray slash in some MTAs' text) reads as the sentence
    const text = joinText(body.map((l) => l.replace(/^\//, '')));
    // qmail's "I'm not going to try again; this message has been in the queue too long."
    // [QMAIL-SRC qmail-send.c]: the sender gave up on a temporary failure
    const gaveUp = text.toLowerCase().includes('has been in the queue too long');
    rows.push({ recipient, action: 'failed', diagnosticCode: text || null, smtpCommand: findCommand(text), reason: gaveUp ? 'expired' : null });
    i = j - 1;
  }
  return rows;
}

/** A module for an `<addr>:` paragraph layout between a start and an end line. */
function paragraphLayout(id: string, description: string, markers: readonly string[], score: number, start: readonly string[], end: readonly string[]): FormatModule {
  return {
    id,
    description,
    // qmail's own greeting makes it the qmail reader's (issue 3), whatever follows
    markers: { text: markers.slice(0, 1) },
    score: (msg) => (msg.lowerHead.startsWith('hi. this is the') ? 0 : allMarkers(msg, markers.slice(1), score)),
    parse(msg) {
      const t = msg.view(textLines);
      const s = section(t, start, end);
      if (!s) return null;
      const rows = addressParagraphs(t, s.start + 1, s.end);
      return rows.length ? { kind: 'dsn', format: id, recipients: rows, returned: msg.returned ?? returnedAfter(t, end, s.end) } : null;
    },
  };
}

const X2_START = 'unable to deliver message to the following address(es).';
export const x2 = paragraphLayout('x2', 'unidentified MTA: "Unable to deliver message to the following address(es)." with <addr>: paragraphs', [X2_START, 'message from '], 60, [X2_START], ['--- original message follows.']);

const X4_START = 'your mail message to the following address(es) could not be delivered';
const X4_END = '--- below this line is a copy of the message.';
export const x4 = paragraphLayout('x4', 'unidentified qmail-derived MTA: "Your mail message to the following address(es) could not be delivered." with <addr>: paragraphs', [X4_START, X4_END], 55, ['following address(es) could not be delivered'], [X4_END]);

const X3_START = ['to the following recipients failed permanently:']; // "Delevery" is misspelt by some versions
const X3_DETAILS = 'technical details:';

export const x3: FormatModule = {
  id: 'x3',
  description: 'unidentified MTA: "Delivery to the following recipients failed permanently:" / "   * <addr>" / "Technical details:"',
  markers: { text: X3_START },
  score(msg) {
    const text = msg.lowerHead;
    return text.includes('this is an automatically generated delivery status notification') ? 65 : 0;
  },
  parse(msg) {
    const t = msg.view(textLines);
    const s = findLine(t, X3_START);
    if (s === -1) return null;
    const details = findLine(t, [X3_DETAILS], s + 1);
    const addresses: string[] = [];
    for (let i = s + 1; i < (details === -1 ? t.lines.length : details); i++) {
      const l = t.lines[i].trim();
      if (l.startsWith('* ')) {
        const a = findAddress(l);
        if (a) addresses.push(a);
      }
    }
    let text = '';
    if (details !== -1) {
      let e = details + 1;
      while (e < t.lines.length && !t.lines[e].startsWith('=====')) e++;
      text = joinText(t.lines.slice(details + 1, e));
    }
    // "SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@b>... No such user here"
    const m = /^SMTP:([A-Z]{4})\s+host\s+(\S{1,255}):\s(.*)$/i.exec(text);
    const rows: RowDraft[] = addresses.map((recipient) => ({
      recipient,
      action: 'failed',
      diagnosticType: m ? 'smtp' : null,
      diagnosticCode: (m ? m[3] : text) || null,
      smtpCommand: m ? m[1].toUpperCase() : null,
      remoteMta: m ? m[2] : null,
    }));
    return rows.length ? { kind: 'dsn', format: 'x3', recipients: rows } : null;
  },
};

const X6_INTRO = 'we had trouble delivering your message';
const X6_LIST = 'the following recipients returned permanent errors:';

export const x6: FormatModule = {
  id: 'x6',
  description: 'unidentified MTA: "We had trouble delivering your message." / "The following recipients returned permanent errors: ..."',
  markers: { text: [X6_INTRO] },
  score: (msg) => allMarkers(msg, [X6_LIST], 65),
  parse(msg) {
    const t = msg.view(textLines);
    const rows: RowDraft[] = [];
    for (let i = 0; i < t.lines.length; i++) {
      const at = t.lower[i].indexOf(X6_LIST);
      if (at === -1) continue;
      const rest = t.lines[i].slice(at + X6_LIST.length);
      const reasonAt = rest.toLowerCase().indexOf('reason:');
      const list = reasonAt === -1 ? rest : rest.slice(0, reasonAt);
      const reason = reasonAt === -1 ? '' : rest.slice(reasonAt + 7).trim();
      // "... with the following error message: [554 5.4.6 Hop count exceeded ...]"
      const bracket = /error message:\s{0,4}\[([^\]]{1,2000})\]?/i.exec(reason);
      const command = /\((DATA|RCPT|MAIL|EHLO|HELO)\)/i.exec(reason)?.[1]?.toUpperCase() ?? null;
      for (const piece of list.split(/[,;]/)) {
        const a = findAddress(piece);
        if (a) rows.push({ recipient: a, action: 'failed', diagnosticType: bracket ? 'smtp' : null, diagnosticCode: (bracket ? bracket[1] : reason) || null, smtpCommand: command, hint: reason || null });
      }
    }
    return rows.length ? { kind: 'dsn', format: 'x6', recipients: rows } : null;
  },
};
