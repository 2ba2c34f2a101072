import * as C from '../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../shared/protocol/generated/enums';
import {
  DEBUGGER_CPUID_REQUEST_RESPONSE,
  INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS,
  SMI_OPERATION_PACKETS,
} from '../../shared/protocol/structs';
import { apicResponse } from '../apic';
import { lbrDumpResponse, ptOperationResponse } from '../hypertrace';
import { pciTreeResponse } from '../pci';
import type { RequestContext, RequestFamily } from './context';

/** The hardware around the cores: CPUID, IDT, SMI, PCI tree, APIC, LBR and PT. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function platformRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_USER_CPUID_REQUEST]: (p) => cpuid(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_IDT_ENTRIES]: () => idt(ctx),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_SMI_OPERATION]: (p) => smi(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCITREE]: (p) =>
      ctx.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PCITREE, pciTreeResponse(p)),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP]: (p) =>
      ctx.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_LBR_DUMP_REQUESTS,
        lbrDumpResponse(p),
      ),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_PT_OPERATION]: (p) =>
      ctx.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_PT_OPERATION_REQUESTS,
        ptOperationResponse(p),
      ),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_ACTIONS_ON_APIC]: (p) =>
      ctx.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_APIC_REQUESTS,
        apicResponse(p, ctx.d.operatingCore),
      ),
  };
}

function cpuid(ctx: RequestContext, payload: Uint8Array): void {
  const request = DEBUGGER_CPUID_REQUEST_RESPONSE.decode(payload);
  const [eax, ebx, ecx, edx] = cpuidLeaf(
    request.FunctionId,
    request.SubFunctionId,
    ctx.d.operatingCore,
    ctx.d.options.cores,
  );
  // the debuggee zeroes the structure, fills it and writes the leaf back
  const response = DEBUGGER_CPUID_REQUEST_RESPONSE.encode({
    BrandString: 'Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz',
    EAX: eax,
    EBX: ebx,
    ECX: ecx,
    EDX: edx,
    FunctionId: request.FunctionId,
    SubFunctionId: request.SubFunctionId,
    Leaf4MaxSubLeaf: 4,
    LeafBMaxSubleaf: 2,
    Leaf12MaxSubLeaf: 0,
    LeafEaxMaxSubleaf: 0,
    LeafBSupported: true,
    Leaf12Supported: false,
    XCR0Vector: 0x1fn,
    IA32_XSS_Vector: 0n,
    KernelStatus: OK,
  });
  ctx.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_USER_CPUID, response);
}

function idt(ctx: RequestContext): void {
  const kiInterruptTable = ctx.d.options.kernelBase + 0x20a000n;
  const entries = Array.from({ length: 256 }, (_, i) => kiInterruptTable + BigInt(i) * 0x40n);
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_QUERY_IDT_ENTRIES_REQUESTS,
    INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS.encode({ KernelStatus: OK, IdtEntry: entries }),
  );
}

function smi(ctx: RequestContext, payload: Uint8Array): void {
  const packet = SMI_OPERATION_PACKETS.decode(payload);
  if (packet.SmiOperationType === 0) {
    packet.SmiCount = 0x2an;
    packet.KernelStatus = OK;
  } else if (packet.SmiOperationType === 1) {
    packet.KernelStatus = OK;
  } else {
    packet.KernelStatus = C.DEBUGGER_ERROR_INVALID_SMI_OPERATION_PARAMETERS;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_SMI_OPERATION_REQUESTS,
    SMI_OPERATION_PACKETS.encode(packet),
  );
}

/** A plausible 4-core Comet Lake CPU under a hypervisor. */
function cpuidLeaf(
  leaf: number,
  subLeaf: number,
  core: number,
  cores: number,
): [number, number, number, number] {
  switch (leaf) {
    case 0:
      return [0x16, 0x756e6547, 0x6c65746e, 0x49656e69];
    case 1:
      return [0xa0655, (core << 24) | (cores << 16) | 0x800, 0xfffa3203, 0x178bfbff];
    case 7:
      return subLeaf === 0 ? [0, 0x29c67af, 0x40000000, 0xbc002e00] : [0, 0, 0, 0];
    case 0x80000000:
      return [0x80000008, 0, 0, 0];
    case 0x40000000:
      return [0x40000001, 0x7263694d, 0x666f736f, 0x76482074];
    default:
      return [0, 0, 0, 0];
  }
}
