// The MIME parts of a message located over its Buffer in one synchronous pass: the same node
// and body events that @zone-eu/mailsplit's MessageSplitter (lib/message-splitter.js, 5.4.x)
// emits for a message written to it in one piece, without its Transform stream, its
// line-by-line Buffer slicing, its setImmediate batches and the await on its end.
// Each part's header block is read by PartHead (part-head.ts), which gives the content type,
// charset, encoding, filename and boundary of mailsplit's own MimeNode (lib/mime-node.js) to
// the byte without parsing every field of the block (test/unit/part-head.test.ts). Lines are
// found in the message read as latin1 once (parseMimeSync hands it over): a string's indexOf
// is a V8 builtin, a Buffer's a call into C++ per line.
//
// Measured side by side on the shared corpus' Sisimai half (333 messages, fastest of 5 passes
// after warm-up, a 2-core machine shared with other work; `npx tsx test/bench/mime-layer.ts`):
// mailsplit's splitter 58-70 µs a message, this pass 28-30 µs (both with MimeNode reading the
// header blocks), postal-mime 4.2 168 µs (it decodes every part, and answers with a promise).
// In a CPU profile of the CLI (Sisimai half ×10, `--jobs 0`) the splitter's line loop
// (iterateData, processLine) was ~13 % of the run, and every multipart message paid a stream
// round trip through the event loop. Parts are decoded when a parser reads them
// (src/2-mime/parse.ts). The splitter stays the reference: on anything this pass does not
// mirror exactly (a size or part-count limit hit, a long unterminated last line), it answers
// null and parse.ts runs the splitter itself. test/unit/mime-scan.test.ts compares the two.
//
// Issue 18 (header blocks without MimeNode, parseHeaderValue by index, latin1 line search,
// quoted-printable over the bytes), same corpus, user CPU, best of 16 passes, three runs each:
// the whole MIME layer (parseMimeSync, a BounceMessage) 37.3-39.0 µs a message before,
// 15.6-20.5 µs after; header blocks alone (mime-layer.ts, best of 17) MimeNode 18.3-18.6 µs
// a message, PartHead 9.9. CPU profiles of the CLI, `--jobs 0` on the Sisimai half ×50, share
// of busy time: parseMimeSync 23.6-25.5 % before, 13.5-16.5 % after (MimeNode.parseHeaders
// 10.0-10.6 % -> PartHead 3.4-5.1 %). The CLI end to end, `parse --format ndjson --jobs 0`
// on that folder (16,650 files), five runs each taking turns: user CPU 5.80-7.18 s (median
// 6.32) before, 5.04-5.79 s (median 5.45) after. All figures from a heavily shared machine
// (those CLI runs took 12-20 s of wall time, 4.4 s when it is quiet): noisy.
// The top-level block is read once into the message's HeaderList (PartHead.readRoot); their
// unfolding and decoding differ (headers.js: UTF-8 per field, CRLF+WSP to one space, any name
// before the first colon; HeaderList: the block decoded as a whole, continuation lines
// trimmed, RFC 5322 names only), so the list does not stand in for PartHead's values: where
// every line is a field or a continuation it only says where PartHead's three fields are.
// This stop: the top-level block taken in one step where singlePart found its end, and body
// lines stepped over to the next one opening with "--" or CR "--" (a step over body lines alone
// was measured as no gain before, in a bench whose header blocks were most of its time): scanParts
// alone over the Sisimai half, in-process, the two builds and each change alone taking turns,
// best of 74 passes, two runs: 7.47-7.67 -> 6.40-6.88 us a message, each change ~0.3-0.5 of it.
import { LINE_COST_FLOOR, PartHead } from './part-head.js';

export interface ScanConfig {
  ignoreEmbedded: true;
  maxHeadSize: number;
  maxChildNodes: number;
}

/** What the splitter emits that the MIME layer reads: a part when its header block ends, and its body bytes. */
export type ScanEvent = { type: 'node'; node: PartHead } | { type: 'body'; value: Buffer };

type Node = PartHead;

// message-splitter.js: the SP/HTAB a delimiter line may carry before its line end, and the
// longest unterminated last line it keeps pending without a size check
const BOUNDARY_LINE_TRAILING_WSP = 998;
const BOUNDARY_LINE_SUFFIX = 2 + 2 + BOUNDARY_LINE_TRAILING_WSP + 2;
const BOUNDARY_LINE_OVERHEAD = BOUNDARY_LINE_SUFFIX + 2;

