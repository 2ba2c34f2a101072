import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../shared/protocol/frame';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import {
  decodeDebuggeeStartedPayload,
  encodeVersionPayload,
  decodeReadRegistersResponse,
  REGISTER_ID_ALL,
} from '../shared/protocol/payloads';
import {
  DEBUGGEE_BP_LIST_OR_MODIFY_PACKET,
  DEBUGGEE_BP_PACKET,
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_REGISTER_WRITE_DESCRIPTION,
  DEBUGGEE_STEP_PACKET,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_UPDATE_SYMBOL_TABLE,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
} from '../shared/protocol/structs';
import { Harness, logText, paused } from './testing/harness';

const A = RA;

describe('handshake', () => {
  it('pings, checks the signature, then sends STARTED, the symbol table and FINISHED', () => {
    const h = new Harness({ cores: 4 });
    h.sim.start();
    const [ping] = h.take();
    expect(ping.action).toBe(A.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION);
    expect(Array.from(encodeFrame(3, 4))).toEqual(h.bytes); // byte-exact PING (protocol §2.8)

    const frames = h.sendT2(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
      encodeVersionPayload('0.2.0-20250101.1200'),
    );
    expect(frames[0].action).toBe(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_STARTED);
    expect(frames[0].payload).toHaveLength(256);
    const started = decodeDebuggeeStartedPayload(frames[0].payload);
    expect(started.KernelBaseAddress).toBe(0xfffff80163a00000n);
    expect(started.OsName).toBe('Windows 10 Pro - Client 22H2 (OS Build 19045)');
    const symbols = frames.slice(1, -1).map((f) => DEBUGGER_UPDATE_SYMBOL_TABLE.decode(f.payload));
    expect(symbols.map((s) => s.CurrentSymbolIndex)).toEqual(symbols.map((_, i) => i));
    expect(symbols.every((s) => s.TotalSymbols === symbols.length)).toBe(true);
    expect(symbols[0].SymbolDetailPacket.IsUserMode).toBe(true); // user modules first
    const nt = symbols.find(
      (s) => s.SymbolDetailPacket.BaseAddress === started.KernelBaseAddress,
    )?.SymbolDetailPacket;
    expect(nt).toMatchObject({
      FilePath: 'C:\\Windows\\system32\\ntoskrnl.exe',
      ModuleSymbolPath: 'ntkrnlmp.pdb',
      IsUserMode: false,
    });
    expect(nt?.ModuleSymbolGuidAndAge).toMatch(/^[0-9a-f]{32}[1-3]$/);
    const finished = frames[frames.length - 1];
    expect(finished.action).toBe(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED);
    expect(DEBUGGEE_SYMBOL_UPDATE_RESULT.decode(finished.payload).KernelStatus).toBe(0xffffffffn);
    expect(h.sim.state).toBe('running');
  });

  it('a wrong signature aborts the prepare silently; a bad checksum makes it ping again', () => {
    const h = new Harness();
    h.sim.start();
    h.take();
    const bad = encodeFrame(2, 3, encodeVersionPayload('0.2.0-20250101.1200'));
    bad[0] ^= 1;
    h.sim.receive(bad);
    expect(h.take().map((f) => f.action)).toEqual([A.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION]);
    expect(h.sendT2(3, encodeVersionPayload('0.2.0-20240101.1200'))).toEqual([]);
    expect(h.sim.state).toBe('aborted');
  });

  it('re-pings on the handshake timeout only while handshaking', () => {
    const h = new Harness();
    h.sim.start();
    h.sim.handshakeTimeout();
    expect(h.take()).toHaveLength(2);
    h.sendT2(3, encodeVersionPayload(h.sim.options.signature));
    h.sim.handshakeTimeout();
    expect(h.take()).toEqual([]);
  });
});

