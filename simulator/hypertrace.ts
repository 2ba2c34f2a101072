import * as C from '../shared/protocol/generated/constants';
import {
  HYPERTRACE_LBR_DUMP_PACKETS,
  HYPERTRACE_PT_OPERATION_PACKETS,
  LBR_STACK_ENTRIES,
  lbrStackWords,
  type LbrRecord,
} from '../shared/protocol/device-structs';

/**
 * HyperTrace requests (a37 LBR dump, a38 PT operation). Each core keeps a legacy (non
 * architectural) 32-entry LBR stack of recent kernel branches, as saved by `lbr_save()`: the dump
 * answers it for the requested core and says whether a next core exists, so `!lbrdump` walks every
 * core. Intel PT is not set up after `.debug prepare`, so PT answers HYPERTRACE_NOT_INITIALIZED.
 * The request is echoed with the answer filled in.
 */

/** MSR_LBR_INFO for a record: cycle count in bits 0-15, mispredicted in bit 63. */
const lbrInfo = (cycles: number, mispredicted: boolean): bigint =>
  BigInt(cycles & 0xffff) | (mispredicted ? 1n << 63n : 0n);

/** Eight branches through the simulated kernel's text, different per core; the newest at `tos`. */
function coreLbrStack(kernelBase: bigint, core: number): { records: LbrRecord[]; tos: number } {
  const records: LbrRecord[] = [];
  for (let i = 0; i < 8; i++) {
    const from = kernelBase + 0x1000n + BigInt(core * 0x800 + i * 0x40 + 0x1f);
    records.push({ from, to: from + 0x21n + BigInt(i * 8), info: lbrInfo(12 + 7 * i + core, i % 3 === 2) });
  }
  return { records, tos: records.length - 1 };
}

export function lbrDumpResponse(
  payload: Uint8Array,
  machine: { kernelBase: bigint; cores: number },
): Uint8Array {
  const packet = HYPERTRACE_LBR_DUMP_PACKETS.decode(payload);
  if (packet.CoreId >= machine.cores) {
    packet.KernelStatus = C.DEBUGGER_ERROR_INVALID_CORE_ID;
    return HYPERTRACE_LBR_DUMP_PACKETS.encode(packet);
  }
  const stack = coreLbrStack(machine.kernelBase, packet.CoreId);
  packet.ArchBasedLBR = false;
  packet.CurrentLbrCapacity = LBR_STACK_ENTRIES;
  packet.LbrStack = lbrStackWords(stack.records, stack.tos);
  packet.NextCoreIsValid = packet.CoreId + 1 < machine.cores;
  packet.KernelStatus = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
  return HYPERTRACE_LBR_DUMP_PACKETS.encode(packet);
}

export function ptOperationResponse(payload: Uint8Array): Uint8Array {
  const packet = HYPERTRACE_PT_OPERATION_PACKETS.decode(payload);
  packet.KernelStatus = C.DEBUGGER_ERROR_HYPERTRACE_NOT_INITIALIZED;
  return HYPERTRACE_PT_OPERATION_PACKETS.encode(packet);
}
