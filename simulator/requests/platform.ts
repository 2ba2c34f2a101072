import * as C from '../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../shared/protocol/generated/enums';
import {
  DEBUGGER_CPUID_REQUEST_RESPONSE,
  INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS,
  SMI_OPERATION_PACKETS,
} from '../../shared/protocol/structs';
import { apicResponse } from '../apic';
import { lbrDumpResponse, ptOperationResponse } from '../hypertrace';
import { pciDeviceInfoResponse, pciTreeResponse } from '../pci';
import type { CpuidResult } from '../cpu/cpu-model';
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
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCIDEVINFO]: (p) =>
      ctx.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PCIDEVINFO,
        pciDeviceInfoResponse(p),
      ),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP]: (p) =>
      ctx.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_LBR_DUMP_REQUESTS,
        lbrDumpResponse(p, { kernelBase: ctx.d.options.kernelBase, cores: ctx.d.options.cores }),
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
  // hyperkd runs CPUID in VMX root: the processor itself, without HyperDbg's guest changes
  const run = (leaf: number, subLeaf: number) =>
    ctx.d.processor.cpu.cpuid(leaf, subLeaf, ctx.d.operatingCore, false);
  const response = describeCpuidLeaf(run, request.FunctionId >>> 0, request.SubFunctionId >>> 0);
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_USER_CPUID,
    DEBUGGER_CPUID_REQUEST_RESPONSE.encode({
      ...response,
      FunctionId: request.FunctionId,
      SubFunctionId: request.SubFunctionId,
      KernelStatus: OK,
    }),
  );
}

type CpuidFields = Partial<ReturnType<typeof DEBUGGER_CPUID_REQUEST_RESPONSE.decode>>;

/**
 * DebuggerCommandCpuid: the structure is zeroed, the special leaves get their maximum subleaf
 * (4, 0xB, 0x12 by enumeration until the terminating subleaf; 7 and 0x14 from EAX), XCR0/XSS
 * for 0xD and the whole brand string for 0x80000002..4, then the leaf itself runs.
 */
function describeCpuidLeaf(
  run: (leaf: number, subLeaf: number) => CpuidResult,
  leaf: number,
  subLeaf: number,
): CpuidFields {
  const fields: CpuidFields = {};
  const lastBefore = (stop: (regs: CpuidResult) => boolean, from = 0): number => {
    for (let i = from; i < 64; i++) if (stop(run(leaf, i))) return i > 0 ? i - 1 : 0;
    return 64;
  };
  let runLeaf = true;
  switch (leaf) {
    case 4:
      fields.Leaf4MaxSubLeaf = lastBefore(([eax]) => (eax & 0x1f) === 0);
      break;
    case 0xb:
      if ((run(leaf, 0)[1] & 0xffff) >>> 0 === 0) {
        fields.LeafBSupported = false;
        runLeaf = false;
        break;
      }
      fields.LeafBSupported = true;
      fields.LeafBMaxSubleaf = lastBefore(([, , ecx]) => ((ecx >>> 8) & 0xff) === 0);
      break;
    case 0xd: {
      const [eax0, , , edx0] = run(leaf, 0);
      const [, , ecx1, edx1] = run(leaf, 1);
      fields.XCR0Vector = (BigInt(edx0 >>> 0) << 32n) | BigInt(eax0 >>> 0);
      fields.IA32_XSS_Vector = (BigInt(edx1 >>> 0) << 32n) | BigInt(ecx1 >>> 0);
      break;
    }
    case 0x12: {
      const sgx = (run(7, 0)[1] & 0x4) !== 0;
      fields.Leaf12Supported = sgx;
      if (!sgx) runLeaf = false;
      else fields.Leaf12MaxSubLeaf = lastBefore(([eax]) => (eax & 0xf) === 0, 2);
      break;
    }
    case 7:
    case 0x14:
    case 0x18:
      fields.LeafEaxMaxSubleaf = run(leaf, 0)[0] >>> 0;
      break;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      let brand = '';
      for (let i = 0; i < 3; i++)
        for (const reg of run(0x80000002 + i, 0))
          for (let b = 0; b < 4; b++) brand += String.fromCharCode((reg >>> (b * 8)) & 0xff);
      fields.BrandString = brand.replace(/\0+$/, '');
      runLeaf = false;
      break;
    }
    default:
      break;
  }
  if (runLeaf) {
    const [eax, ebx, ecx, edx] = run(leaf, subLeaf);
    Object.assign(fields, { EAX: eax >>> 0, EBX: ebx >>> 0, ECX: ecx >>> 0, EDX: edx >>> 0 });
  }
  return fields;
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