describe('running: the user-mode listener', () => {
  it("break-in halts with reason 2 inside HyperDbg's driver", () => {
    const h = new Harness();
    const frame = h.connectAndPause();
    expect(frame.action).toBe(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
    );
    const p = paused(frame);
    expect(p.PausingReason).toBe(2);
    expect(p.CurrentCore).toBe(0);
    expect(p.ReadInstructionLen).toBe(16);
    const driver = h.sim.machine.modules.find((m) => m.name === 'hyperkd.sys');
    expect(p.Rip >= (driver?.base ?? 0n) && p.Rip < (driver?.base ?? 0n) + 0x40000n).toBe(true);
  });

  it("rejects type-1 frames and bad checksums with the listener's messages", () => {
    const h = new Harness();
    h.connect();
    const [rejected] = h.sendT1(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    expect(logText(rejected)).toEqual({ code: 1, text: 'err, unknown packet received from the debugger\n' });
    const bad = encodeFrame(2, 1);
    bad[0] ^= 0x10;
    h.sim.receive(bad);
    expect(logText(h.take()[0]).text).toBe('err checksum is invalid\n');
  });

  it('a frame without the HyperDbg indicator kills break-in (the listener debug-breaks)', () => {
    const h = new Harness();
    h.connect();
    h.sim.receive(Uint8Array.from([1, 2, 3, 4, 5, 0x00, 0x80, 0xee, 0xff]));
    expect(h.sendT2(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE)).toEqual([]);
  });
});

describe("halted: hyperkd's command loop", () => {
  it('logs kernel errors for a type-2 frame and an unknown action, with the time/core prefix', () => {
    const h = new Harness();
    h.connectAndPause();
    const [wrongType] = h.sendT2(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
    expect(logText(wrongType)).toEqual({
      code: 3,
      text: '(12:00:00.000 - core : 0 - vmx-root? yes)\t [!] Error (KdDispatchAndPerformCommandsFromDebugger:2343) | Err, unknown packet received from the debugger\n\n',
    });
    const [unknown] = h.sendT1(0x27);
    expect(logText(unknown).text).toContain('Err, unknown packet action received from the debugger\n\n');
  });

  it('reads all registers (184 bytes) and single registers; unknown ids give 0xc0000017', () => {
    const h = new Harness();
    h.connectAndPause();
    const [all] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_REGISTERS,
      DEBUGGEE_REGISTER_READ_DESCRIPTION.encode({ RegisterId: REGISTER_ID_ALL }),
    );
    expect(all.action).toBe(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_REGISTERS);
    expect(all.payload).toHaveLength(184);
    const decoded = decodeReadRegistersResponse(all.payload);
    expect(decoded.all?.extra.RIP).toBe(h.sim.machine.cores[0].regs.rip);

    h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_WRITE_REGISTER,
      DEBUGGEE_REGISTER_WRITE_DESCRIPTION.encode({ RegisterId: 0, Value: 0x1122334455667788n }),
    );
    const [eax] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_REGISTERS,
      DEBUGGEE_REGISTER_READ_DESCRIPTION.encode({ RegisterId: 1 }),
    );
    expect(DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(eax.payload)).toEqual({
      RegisterId: 1,
      Value: 0x55667788n,
      KernelStatus: C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
    });
    const [bad] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_REGISTERS,
      DEBUGGEE_REGISTER_READ_DESCRIPTION.encode({ RegisterId: 500 }),
    );
    expect(DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(bad.payload).KernelStatus).toBe(
      C.DEBUGGER_ERROR_INVALID_REGISTER_NUMBER,
    );
  });

  it('reads memory (the PE header of the kernel) and reports holes with 0xc0000005', () => {
    const h = new Harness();
    h.connectAndPause();
    const base = h.sim.options.kernelBase;
    const [mz] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
      DEBUGGER_READ_MEMORY.encode({ Address: base, Size: 0x40, MemoryType: 1 }),
    );
    const header = DEBUGGER_READ_MEMORY.decode(mz.payload);
    expect(header.KernelStatus).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    expect(header.ReturnLength).toBe(0x40);
    expect(Array.from(mz.payload.subarray(48, 50))).toEqual([0x4d, 0x5a]);
    const [hole] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
      DEBUGGER_READ_MEMORY.encode({ Address: 0x1000n, Size: 8, MemoryType: 1 }),
    );
    expect(hole.payload).toHaveLength(48);
    expect(DEBUGGER_READ_MEMORY.decode(hole.payload).KernelStatus).toBe(C.DEBUGGER_ERROR_INVALID_ADDRESS);
  });

  it('breakpoints: ids 1,2…, duplicate address refused, `bl` table as logs, 0xCC hidden from reads', () => {
    const h = new Harness();
    h.connectAndPause();
    const fn = h.sim.machine.kernelFunctions()[6].address;
    const original = h.sim.machine.readVirtual(fn, 1, 4)[0];
    const [first] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
      DEBUGGEE_BP_PACKET.encode({ Address: fn, Pid: 0xffffffff, Tid: 0xffffffff, Core: 0xffffffff }),
    );
    expect(DEBUGGEE_BP_PACKET.decode(first.payload).Result).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    const [again] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
      DEBUGGEE_BP_PACKET.encode({ Address: fn, Pid: 0xffffffff, Tid: 0xffffffff, Core: 0xffffffff }),
    );
    expect(DEBUGGEE_BP_PACKET.decode(again.payload).Result).toBe(
      C.DEBUGGER_ERROR_BREAKPOINT_ALREADY_EXISTS_ON_THE_ADDRESS,
    );
    h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
      DEBUGGEE_BP_PACKET.encode({ Address: fn + 5n, Pid: 0xffffffff, Tid: 0xffffffff, Core: 2 }),
    );
    const list = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_LIST_OR_MODIFY_BREAKPOINTS,
      DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.encode({ Request: 0 }),
    );
    const hex = (a: bigint) => a.toString(16).padStart(16, '0');
    expect(list.slice(0, -1).map((f) => logText(f).text)).toEqual([
      'Id   Address           Status\n',
      '--   ---------------   --------',
      `\n01   ${hex(fn)}  enabled`,
      `\n02   ${hex(fn + 5n)}  enabled`,
      ' core = 2 ',
    ]);
    expect(DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.decode(list[list.length - 1].payload).Result).toBe(
      C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
    );
    const [read] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
      DEBUGGER_READ_MEMORY.encode({ Address: fn, Size: 1, MemoryType: 1 }),
    );
    expect(read.payload[48]).toBe(original);
    const [disable] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_LIST_OR_MODIFY_BREAKPOINTS,
      DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.encode({ BreakpointId: 9n, Request: 2 }),
    );
    expect(DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.decode(disable.payload).Result).toBe(
      C.DEBUGGER_ERROR_BREAKPOINT_ID_NOT_FOUND,
    );
  });

  it('a running core that executes a breakpoint halts with reason 5 and the breakpoint id as tag', () => {
    const h = new Harness();
    h.connectAndPause();
    const fn = h.sim.machine.kernelFunctions()[4].address;
    h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
      DEBUGGEE_BP_PACKET.encode({ Address: fn, Pid: 0xffffffff, Tid: 0xffffffff, Core: 0xffffffff }),
    );
    h.sendT1(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    const process = h.sim.machine.processes[0];
    h.sim.trigger({
      eventType: 8,
      core: 3,
      pid: process.pid,
      tid: process.threads[0].tid,
      rip: fn,
      value: fn,
      context: fn,
    });
    const [hit] = h.take();
    expect(paused(hit)).toMatchObject({ PausingReason: 5, EventTag: 1n, CurrentCore: 3, Rip: fn });
    // hyperkd restores the original byte before it halts, so the instruction shown is the real one
    expect(paused(hit).InstructionBytesOnRip[0]).toBe(0x48);
    h.sendT1(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    expect(h.sim.machine.readVirtual(fn, 1, process.pid)[0]).toBe(0xcc); // re-armed
  });

  it('core switch: a43 then PAUSED reason 7 from the new core; invalid core 0xc0000014', () => {
    const h = new Harness({ cores: 4 });
    h.connectAndPause();
    const frames = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_CORE,
      DEBUGGEE_CHANGE_CORE_PACKET.encode({ NewCore: 2 }),
    );
    expect(frames.map((f) => f.action)).toEqual([43, 42]);
    expect(DEBUGGEE_CHANGE_CORE_PACKET.decode(frames[0].payload).Result).toBe(
      C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
    );
    expect(paused(frames[1])).toMatchObject({ PausingReason: 7, CurrentCore: 2 });
    const [invalid] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_CORE,
      DEBUGGEE_CHANGE_CORE_PACKET.encode({ NewCore: 9 }),
    );
    expect(DEBUGGEE_CHANGE_CORE_PACKET.decode(invalid.payload).Result).toBe(
      C.DEBUGGER_ERROR_PREPARING_DEBUGGEE_INVALID_CORE_IN_REMOTE_DEBUGGE,
    );
  });

  it('step-in re-halts with reason 3 one instruction later; a call is followed', () => {
    const h = new Harness();
    h.connectAndPause();
    const rip0 = h.sim.machine.cores[0].regs.rip;
    const [step] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
      DEBUGGEE_STEP_PACKET.encode({ StepType: 0 }),
    );
    const p = paused(step);
    expect(p.PausingReason).toBe(3);
    expect(p.Rip).not.toBe(rip0);
    const [tracked] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
      DEBUGGEE_STEP_PACKET.encode({ StepType: 2 }),
    );
    expect(paused(tracked)).toMatchObject({ PausingReason: 4, IgnoreDisassembling: true });
  });

  it('test query: unknown type gives 0xc000003b; halting-core status prints the lock table', () => {
    const h = new Harness({ cores: 2 });
    h.connectAndPause();
    const [unknown] = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
      DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({ RequestType: 77 }),
    );
    expect(DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.decode(unknown.payload).KernelStatus).toBe(
      C.DEBUGGER_ERROR_UNKNOWN_TEST_QUERY_RECEIVED,
    );
    const frames = h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
      DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({ RequestType: 1 }),
    );
    expect(frames).toHaveLength(2 + 2 * 2 + 1);
    expect(logText(frames[1]).text).toMatch(
      /\[\+\] Information \(KdQuerySystemState:1743\) \| Core : 0 is locked\n$/,
    );
  });
});
