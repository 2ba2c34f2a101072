import { describe, expect, it } from 'vitest';
import type { PoolCount } from '../../shared/ipc/model';
import { defaultDraft } from './event-draft';
import { checkHeadroom, INTENTION, poolTakes } from './pool-need';

const count = (intention: number, free: number, pendingNew = 0): PoolCount => ({
  intention,
  name: String(intention),
  free,
  inUse: 0,
  pendingFree: 0,
  total: free,
  pendingNew,
});

describe('pool need of an event draft', () => {
  it('takes a regular event and action slot, plus EPT trackers for hooks', () => {
    const takes = poolTakes({ ...defaultDraft('epthook2'), target: 'nt!Foo' }).map((t) => t.intention);
    expect(takes).toEqual([
      INTENTION.REGULAR_EVENT,
      INTENTION.REGULAR_ACTION,
      INTENTION.TRACKING_HOOKED_PAGES,
      INTENTION.EXEC_TRAMPOLINE,
      INTENTION.DETOUR_HOOK_DETAILS,
    ]);
    expect(poolTakes(defaultDraft('cpuid')).map((t) => t.intention)).toEqual([
      INTENTION.REGULAR_EVENT,
      INTENTION.REGULAR_ACTION,
    ]);
  });

  it('switches to big slots for long conditions, big code and big buffers', () => {
    const d = {
      ...defaultDraft('cpuid'),
      condition: '90 '.repeat(120),
      action: 'code' as const,
      code: '90'.repeat(9000),
      buffer: '3e7',
    };
    expect(poolTakes(d).map((t) => t.intention)).toEqual([
      INTENTION.BIG_EVENT,
      INTENTION.BIG_ACTION,
      INTENTION.REGULAR_SAFE_BUFFER,
    ]);
  });

  it('reports pools without headroom', () => {
    const takes = poolTakes({ ...defaultDraft('epthook'), target: 'nt!Foo' });
    const counts = [
      count(INTENTION.REGULAR_EVENT, 0, 3),
      count(INTENTION.REGULAR_ACTION, 5),
      count(INTENTION.TRACKING_HOOKED_PAGES, 2),
    ];
    const problems = checkHeadroom(takes, counts);
    expect(problems.map((p) => [p.take.intention, p.take.prealloc, p.take.errorCode])).toEqual([
      [INTENTION.REGULAR_EVENT, 'regular-event', 0xc0000042],
    ]);
    expect(checkHeadroom(takes, [])).toEqual([]);
  });
});
