import { describe, expect, it } from 'vitest';
import { decodeSymbolBuffer, encodeSymbols, formatListing, stringSlotCount } from './wire';

describe('wire format', () => {
  it('round-trips numbers and multi-slot strings, with zeroed padding', () => {
    const text = new TextEncoder().encode('abcdefgh\0');
    const bytes = encodeSymbols([
      { type: 6, len: 0, value: 46n },
      { type: 8, len: text.length, value: 0n, text },
      { type: 0xffffffff00000007n, len: 0, value: 1n },
    ]);
    expect(bytes.length).toBe(24 * (1 + stringSlotCount(9) + 1));
    const back = decodeSymbolBuffer(bytes);
    expect(back).toHaveLength(3);
    expect(back[1]!.text).toEqual(text);
    expect(BigInt(back[2]!.type)).toBe(0xffffffff00000007n);
    expect(formatListing(bytes)).toContain('FUNC_PRINTF');
  });

  it('reserves the extra slot when 16 + len is a multiple of 24', () => {
    expect(stringSlotCount(8)).toBe(2);
    expect(stringSlotCount(7)).toBe(1);
  });

  it('does not throw on truncated or garbage buffers', () => {
    const junk = new Uint8Array(53).fill(0xff);
    junk[0] = 8;
    junk[1] = 0;
    expect(() => decodeSymbolBuffer(junk)).not.toThrow();
    expect(() => formatListing(junk)).not.toThrow();
  });
});
