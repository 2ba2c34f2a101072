import * as C from '../shared/protocol/generated/constants';
import { IO_APIC_ENTRY_PACKETS, LAPIC_PAGE } from '../shared/protocol/device-structs';
import { DEBUGGER_APIC_REQUEST } from '../shared/protocol/structs';

/**
 * `!apic` / `!ioapic` (a33 PERFORM_ACTIONS_ON_APIC) as ExtensionCommandPerformActionsForApicRequests
 * answers them: the request followed by the operating core's local APIC page or the I/O APIC dump.
 */

const LOCAL_APIC = 0;
const IO_APIC = 1;
/** 24 redirection entries of a standard I/O APIC, all masked except the timer and the keyboard */
const IO_APIC_REDIRECTIONS = 24;

/** Returns the a70 payload for one APIC request on `core`. */
export function apicResponse(payload: Uint8Array, core: number): Uint8Array {
  const request = DEBUGGER_APIC_REQUEST.decode(payload);
  if (request.ApicType === LOCAL_APIC) {
    request.KernelStatus = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
    request.IsUsingX2APIC = true;
    const page = LAPIC_PAGE.encode({
      Id: core << 24, // xAPIC keeps the id in bits 31:24
      Version: 0x50014,
      TPR: 0,
      LogicalDestination: 1 << core,
      DestinationFormat: 0xffffffff,
      SpuriousInterruptVector: 0x1ff,
      LvtCmci: 0x10000,
      LvtTimer: 0x400ec,
      LvtThermalSensor: 0x10000,
      LvtPerfMonCounters: 0xfe,
      LvtLINT0: 0x10000,
      LvtLINT1: 0x10000,
      LvtError: 0xe3,
      DivideConfiguration: 0,
    });
    return concat(DEBUGGER_APIC_REQUEST.encode(request), page);
  }
  if (request.ApicType === IO_APIC) {
    request.KernelStatus = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
    // (low, high) per entry: vector 0x30+i, physical destination 0 in the high dword
    const entries: bigint[] = [];
    for (let i = 0; i < IO_APIC_REDIRECTIONS; i++) {
      const masked = i === 1 || i === 2 ? 0n : 0x10000n;
      entries.push(masked | BigInt(0x30 + i), 0n);
    }
    const dump = IO_APIC_ENTRY_PACKETS.encode({
      ApicBasePa: 0xfec00000n,
      ApicBaseVa: 0xfffff7b8c0000000n,
      IoIdReg: 0x02000000,
      IoLl: 0x00170020,
      IoArbIdReg: 0x02000000,
      LlLhData: entries,
    });
    return concat(DEBUGGER_APIC_REQUEST.encode(request), dump);
  }
  request.KernelStatus = C.DEBUGGER_ERROR_APIC_ACTIONS_ERROR;
  return DEBUGGER_APIC_REQUEST.encode(request);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
