import { describe, expect, it } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as A, VMM_EVENT_TYPE_ENUM } from './generated/enums';
import { DEBUGGER_REMOTE_PACKET_TYPE as T } from './generated/enums';
import { ActionType, EventStage } from './event-packets';
import { encodeFrame, FrameDecoder } from './frame';
import { addActionPayload, registerEventPayload } from './testing/event-payloads';
import {
  decodeAddActionPayload,
  decodeCallstackPayload,
  decodeDebuggeeStartedPayload,
  decodeEditMemoryPayload,
  decodeLogPayload,
  decodeReadMemoryResponse,
  decodeReadRegistersResponse,
  decodeRegisterEventPayload,
  decodeScriptPayload,
  decodeSearchMemoryPayload,
  decodeUserInputPayload,
  decodeVersionPayload,
  encodeCallstackPayload,
  encodeDebuggeeStartedPayload,
  encodeEditMemoryPayload,
  encodeLogPayload,
  encodeReadMemoryResponse,
  encodeReadRegistersResponse,
  encodeScriptPayload,
  encodeSearchMemoryPayload,
  encodeUserInputPayload,
  encodeVersionPayload,
  MAX_USER_INPUT_PAYLOAD_BYTES,
  PayloadEncodeError,
  REGISTER_ID_ALL,
} from './payloads';

const hex = (text: string): Uint8Array =>
  Uint8Array.from(
    text
      .replace(/(\d+) x 00/g, (_, n: string) => Array(Number(n)).fill('00').join(' '))
      .replace(/\|/g, ' ')
      .trim()
      .split(/\s+/),
    (b) => parseInt(b, 16),
  );

describe('section 5.6 worked encodings (!msrwrite c0000082 stage all)', () => {
  const a18 =
    hex(`5D 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 12 00 00 00 | A8 00 00 00 | 16 x 00 |
     FF FF FF FF FF FF FF FF 01 00 00 00 03 00 00 00 | 48 x 00 |
     01 00 00 00 00 00 00 00 | 00 00 00 01 00 00 00 00 | 0D 00 00 00 00 00 00 00 | 82 00 00 C0 00 00 00 00 |
     48 x 00 | 00 00 00 00 00 00 00 00 | 00 80 EE FF`);
  const a19 = hex(`8B 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 13 00 00 00 | 20 00 00 00 |
     00 00 00 01 00 00 00 00 00 00 00 00 01 00 00 00 | 16 x 00 | 00 80 EE FF`);

  it('REGISTER_EVENT frame is byte-exact (200 bytes)', () => {
    const payload = registerEventPayload({
      tag: 0x1000000n,
      eventType: VMM_EVENT_TYPE_ENUM.WRMSR_INSTRUCTION_EXECUTION,
      stage: EventStage.all,
      countOfActions: 1,
      params: [0xc0000082n],
    });
    const frame = encodeFrame(
      T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_VMX_ROOT,
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
      payload,
    );
    expect(frame.length).toBe(200);
    expect(frame).toEqual(a18);
    const decoded = decodeRegisterEventPayload(new FrameDecoder({ acceptedTypes: [1] }).push(a18)[0].payload);
    expect(decoded.event.Options.OptionalParam1).toBe(0xc0000082n);
    expect(decoded.event.EventStage).toBe(3);
    expect(decoded.condition).toEqual(new Uint8Array());
  });

  it('ADD_ACTION frame is byte-exact (64 bytes)', () => {
    const payload = addActionPayload({ eventTag: 0x1000000n, actionType: ActionType.breakToDebugger });
    const frame = encodeFrame(
      1,
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
      payload,
    );
    expect(frame).toEqual(a19);
    expect(decodeAddActionPayload(payload).action.EventTag).toBe(0x1000000n);
  });

  it('a condition follows the event and sets ConditionBufferSize and the length prefix', () => {
    const condition = Uint8Array.of(0x90, 0xc3);
    const payload = registerEventPayload({ tag: 0x1000001n, eventType: 0, condition });
    expect(new DataView(payload.buffer).getUint32(0, true)).toBe(168 + 2);
    const decoded = decodeRegisterEventPayload(payload);
    expect(decoded.event.ConditionBufferSize).toBe(2);
    expect(decoded.condition).toEqual(condition);
  });
});

