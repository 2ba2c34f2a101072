import * as C from '../shared/protocol/generated/constants';
import { array, bytes, defineStruct, u32, u64 } from '../shared/protocol/struct';
import { DEBUGGER_APIC_REQUEST } from '../shared/protocol/structs';

/**
 * `!apic` / `!ioapic` (a33 PERFORM_ACTIONS_ON_APIC): ExtensionCommandPerformActionsForApicRequests
 * answers the request followed by the local APIC page (LAPIC_PAGE, 1024 bytes) or the I/O APIC
 * dump (IO_APIC_ENTRY_PACKETS, 3232 bytes). The layouts are declared here from the compiler's
 * layout oracle (they are not on the protocol core's list because only this request uses them).
 */
export const LAPIC_PAGE = defineStruct('LAPIC_PAGE', {
  Reserved000: bytes(16),
  Reserved010: bytes(16),
  Id: u32,
  Reserved024: bytes(12),
  Version: u32,
  Reserved034: bytes(12),
  Reserved040: bytes(64),
  TPR: u32,
  Reserved084: bytes(12),
  ArbitrationPriority: u32,
  Reserved094: bytes(12),
  ProcessorPriority: u32,
  Reserved0A4: bytes(12),
  EOI: u32,
  Reserved0B4: bytes(12),
  RemoteRead: u32,
  Reserved0C4: bytes(12),
  LogicalDestination: u32,
  Reserved0D4: bytes(12),
  DestinationFormat: u32,
  Reserved0E4: bytes(12),
  SpuriousInterruptVector: u32,
  Reserved0F4: bytes(12),
  ISR: array(u32, 32),
  TMR: array(u32, 32),
  IRR: array(u32, 32),
  ErrorStatus: u32,
  Reserved284: bytes(12),
  Reserved290: bytes(96),
  LvtCmci: u32,
  Reserved2F4: bytes(12),
  IcrLow: u32,
  Reserved304: bytes(12),
  IcrHigh: u32,
  Reserved314: bytes(12),
  LvtTimer: u32,
  Reserved324: bytes(12),
  LvtThermalSensor: u32,
  Reserved334: bytes(12),
  LvtPerfMonCounters: u32,
  Reserved344: bytes(12),
  LvtLINT0: u32,
  Reserved354: bytes(12),
  LvtLINT1: u32,
  Reserved364: bytes(12),
  LvtError: u32,
  Reserved374: bytes(12),
  InitialCount: u32,
  Reserved384: bytes(12),
  CurrentCount: u32,
  Reserved394: bytes(12),
  Reserved3A0: bytes(64),
  DivideConfiguration: u32,
  Reserved3E4: bytes(12),
  SelfIpi: u32,
  Reserved3F4: bytes(12),
});

export const IO_APIC_ENTRY_PACKETS = defineStruct('IO_APIC_ENTRY_PACKETS', {
  ApicBasePa: u64,
  ApicBaseVa: u64,
  IoIdReg: u32,
  IoLl: u32,
  IoArbIdReg: u32,
  LlLhData: array(u64, 400),
});

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
      Id: core,
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
    const entries: bigint[] = [];
    for (let i = 0; i < IO_APIC_REDIRECTIONS; i++) {
      const masked = i === 1 || i === 2 ? 0n : 0x10000n;
      entries.push(masked | BigInt(0x30 + i));
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
