import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SCROLL_HEIGHT, scrollTopForRow, virtualWindow } from './virtual-window';

describe('virtual window', () => {
  it('maps pixels to rows 1:1 for small lists', () => {
    const w = virtualWindow(180, 360, 1000, 18);
    expect(w).toEqual({ scrollHeight: 18000, first: 10, count: 21, offset: 0 });
    expect(virtualWindow(0, 360, 5, 18).count).toBe(5);
    expect(virtualWindow(0, 360, 0, 18).count).toBe(0);
  });

  it('scales the scrollbar for millions of rows and reaches the very last row', () => {
    const total = 10_000_000;
    const top = virtualWindow(0, 360, total, 18);
    expect(top.scrollHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(top.first).toBe(0);
    const bottom = virtualWindow(MAX_SCROLL_HEIGHT - 360, 360, total, 18);
    expect(bottom.first + bottom.count).toBe(total);
  });

  it('scrollTopForRow inverts virtualWindow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (total, f) => {
          const row = Math.floor(f * (total - 1));
          const top = scrollTopForRow(row, 360, total, 18);
          const w = virtualWindow(top, 360, total, 18);
          const expected = total * 18 <= MAX_SCROLL_HEIGHT ? row : Math.min(row, Math.max(0, total - 21));
          expect(Math.abs(w.first - expected)).toBeLessThanOrEqual(1);
          expect(w.count).toBeGreaterThanOrEqual(0);
          expect(w.first + w.count).toBeLessThanOrEqual(total);
        },
      ),
    );
  });
});
