/** MSVC sprintf behaviour of the engine's per-specifier formatting (one 64-bit vararg). */
import { describe, expect, it } from 'vitest';
import type { ScriptMemory } from './memory';
import { formatInteger, formatPrintf } from './printf';

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

describe('formatPrintf', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  // no %s argument: the engine's memory is never read
  const noMemory = {} as ScriptMemory;

  it('gives each message only its own bytes, after a longer one', () => {
    const long = 'a longer message than the next one: %llx\n';
    const arg = { percentOffsetMinusOne: long.indexOf('%') - 1, value: 0xfffff801n, floatKind: 0 };
    expect(formatPrintf(bytes(long), [arg], noMemory)).toBe('a longer message than the next one: fffff801\n');
    expect(formatPrintf(bytes('short\n'), [], noMemory)).toBe('short\n');
    expect(formatPrintf(bytes('%x'), [{ ...arg, percentOffsetMinusOne: -1 }], noMemory)).toBe('fffff801');
  });

  it('keeps bytes above 0x7f as one character each (Latin-1), as the char buffer holds them', () => {
    expect(formatPrintf(new Uint8Array([0x41, 0x80, 0xe9, 0xff]), [], noMemory)).toBe('A\u0080\u00e9\u00ff');
  });
});
