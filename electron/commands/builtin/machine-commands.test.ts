/**
 * Frames of the machine-query commands (search, IDT, APIC, SMI, CPUID, page-in) byte for byte
 * against the v0.23 layouts, and HyperDbg's messages for bad arguments with nothing sent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  VMM_EVENT_TYPE_ENUM as EventType,
} from '../../../shared/protocol/generated/enums';
import { dryRun, le } from '../../app/testing/dry-run-commands';

const VMX_ROOT = 1;
const zeros = (bytes: number): string => '00'.repeat(bytes);

describe('machine-query command frames', () => {
  it('sb: DEBUGGER_SEARCH_MEMORY (40 bytes) then one u64 slot per value', async () => {
    const run = await dryRun('sb fffff80163a01000 90 85 l ffff');
    expect(run.ok).toBe(true);
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SEARCH_QUERY,
        payloadHex:
          le(0xfffff80163a01000n, 8) + // Address
          le(0xffff, 8) + // Length
          le(0, 4) + // ProcessId
          le(1, 4) + // MemoryType: SEARCH_VIRTUAL_MEMORY
          le(0, 4) + // ByteSize: SEARCH_BYTE
          le(2, 4) + // CountOf64Chunks
          le(40 + 16, 4) + // FinalStructureSize
          zeros(4) +
          le(0x90, 8) +
          le(0x85, 8),
      },
    ]);
    expect(run.output).toBe('not found\n');
  });

  it('!sq searches physical memory with qword units', async () => {
    const run = await dryRun('!sq 100000 9090909090909090 l ffffff');
    expect(run.frames[0]!.payloadHex.slice(40, 56)).toBe(le(0, 4) + le(2, 4)); // MemoryType 0, ByteSize SEARCH_QWORD
    expect(run.frames[0]!.payloadHex.slice(80)).toBe(le(0x9090909090909090n, 8));
  });

  it('!idt sends a35 with no payload', async () => {
    const run = await dryRun('!idt');
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_IDT_ENTRIES,
        payloadHex: '',
      },
    ]);
  });

  it('!apic and !ioapic send DEBUGGER_APIC_REQUEST (12 bytes) with the APIC type', async () => {
    const run = await dryRun('!lapic', '!ioapic');
    const action = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_ACTIONS_ON_APIC;
    expect(run.frames).toEqual([
      { packetType: VMX_ROOT, action, payloadHex: le(0, 4) + zeros(8) },
      { packetType: VMX_ROOT, action, payloadHex: le(1, 4) + zeros(8) },
    ]);
  });

  it('!smi count|trigger send SMI_OPERATION_PACKETS (24 bytes)', async () => {
    const run = await dryRun('!smi count', '!smi TRIGGER');
    const action = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_SMI_OPERATION;
    expect(run.frames).toEqual([
      { packetType: VMX_ROOT, action, payloadHex: zeros(24) },
      { packetType: VMX_ROOT, action, payloadHex: le(1, 4) + zeros(20) },
    ]);
  });

  it.each(['!hw script { @hw_pin1 = 0; }', '!hw_clk', '!hw_clock x', '!hwdbg_clock x'])(
    '%s is forwarded to the debuggee as text inside the TEST_QUERY 6/7 bracket',
    async (line) => {
      const run = await dryRun(line);
      expect(run.ok).toBe(true);
      const text = Buffer.from(`${line}\0`, 'latin1');
      expect(run.frames).toEqual([
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
          payloadHex: expect.stringMatching(/^06/),
        },
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
          // CommandLen (with the NUL), IgnoreFinishedSignal 0, Result 0, then the text
          payloadHex: le(text.length, 4) + zeros(8) + text.toString('hex'),
        },
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
          payloadHex: expect.stringMatching(/^07/),
        },
      ]);
    },
  );

  it('cpuid sends DEBUGGER_CPUID_REQUEST_RESPONSE (120 bytes) with FunctionId at 68 and SubFunctionId at 72', async () => {
    const run = await dryRun('cpuid 80000008 1');
    expect(run.frames).toHaveLength(1);
    expect(run.frames[0]!.action).toBe(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_USER_CPUID_REQUEST,
    );
    expect(run.frames[0]!.payloadHex).toBe(zeros(68) + le(0x80000008, 4) + le(1, 4) + zeros(120 - 76));
  });

  it('.pagein sends DEBUGGER_PAGE_IN_REQUEST (32 bytes) with the range and a zero error code, like v0.23', async () => {
    const run = await dryRun('.pagein pwu fffff80163a01000 l 2000');
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_INJECT_PAGE_FAULT,
        payloadHex: le(0xfffff80163a01000n, 8) + le(0xfffff80163a03000n, 8) + zeros(16),
      },
    ]);
  });
});

/** DEBUGGER_READ_MEMORY (48 bytes) as the memory-reading commands fill it: 64-bit mode, from the kernel. */
function readMemoryPayload(address: bigint, size: number, physical: boolean): string {
  return (
    le(0, 4) + // Pid
    zeros(4) +
    le(address, 8) + // Address
    le(size, 4) + // Size
    le(0, 4) + // GetAddressMode (and padding)
    le(0, 4) + // AddressMode
    le(physical ? 0 : 1, 4) + // MemoryType: DEBUGGER_READ_PHYSICAL_ADDRESS / _VIRTUAL_ADDRESS
    le(0, 4) + // ReadingType: READ_FROM_KERNEL
    le(0, 4) + // ReturnLength
    le(0, 4) + // KernelStatus
    zeros(4)
  );
}

