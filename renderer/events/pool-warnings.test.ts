import { describe, expect, it } from 'vitest';
import type { PoolCount } from '../../shared/ipc/model';
import { countWarnings, DEFAULT_REFILL } from './pool-warnings';

const pool = (
  intention: number,
  free: number,
  inUse = 0,
  total = free + inUse,
  pendingNew = 0,
): PoolCount => ({ intention, name: String(intention), free, inUse, pendingFree: 0, total, pendingNew });

describe('pool warnings from counts', () => {
  it('is quiet while pools have headroom and for big pools nobody used', () => {
    expect(countWarnings([pool(6, 20), pool(8, 20), pool(7, 0, 0, 0), pool(9, 0, 0, 0)])).toEqual([]);
  });

  it('warns when low and errors when empty, one remedy per prealloc type', () => {
    const w = countWarnings([pool(6, 2, 18), pool(8, 0, 20), pool(10, 0, 0, 0, 1)]);
    expect(w.map((x) => [x.severity, x.errorCode, x.remedy[0].type])).toEqual([
      ['error', 0xc0000045, 'regular-event'],
      ['error', 0xc0000049, 'regular-safe-buffer'],
    ]);
    expect(w[0].remedy[0].count).toBe(DEFAULT_REFILL);
    const low = countWarnings([pool(6, 1, 19)]);
    expect(low).toHaveLength(1);
    expect(low[0].severity).toBe('warning');
    expect(low[0].message).toContain('0xc0000042');
  });
});
