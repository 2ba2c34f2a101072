import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteLogStore, type LogStoreOptions } from './log-store';
import { CancelledError } from './log-operations';
import { inlineBackend, type BackendFactory } from './store-backend';
import type { LogMessage, HaltContext } from '../session/link';

const stores: SqliteLogStore[] = [];
function store(options: LogStoreOptions = {}) {
  const s = new SqliteLogStore({ batchSize: 4, ...options });
  stores.push(s);
  return s;
}
afterEach(async () => {
  while (stores.length) await stores.pop()!.close();
});

let sequence = 0;
const msg = (operationCode: number, text: string, core?: number): LogMessage => ({
  operationCode,
  text,
  arrivedAt: 1_700_000_000_000 + sequence,
  sequence: sequence++,
  ...(core !== undefined ? { core } : {}),
});

const trigger = (tag: bigint, stage: number): HaltContext =>
  ({ reason: 11, eventTag: tag, eventStage: stage, core: 2, arrivedAt: 1 }) as HaltContext;

const texts = async (s: SqliteLogStore, query: Parameters<SqliteLogStore['page']>[0], limit = 100) =>
  (await s.page(query, { limit })).map((r) => r.text);

const temp = () => mkdtempSync(path.join(tmpdir(), 'hds-logs-'));

describe('SQLite log store', () => {
  it('stores every message, classifies kinds and filters by kind, event, core and text', async () => {
    const s = store();
    s.append(msg(1, 'the requested pools are allocated\n'));
    s.append(msg(3, '[!] Error | checksum is invalid\n', 1));
    s.append(msg(0x1000002, 'rax = 42\n'));
    s.append(msg(0x1000002, 'rax = 43\n'));
    s.append(msg(4, 'batched output\n'));
    expect(await s.count()).toBe(5);
    expect(await s.count({ kinds: ['event'] })).toBe(2);
    expect(await s.count({ eventTag: 0x1000002 })).toBe(2);
    expect(await s.count({ core: 1 })).toBe(1);
    expect(await texts(s, { text: { mode: 'fts', value: 'checksum' } })).toEqual([
      '[!] Error | checksum is invalid\n',
    ]);
  });

  it('pages by keyset: after an id oldest first, before an id the newest', async () => {
    const s = store();
    for (let i = 0; i < 10; i++) s.append(msg(1, `line ${i}\n`));
    const first = await s.page({}, { limit: 3 });
    expect(first.map((r) => r.text)).toEqual(['line 0\n', 'line 1\n', 'line 2\n']);
    const next = await s.page({}, { afterId: first[2]!.id, limit: 2 });
    expect(next.map((r) => r.text)).toEqual(['line 3\n', 'line 4\n']);
    const tail = await s.page({}, { beforeId: 9, limit: 3 });
    expect(tail.map((r) => r.id)).toEqual([6, 7, 8]);
  });

  it('finds true substrings inside words ("umber" in "number", "ool" in "pool", part of an address)', async () => {
    const s = store();
    s.append(msg(1, 'the number is 7\n'));
    s.append(msg(1, 'pool tag Hds1 at fffff801a1b2c3d4\n'));
    s.append(msg(1, 'nothing here\n'));
    expect(await texts(s, { text: { mode: 'substring', value: 'umber' } })).toEqual(['the number is 7\n']);
    expect(await texts(s, { text: { mode: 'substring', value: 'ool' } })).toHaveLength(1);
    expect(await texts(s, { text: { mode: 'substring', value: 'a1b2' } })).toHaveLength(1);
    // Shorter than a trigram: still a substring (a scan).
    expect(await texts(s, { text: { mode: 'substring', value: 'um' } })).toEqual(['the number is 7\n']);
    expect(await s.count({ text: { mode: 'substring', value: 'UMBER' } })).toBe(1);
    // Word search needs whole words.
    expect(await s.count({ text: { mode: 'fts', value: 'umber' } })).toBe(0);
    expect(await s.count({ text: { mode: 'fts', value: 'number' } })).toBe(1);
  });

  it('searches by regular expression and reports bad queries instead of matching nothing', async () => {
    const s = store();
    s.append(msg(1, 'rax = 0x10\n'));
    s.append(msg(1, 'rbx = 0x20\n'));
    expect(await texts(s, { text: { mode: 'regex', value: '^r[a-b]x = 0x1' } })).toEqual(['rax = 0x10\n']);
    await expect(s.page({ text: { mode: 'regex', value: '(' } }, { limit: 1 })).rejects.toThrow(
      /not a valid regular expression/,
    );
    await expect(s.count({ text: { mode: 'fts', value: '"unterminated' } })).rejects.toThrow(
      /not a valid full-text query/,
    );
  });

  it('tags trigger notices and the halted event output with the stage', async () => {
    const s = store();
    s.observePause(trigger(0x1000003n, 2));
    s.append(msg(0x1000003, 'post value\n'));
    s.observeResume();
    s.append(msg(0x1000003, 'later output\n'));
    expect(await texts(s, { stage: 'post' })).toEqual(['event 0x3 triggered (post)\n', 'post value\n']);
    expect(await s.count({ stage: 'pre' })).toBe(0);
    expect(s.eventCounts(0x1000003)).toEqual({ pre: 0, post: 2, none: 1 });
  });

  it('pushes every row to live views in arrival order and counts sequence gaps', async () => {
    const s = store();
    const live: string[] = [];
    s.onRecords((rows) => live.push(...rows.map((r) => r.text)));
    for (let i = 0; i < 10; i++) s.append(msg(1, `line ${i}\n`));
    sequence += 5; // five messages the session never delivered
    s.append(msg(1, 'after gap\n'));
    s.flush();
    expect(live).toEqual([...Array.from({ length: 10 }, (_, i) => `line ${i}\n`), 'after gap\n']);
    expect(s.stats().sequenceGaps).toBe(5);
    expect(await s.count()).toBe(11);
  });

  it('does not store the answers of internal queries', async () => {
    const s = store();
    s.append(msg(1, 'user output\n'));
    const end = s.beginInternalQuery();
    expect(s.append(msg(1, 'bl table line\n'))).toBeUndefined();
    end();
    s.append(msg(1, 'more user output\n'));
    expect(await texts(s, {})).toEqual(['user output\n', 'more user output\n']);
    expect(s.stats().internal).toBe(1);
  });

  it('exports JSONL with the UI event ids and RFC 4180 CSV (0600 files)', async () => {
    const s = store();
    s.append(msg(1, 'plain\n'));
    s.append(msg(0x100000a, 'needs, "quotes"\nand a line break\n'));
    const dir = temp();
    expect(await s.export(path.join(dir, 'a.jsonl'), 'jsonl')).toBe(2);
    const lines = readFileSync(path.join(dir, 'a.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: 2, kind: 'event', event: 'a', eventTag: 0x100000a });
    expect(await s.export(path.join(dir, 'a.csv'), 'csv', { kinds: ['event'] })).toBe(1);
    const csv = readFileSync(path.join(dir, 'a.csv'), 'utf8');
    expect(csv).toMatch(/,event,a,,,\d+,"needs, ""quotes""\nand a line break\n"\r\n$/);
    expect(statSync(path.join(dir, 'a.csv')).mode & 0o777).toBe(0o600);
  });

  it('cancels a long count between id ranges', async () => {
    const s = store({ batchSize: 10_000 });
    for (let i = 0; i < 60_000; i++) s.append(msg(1, `row ${i}\n`));
    const controller = new AbortController();
    const progress: number[] = [];
    const counting = s.count(
      { core: 7 },
      {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          controller.abort();
        },
      },
    );
    await expect(counting).rejects.toBeInstanceOf(CancelledError);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('cancels an export with progress and removes its partial file', async () => {
    const s = store({ batchSize: 10_000 });
    for (let i = 0; i < 60_000; i++) s.append(msg(1, `row ${i}\n`));
    const file = path.join(temp(), 'cancelled.csv');
    const controller = new AbortController();
    const progress: Array<[number, number]> = [];
    const exporting = s.export(
      file,
      'csv',
      {},
      {
        signal: controller.signal,
        onProgress: (done, total) => {
          progress.push([done, total]);
          if (existsSync(file)) controller.abort(); // rows were written, then the user cancels
        },
      },
    );
    await expect(exporting).rejects.toBeInstanceOf(CancelledError);
    expect(progress[0]![1]).toBe(60_000);
    expect(progress[0]![0]).toBeLessThan(60_000);
    expect(existsSync(file)).toBe(false);
  });
});

describe('the store in a worker thread', () => {
  it('writes, pages, counts, searches and closes a session file', async () => {
    const dir = temp();
    const file = path.join(dir, 'session.sqlite');
    const s = new SqliteLogStore({ path: file, thread: 'worker', session: { started: 5, endpoint: 'sim' } });
    for (let i = 0; i < 1000; i++) s.append(msg(1, i === 500 ? 'the number\n' : `row ${i}\n`));
    expect(await s.count()).toBe(1000);
    const found = await s.page({ text: { mode: 'substring', value: 'umber' } }, { limit: 10 });
    expect(found.map((r) => r.id)).toEqual([501]);
    await s.close();
    const reader = store({ path: file });
    expect(await reader.count({ text: { mode: 'substring', value: 'row 99' } })).toBe(11);
  });

  it('reports an unwritable folder once, naming the path, and keeps taking rows', async () => {
    const s = store({ path: '/proc/hds-no-such-folder/session.sqlite', thread: 'worker' });
    const reasons: string[] = [];
    s.onStorageStopped((reason) => reasons.push(reason));
    const live: string[] = [];
    s.onRecords((rows) => live.push(...rows.map((r) => r.text)));
    s.append(msg(1, 'shown live only\n'));
    await expect(s.count()).rejects.toThrow(/hds-no-such-folder/);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('/proc/hds-no-such-folder/session.sqlite');
    s.append(msg(1, 'after the stop\n'));
    s.flush();
    expect(live).toEqual(['shown live only\n', 'after the stop\n']);
    expect(s.stats().notStored).toBe(1);
  });
});

describe('arrival times', () => {
  it('turn the link clock (performance.now) into wall-clock time by default', async () => {
    const s = store();
    s.append({ operationCode: 1, text: 'x\n', arrivedAt: performance.now(), sequence: 1 });
    const [record] = await s.page({}, { limit: 1 });
    expect(Math.abs(record!.arrivedAt - Date.now())).toBeLessThan(60_000);
  });
});

/**
 * A deliberately slow database: inserts are written only when the test says so (as a worker
 * busy with a long transaction would), reads are answered after what was written.
 */
function slowDatabase() {
  const held: (() => void)[] = [];
  const batches: number[] = [];
  const factory: BackendFactory = (options, events) => {
    const real = inlineBackend(options, { stopped: events.stopped, written: () => undefined });
    return {
      insert(rows) {
        batches.push(rows.length);
        held.push(() => {
          real.insert(rows);
          events.written(rows.length);
        });
      },
      call: (call, control) => {
        writeAll();
        return real.call(call, control);
      },
    };
  };
  const writeAll = () => {
    while (held.length) held.shift()!();
  };
  /** The database finishes what it holds now (rows handed over meanwhile wait for the next call). */
  const writeHeld = () => held.splice(0).forEach((write) => write());
  return { factory, batches, writeAll, writeHeld };
}

describe('back-pressure from a lagging database', () => {
  it('holds rows in main while too many are being written, then hands them over as one bigger batch', () => {
    const slow = slowDatabase();
    const s = store({ backend: slow.factory, batchSize: 100, maxInFlightRows: 300, maxQueuedRows: 10_000 });
    for (let i = 0; i < 1000; i++) s.append(msg(1, `row ${i}\n`));
    // Three batches are with the database, the rest wait in main.
    expect(slow.batches).toEqual([100, 100, 100]);
    expect(s.stats()).toMatchObject({ writing: 300, pending: 700, notStored: 0 });
    slow.writeHeld();
    expect(slow.batches.slice(3)).toEqual([700]);
    expect(s.stats()).toMatchObject({ writing: 700, pending: 0, stored: 1000 });
  });

  it('beyond the queue bound stores nothing more, counts it, warns, and says when it caught up', async () => {
    const slow = slowDatabase();
    const s = store({
      backend: slow.factory,
      batchSize: 100,
      maxInFlightRows: 100,
      maxQueuedRows: 500,
      maxBatchRows: 1000,
    });
    const warnings: string[] = [];
    s.onStorageWarning((message) => warnings.push(message));
    const live: number[] = [];
    s.onRecords((rows) => live.push(...rows.map((r) => r.id)));
    for (let i = 0; i < 1000; i++) s.append(msg(1, `row ${i}\n`));
    // 100 with the database, 500 waiting, 400 not stored but still shown live and counted.
    expect(s.stats()).toMatchObject({ writing: 100, pending: 500, notStored: 400 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/fell 500 rows behind; from row 601 new rows are shown live/);
    slow.writeHeld(); // the worker catches up: everything waiting goes over in one batch
    expect(warnings[1]).toMatch(/caught up; 400 rows from row 601 on were not stored/);
    s.append(msg(1, 'after catching up\n'));
    s.flush();
    expect(live).toHaveLength(1001);
    expect(s.counts().total).toBe(1001);
    expect(await s.count()).toBe(601);
    const [last] = await s.page({}, { beforeId: 2000, limit: 1 });
    expect(last).toMatchObject({ id: 1001, text: 'after catching up\n' });
    expect(s.stats()).toMatchObject({ notStored: 400, pending: 0 });
  });
});