describe('tracing, dump, PCI, LBR, assembler, list and test command frames', () => {
  it('!track steps with DEBUGGEE_STEP_PACKET (12 bytes), StepType INSTRUMENTATION_STEP_IN_FOR_TRACKING', async () => {
    // the dry-run debuggee halts for another reason after the first step, which ends the walk
    const run = await dryRun('!track tree 3');
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
        payloadHex: le(2, 4) + le(0, 1) + zeros(3) + le(0, 4), // StepType, IsCurrentInstructionACall, CallLength
      },
    ]);
  });

  it('.dump reads the range page by page (a22 per page, the rest last), !dump physically, and writes the file', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hds-dump-'));
    try {
      const file = path.join(folder, 'dump.bin');
      const run = await dryRun(
        `.dump fffff80163a01000 fffff80163a02800 path ${file}`,
        `!dump 1000 1010 path ${file}`,
      );
      expect(run.frames).toEqual([
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
          payloadHex: readMemoryPayload(0xfffff80163a01000n, 0x1000, false),
        },
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
          payloadHex: readMemoryPayload(0xfffff80163a02000n, 0x800, false),
        },
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
          payloadHex: readMemoryPayload(0x1000n, 0x10, true),
        },
      ]);
      expect(run.output).toContain(`the dump file is saved at: ${file}\n`);
      // the dry-run debuggee answers reads without bytes: the file is created and stays empty
      expect(readFileSync(file).length).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('!pcitree sends DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET (2300 bytes, all zero)', async () => {
    const run = await dryRun('!pcietree');
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCITREE,
        payloadHex: zeros(2300),
      },
    ]);
  });

  it('!pcicam sends DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET (412 bytes) with PrintRaw, Bus and Device:5|Function:3', async () => {
    const run = await dryRun('!pcicam 3 1f 5', '!pcicam 0 2 0 x');
    const action = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCIDEVINFO;
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action,
        payloadHex: le(0, 4) + le(0, 4) + le(3, 1) + le(0x1f | (5 << 5), 1) + zeros(412 - 10),
      },
      {
        packetType: VMX_ROOT,
        action,
        payloadHex: le(0, 4) + le(1, 4) + le(0, 1) + le(2, 1) + zeros(412 - 10),
      },
    ]);
  });

  it('!lbrdump sends HYPERTRACE_LBR_DUMP_PACKETS (792 bytes) with the core id', async () => {
    const run = await dryRun('!lbrdmp core 1');
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP,
        payloadHex: le(1, 4) + zeros(792 - 4),
      },
    ]);
  });

  it('a writes the assembled bytes with DEBUGGER_EDIT_MEMORY (40 bytes) and one u64 slot per byte', async () => {
    const run = await dryRun('asm fffff80163a01100 {nop; ret}');
    expect(run.frames).toEqual([
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY,
        payloadHex:
          le(0, 4) + // Result
          zeros(4) +
          le(0xfffff80163a01100n, 8) + // Address
          le(0, 4) + // ProcessId
          le(0, 4) + // MemoryType: EDIT_VIRTUAL_MEMORY
          le(0, 4) + // ByteSize: EDIT_BYTE
          le(2, 4) + // CountOf64Chunks
          le(40 + 16, 4) + // FinalStructureSize
          zeros(4) +
          le(0x90, 8) +
          le(0xc3, 8),
      },
    ]);
  });

  it('dl reads the first 8 bytes of the entry (a22), !dl physically', async () => {
    const run = await dryRun('dl fffff80163a01000', '!dl 2000');
    const action = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY;
    expect(run.frames).toEqual([
      { packetType: VMX_ROOT, action, payloadHex: readMemoryPayload(0xfffff80163a01000n, 8, false) },
      { packetType: VMX_ROOT, action, payloadHex: readMemoryPayload(0x2000n, 8, true) },
    ]);
  });

  it('!iout is !ioout: one OUT_INSTRUCTION_EXECUTION event (a18) and its break action (a19)', async () => {
    const alias = await dryRun('!iout 60');
    const original = await dryRun('!ioout 60');
    expect(alias.frames).toEqual(original.frames);
    expect(alias.frames.map((f) => f.action)).toEqual([
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
    ]);
    const payload = alias.frames[0]!.payloadHex;
    // DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET (Length, 4 bytes), then
    // DEBUGGER_GENERAL_EVENT_DETAIL (168 bytes): Tag at 88, EventType at 96, OptionalParam1 (the port) at 104
    expect(payload.slice(0, 8)).toBe(le(168, 4));
    const event = payload.slice(8);
    expect(event).toHaveLength(168 * 2);
    expect(event.slice(88 * 2, 96 * 2)).toBe(le(0x1000000, 8));
    expect(event.slice(96 * 2, 100 * 2)).toBe(le(EventType.OUT_INSTRUCTION_EXECUTION, 4));
    expect(event.slice(104 * 2, 112 * 2)).toBe(le(0x60, 8));
  });

  it('test query and test trap-status send DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER (24 bytes) with the request type', async () => {
    const run = await dryRun('test query', '.test trap-status');
    const action = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY;
    expect(run.frames).toEqual([
      { packetType: VMX_ROOT, action, payloadHex: le(1, 4) + zeros(20) },
      { packetType: VMX_ROOT, action, payloadHex: le(3, 4) + zeros(20) },
    ]);
  });
});

