// The perturbations of the harness (perturb.ts): message surgery on latin1 text and the named,
// deterministic changes a generator's clones, configuration or transport produce. A module of
// their own so that tests can feed the same variants to two readers of one thing
// (test/unit/exim-score.test.ts).
// ---------------------------------------------------------------- message surgery (latin1 text)

interface Leaf {
  /** offsets in the message string: headers start, body start, body end */
  head: number;
  body: number;
  end: number;
  type: string;
  cte: string;
}

function eolOf(s: string): string {
  return s.includes('\r\n') ? '\r\n' : '\n';
}

export function splitHead(s: string, from: number): number {
  // an empty header block: the part begins with its blank line (RFC 2046 5.1.1 allows it)
  if (s.startsWith('\n', from)) return from + 1;
  if (s.startsWith('\r\n', from)) return from + 2;
  const m = /\r?\n\r?\n/.exec(s.slice(from));
  return m ? from + m.index + m[0].length : s.length;
}

export function headerValue(headers: string, name: string): string {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return m ? m[1].trim() : '';
}

/** Leaves of the MIME tree (a message/rfc822 part is a leaf: the returned copy is not entered). */
function leaves(s: string, head: number, end: number, out: Leaf[], depth = 0): void {
  const body = Math.min(splitHead(s.slice(0, end), head), end);
  const headers = s.slice(head, body);
  const ctype = headerValue(headers, 'Content-Type').toLowerCase();
  const type = (ctype.split(';')[0] || 'text/plain').trim();
  const cte = headerValue(headers, 'Content-Transfer-Encoding').toLowerCase();
  const b = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(headerValue(headers, 'Content-Type'));
  if (type.startsWith('multipart/') && b && depth < 8) {
    const boundary = b[1] ?? b[2];
    const delim = `--${boundary}`;
    const starts: number[] = [];
    let i = s.indexOf(delim, body);
    while (i !== -1 && i < end) {
      if (i === 0 || s[i - 1] === '\n') starts.push(i);
      i = s.indexOf(delim, i + delim.length);
    }
    for (let k = 0; k + 1 < starts.length; k++) {
      const lineEnd = s.indexOf('\n', starts[k]);
      if (lineEnd === -1) break;
      if (s.startsWith(`${delim}--`, starts[k])) break;
      const partStart = lineEnd + 1;
      let partEnd = starts[k + 1];
      // the line break before the next delimiter belongs to the delimiter (RFC 2046 5.1.1)
      if (s[partEnd - 1] === '\n') partEnd--;
      if (s[partEnd - 1] === '\r') partEnd--;
      leaves(s, partStart, Math.max(partStart, partEnd), out, depth + 1);
    }
    return;
  }
  out.push({ head, body, end, type, cte });
}

function mimeLeaves(s: string): Leaf[] {
  const out: Leaf[] = [];
  leaves(s, 0, s.length, out);
  return out;
}

export const isMime = (s: string): boolean => /^content-type:\s*multipart\//im.test(s.slice(0, splitHead(s, 0)));

// the lines that open a returned copy in non-MIME bounces (qmail-send.c "--- Below this line is a
// copy of the message.", Exim deliver.c "------ This is a copy of the message", sendmail
// savemail.c "----- Original message follows -----" / "----- Unsent message follows -----", ...)
const RETURNED_MARK = /^[ \t]*(?:-{2,}|={2,}|\*{2,})[^\n]*(?:copy of|original message|message follows|returned message|below this line|unsent message|undelivered message|headers? of)/im;

