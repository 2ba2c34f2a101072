/** MSVC sprintf behaviour of the engine's per-specifier formatting (one 64-bit vararg). */
import { describe, expect, it } from 'vitest';
import { formatInteger } from './printf';

describe('formatInteger', () => {
  it('reads 32 bits for d/i/u/x/o and their l forms, 16 for h, 64 for ll', () => {
    expect(formatInteger('%d', 0x1_ffff_ffffn)).toBe('-1');
    expect(formatInteger('%ld', 0x1_ffff_ffffn)).toBe('-1');
    expect(formatInteger('%lld', 0xffff_ffff_ffff_fffen)).toBe('-2');
    expect(formatInteger('%u', 0xffff_ffffn)).toBe('4294967295');
    expect(formatInteger('%llu', 0xffff_ffff_ffff_ffffn)).toBe('18446744073709551615');
    expect(formatInteger('%hd', 0x1_8000n)).toBe('-32768');
    expect(formatInteger('%hx', 0x12345n)).toBe('2345');
    expect(formatInteger('%x', 0xdead_beef_cafen)).toBe('beefcafe');
    expect(formatInteger('%llx', 0xdead_beef_cafen)).toBe('deadbeefcafe');
    expect(formatInteger('%o', 8n)).toBe('10');
    expect(formatInteger('%i', 42n)).toBe('42');
  });

  it('prints %p as 16 uppercase hex digits and %c as one byte', () => {
    expect(formatInteger('%p', 0xfffff8001234abcdn)).toBe('FFFFF8001234ABCD');
    expect(formatInteger('%p', 0x10n)).toBe('0000000000000010');
    expect(formatInteger('%c', 0x141n)).toBe('A');
    expect(formatInteger('%%', 0n)).toBe('%');
  });

  it('rejects conversions MSVC refuses', () => {
    expect(formatInteger('%0', 1n)).toBeUndefined();
    expect(formatInteger('%wd', 1n)).toBeUndefined();
    expect(formatInteger('%q', 1n)).toBeUndefined();
  });
});
