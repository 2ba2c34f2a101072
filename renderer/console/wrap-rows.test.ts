import { describe, expect, it } from 'vitest';
import { lineAtRow, rowStarts, wrappedRows } from './wrap-rows';

describe('console line wrapping', () => {
  it('keeps a line that fits on one row, and breaks after spaces', () => {
    expect(wrappedRows('', 10)).toBe(1);
    expect(wrappedRows('0123456789', 10)).toBe(1);
    expect(wrappedRows('abcd efgh ijkl', 10)).toBe(2); // "abcd efgh " | "ijkl"
    expect(wrappedRows('abcd efghij', 10)).toBe(2); // "abcd " | "efghij"
    // Trailing spaces hang at the row's end instead of starting a new one.
    expect(wrappedRows('0123456789     ', 10)).toBe(1);
  });

  it('breaks a run longer than a row anywhere (a long hex run)', () => {
    expect(wrappedRows('f'.repeat(25), 10)).toBe(3);
    expect(wrappedRows(`ab ${'f'.repeat(25)}`, 10)).toBe(4); // "ab " | ffffffffff | ffffffffff | fffff
    expect(wrappedRows(`abcdefg ${'f'.repeat(5)}`, 10)).toBe(2);
  });

  it('places lines by their first row, and finds the line of a row', () => {
    const starts = rowStarts(['one', 'f'.repeat(25), 'two', ''], 10);
    expect(starts).toEqual([0, 1, 4, 5, 6]);
    expect([0, 1, 3, 4, 5, 99].map((row) => lineAtRow(starts, row))).toEqual([0, 1, 1, 2, 3, 3]);
    expect(lineAtRow(rowStarts([], 10), 0)).toBe(0);
  });
});
