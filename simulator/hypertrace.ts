import * as C from '../shared/protocol/generated/constants';
import { array, bool, defineStruct, enum32, u32, u64, u8 } from '../shared/protocol/struct';

/**
 * HyperTrace requests (a37 LBR dump, a38 PT operation) on a debuggee whose HyperTrace features
 * are off, as after `.debug prepare`: the LBR dump answers LBR_ALREADY_DISABLED (LBR is only
 * enabled by the forwarded `!lbr` command), PT answers HYPERTRACE_NOT_INITIALIZED. The request is
 * echoed with the status filled in. The opaque middle parts (LBR stack, PT options) are carried as
 * u64 arrays: their inner layouts contain bitfields and nothing here reads them; sizes and
 * offsets are checked against the compiler's layouts in hypertrace.test.ts.
 */
export const HYPERTRACE_LBR_DUMP_PACKETS = defineStruct('HYPERTRACE_LBR_DUMP_PACKETS', {
  CoreId: u32,
  NextCoreIsValid: bool,
  ArchBasedLBR: bool,
  LbrStack: array(u64, 97),
  CurrentLbrCapacity: u8,
  KernelStatus: u32,
});

export const HYPERTRACE_PT_OPERATION_PACKETS = defineStruct('HYPERTRACE_PT_OPERATION_PACKETS', {
  PtOperationType: enum32,
  KernelStatus: u32,
  BufferSize: u64,
  EnableOptions: array(u64, 35),
  CoreId: u32,
  FilterOptions: array(u64, 13),
  PacketOptions: u32,
  NumCpus: u32,
  BytesPerCpu: array(u64, 64),
});

export function lbrDumpResponse(payload: Uint8Array): Uint8Array {
  const packet = HYPERTRACE_LBR_DUMP_PACKETS.decode(payload);
  packet.KernelStatus = C.DEBUGGER_ERROR_LBR_ALREADY_DISABLED;
  return HYPERTRACE_LBR_DUMP_PACKETS.encode(packet);
}

export function ptOperationResponse(payload: Uint8Array): Uint8Array {
  const packet = HYPERTRACE_PT_OPERATION_PACKETS.decode(payload);
  packet.KernelStatus = C.DEBUGGER_ERROR_HYPERTRACE_NOT_INITIALIZED;
  return HYPERTRACE_PT_OPERATION_PACKETS.encode(packet);
}
