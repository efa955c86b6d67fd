// The progress line and the filters, with a fake clock and a fake terminal.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { applyFilter, ONLY_ACTIONS } from '../../src/8-pipeline/batch/filter.js';
import { listOption } from '../../src/9-cli/batch.js';
import { formatElapsed, Progress } from '../../src/9-cli/progress.js';
import { emptyResult } from '../../src/8-pipeline/parse.js';
import type { ParseResult, RecipientRow } from '../../src/0-core/schema.js';

function terminal(columns = 80) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = columns;
  return { stream, chunks };
}

describe('progress line', () => {
  it('appears from the second message, redraws at most every 100 ms, and shows count, rate, time, percentage', () => {
    let now = 1_000_000;
    const { stream, chunks } = terminal();
    const p = new Progress(stream, { enabled: true, totalBytes: 1000, now: () => now });
    now += 500;
    p.tick(100);
    expect(chunks).toEqual([]); // one message is no batch
    p.tick(100);
    expect(chunks).toEqual(['\r\u001b[Kbouncemapi: 2 messages  4/s  0:00  20%']); // 2 in 0.5 s; 200 of 1000 bytes
    now += 50;
    p.tick(100);
    expect(chunks).toHaveLength(1); // 50 ms later: not redrawn
    now += 60;
    p.tick(100);
    expect(chunks.at(-1)).toBe('\r\u001b[Kbouncemapi: 4 messages  7/s  0:00  40%'); // 4 in 0.61 s
    p.clear();
    expect(chunks.at(-1)).toBe('\r\u001b[K');
    p.clear();
    expect(chunks).toHaveLength(3); // wiping a wiped line writes nothing
  });

  it('draws nothing when disabled, and no percentage when the total is unknown', () => {
    const off = terminal();
    const p = new Progress(off.stream, { enabled: false, totalBytes: 10 });
    for (let i = 0; i < 5; i++) p.tick(1);
    p.clear();
    expect(off.chunks).toEqual([]);
    const on = terminal();
    const q = new Progress(on.stream, { enabled: true, totalBytes: null, now: () => 0 });
    q.tick(1);
    q.tick(1);
    expect(on.chunks[0]).not.toMatch(/%/);
  });

  it('is cut to the terminal width so it never wraps', () => {
    const { stream, chunks } = terminal(20);
    const p = new Progress(stream, { enabled: true, totalBytes: null, now: () => 0 });
    p.tick(1);
    p.tick(1);
    expect(chunks[0]).toBe('\r\u001b[Kbouncemapi: 2 messa'); // 19 characters
  });

  it('formats elapsed time as m:ss, then h:mm:ss', () => {
    expect(formatElapsed(5_000)).toBe('0:05');
    expect(formatElapsed(125_000)).toBe('2:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
  });
});

const row = (action: RecipientRow['action']) => ({ recipient: `${action}@example.net`, action }) as RecipientRow;
const result = (kind: ParseResult['kind'], actions: RecipientRow['action'][], error: string | null = null): ParseResult => ({ ...emptyResult('x'), kind, error, recipients: actions.map(row) });

describe('filters', () => {
  it('--only keeps the rows of those actions, and drops a result left with none', () => {
    const r = result('dsn', ['failed', 'delivered', 'failed']);
    expect(applyFilter(r, { only: ['failed'] })!.recipients.map((x) => x.action)).toEqual(['failed', 'failed']);
    expect(applyFilter(r, { only: ['failed'] })).not.toBe(r); // a copy: the result itself is not changed
    expect(r.recipients).toHaveLength(3);
    expect(applyFilter(r, { only: ['failed', 'delivered'] })).toBe(r);
    expect(applyFilter(r, { only: ['delayed'] })).toBeNull();
    expect(applyFilter(result('feedback', [null]), { only: ['failed'] })).toBeNull(); // feedback rows have no action
    expect(applyFilter(result(null, [], 'unreadable'), { only: ['failed'] })).toBeNull();
  });

  it('--kind keeps results of those kinds; none is kind null, errors included', () => {
    expect(applyFilter(result('dsn', ['failed']), { kind: ['dsn'] })).not.toBeNull();
    expect(applyFilter(result('autoreply', [null]), { kind: ['dsn'] })).toBeNull();
    expect(applyFilter(result(null, []), { kind: ['none'] })).not.toBeNull();
    expect(applyFilter(result(null, [], 'unreadable'), { kind: ['none'] })).not.toBeNull();
    expect(applyFilter(result('dsn', ['failed']), { kind: ['none', 'feedback'] })).toBeNull();
    expect(applyFilter(result('dsn', ['failed']), {})).not.toBeNull();
  });

  it('reads comma lists and repeats, case-insensitively, and names what it does not know', () => {
    const parse = listOption(ONLY_ACTIONS, '--only');
    expect(parse('Failed, delayed', undefined)).toEqual(['failed', 'delayed']);
    expect(parse('delayed,relayed', ['failed', 'delayed'])).toEqual(['failed', 'delayed', 'relayed']);
    expect(() => parse('bounced', undefined)).toThrow(/--only must be one of failed, delayed, delivered, relayed, expanded \(got "bounced"\)/);
  });
});
