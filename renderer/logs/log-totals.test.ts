import { describe, expect, it } from 'vitest';
import type { LogCounts } from '../../shared/ipc/model';
import { liveTotal, totalText } from './log-totals';

const counts: LogCounts = {
  total: 10,
  byStage: { pre: 4, post: 3, none: 3 },
  byEvent: [{ tag: 0x1000000, counts: { pre: 2, post: 1, none: 0 } }],
  storageStopped: null,
  notStored: 0,
};

describe('log totals', () => {
  it('reads the live rows matching a stage or an event from the counters', () => {
    expect(liveTotal(counts, { stage: 'all' })).toBe(10);
    expect(liveTotal(counts, { stage: 'post' })).toBe(3);
    expect(liveTotal(counts, { stage: 'all', eventTag: 0x1000000 })).toBe(3);
    expect(liveTotal(counts, { stage: 'pre', eventTag: 0x1000000 })).toBe(2);
    expect(liveTotal(counts, { stage: 'all', eventTag: 0x1000005 })).toBe(0);
    expect(liveTotal(null, { stage: 'all' })).toBeNull();
  });

  it('says matches while counting a search, rows for the live session, else what is loaded', () => {
    expect(totalText(true, null, true, 10, 0)).toBe('…');
    expect(totalText(true, 1234, true, 10, 0)).toBe('1,234 matches');
    expect(totalText(true, 7, false, 10, 0)).toBe('7 rows');
    expect(totalText(false, null, false, 10, 3)).toBe('10 rows');
    expect(totalText(false, null, false, null, 3)).toBe('3 loaded');
  });
});
