import { describe, expect, it } from 'vitest';
import { cellBytes, memoryRows } from './memory-format';

// 0x10 bytes: "Hi" + 00 + ..., a little-endian pointer fffff80000001000 at offset 8.
const HEX = '4869000041424344' + '001000000080ffff';

describe('memory formats', () => {
  it('bytes with the ASCII column', () => {
    const [row] = memoryRows(HEX, 16, 'db');
    expect(row.cells.map((c) => c.value)).toEqual(HEX.match(/../g));
    expect(row.text).toBe('Hi..ABCD........');
    expect(row.text.length).toBe(16);
  });

  it('words, dwords and qwords little-endian', () => {
    expect(
      memoryRows(HEX, 16, 'dw')[0]
        .cells.map((c) => c.value)
        .slice(0, 2),
    ).toEqual(['6948', '0000']);
    expect(memoryRows(HEX, 16, 'dd')[0].cells.map((c) => c.value)).toEqual([
      '00006948',
      '44434241',
      '00001000',
      'ffff8000',
    ]);
    expect(memoryRows(HEX, 16, 'dq')[0].cells.map((c) => c.value)).toEqual([
      '4443424100006948',
      'ffff800000001000',
    ]);
  });

  it('pointers one per row', () => {
    const rows = memoryRows(HEX, 16, 'dps');
    expect(rows.map((r) => r.cells[0].value)).toEqual(['4443424100006948', 'ffff800000001000']);
    expect(rows.map((r) => r.offset)).toEqual([0, 8]);
  });

  it('marks values that run into unreadable memory', () => {
    const rows = memoryRows(HEX.slice(0, 20), 16, 'dd');
    expect(rows[0].cells.map((c) => c.value)).toEqual(['00006948', '44434241', null, null]);
    expect(memoryRows(HEX.slice(0, 4), 16, 'db')[0].text.startsWith('Hi??')).toBe(true);
  });

  it('ASCII and UTF-16 text', () => {
    expect(memoryRows(HEX, 32, 'da')[0].text.slice(0, 8)).toBe('Hi..ABCD');
    expect(memoryRows('48006900', 4, 'du')[0].text.slice(0, 2)).toBe('Hi');
  });

  it('turns a typed value into little-endian bytes of the cell size', () => {
    expect(cellBytes('1234', 4)).toEqual({ ok: true, bytes: '34120000' });
    expect(cellBytes('0x5a', 1)).toEqual({ ok: true, bytes: '5a' });
    expect(cellBytes('fffff800`00001000', 8)).toEqual({ ok: true, bytes: '0010000000f8ffff' });
    expect(cellBytes('123', 1).ok).toBe(false);
    expect(cellBytes('zz', 2).ok).toBe(false);
  });
});