/** The human-readable region: [start, end) of the first text/plain leaf, or the plain body up to the returned copy. */
function humanRegion(s: string): { start: number; end: number; leaf?: Leaf } | null {
  if (isMime(s)) {
    const leaf = mimeLeaves(s).find((l) => l.type === 'text/plain');
    if (!leaf) return null;
    if (leaf.cte === 'base64' || leaf.cte === 'quoted-printable') return null; // edited decoded only by the encoders below
    return { start: leaf.body, end: leaf.end, leaf };
  }
  const body = splitHead(s, 0);
  // a single-part body in quoted-printable or base64 is edited only by the encoders
  if (/^(?:quoted-printable|base64)$/i.test(headerValue(s.slice(0, body), 'Content-Transfer-Encoding'))) return null;
  const rest = s.slice(body);
  const m = RETURNED_MARK.exec(rest);
  return { start: body, end: m ? body + m.index : s.length };
}

function editHuman(s: string, f: (text: string, eol: string) => string): string {
  const r = humanRegion(s);
  if (!r) return s;
  return s.slice(0, r.start) + f(s.slice(r.start, r.end), eolOf(s)) + s.slice(r.end);
}

function setHeader(s: string, name: string, value: string | null): string {
  const b = splitHead(s, 0);
  let headers = s.slice(0, b);
  const eol = eolOf(headers);
  const re = new RegExp(`^${name}:[^\\n]*\\n(?:[ \\t][^\\n]*\\n)*`, 'im');
  if (re.test(headers)) headers = headers.replace(re, value === null ? '' : `${name}: ${value}${eol}`);
  else if (value !== null) headers = `${name}: ${value}${eol}` + headers;
  return headers + s.slice(b);
}

// ---------------------------------------------------------------- text helpers

/** Paragraphs of prose: every line begins with a letter, none holds an address or a field label. */
function isProse(lines: string[]): boolean {
  if (lines.length === 0) return false;
  const words = lines.join(' ').split(/\s+/).length;
  // a line ending in ":" is a heading over what follows (a list, a reply): never joined to it
  const heading = lines.slice(0, -1).some((l) => l.trimEnd().endsWith(':'));
  return words >= 6 && !heading && lines.every((l) => /^[A-Za-z]/.test(l) && !/[@<>]/.test(l) && !/^[\w-]+:\s/.test(l) && !/^[\w-]+:$/.test(l));
}

function mapParagraphs(text: string, eol: string, f: (lines: string[], index: number) => string[] | null): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let para: string[] = [];
  let proseIndex = 0;
  const flush = (): void => {
    if (para.length) {
      const r = isProse(para) ? f(para, proseIndex++) : null;
      out.push(...(r ?? para));
    }
    para = [];
  };
  for (const l of lines) {
    if (l.trim() === '') {
      flush();
      out.push(l);
    } else para.push(l);
  }
  flush();
  return out.join(eol);
}

function rewrap(words: string[], width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}

