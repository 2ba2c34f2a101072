import { describe, expect, it } from 'vitest';
import { decodeLogPayload } from './payloads';

const logPayload = (bytes: number[]): Uint8Array => Uint8Array.from([1, 0, 0, 0, ...bytes, 0]);

describe('log text decoding', () => {
  it('reads UTF-8 bytes as UTF-8 (a script\'s printf("héllo") is not shown as hÃ©llo)', () => {
    expect(decodeLogPayload(logPayload([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f])).text).toBe('héllo');
  });

  it('reads bytes that are not UTF-8 one for one (latin1), losing none', () => {
    expect(decodeLogPayload(logPayload([0x68, 0xe9, 0xff, 0x41])).text).toBe('h\u00e9\u00ffA');
  });
});
