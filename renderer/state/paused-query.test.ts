import { describe, expect, it } from 'vitest';
import { breakpointFilters } from '../ui/breakpoint-filters';
import { createPausedQuery, type PausedQueryState } from './paused-query';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createPausedQuery', () => {
  it('keeps only the newest refresh: an overtaken answer never overwrites fresher rows', async () => {
    const pending = [deferred<string[]>(), deferred<string[]>()];
    let call = 0;
    const states: PausedQueryState<string[]>[] = [];
    const query = createPausedQuery(
      () => pending[call++]!.promise,
      (s) => states.push(s),
    );
    query.refresh();
    query.refresh();
    pending[1]!.resolve(['frame at the second halt']);
    await Promise.resolve();
    pending[0]!.resolve(['frame at the first halt']);
    await new Promise((r) => setTimeout(r, 0));
    expect(states.at(-1)).toEqual({ value: ['frame at the second halt'], error: null, loading: false });
    expect(states.some((s) => s.value?.[0] === 'frame at the first halt')).toBe(false);
  });

  it("shows the host's error and drops rows that belong to an older halt", async () => {
    const states: PausedQueryState<number[]>[] = [];
    let fail = false;
    const query = createPausedQuery(
      () => (fail ? Promise.reject(new Error('err, the debuggee is not paused')) : Promise.resolve([1, 2])),
      (s) => states.push(s),
    );
    query.refresh();
    await new Promise((r) => setTimeout(r, 0));
    expect(states.at(-1)).toEqual({ value: [1, 2], error: null, loading: false });
    fail = true;
    query.refresh();
    expect(states.at(-1)).toEqual({ value: [1, 2], error: null, loading: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(states.at(-1)).toEqual({ value: null, error: 'err, the debuggee is not paused', loading: false });
    query.dispose();
  });
});

describe('breakpointFilters', () => {
  it('names the bp filters in hex, or nothing for a breakpoint that applies everywhere', () => {
    const row = { id: 1, address: 'fffff80312345678', enabled: true, core: null, pid: null, tid: null };
    expect(breakpointFilters(row)).toBe('');
    expect(breakpointFilters({ ...row, core: 1, pid: 0x1c4, tid: 0x2f })).toBe('core 1 · pid 1c4 · tid 2f');
  });
});