const ADDRESS_LINE = /^([ \t]*)(<?)([^\s<>@"]+@[A-Za-z0-9.-]+)(>?)(:?)[ \t]*$/;

/**
 * Recipient head lines: address-only lines at the indentation of one that opens a paragraph
 * (a list's heads are alike; an address inside a reason is indented deeper).
 */
function mapAddressLines(text: string, eol: string, f: (indent: string, lt: string, addr: string, gt: string, colon: string) => string): string {
  const lines = text.split(/\r?\n/);
  const indents = new Set<string>();
  lines.forEach((l, i) => {
    const m = i > 0 && lines[i - 1].trim() === '' ? ADDRESS_LINE.exec(l) : null;
    if (m) indents.add(m[1]);
  });
  return lines
    .map((l) => {
      const m = ADDRESS_LINE.exec(l);
      return m && indents.has(m[1]) ? f(m[1], m[2], m[3], m[4], m[5]) : l;
    })
    .join(eol);
}

function encodeQp(text: string, eol: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let enc = '';
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      const last = i === line.length - 1;
      if ((c >= 33 && c <= 126 && c !== 61) || ((c === 32 || c === 9) && !last)) enc += line[i];
      else enc += `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    // soft breaks at 76 (RFC 2045 6.7 rule 5)
    while (enc.length > 75) {
      let cut = 75;
      const eq = enc.lastIndexOf('=', cut - 1);
      if (eq > cut - 3) cut = eq;
      out.push(`${enc.slice(0, cut)}=`);
      enc = enc.slice(cut);
    }
    out.push(enc);
  }
  return out.join(eol);
}

function encodeB64(text: string, eol: string): string {
  const b = Buffer.from(text, 'latin1').toString('base64');
  return (b.match(/.{1,76}/g) ?? []).join(eol) + eol;
}

/** Re-encode the first 7bit/8bit text/plain leaf of a MIME bounce. */
function reencode(s: string, cte: 'quoted-printable' | 'base64'): string {
  if (!isMime(s)) return s;
  const leaf = mimeLeaves(s).find((l) => l.type === 'text/plain' && (l.cte === '' || l.cte === '7bit' || l.cte === '8bit'));
  if (!leaf) return s;
  const eol = eolOf(s);
  let headers = s.slice(leaf.head, leaf.body);
  if (/^content-transfer-encoding:/im.test(headers)) headers = headers.replace(/^content-transfer-encoding:[^\n]*\n/im, `Content-Transfer-Encoding: ${cte}${eol}`);
  else if (/^\r?\n$/.test(headers)) headers = `Content-Transfer-Encoding: ${cte}${eol}${eol}`;
  else headers = headers.replace(/(\r?\n)(\r?\n)$/, `$1Content-Transfer-Encoding: ${cte}${eol}$2`);
  const text = s.slice(leaf.body, leaf.end);
  const body = cte === 'base64' ? encodeB64(text, eol) : encodeQp(text, eol);
  return s.slice(0, leaf.head) + headers + body + s.slice(leaf.end);
}

const DSN_LABELS = ['Final-Recipient', 'Original-Recipient', 'Action', 'Status', 'Diagnostic-Code', 'Remote-MTA', 'Reporting-MTA', 'Arrival-Date', 'Last-Attempt-Date', 'Will-Retry-Until', 'Received-From-MTA', 'X-Postfix-Sender', 'X-Postfix-Queue-ID', 'Content-Type', 'Content-Transfer-Encoding', 'Content-Description'];
const LABEL_RE = new RegExp(`^(${DSN_LABELS.join('|')}):`, 'gim');

// ---------------------------------------------------------------- the perturbations

const byName = (name: string): Perturbation => PERTURBATIONS.find((p) => p.name === name)!;

/** Each run of lines indented deeper than the head line above it, joined and re-wrapped at `width` with its indentation. */
function rewrapReasons(text: string, eol: string, width: number): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const head = ADDRESS_LINE.exec(lines[i]);
    if (!head) continue;
    const run: string[] = [];
    let j = i + 1;
    const indent = /^[ \t]*/.exec(lines[j] ?? '')?.[0] ?? '';
    while (j < lines.length && lines[j].trim() && indent.length > head[1].length && lines[j].startsWith(indent) && !/^\s/.test(lines[j].slice(indent.length))) run.push(lines[j++].trim());
    if (run.length === 0) continue;
    out.push(...rewrap(run.join(' ').split(/\s+/), width - indent.length).map((l) => indent + l));
    i = j - 1;
  }
  return out.join(eol);
}

export interface Perturbation {
  name: string;
  what: string;
  apply: (s: string) => string;
  /** why a changed status is not counted: the perturbation removes where the status was stated */
  statusGone?: string;
}

const FOOTER = ['_______________________________________________', 'Mailing list footer: to unsubscribe, visit the list information page.', '', 'This e-mail and any attachment are confidential. If you received it in error, delete it.'];

export const PERTURBATIONS: Perturbation[] = [
  { name: 'crlf', what: 'LF line ends become CRLF (or CRLF become LF)', apply: (s) => (s.includes('\r\n') ? s.replace(/\r\n/g, '\n') : s.replace(/\n/g, '\r\n')) },
  { name: 'no-subject', what: 'the Subject header removed', apply: (s) => setHeader(s, 'Subject', null) },
  { name: 'subject-l10n', what: 'a localised Subject (German "Unzustellbar")', apply: (s) => setHeader(s, 'Subject', 'Unzustellbar: Ihre Nachricht') },
  {
    name: 'from-custom',
    what: 'From display name and local part changed (postmaster, custom name)',
    apply: (s) => {
      const from = headerValue(s.slice(0, splitHead(s, 0)), 'From');
      const dom = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'example.net';
      return setHeader(s, 'From', `Mail Server <postmaster@${dom}>`);
    },
  },
  {
    name: 'mail-name',
    what: 'Postfix mail_name changed (postconf(5)): X-Postfix-* DSN fields and "Postfix SMTP server" subjects take the new name',
    apply: (s) => s.replace(/X-Postfix-/g, 'X-Relay9-').replace(/Postfix SMTP server: /g, 'Relay9 SMTP server: '),
  },
  { name: 'labels-case', what: 'DSN field and MIME labels upper-cased (RFC 5322/3464 names are case-insensitive)', apply: (s) => s.slice(0, splitHead(s, 0)) + s.slice(splitHead(s, 0)).replace(LABEL_RE, (m) => m.toUpperCase()) },
  { name: 'blank-double', what: 'blank lines of the human text doubled', apply: (s) => editHuman(s, (t, eol) => t.replace(/(\r?\n)([ \t]*\r?\n)(?=\S)/g, `$1$2${eol}`)) },
  { name: 'wrap-48', what: 'prose paragraphs of the human text re-wrapped at 48 columns', apply: (s) => editHuman(s, (t, eol) => mapParagraphs(t, eol, (lines) => rewrap(lines.join(' ').split(/\s+/), 48))) },
  { name: 'wrap-unwrap', what: 'prose paragraphs of the human text joined into one line each', apply: (s) => editHuman(s, (t, eol) => mapParagraphs(t, eol, (lines) => [lines.join(' ')])) },
  {
    name: 'intro-reword',
    what: 'the first prose paragraph replaced by another English wording',
    apply: (s) => editHuman(s, (t, eol) => mapParagraphs(t, eol, (lines, i) => (i === 0 ? ['Your message could not be delivered to all of its recipients.', 'Details are given below.'] : null))),
  },
  {
    name: 'intro-de',
    what: 'the first prose paragraph translated (German)',
    apply: (s) => editHuman(s, (t, eol) => mapParagraphs(t, eol, (lines, i) => (i === 0 ? ['Ihre Nachricht konnte an einen oder mehrere Empfaenger nicht', 'zugestellt werden.'] : null))),
  },
  {
    name: 'lead-de',
    what: 'all text above the first line with an address replaced by a German lead (a template or clone of its own)',
    apply: (s) =>
      editHuman(s, (t, eol) => {
        const lines = t.split(/\r?\n/);
        const first = lines.findIndex((l) => l.includes('@'));
        if (first <= 0) return t;
        const lead = ['Ihre Nachricht konnte nicht zugestellt werden.', '', 'Folgende Empfaenger sind fehlgeschlagen:', ''];
        return [...lead, ...lines.slice(first)].join(eol);
      }),
  },
  { name: 'addr-indent', what: 'address-only lines re-indented (none <-> four spaces)', apply: (s) => editHuman(s, (t, eol) => mapAddressLines(t, eol, (ind, lt, a, gt, c) => `${ind ? '' : '    '}${lt}${a}${gt}${c}`)) },
  { name: 'addr-brackets', what: 'angle brackets of address-only lines toggled', apply: (s) => editHuman(s, (t, eol) => mapAddressLines(t, eol, (ind, lt, a, gt, c) => (lt ? `${ind}${a}${c}` : `${ind}<${a}>${c}`))) },
  { name: 'addr-colon', what: 'trailing colon of address-only lines toggled', apply: (s) => editHuman(s, (t, eol) => mapAddressLines(t, eol, (ind, lt, a, gt, c) => `${ind}${lt}${a}${gt}${c ? '' : ':'}`)) },
  { name: 'addr-tab', what: 'recipient head lines indented by a tab', apply: (s) => editHuman(s, (t, eol) => mapAddressLines(t, eol, (_ind, lt, a, gt, c) => `\t${lt}${a}${gt}${c}`)) },
  {
    name: 'reason-wrap',
    what: 'the indented reason lines under each recipient head re-wrapped at 50 columns (same indentation)',
    apply: (s) => editHuman(s, (t, eol) => rewrapReasons(t, eol, 50)),
  },
  {
    name: 'lead-de+addr-indent',
    what: 'lead-de and addr-indent together (a clone with a translated template and its own list layout)',
    apply: (s) => byName('addr-indent').apply(byName('lead-de').apply(s)),
  },
  {
    name: 'lead-de+addr-brackets',
    what: 'lead-de and addr-brackets together',
    apply: (s) => byName('addr-brackets').apply(byName('lead-de').apply(s)),
  },
  {
    name: 'lead-de+subject-l10n+from-custom',
    what: 'a site template of its own: translated lead, localised Subject, another From',
    apply: (s) => byName('from-custom').apply(byName('subject-l10n').apply(byName('lead-de').apply(s))),
  },
  { name: 'footer', what: 'a mailing-list footer and disclaimer appended to the human text', apply: (s) => editHuman(s, (t, eol) => t.replace(/(\r?\n)*$/, '') + eol + eol + FOOTER.join(eol) + eol + eol) },
  { name: 'qp', what: 'the MIME text part re-encoded quoted-printable', apply: (s) => reencode(s, 'quoted-printable') },
  { name: 'base64', what: 'the MIME text part re-encoded base64', apply: (s) => reencode(s, 'base64') },
  {
    name: 'dsn-missing',
    what: 'the message/delivery-status part left out (Sendmail with SendMimeErrors off, Postfix before 2.3, gateways that keep text parts only)',
    statusGone: 'the Status field was the only place many of these bounces state the enhanced code; the text may rightly give a class-only one',
    apply: (s) => {
      if (!isMime(s)) return s;
      const leaf = mimeLeaves(s).find((l) => l.type === 'message/delivery-status');
      if (!leaf) return s;
      const delimStart = s.lastIndexOf('\n--', leaf.head - 2);
      if (delimStart === -1) return s;
      return s.slice(0, delimStart) + s.slice(leaf.end);
    },
  },
  {
    name: 'returned-cut',
    what: 'the returned copy cut after its header block',
    apply: (s) => {
      if (isMime(s)) {
        const leaf = mimeLeaves(s).find((l) => l.type === 'message/rfc822');
        if (!leaf) return s;
        const inner = splitHead(s.slice(0, leaf.end), leaf.body);
        return s.slice(0, inner) + s.slice(leaf.end);
      }
      const b = splitHead(s, 0);
      const m = RETURNED_MARK.exec(s.slice(b));
      if (!m) return s;
      const markEnd = s.indexOf('\n', b + m.index) + 1;
      return s.slice(0, splitHead(s, markEnd));
    },
  },
  {
    name: 'returned-missing',
    what: 'the returned copy left out',
    apply: (s) => {
      if (isMime(s)) {
        const leaf = mimeLeaves(s).find((l) => l.type === 'message/rfc822' || l.type === 'text/rfc822-headers');
        if (!leaf) return s;
        // drop the part with its opening delimiter line
        const delimStart = s.lastIndexOf('\n--', leaf.head - 2);
        if (delimStart === -1) return s;
        return s.slice(0, delimStart) + s.slice(leaf.end);
      }
      const b = splitHead(s, 0);
      const m = RETURNED_MARK.exec(s.slice(b));
      return m ? s.slice(0, b + m.index) : s;
    },
  },
];