// 1: the node's next part, 2: its multipart ends (RFC 2046 §5.1.1 delimiter / close-delimiter);
// the line is bytes[start, end), its delimiter from start + lead (after the line end that
// may open it). Offsets into the message, not a view per line: most lines are not delimiters.
// The boundary (ASCII, PartHead) is compared with the message read as latin1, where its
// characters are the bytes mime-node.js compares.
function compareBoundary(bytes: Buffer, text: string, start: number, end: number, lead: number, boundary: string): 1 | 2 | false {
  const length = end - start;
  if (length < boundary.length + 3 + lead || length > boundary.length + BOUNDARY_LINE_SUFFIX + lead) return false;
  const from = start + lead + 2;
  if (!text.startsWith(boundary, from)) return false;
  let i = from + boundary.length;
  let result: 1 | 2 = 1;
  if (bytes[i] === 0x2d) {
    if (bytes[i + 1] !== 0x2d) return false;
    result = 2;
    i += 2;
  }
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  // only a close-delimiter may end the input without a line end
  if (i === end) return result === 2 ? 2 : false;
  while (i < end && bytes[i] === 0x0d) i++;
  if (i < end && bytes[i] === 0x0a) i++;
  return i === end ? result : false;
}

/**
 * The start of the first line at or after the line start `pos` that checkBoundary could take
 * for a delimiter: one opening with "--", or with a CR and "--" (its `lead`); -1 when there is
 * none. A "--" inside a line sends the search on from the next line end.
 */
export function nextDashLine(text: string, pos: number): number {
  for (let at = text.indexOf('--', pos); at !== -1; ) {
    if (at === pos) return at;
    const before = text.charCodeAt(at - 1);
    if (before === 0x0a) return at;
    if (before === 0x0d && (at - 1 === pos || text.charCodeAt(at - 2) === 0x0a)) return at - 1;
    const nl = text.indexOf('\n', at);
    if (nl === -1) return -1;
    pos = nl + 1;
    at = text.indexOf('--', pos);
  }
  return -1;
}

/**
 * The MIME events of `bytes`, in the splitter's order, or null where the splitter must be run
 * instead (it would report an error, or split a long pending line in its own way). `latin1`:
 * the bytes read as latin1, where the caller has them so.
 */
