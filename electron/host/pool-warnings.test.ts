import { describe, expect, it } from 'vitest';
import type { PoolCount } from '../../shared/ipc';
import { PoolIntention } from '../model/pool-state';
import { DEFAULT_REFILL, lowPoolWarnings } from './pool-warnings';

const count = (intention: number, name: string, free: number, inUse: number): PoolCount => ({
  intention,
  name,
  free,
  inUse,
  pendingFree: 0,
  total: free + inUse,
  pendingNew: 0,
});

describe('pool warnings', () => {
  it('warns about an exhausted TRACKING_HOOKED_PAGES pool with the epthook prealloc', () => {
    const warnings = lowPoolWarnings([
      count(PoolIntention.TRACKING_HOOKED_PAGES, 'TRACKING_HOOKED_PAGES', 0, 5),
    ]);
    expect(warnings).toEqual([
      {
        severity: 'warning',
        message: expect.stringMatching(/TRACKING_HOOKED_PAGES.*0xc0000023/),
        errorCode: 0xc0000023,
        remedy: [{ type: 'epthook', count: DEFAULT_REFILL }],
      },
    ]);
  });

  it('does not warn about EPT pools that still have a record, only about low event pools', () => {
    expect(
      lowPoolWarnings([count(PoolIntention.TRACKING_HOOKED_PAGES, 'TRACKING_HOOKED_PAGES', 1, 4)]),
    ).toEqual([]);
    const low = lowPoolWarnings([
      count(PoolIntention.INSTANT_REGULAR_EVENT_BUFFER, 'INSTANT_REGULAR_EVENT_BUFFER', 2, 8),
    ]);
    expect(low).toMatchObject([
      { severity: 'warning', errorCode: 0xc0000042, remedy: [{ type: 'regular-event' }] },
    ]);
  });
});
