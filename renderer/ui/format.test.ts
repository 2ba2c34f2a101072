import { describe, expect, it } from 'vitest';
import { parseHexAddress } from './format';

describe('parseHexAddress', () => {
  it('reads a typed number with the rules the host reads address arguments with', () => {
    expect(parseHexAddress(' fffff801`63a1b2c3 ')).toBe('fffff80163a1b2c3');
    expect(parseHexAddress('0x00FF')).toBe('ff');
    expect(parseHexAddress('0n16')).toBe('10');
    expect(parseHexAddress('0')).toBe('0');
  });

  it('leaves registers, symbols, expressions and oversize values to the debuggee (null)', () => {
    for (const text of ['@rsp', 'nt!Foo', 'rsp+8', 'poi(@rcx)', '1'.repeat(17), '']) {
      expect(parseHexAddress(text)).toBeNull();
    }
  });
});