export function scanParts(bytes: Buffer, config: ScanConfig, latin1?: string, rootHeadEnd = -1): ScanEvent[] | null {
  const events: ScanEvent[] = [];
  // line ends found in the bytes read as latin1 (one character a byte, so offsets are the
  // same): a string's indexOf is a V8 builtin, a Buffer's a call into C++ per line, and the
  // MIME layer's Buffer searches (most of them these) were ~6 % of a --jobs 0 CLI profile
  const text = latin1 ?? bytes.toString('latin1');
  let node = new PartHead(false);
  let head = true;
  let nodes = 1;
  let inEpilogue = false;
  let owner: Node | false = false;
  // the run of body lines being read: its start, and where its first line ends
  let runStart = -1;
  let runFirstEnd = -1;

  const newNode = (parent: Node | false): boolean => {
    node = new PartHead(parent);
    head = true;
    inEpilogue = false;
    return ++nodes <= config.maxChildNodes;
  };

  // 1-4 as the splitter's checkBoundary on the line bytes[start, end): 3 and 4 are 1 and 2 for
  // an enclosing multipart (`owner`)
  const checkBoundary = (start: number, end: number): 1 | 2 | 3 | 4 | false => {
    let lead = 0;
    if (end - start >= 1 && (bytes[start] === 0x0d || bytes[start] === 0x0a)) {
      lead++;
      if (end - start >= 2 && bytes[start] === 0x0d && bytes[start + 1] === 0x0a) lead++;
    }
    if (end - start < 4 || bytes[start + lead] !== 0x2d || bytes[start + lead + 1] !== 0x2d) return false;
    let b: 1 | 2 | false;
    if (!inEpilogue && node._boundary && (b = compareBoundary(bytes, text, start, end, lead, node._boundary))) return b;
    for (let o = node._parentBoundaryOwner; o; o = o._parentBoundaryOwner) {
      if (o._boundary && (b = compareBoundary(bytes, text, start, end, lead, o._boundary))) {
        owner = o;
        return (b + 2) as 3 | 4;
      }
    }
    return false;
  };

  // a child part's body ends before the line end that precedes the delimiter (RFC 2046 §5.1.1)
  const trimmedEnd = (start: number, end: number): number => {
    if (!node.parentNode) return end;
    if (end > start && bytes[end - 1] === 0x0a) {
      end--;
      if (end > start && bytes[end - 1] === 0x0d) end--;
    }
    return end;
  };

  // what to do at a delimiter line: returns false where the splitter would fail
  const atBoundary = (b: 1 | 2 | 3 | 4): boolean => {
    switch (b) {
      case 1:
        return newNode(node);
      case 3:
        return newNode(owner);
      case 2:
        // the close-delimiter of the node's own parts
        node.closeSeen = true;
        return true;
      case 4:
        // a part with header lines and no empty line after them is emitted here
        if (node._headerlen && !node.parsed) {
          node.parseHeaders();
          events.push({ type: 'node', node });
        }
        if (owner) {
          owner.closeSeen = true;
          node = owner;
          inEpilogue = true;
        }
        head = false;
        return true;
      default:
        return true;
    }
  };

  let pos = 0;
  // the top-level block, where the caller found its empty line (singlePart did) and its lines
  // cannot cost more than maxHeadSize (at most LINE_COST_FLOOR + 1 a byte): taken in one step,
  // as its lines would be one by one (no top-level line is a delimiter: no boundary is known yet)
  if (rootHeadEnd > 0 && rootHeadEnd <= bytes.length && (LINE_COST_FLOOR + 1) * rootHeadEnd <= config.maxHeadSize) {
    node.addHeaderLine(bytes, 0, rootHeadEnd, text);
    node.parseHeaders();
    events.push({ type: 'node', node });
    head = false;
    pos = rootHeadEnd;
  }
  for (;;) {
    if (!head && (runStart !== -1 || node.multipart)) {
      // inside a run of body lines (or a multipart's preamble or epilogue) only a delimiter
      // line changes anything: the next line that may be one is looked for, not every line
      const next = nextDashLine(text, pos);
      if (next === -1) {
        // none: on to the unterminated last line, if any
        pos = text.lastIndexOf('\n') + 1;
        break;
      }
      pos = next;
    }
    const nl = text.indexOf('\n', pos);
    if (nl === -1) break;
    const end = nl + 1;
    const b = checkBoundary(pos, end);
    if (b) {
      if (runStart !== -1) {
        const runEnd = trimmedEnd(runStart, pos);
        // before a delimiter of a next part the splitter gives the run even when the trim
        // left nothing of it: then as its first line was emitted, line end and all
        if (b === 1 || b === 3) events.push({ type: 'body', value: runEnd > runStart ? bytes.subarray(runStart, runEnd) : bytes.subarray(runStart, runFirstEnd) });
        else if (runEnd > runStart) events.push({ type: 'body', value: bytes.subarray(runStart, runEnd) });
        runStart = -1;
      }
      if (!atBoundary(b)) return null;
    } else if (head) {
      const ends = node.addHeaderLine(bytes, pos, end, text);
      if (node.headerCost() > config.maxHeadSize) return null;
      if (ends) {
        node.parseHeaders();
        events.push({ type: 'node', node });
        head = false;
      }
    } else if (!node.multipart && runStart === -1) {
      runStart = pos;
      runFirstEnd = end;
    }
    pos = end;
  }

  // the end of the input: an open run ends before its last line end, which joins the pending tail
  let tailStart = pos;
  if (runStart !== -1) {
    const runEnd = trimmedEnd(runStart, pos);
    if (runEnd > runStart) events.push({ type: 'body', value: bytes.subarray(runStart, runEnd) });
    tailStart = runEnd;
  }
  const tailLength = bytes.length - tailStart;
  let longest = node._boundary ? node._boundary.length : 0;
  for (let o = node._parentBoundaryOwner; o; o = o._parentBoundaryOwner) if (o._boundary && o._boundary.length > longest) longest = o._boundary.length;
  // the splitter checks and may cut a pending line longer than this
  if (tailLength > longest + BOUNDARY_LINE_OVERHEAD) return null;

  // the splitter's flush: the pending tail read as a last line
  const b = checkBoundary(tailStart, bytes.length);
  if (b) {
    if (!atBoundary(b)) return null;
  } else if (head) {
    // an empty tail too: the splitter counts it against maxHeadSize as a header line
    node.addHeaderLine(bytes, tailStart, bytes.length, text);
    if (node.headerCost() > config.maxHeadSize) return null;
    node.parseHeaders();
    events.push({ type: 'node', node });
  } else if (!node.multipart && tailLength) {
    events.push({ type: 'body', value: bytes.subarray(tailStart) });
  }
  return events;
}
