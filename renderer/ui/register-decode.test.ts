import { describe, expect, it } from 'vitest';
import {
  decodeSelector,
  describeRegister,
  iopl,
  isBitSet,
  RFLAGS_BITS,
  toggleBit,
  withIopl,
} from './register-decode';

describe('register decoding', () => {
  it('decodes RFLAGS bits and IOPL, and toggles one bit only', () => {
    // 0x246 = IF ZF PF (+ the reserved bit 1), the flags of a typical kernel halt.
    const set = RFLAGS_BITS.filter((f) => isBitSet(0x246n, f.bit)).map((f) => f.name);
    expect(set).toEqual(['PF', 'ZF', 'IF']);
    expect(toggleBit(0x246n, 0)).toBe(0x247n);
    expect(toggleBit(0x247n, 0)).toBe(0x246n);
    expect(iopl(0x3246n)).toBe(3);
    expect(withIopl(0x3246n, 1)).toBe(0x1246n);
  });

  it('reads a selector as index, table and RPL', () => {
    expect(decodeSelector(0x10n)).toEqual({ index: 2, table: 'GDT', rpl: 0 });
    expect(decodeSelector(0x2bn)).toEqual({ index: 5, table: 'GDT', rpl: 3 });
    expect(decodeSelector(0x0fn)).toEqual({ index: 1, table: 'LDT', rpl: 3 });
  });

  it('names the set bits of cr0/cr4/dr6, cr3 base and PCID, dr7 breakpoints', () => {
    expect(describeRegister('cr0', 0x80050033n)).toBe('PE MP ET NE WP AM PG');
    expect(describeRegister('cr4', 0x3506f8n)).toBe(
      'DE PSE PAE MCE PGE OSFXSR OSXMMEXCPT FSGSBASE OSXSAVE SMEP SMAP',
    );
    expect(describeRegister('cr3', 0x1ad002n)).toBe('table 1ad000 · pcid 2');
    expect(describeRegister('dr6', 0xffff0ff1n)).toBe('B0');
    // dr0 local, write, 4 bytes; dr3 global, execute, 1 byte.
    expect(describeRegister('dr7', 0x00000481n | (0b1101n << 16n))).toBe('dr0 L write 4B · dr3 G exec 1B');
    expect(describeRegister('dr7', 0x400n)).toBe('no breakpoint enabled');
    expect(describeRegister('cr2', 0x1000n)).toBeNull();
  });
});
