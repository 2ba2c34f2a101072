import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../shared/protocol/frame';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import {
  decodeCallstackPayload,
  encodeCallstackPayload,
  encodeEditMemoryPayload,
  encodeScriptPayload,
  encodeSearchMemoryPayload,
  encodeUserInputPayload,
} from '../shared/protocol/payloads';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
  DEBUGGEE_FORMATS_PACKET,
  DEBUGGEE_RESULT_OF_SEARCH_PACKET,
  DEBUGGEE_SCRIPT_PACKET,
  DEBUGGEE_SYMBOL_REQUEST_PACKET,
  DEBUGGER_CPUID_REQUEST_RESPONSE,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
  DEBUGGER_PAGE_IN_REQUEST,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
} from '../shared/protocol/structs';
import { compileScript } from '../shared/script';
import { createSimulatedDebuggee } from './index';
import { NT_LAYOUT } from './machine';
import { Decoder, DecoderOptions } from 'iced-x86';
import { Harness, logText, paused } from './testing/harness';

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

describe('more request families', () => {
  it('edit memory changes what a read returns; a hole gives 0xc000000c, a bad size 0xc000000b', () => {
    const h = new Harness();
    h.connectAndPause();
    const at = 0xffffc58a00000100n;
    const [edited] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY,
      encodeEditMemoryPayload({ Address: at, ByteSize: 1 }, [0x11223344n, 0x55667788n]),
    );
    expect(edited.payload).toHaveLength(40);
    expect(DEBUGGER_EDIT_MEMORY.decode(edited.payload).Result).toBe(OK);
    const [read] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
      DEBUGGER_READ_MEMORY.encode({ Address: at, Size: 8, MemoryType: 1 }),
    );
    expect(Array.from(read.payload.subarray(48))).toEqual([0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55]);
    const [hole] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY,
      encodeEditMemoryPayload({ Address: 0x10n, ByteSize: 0 }, [1n]),
    );
    expect(DEBUGGER_EDIT_MEMORY.decode(hole.payload).Result).toBe(
      C.DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_ADDRESS_BASED_ON_CURRENT_PROCESS,
    );
    const [badSize] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY,
      encodeEditMemoryPayload({ Address: at, ByteSize: 7 }, [1n]),
    );
    expect(DEBUGGER_EDIT_MEMORY.decode(badSize.payload).Result).toBe(
      C.DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_PARAMETER,
    );
  });

  it('search logs each hit as "%llx\\n" before the a64 result', () => {
    const h = new Harness();
    h.connectAndPause();
    const base = h.sim.options.kernelBase;
    // the first bytes of a kernel function, and every place they occur found by a plain scan
    const pattern = [...h.sim.machine.readVirtual(h.sim.machine.kernelFunctions()[1].address, 3, 4)];
    const memory = h.sim.machine.readVirtual(base, 0x4000, 4);
    const expected: string[] = [];
    for (let i = 0; i + pattern.length <= memory.length; i++)
      if (pattern.every((b, j) => memory[i + j] === b)) expected.push(`${(base + BigInt(i)).toString(16)}\n`);
    expect(expected.length).toBeGreaterThan(0);
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SEARCH_QUERY,
      encodeSearchMemoryPayload(
        { Address: base, Length: 0x4000n, MemoryType: 1, ByteSize: 0 },
        pattern.map((b) => BigInt(b)),
      ),
    );
    const result = DEBUGGEE_RESULT_OF_SEARCH_PACKET.decode(frames[frames.length - 1].payload);
    expect(frames[frames.length - 1].action).toBe(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SEARCH_QUERY,
    );
    expect(result.Result).toBe(OK);
    expect(result.CountOfResults).toBe(frames.length - 1);
    expect(frames.slice(0, -1).map((f) => logText(f).text)).toEqual(expected);
  });

  it('call stack: BufferSize bytes back, return addresses flagged executable with the call bytes before them', () => {
    const h = new Harness();
    h.connectAndPause();
    const [frame] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CALLSTACK,
      encodeCallstackPayload({ Size: 0x100 }, 0x20),
    );
    expect(frame.payload).toHaveLength(40 + 24 * 0x20);
    const { request, frames } = decodeCallstackPayload(frame.payload);
    expect(request.KernelStatus).toBe(OK);
    expect(request.BaseAddress).toBe(h.sim.machine.cores[0].regs.gpr.rsp);
    const returns = frames.filter((f) => f.IsExecutable);
    // the break-in stops in hyperkd's dispatcher, called by the driver's IOCTL handler: one
    // return address per caller, each right after its call
    expect(returns.length).toBeGreaterThan(0);
    for (const r of returns) expect(r.InstructionBytesOnRip[2]).toBe(0xe8);
  });

  it('va2pa/pa2va round-trip, pte of a mapped address, holes report 0xc0000005', () => {
    const h = new Harness();
    h.connectAndPause();
    const va = h.sim.options.kernelBase + 0x1234n;
    const [v2p] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PA2VA_AND_VA2PA,
      DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.encode({ VirtualAddress: va, IsVirtual2Physical: true }),
    );
    const pa = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.decode(v2p.payload);
    expect(pa.KernelStatus).toBe(OK);
    const [p2v] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PA2VA_AND_VA2PA,
      DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.encode({ PhysicalAddress: pa.PhysicalAddress }),
    );
    expect(DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.decode(p2v.payload).VirtualAddress).toBe(va);
    const [pte] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_QUERY_PTE,
      DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.encode({ VirtualAddress: va }),
    );
    const entries = DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.decode(pte.payload);
    expect(entries.KernelStatus).toBe(OK);
    expect(entries.PteValue & 0xffffffffff000n).toBe(pa.PhysicalAddress & ~0xfffn);
    const [hole] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_QUERY_PTE,
      DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.encode({ VirtualAddress: 0x5000n }),
    );
    expect(DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.decode(hole.payload).KernelStatus).toBe(
      C.DEBUGGER_ERROR_INVALID_ADDRESS,
    );
  });

  it('flush, cpuid and process details answer with their structs filled in', () => {
    const h = new Harness();
    h.connectAndPause();
    const [flush] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_FLUSH_BUFFERS,
      DEBUGGER_FLUSH_LOGGING_BUFFERS.encode({}),
    );
    expect(DEBUGGER_FLUSH_LOGGING_BUFFERS.decode(flush.payload).KernelStatus).toBe(OK);
    const [cpuid] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_USER_CPUID_REQUEST,
      DEBUGGER_CPUID_REQUEST_RESPONSE.encode({ FunctionId: 0 }),
    );
    expect(cpuid.payload).toHaveLength(120);
    expect(DEBUGGER_CPUID_REQUEST_RESPONSE.decode(cpuid.payload)).toMatchObject({
      EBX: 0x756e6547,
      EDX: 0x49656e69,
      ECX: 0x6c65746e,
      KernelStatus: OK,
    });
    const [details] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({ ActionType: 0 }),
    );
    const process = DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(details.payload);
    expect(process.Result).toBe(OK);
    expect(Buffer.from(process.ProcessName).toString('latin1').replace(/\0+$/, '')).toBe('hyperdbg-cli.ex');
  });

  it('.process list / .thread list walk the kernel lists with the offsets the debugger sends', () => {
    const h = new Harness();
    h.connectAndPause();
    const head = h.sim.options.kernelBase + NT_LAYOUT.PsActiveProcessHeadRva;
    const processFrames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({
        ActionType: 1,
        ProcessListSymDetails: {
          PsActiveProcessHead: head,
          ImageFileNameOffset: NT_LAYOUT.EPROCESS_ImageFileName,
          UniquePidOffset: NT_LAYOUT.EPROCESS_UniqueProcessId,
          ActiveProcessLinksOffset: NT_LAYOUT.EPROCESS_ActiveProcessLinks,
        },
      }),
    );
    const system = h.sim.machine.processes[0];
    expect(logText(processFrames[0]).text).toBe(
      `PROCESS\t${system.eprocess.toString(16)}\n\tProcess Id: 0004\tDirBase (Kernel Cr3): ${system.cr3.toString(16).padStart(16, '0')}\tImage: System\n\n`,
    );
    expect(processFrames).toHaveLength(h.sim.machine.processes.length + 1);
    expect(
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(processFrames[processFrames.length - 1].payload)
        .Result,
    ).toBe(OK);

    const threadFrames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_THREAD,
      DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode({
        ActionType: 2,
        ThreadListSymDetails: {
          ThreadListHeadOffset: NT_LAYOUT.EPROCESS_ThreadListHead,
          ThreadListEntryOffset: NT_LAYOUT.ETHREAD_ThreadListEntry,
          CidOffset: NT_LAYOUT.ETHREAD_Cid,
          PsActiveProcessHead: head,
          ActiveProcessLinksOffset: NT_LAYOUT.EPROCESS_ActiveProcessLinks,
        },
      }),
    );
    const current = h.sim.machine.processById(h.sim.currentPid());
    expect(logText(threadFrames[0]).text).toBe(
      `PROCESS\t${current?.eprocess.toString(16)}\tIMAGE\thyperdbg-cli.ex\n`,
    );
    const t0 = current?.threads[0];
    expect(logText(threadFrames[1]).text).toBe(
      `\tTHREAD\t${t0?.ethread.toString(16)} (${current?.pid.toString(16)}.${t0?.tid.toString(16)})\n`,
    );
    const answer = DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(
      threadFrames[threadFrames.length - 1].payload,
    );
    expect(answer.Result).toBe(OK);
    expect(answer.ThreadListSymDetails.Process).toBe(current?.eprocess);

    const [noSymbols] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({ ActionType: 1 }),
    );
    expect(DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(noSymbols.payload).Result).toBe(
      C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER,
    );
  });

  it('process switch happens on continue: PAUSED reason 8 in the target process', () => {
    const h = new Harness();
    h.connectAndPause();
    const [switched] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({ ActionType: 2, ProcessId: 0x6a0 }),
    );
    expect(DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(switched.payload).Result).toBe(OK);
    const [halt] = h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    expect(paused(halt).PausingReason).toBe(8);
    expect(h.sim.currentPid()).toBe(0x6a0);
    // only a zero id (with no EPROCESS) is refused; unknown ids are simulator/process-switch.test.ts
    const [bad] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({ ActionType: 2, ProcessId: 0 }),
    );
    expect(DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(bad.payload).Result).toBe(
      C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER,
    );
  });

  it('`?` scripts: output tagged with the halt tag (0 after a break-in), formats() → a47 then a46', () => {
    const h = new Harness();
    h.connectAndPause();
    const compiled = compileScript('printf("rip %llx\\n", @rip); formats(0x1234);');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_RUN_SCRIPT,
      encodeScriptPayload(
        { ScriptBufferPointer: compiled.bytes.length / 24, IsFormat: true },
        compiled.bytes,
      ),
    );
    expect(frames.map((f) => f.action)).toEqual([41, 47, 46]);
    expect(logText(frames[0])).toEqual({
      code: 0,
      text: `rip ${h.sim.machine.cores[0].regs.rip.toString(16)}\n`,
    });
    expect(DEBUGGEE_FORMATS_PACKET.decode(frames[1].payload)).toEqual({ Value: 0x1234n, Result: OK });
    expect(frames[2].payload).toHaveLength(32);
    expect(DEBUGGEE_SCRIPT_PACKET.decode(frames[2].payload).Result).toBe(OK);
  });

  it('.pagein: success, then the next continue stops after the first instruction of the page-fault handler', () => {
    const h = new Harness();
    h.connectAndPause();
    const [answer] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_INJECT_PAGE_FAULT,
      DEBUGGER_PAGE_IN_REQUEST.encode({
        VirtualAddressFrom: 0x7ff6a1200000n,
        VirtualAddressTo: 0x7ff6a1200000n,
      }),
    );
    expect(DEBUGGER_PAGE_IN_REQUEST.decode(answer.payload).KernelStatus).toBe(OK);
    const [stepped] = h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    const handler = h.sim.machine.kernelFunctions().find((f) => f.name === 'KiPageFault');
    // the handler's first instruction, as iced-x86 reads it
    const decoder = new Decoder(64, h.sim.machine.readVirtual(handler!.address, 16, 4), DecoderOptions.None);
    const first = decoder.decode();
    const firstLength = first.length;
    first.free();
    decoder.free();
    expect(paused(stepped)).toMatchObject({ PausingReason: 3, Rip: handler!.address + BigInt(firstLength) });
    expect(h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE)).toEqual([]);
  });

  it('symbol reload resumes, resends the table, then halts with reason 1 and IgnoreDisassembling', () => {
    const h = new Harness();
    h.connectAndPause();
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_RELOAD,
      DEBUGGEE_SYMBOL_REQUEST_PACKET.encode({ ProcessId: 0 }),
    );
    expect(frames.slice(-2).map((f) => f.action)).toEqual([63, 42]);
    expect(frames.slice(0, -2).every((f) => f.action === 62)).toBe(true);
    expect(paused(frames[frames.length - 1])).toMatchObject({ PausingReason: 1, IgnoreDisassembling: true });
  });

  it('forwarded commands: usage errors as HyperDbg prints them; IgnoreFinishedSignal keeps it running', () => {
    const h = new Harness();
    h.connectAndPause();
    const wrong = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('prealloc regular-event', false),
    );
    expect(logText(wrong[0]).text).toBe("incorrect use of the 'prealloc'\n\n");
    expect(wrong[wrong.length - 1].action).toBe(42);
    const [unknownType] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('prealloc huge 1', false),
    );
    expect(logText(unknownType).text).toBe("err, couldn't resolve error at 'huge'\n");
    h.take();
    expect(
      h
        .sendT1(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
          encodeUserInputPayload('prealloc big-event 0n2', true),
        )
        .map((f) => f.action),
    ).toEqual([41]);
    expect(h.sim.state).toBe('running');
    expect(h.sim.pools.counts(7).free).toBe(2);
  });

  it("`lm km` prints the kernel module table piece by piece like HyperDbg's user mode", () => {
    const h = new Harness();
    h.connectAndPause();
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('lm km m ntos', false),
    );
    expect(frames.slice(0, -1).map((f) => logText(f).text)).toEqual([
      'kernel mode\n',
      'start\t\t\tsize\tname\t\t\t\tpath\n\n',
      'fffff801`63a00000\t',
      `${h.sim.machine.modules.find((m) => m.name === 'ntoskrnl.exe')!.size.toString(16)}\t`,
      'ntoskrnl.exe\t',
      '\t\t',
      '\\SystemRoot\\system32\\ntoskrnl.exe\n',
    ]);
    expect(paused(frames[frames.length - 1]).PausingReason).toBe(10);
  });

  it('desync towards the halted kernel is reported once and the next good frame is served', () => {
    const h = new Harness();
    h.connectAndPause();
    h.sim.receive(new Uint8Array(81_921).fill(0x41));
    h.sim.receive(encodeFrame(1, 12, new Uint8Array(24))); // eaten by the resync up to its marker
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_FLUSH_BUFFERS,
      DEBUGGER_FLUSH_LOGGING_BUFFERS.encode({}),
    );
    expect(frames.map((f) => f.action)).toEqual([41, 48]);
    expect(logText(frames[0])).toMatchObject({ code: 2 });
    expect(logText(frames[0]).text).toContain(
      '[-] Warning (SerialConnectionRecvBuffer:172) | Warning, serial stream desynced',
    );
  });

  it('any chunking of the same input gives the same output bytes', () => {
    // version answer, break-in, flush, read all registers
    const input = Buffer.concat([
      encodeFrame(2, 3, Buffer.from('0.2.0-20250101.1200\0', 'latin1')),
      encodeFrame(2, 1),
      encodeFrame(1, 9, new Uint8Array(12)),
      encodeFrame(1, 21, Uint8Array.from([0xff, 0xff, 0xff, 0xff, ...new Array(20).fill(0)])),
    ]);
    const run = (cuts: number[]) => {
      const h = new Harness({ seed: 3 });
      h.sim.start();
      let at = 0;
      for (const cut of [...cuts.filter((c) => c > 0 && c < input.length)].sort((a, b) => a - b)) {
        h.sim.receive(input.subarray(at, cut));
        at = cut;
      }
      h.sim.receive(input.subarray(at));
      return Buffer.from(h.bytes);
    };
    const whole = run([]);
    expect(whole.length).toBeGreaterThan(1000);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 12 }), (cuts) =>
        run(cuts).equals(whole),
      ),
      { numRuns: 40 },
    );
  });

  it('in-process handle: a reboot fault makes the new debuggee ping for a new handshake', async () => {
    const sim = createSimulatedDebuggee({ seed: 2, handshakeRetryMs: 60_000 });
    const chunks: Buffer[] = [];
    sim.stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((r) => setTimeout(r, 20));
    const first = sim.debuggee;
    sim.faults.inject('reboot');
    await new Promise((r) => setTimeout(r, 20));
    expect(sim.debuggee).not.toBe(first);
    expect(sim.debuggee.state).toBe('handshake');
    expect(Buffer.concat(chunks).equals(Buffer.concat([encodeFrame(3, 4), encodeFrame(3, 4)]))).toBe(true);
    sim.close();
  });
});
