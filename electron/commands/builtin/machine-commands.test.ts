/**
 * Frames of the machine-query commands (search, IDT, APIC, SMI, CPUID, page-in) byte for byte
 * against the v0.23 layouts, and HyperDbg's messages for bad arguments with nothing sent.
 */
import { describe, expect, it } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../../shared/protocol/generated/enums';
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
