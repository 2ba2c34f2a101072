import { describe, expect, it } from 'vitest';
import type { LogEntry, LogFilter } from '../../shared/ipc/model';
import { LogPager, MAX_CACHED_PAGES, PAGE_SIZE, pairPrePost } from './log-pager';

function entry(id: number, extra: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    time: id,
    kind: 'event-output',
    eventTag: 0x1000000,
    stage: 'pre',
    core: 0,
    text: `m${id}`,
    ...extra,
  };
}

function fakeStore(count: number) {
  let total = count;
  const calls: number[] = [];
  const query = async (_f: LogFilter, offset: number, limit: number) => {
    calls.push(offset);
    const entries = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) entries.push(entry(i));
    return { total, entries };
  };
  return { query, calls, grow: (n: number) => (total += n) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('log pager', () => {
  it('fetches the pages a window needs, once, and serves them from cache', async () => {
    const store = fakeStore(1000);
    let changes = 0;
    const pager = new LogPager(store.query, { stage: 'all' }, () => changes++);
    pager.setTotal(1000);
    expect(pager.rows(190, 20).every((r) => r === undefined)).toBe(true);
    pager.rows(190, 20);
    await tick();
    expect(store.calls.sort((a, b) => a - b)).toEqual([0, PAGE_SIZE]);
    expect(pager.rows(190, 20).map((r) => r?.id)).toEqual(Array.from({ length: 20 }, (_, i) => 190 + i));
    expect(changes).toBe(2);
  });

  it('refetches the tail page when rows arrive and stays bounded', async () => {
    const store = fakeStore(250);
    const pager = new LogPager(store.query, { stage: 'all' }, () => undefined);
    pager.setTotal(250);
    pager.rows(230, 20);
    await tick();
    store.grow(10);
    pager.setTotal(260);
    expect(
      pager
        .rows(240, 20)
        .slice(-5)
        .every((r) => r === undefined),
    ).toBe(true);
    await tick();
    expect(pager.rows(240, 20).map((r) => r?.id)).toEqual(Array.from({ length: 20 }, (_, i) => 240 + i));
    const big = fakeStore(PAGE_SIZE * 100);
    const p2 = new LogPager(big.query, { stage: 'all' }, () => undefined);
    p2.setTotal(PAGE_SIZE * 100);
    for (let i = 0; i < 100; i++) {
      p2.rows(i * PAGE_SIZE, 10);
      await tick();
    }
    expect(p2.cachedPages).toBeLessThanOrEqual(MAX_CACHED_PAGES);
  });

  it('drops answers for an old filter', async () => {
    const store = fakeStore(100);
    const pager = new LogPager(store.query, { stage: 'all' }, () => undefined);
    pager.setTotal(100);
    pager.rows(0, 10);
    pager.setFilter({ stage: 'pre' });
    await tick();
    expect(pager.cachedPages).toBe(0);
  });
});

describe('pre/post pairing', () => {
  it('matches a post to the latest open pre of the same event and core', () => {
    const rows = pairPrePost([
      entry(1, { stage: 'pre', core: 0 }),
      entry(2, { stage: 'pre', core: 1 }),
      entry(3, { stage: 'post', core: 1 }),
      entry(4, { stage: 'post', core: 0 }),
      entry(5, { stage: 'post', core: 2 }),
      entry(6, { stage: 'pre', eventTag: 0x1000001 }),
    ]);
    expect(rows.map((r) => [r.pre?.id ?? null, r.post?.id ?? null])).toEqual([
      [1, 4],
      [2, 3],
      [null, 5],
      [6, null],
    ]);
  });
});