describe('variable-length payloads', () => {
  it('log: the section 2.8 vector, and text stops at the first NUL', () => {
    expect(encodeLogPayload(1, 'hi\n')).toEqual(Uint8Array.of(1, 0, 0, 0, 0x68, 0x69, 0x0a));
    expect(decodeLogPayload(Uint8Array.of(3, 0, 0, 1, 0x6f, 0x6b, 0, 0x7a))).toEqual({
      operationCode: 0x01000003,
      text: 'ok',
      raw: Uint8Array.of(0x6f, 0x6b, 0, 0x7a),
    });
    expect(decodeLogPayload(Uint8Array.of(1))).toEqual({ operationCode: 0, text: '', raw: new Uint8Array() });
  });

  it('user input: CommandLen counts the NUL; too long commands are refused', () => {
    const payload = encodeUserInputPayload('prealloc regular-event 10', false);
    expect(payload.length).toBe(12 + 25 + 1);
    const decoded = decodeUserInputPayload(payload);
    expect(decoded.header.CommandLen).toBe(26);
    expect(decoded.header.IgnoreFinishedSignal).toBe(false);
    expect(decoded.command).toBe('prealloc regular-event 10');
    expect(encodeUserInputPayload('x'.repeat(MAX_USER_INPUT_PAYLOAD_BYTES - 13), true)).toHaveLength(4095);
    expect(() => encodeUserInputPayload('x'.repeat(MAX_USER_INPUT_PAYLOAD_BYTES - 12), true)).toThrow(
      PayloadEncodeError,
    );
  });

  it('script: ScriptBufferSize comes from the bytecode', () => {
    const bytecode = new Uint8Array(48).fill(7);
    const decoded = decodeScriptPayload(encodeScriptPayload({ ScriptBufferPointer: 2 }, bytecode));
    expect(decoded.header.ScriptBufferSize).toBe(48);
    expect(decoded.header.ScriptBufferPointer).toBe(2);
    expect(decoded.bytecode).toEqual(bytecode);
  });

  it('read memory: data length is ReturnLength, clamped to what arrived', () => {
    const data = Uint8Array.from({ length: 16 }, (_, i) => i);
    const payload = encodeReadMemoryResponse(
      { Address: 0xfffff80000000000n, Size: 16, KernelStatus: 0xffffffff },
      data,
    );
    expect(payload.length).toBe(48 + 16);
    expect(decodeReadMemoryResponse(payload).data).toEqual(data);
    expect(decodeReadMemoryResponse(payload.subarray(0, 50)).data).toEqual(data.subarray(0, 2));
  });

  it('edit and search memory: one u64 slot per value, counts and sizes filled in', () => {
    const edit = encodeEditMemoryPayload({ Address: 0x1000n, ByteSize: 0 }, [0x90n, 0xccn]);
    expect(edit.length).toBe(56);
    const e = decodeEditMemoryPayload(edit);
    expect([e.header.CountOf64Chunks, e.header.FinalStructureSize, e.values]).toEqual([
      2,
      56,
      [0x90n, 0xccn],
    ]);
    const s = decodeSearchMemoryPayload(
      encodeSearchMemoryPayload({ Address: 0x1000n, Length: 0x100n }, [0x4142n]),
    );
    expect([s.header.CountOf64Chunks, s.header.FinalStructureSize, s.values]).toEqual([1, 48, [0x4142n]]);
  });

  it('call stack: request + FrameCount frames, BufferSize = whole size', () => {
    const payload = encodeCallstackPayload({ Size: 8192 }, 3);
    expect(payload.length).toBe(40 + 3 * 24);
    const decoded = decodeCallstackPayload(payload);
    expect(decoded.request.BufferSize).toBe(BigInt(40 + 72));
    expect(decoded.request.FrameCount).toBe(3);
    expect(decoded.frames).toHaveLength(3);
    const filled = encodeCallstackPayload({}, [{ IsValidAddress: true, Value: 0xfffff80012345678n }]);
    expect(decodeCallstackPayload(filled).frames[0].Value).toBe(0xfffff80012345678n);
  });

  it('read registers: 24 bytes, or 184 with all registers', () => {
    const one = encodeReadRegistersResponse({ RegisterId: 0, Value: 5n });
    expect(one.length).toBe(24);
    expect(decodeReadRegistersResponse(one).all).toBeUndefined();
    const all = encodeReadRegistersResponse(
      { RegisterId: REGISTER_ID_ALL, KernelStatus: 0xffffffff },
      { regs: { rax: 1n, r15: 15n }, extra: { CS: 0x10, SS: 0x18, RIP: 0xfffff80000001000n } },
    );
    expect(all.length).toBe(184);
    const decoded = decodeReadRegistersResponse(all);
    expect(decoded.all?.regs.r15).toBe(15n);
    expect(decoded.all?.extra.SS).toBe(0x18);
    expect(decoded.all?.extra.RIP).toBe(0xfffff80000001000n);
  });

  it('DEBUGGEE_STARTED: 256 bytes, OsName at 20 cut to fit', () => {
    const payload = encodeDebuggeeStartedPayload({
      PortAddress: 0x2f8,
      Baudrate: 115200,
      KernelBaseAddress: 0xfffff80163a00000n,
      OsName: 'Windows 10 Pro - Client 22H2 (OS Build 19045)',
    });
    expect(payload.length).toBe(256);
    const decoded = decodeDebuggeeStartedPayload(payload);
    expect(decoded.OsName).toBe('Windows 10 Pro - Client 22H2 (OS Build 19045)');
    expect(decoded.Baudrate).toBe(115200);
    expect(
      decodeDebuggeeStartedPayload(encodeDebuggeeStartedPayload({ OsName: 'W'.repeat(255) })).OsName,
    ).toBe('W'.repeat(235));
  });

  it('version signature: the section 2.8 payload; malformed signatures refused', () => {
    const payload = encodeVersionPayload('0.2.0-20250101.1200');
    expect(payload.length).toBe(20);
    expect(payload.at(-1)).toBe(0);
    expect(decodeVersionPayload(payload)).toBe('0.2.0-20250101.1200');
    expect(() => encodeVersionPayload('0.23.0')).toThrow(PayloadEncodeError);
  });
});