describe('bad arguments get HyperDbg’s message and send nothing', () => {
  const cases: [string, string][] = [
    ['sb fffff80163a01000 90 l', "incorrect use of the 'sb'"],
    [
      'sb fffff80163a01000 90 85 95',
      'please specify a correct hex value as the length\n\nsb !sb sd !sd sq !sq',
    ],
    ['sb fffff80163a01000 190 l 10', "please specify a byte (hex) value for 'sb' or '!sb'"],
    ['sd 1000 123456789 l 10', "please specify a dword (hex) value for 'sd' or '!sd'"],
    ['sq 1000 zz l 10', 'please specify a correct hex value to search in the memory content'],
    ['sb 1000 90 l 10 pid 4', "err, since HyperDbg won't context-switch"],
    ['!idt 100', 'err, invalid IDT entry number'],
    [
      '!idt 1 2',
      "incorrect use of the '!idt'\n\n!ioapic : shows entries of Interrupt Descriptor Table (IDT).",
    ],
    ['!apic 1', "incorrect use of the '!apic'"],
    ['!ioapic x', "incorrect use of the '!ioapic'"],
    ['!smi', "incorrect use of the '!smi'"],
    ['!smi reset', "incorrect use of the '!smi'"],
    ['cpuid', 'please specify a cpuid function id'],
    ['ucpuid zz', 'please specify a correct hex value for function id'],
    ['cpuid 1 zz', 'please specify a correct hex value for sub-function id'],
    ['cpuid 1 2 3', "incorrect use of the 'cpuid'"],
    ['.pagein', "incorrect use of the '.pagein'"],
    ['.pagein pw', 'err, please enter a valid address'],
    ['.pagein 1000 2000', "err, incorrect use of the '.pagein' command"],
    ['pagein 1000 l', "incorrect use of the 'pagein'"],
    ['gg well', "incorrect use of the 'gg'"],
    ['.cls now', "incorrect use of the '.cls'"],
    [
      '.connect 10.0.0.1 50000',
      "you're connected to a an instance of HyperDbg, please use '.debug close' command",
    ],
    ['listen 1 2', "incorrect use of the 'listen'"],
    ['.listen 50000', "you're connected to a an instance of HyperDbg, please use '.debug close' command"],
    ['.disconnect', "you're not connected to any instance of HyperDbg, did you use '.connect'? "],
    ['exit now', "incorrect use of the 'exit'"],
  ];
  it.each(cases)('%s', async (line, message) => {
    const run = await dryRun(line);
    expect(run.ok).toBe(false);
    expect(run.output.startsWith(message)).toBe(true);
    expect(run.frames).toEqual([]);
  });
});

describe('debugger-side commands', () => {
  it('gg, gg wp, .status, .cls print HyperDbg’s text without sending anything', async () => {
    const run = await dryRun('gg', 'gg WP', '.status', 'clear');
    expect(run.ok).toBe(true);
    expect(run.frames).toEqual([]);
    expect(run.output).toBe(
      "Good Game! :)\nGood Game, Well Played! :)\nremote debugging - debugger ('debugger mode')\n\x1b[2J\x1b[3J\x1b[H",
    );
  });

  it('exit closes the session like .debug close (t1 a7, then t2 a2)', async () => {
    const run = await dryRun('.exit');
    expect(run.frames.map((f) => [f.packetType, f.action])).toEqual([
      [1, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CLOSE_AND_UNLOAD_DEBUGGEE],
      [2, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DO_NOT_READ_ANY_PACKET],
    ]);
  });
});
