/**
 * Payloads of the device and tracing requests (APIC, PCI, HyperTrace LBR/PT): the command layer
 * encodes and prints them, the simulator answers them. Declared from the compiler's layout oracle
 * (sizes and offsets are checked in the simulator's apic/pci/hypertrace tests).
 */
import { array, bool, bytes, defineStruct, enum32, struct, u16, u32, u64, u8 } from './struct';

/** DEV_MAX_NUM: the longest device list one PCI-tree answer carries. */
export const DEV_MAX_NUM = 255;

/**
 * `!apic` / `!ioapic` (a33 PERFORM_ACTIONS_ON_APIC): the answer is the request followed by the
 * local APIC page (LAPIC_PAGE, 1024 bytes) or the I/O APIC dump (IO_APIC_ENTRY_PACKETS, 3232
 * bytes: redirection entries as (low, high) dword pairs widened to u64).
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

/** `#pragma pack(1)`; Device (5 bits) and Function (3 bits) share byte 1 (MSVC bitfields, LSB first). */
export const PCI_DEV_MINIMAL = defineStruct(
  'PCI_DEV_MINIMAL',
  {
    Bus: u8,
    DeviceAndFunction: u8,
    VendorId: u16,
    DeviceId: u16,
    ClassCode: bytes(3),
  },
  { pack: 1 },
);

export const DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET = defineStruct(
  'DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET',
  {
    KernelStatus: u32,
    DeviceInfoListNum: u8,
    DeviceInfoList: array(struct(PCI_DEV_MINIMAL), DEV_MAX_NUM),
  },
);

/**
 * HyperTrace requests (a37 LBR dump, a38 PT operation). The middle parts (LBR stack, PT options)
 * are carried as u64 arrays because their inner layouts are bitfields; the LBR stack is read with
 * `lbrStackRecords`.
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

/** Per-BAR facts the debuggee adds for `!pcicam` (BOOL fields are 4 bytes). */
export const PCI_DEV_MMIOBAR_INFO = defineStruct(
  'PCI_DEV_MMIOBAR_INFO',
  { Is64Bit: u32, IsEnabled: u32, BarOffsetEnd: u64, BarSize: u64 },
  { pack: 1 },
);

/**
 * One PCI function's configuration space (`#pragma pack(1)`): the 64-byte header is kept as bytes
 * (endpoint and bridge headers overlay it) and decoded by the printer.
 */
export const PCI_DEV = defineStruct(
  'PCI_DEV',
  {
    Bus: u8,
    DeviceAndFunction: u8,
    ConfigSpace: bytes(64),
    ConfigSpaceAdditional: bytes(191),
    MmioBarInfo: array(struct(PCI_DEV_MMIOBAR_INFO), 6),
  },
  { pack: 1 },
);

/** `!pcicam` (a34 QUERY_PCIDEVINFO, answered with the same struct by a71). */
export const DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET = defineStruct(
  'DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET',
  {
    KernelStatus: u32,
    PrintRaw: u32,
    DeviceInfo: struct(PCI_DEV),
  },
);

/** One LBR record of HYPERTRACE_LBR_DUMP_PACKETS.LbrStack (LBR_STACK_ENTRY: 32 from/to pairs, 32 MSR_LBR_INFO, Tos). */
export interface LbrRecord {
  readonly from: bigint;
  readonly to: bigint;
  /** MSR_LBR_INFO: CycleCount bits 0-15, BrType 56-59, CycCntValid 60, Mispred 63. */
  readonly info: bigint;
}

export const LBR_STACK_ENTRIES = 32;

/** Reads the records and top-of-stack index out of the u64 view of LbrStack. */
export function lbrStackRecords(stack: readonly bigint[]): { records: LbrRecord[]; tos: number } {
  const records: LbrRecord[] = [];
  for (let i = 0; i < LBR_STACK_ENTRIES; i++)
    records.push({ from: stack[2 * i] ?? 0n, to: stack[2 * i + 1] ?? 0n, info: stack[64 + i] ?? 0n });
  return { records, tos: Number((stack[96] ?? 0n) & 0xffn) };
}

/** The u64 view of LbrStack for `records` (the simulator's answer). */
export function lbrStackWords(records: readonly LbrRecord[], tos: number): bigint[] {
  const words = new Array<bigint>(97).fill(0n);
  records.slice(0, LBR_STACK_ENTRIES).forEach((r, i) => {
    words[2 * i] = r.from;
    words[2 * i + 1] = r.to;
    words[64 + i] = r.info;
  });
  words[96] = BigInt(tos & 0xff);
  return words;
}
