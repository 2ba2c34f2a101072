import * as C from '../shared/protocol/generated/constants';
import {
  HYPERTRACE_LBR_DUMP_PACKETS,
  HYPERTRACE_PT_OPERATION_PACKETS,
} from '../shared/protocol/device-structs';

/**
 * HyperTrace requests (a37 LBR dump, a38 PT operation) on a debuggee whose HyperTrace features
 * are off, as after `.debug prepare`: the LBR dump answers LBR_ALREADY_DISABLED (LBR is only
 * enabled by the forwarded `!lbr` command), PT answers HYPERTRACE_NOT_INITIALIZED. The request is
 * echoed with the status filled in.
 */

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
