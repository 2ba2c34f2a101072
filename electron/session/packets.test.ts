import { describe, expect, it } from 'vitest';
import {
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
  DEBUGGER_EDIT_MEMORY,
} from '../../shared/protocol';
import { decodePausedPacket, decodeSymbolUpdateResult, echoWithChanges, STATUS_SUCCESS } from './packets';

describe('echoWithChanges', () => {
  it("writes the change at the struct's field offset and keeps the other request bytes", () => {
    const request = Uint8Array.of(2, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd);
    const echoed = echoWithChanges(request, DEBUGGEE_CHANGE_CORE_PACKET, { Result: STATUS_SUCCESS });
    expect([...echoed]).toEqual([2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    expect([...request]).toEqual([2, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd]);
  });

  it('keeps the data after the struct and widens a short request to the whole struct', () => {
    const request = new Uint8Array(DEBUGGER_EDIT_MEMORY.size + 8).fill(7);
    const echoed = echoWithChanges(request, DEBUGGER_EDIT_MEMORY, { Result: STATUS_SUCCESS });
    expect(echoed.length).toBe(request.length);
    expect([...echoed.subarray(DEBUGGER_EDIT_MEMORY.size)]).toEqual(new Array(8).fill(7));
    expect(DEBUGGER_EDIT_MEMORY.decode(echoed).Result).toBe(STATUS_SUCCESS);

    const short = echoWithChanges(Uint8Array.of(1), DEBUGGEE_CHANGE_CORE_PACKET, { Result: 5 });
    expect([...short]).toEqual([1, 0, 0, 0, 5, 0, 0, 0]);
  });
});

describe('decodeSymbolUpdateResult', () => {
  it('reads the low 32 bits of the u64 KernelStatus and never throws on short input', () => {
    const ok = DEBUGGEE_SYMBOL_UPDATE_RESULT.encode({ KernelStatus: 0xffffffffn });
    expect(decodeSymbolUpdateResult(ok)).toBe(STATUS_SUCCESS);
    const error = DEBUGGEE_SYMBOL_UPDATE_RESULT.encode({ KernelStatus: 0x1_c000_0042n });
    expect(decodeSymbolUpdateResult(error)).toBe(0xc0000042);
    expect(decodeSymbolUpdateResult(new Uint8Array(0))).toBe(0);
  });
});

describe('decodePausedPacket', () => {
  it('clamps ReadInstructionLen to the 16 instruction bytes', () => {
    const payload = DEBUGGEE_KD_PAUSED_PACKET.encode({
      Rip: 0x1000n,
      CurrentCore: 3,
      ReadInstructionLen: 40,
    });
    const packet = decodePausedPacket(payload);
    expect(packet.readInstructionLength).toBe(16);
    expect(packet.core).toBe(3);
    expect(packet.rip).toBe(0x1000n);
  });
});
