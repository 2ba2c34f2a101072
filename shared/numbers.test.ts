import { describe, expect, it } from 'vitest';
import { parseHyperDbgNumber, parseHyperDbgNumber32 } from './numbers';

describe("HyperDbg's number syntax", () => {
  it.each([
    ['10', 0x10n],
    ['0x10', 0x10n],
    ['x10', 0x10n],
    ['\\x10', 0x10n],
    ['0n10', 10n],
    ['n10', 10n],
    ['fffff801`63a1b2c3', 0xfffff80163a1b2c3n],
    ['FFFFFFFFFFFFFFFF', 0xffffffffffffffffn],
  ])('%s', (text, value) => {
    expect(parseHyperDbgNumber(text)).toBe(value);
  });

  it.each(['', 'zz', '0n1a', '0x', '1ffffffffffffffff', '@rax'])('rejects %s', (text) => {
    expect(parseHyperDbgNumber(text)).toBeUndefined();
  });

  it('limits the 32-bit form', () => {
    expect(parseHyperDbgNumber32('ffffffff')).toBe(0xffffffff);
    expect(parseHyperDbgNumber32('100000000')).toBeUndefined();
  });
});
