import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteLogStore } from './log-store';
import type { LogMessage, PausedContext } from '../session/link';

const stores: SqliteLogStore[] = [];
function store(options = {}) {
  const s = new SqliteLogStore({ ringCapacity: 3, batchSize: 4, ...options });
  stores.push(s);
  return s;
}
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});

let sequence = 0;
const msg = (operationCode: number, text: string, core?: number): LogMessage => ({
  operationCode,
  text,
  arrivedAt: 1_700_000_000_000 + sequence,
  sequence: sequence++,
  ...(core !== undefined ? { core } : {}),
});

const trigger = (tag: bigint, stage: number): PausedContext =>
  ({ reason: 11, eventTag: tag, eventStage: stage, core: 2, arrivedAt: 1 }) as PausedContext;

describe('SQLite log store', () => {
  it('stores every message, classifies kinds and filters by kind, event, core and full text', () => {
    const s = store();
    s.append(msg(1, 'the requested pools are allocated\n'));
    s.append(msg(3, '[!] Error | checksum is invalid\n', 1));
    s.append(msg(0x1000002, 'rax = 42\n'));
    s.append(msg(0x1000002, 'rax = 43\n'));
    s.append(msg(4, 'batched output\n'));
    expect(s.count()).toBe(5);
    expect(s.count({ kinds: ['event'] })).toBe(2);
    expect(s.count({ eventTag: 0x1000002 })).toBe(2);
    expect(s.count({ core: 1 })).toBe(1);
    expect(s.query({ text: 'checksum' }, 0, 10).map((r) => r.kind)).toEqual(['error']);
    expect(s.query({}, 1, 2).map((r) => r.text)).toEqual(['[!] Error | checksum is invalid\n', 'rax = 42\n']);
  });

  it('takes the core from the kernel log prefix when the session did not know it', () => {
    const s = store();
    s.append(msg(1, '(12:01:02.345 - core : 3 - vmx-root? yes)\t [+] Information (Fn:1) | hello\n'));
    s.append(msg(1, 'no prefix here\n'));
    expect(s.count({ core: 3 })).toBe(1);
  });

  it('tags trigger notices and the halted event output with the stage', () => {
    const s = store();
    s.observePause(trigger(0x1000003n, 2));
    s.append(msg(0x1000003, 'post value\n'));
    s.observeResume();
    s.append(msg(0x1000003, 'later output\n'));
    expect(s.query({ stage: 'post' }, 0, 10).map((r) => r.text)).toEqual([
      'event 0x3 triggered (post)\n',
      'post value\n',
    ]);
    expect(s.count({ stage: 'pre' })).toBe(0);
  });

  it('keeps everything when the live window overflows and counts the elided records and gaps', () => {
    const s = store();
    for (let i = 0; i < 10; i++) s.append(msg(1, `line ${i}\n`));
    sequence += 5; // five messages the session never delivered
    s.append(msg(1, 'after gap\n'));
    expect(s.recent().map((r) => r.text)).toEqual(['line 8\n', 'line 9\n', 'after gap\n']);
    const stats = s.stats();
    expect(stats.elidedFromRing).toBe(8);
    expect(stats.sequenceGaps).toBe(5);
    expect(s.count()).toBe(11);
  });

  it('exports JSONL and CSV (quoted fields) by streaming', async () => {
    const s = store();
    s.append(msg(1, 'plain\n'));
    s.append(msg(0x1000000, 'needs, "quotes"\n'));
    const dir = mkdtempSync(path.join(tmpdir(), 'hds-logs-'));
    expect(await s.exportJsonl(path.join(dir, 'a.jsonl'))).toBe(2);
    const lines = readFileSync(path.join(dir, 'a.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[1])).toMatchObject({
      kind: 'event',
      eventTag: 0x1000000,
      text: 'needs, "quotes"\n',
    });
    await s.exportCsv(path.join(dir, 'a.csv'), { kinds: ['event'] });
    const csv = readFileSync(path.join(dir, 'a.csv'), 'utf8');
    expect(csv.split('\r\n')[1]).toMatch(/,event,16777216,0x1000000,,,"needs, ""quotes""\n"$/);
  });

  it('persists to a file and reopens with the old rows', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hds-logs-'));
    const file = path.join(dir, 'session.sqlite');
    const first = new SqliteLogStore({ path: file });
    first.append(msg(1, 'kept\n'));
    first.close();
    const second = store({ path: file });
    expect(second.count({ text: 'kept' })).toBe(1);
  });
});

describe('arrival times', () => {
  it('turn the link clock (performance.now) into wall-clock time by default', () => {
    const s = new SqliteLogStore();
    stores.push(s);
    s.append({ operationCode: 1, text: 'x\n', arrivedAt: performance.now(), sequence: 1 });
    const [record] = s.query({}, 0, 1);
    expect(Math.abs(record.arrivedAt - Date.now())).toBeLessThan(60_000);
  });
});
