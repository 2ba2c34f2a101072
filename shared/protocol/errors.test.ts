import { describe, expect, it } from 'vitest';
import * as constants from './generated/constants';
import { describeStatus, formatStatus, isSuccessStatus, STATUS_CODES } from './errors';

describe('status codes', () => {
  it('lists every DEBUGGER_ERROR_* constant and the success code, once each', () => {
    const expected = Object.entries(constants)
      .filter(([name]) => name.startsWith('DEBUGGER_ERROR_') || name === 'DEBUGGER_OPERATION_WAS_SUCCESSFUL')
      .map(([name, code]) => ({ name, code }));
    expect(expected.length).toBeGreaterThan(100);
    expect(STATUS_CODES.map(({ name, code }) => ({ name, code })).sort((a, b) => a.code - b.code)).toEqual(
      expected.sort((a, b) => (a.code as number) - (b.code as number)),
    );
    for (const entry of STATUS_CODES) expect(entry.meaning.length, entry.name).toBeGreaterThan(10);
  });

  it('gives the documented remedy for the instant-event codes 0xc0000040..0xc000004f', () => {
    const remedy = (code: number): string => describeStatus(code)?.remedy ?? '';
    expect(remedy(0xc0000040)).toMatch(/\.process.*\.thread/);
    for (const code of [0xc0000041, 0xc0000047, 0xc000004b]) expect(remedy(code)).toMatch(/rebuild/);
    for (const code of [0xc0000042, 0xc0000045]) expect(remedy(code)).toMatch(/prealloc regular-event/);
    for (const code of [0xc0000043, 0xc0000046]) expect(remedy(code)).toMatch(/prealloc big-event/);
    expect(remedy(0xc0000048)).toMatch(/smaller safe buffer/);
    expect(remedy(0xc0000049)).toMatch(/prealloc regular-safe-buffer/);
    expect(remedy(0xc000004a)).toMatch(/prealloc big-safe-buffer/);
    expect(remedy(0xc000004e)).toMatch(/preactivate mode/);
    expect(remedy(0xc000004f)).toMatch(/continue/);
    // Out of memory on the debuggee: nothing the user can run.
    expect(describeStatus(0xc0000044)?.remedy).toBeUndefined();
    expect(describeStatus(0xc000004c)?.remedy).toBeUndefined();
  });

  it('accepts zero-extended u64 statuses and reports unknown codes', () => {
    expect(isSuccessStatus(0x00000000ffffffffn)).toBe(true);
    expect(isSuccessStatus(0xc0000042)).toBe(false);
    expect(describeStatus(0x12345678)).toBeUndefined();
    expect(formatStatus(0xc0000042)).toMatch(
      /^0xc0000042 \(DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND\): .*prealloc/,
    );
    expect(formatStatus(0x12345678)).toBe('0x12345678: unknown status code (not a HyperDbg v0.23 code)');
  });
});
