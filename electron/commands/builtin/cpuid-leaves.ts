/**
 * HyperDbg v0.23's `cpuid` text for the basic leaves 2..5 and 8..0x18 (leaves 0, 1, 6, 7, 0x16
 * and the extended ones are in cpuid.ts). Fields are cut at ia32.h's bit positions; where v0.23
 * reuses another leaf's macro, prints a line without its blank line, or computes in 32-bit
 * unsigned arithmetic, the text here does the same, because the goal is its exact output.
 */
import {
  bit,
  field,
  hex8,
  hexUpper,
  maxSubleaves,
  noSubleaves,
  plusOne,
  rawRegisters,
  trueFalse,
  type CpuidAnswer,
} from './cpuid-text';

const RESERVED_NOTE = '  This leaf is reserved (not implemented).\n\n';

/** A leaf v0.23 marks reserved: its heading, its note, then the four registers raw. */
const reserved =
  (heading: string, note = RESERVED_NOTE, endBlank = true) =>
  (a: CpuidAnswer): string =>
    `==== CPUID.(EAX=${heading} ====\n\n${note}  Raw data:\n${rawRegisters(a)}${endBlank ? '\n' : ''}`;

const CACHE_TYPES = ['Null (no more caches)', 'Data Cache', 'Instruction Cache', 'Unified Cache'];

function leaf4(a: CpuidAnswer): string {
  const lineSize = field(a.EBX, 0, 12);
  const partitions = field(a.EBX, 12, 10);
  const ways = field(a.EBX, 22, 10);
  const sets = a.ECX >>> 0;
  const bytes = BigInt(ways + 1) * BigInt(partitions + 1) * BigInt(lineSize + 1) * BigInt(plusOne(sets));
  const type = field(a.EAX, 0, 5);
  let out =
    '==== CPUID.(EAX=04H) Deterministic Cache Parameters ====\n\n' +
    maxSubleaves(a.Leaf4MaxSubLeaf >>> 0) +
    `---- CPUID.(EAX=04H, ECX=${a.SubFunctionId >>> 0}) ----\n\n` +
    '-- EAX --\n\n' +
    `  CacheTypeField                   = ${type} (${CACHE_TYPES[type] ?? 'Reserved'})\n`;
  if (type === 0) return out + '  (no more caches; stopping enumeration)\n\n';
  const sharing = field(a.EAX, 14, 12);
  const cores = field(a.EAX, 26, 6);
  out +=
    `  CacheLevel                       = ${field(a.EAX, 5, 3)}\n` +
    `  SelfInitializingCacheLevel       = ${trueFalse(bit(a.EAX, 8))}\n` +
    `  FullyAssociativeCache            = ${trueFalse(bit(a.EAX, 9))}${bit(a.EAX, 9) ? ' (fully associative)' : ''}\n` +
    `  MaxAddressableIds(LogicalProcs)  (raw) = ${sharing} -> actual = ${sharing + 1} (raw + 1)\n` +
    `  MaxAddressableIds(Cores)         (raw) = ${cores} -> actual = ${cores + 1} (raw + 1)\n\n` +
    '-- EBX --\n\n' +
    `  SystemCoherencyLineSize          (raw) = ${lineSize} -> actual = ${lineSize + 1} bytes (raw + 1)\n` +
    `  PhysicalLinePartitions           (raw) = ${partitions} -> actual = ${partitions + 1} (raw + 1)\n` +
    `  WaysOfAssociativity              (raw) = ${ways} -> actual = ${ways + 1} (raw + 1)\n\n` +
    '-- ECX --\n\n' +
    `  NumberOfSets                     (raw) = ${sets} -> actual = ${plusOne(sets)} (raw + 1)\n\n` +
    '-- EDX --\n\n' +
    `  WriteBackInvalidate              = ${trueFalse(bit(a.EDX, 0))}\n` +
    `  CacheInclusiveness               = ${trueFalse(bit(a.EDX, 1))}${bit(a.EDX, 1) ? ' (inclusive of lower levels)' : ''}\n` +
    `  ComplexCacheIndexing             = ${trueFalse(bit(a.EDX, 2))}${bit(a.EDX, 2) ? ' (complex/hashed indexing)' : ' (direct mapped)'}\n\n` +
    '-- Cache Size --\n\n' +
    `  Cache Size (per spec formula)    = ${bytes} bytes (${bytes / 1024n} KB, ${bytes / (1024n * 1024n)} MB)\n\n`;
  return out;
}

function leaf5(a: CpuidAnswer): string {
  let substates = '';
  for (let state = 0; state < 8; state++)
    substates += `  NumberOfC${state}SubCStates = ${field(a.EDX, state * 4, 4)}\n`;
  return (
    '==== CPUID.(EAX=05H) MONITOR/MWAIT Leaf ====\n\n' +
    noSubleaves('               LEAF 5 HAS NO SUBLEAVES               ') +
    '-- EAX --\n\n' +
    `  SmallestMonitorLineSize = ${field(a.EAX, 0, 16)} bytes\n\n` +
    '-- EBX --\n\n' +
    `  LargestMonitorLineSize  = ${field(a.EBX, 0, 16)} bytes\n\n` +
    '-- ECX --\n\n' +
    `  EnumerationOfMonitorMwaitExtensions             = ${trueFalse(bit(a.ECX, 0))}\n` +
    `  SupportsTreatingInterruptsAsBreakEventForMwait  = ${trueFalse(bit(a.ECX, 1))}\n\n` +
    '-- EDX --\n\n' +
    `${substates}\n`
  );
}

const leaf9 = (a: CpuidAnswer): string =>
  '==== CPUID.(EAX=09H) Direct Cache Access Information ====\n\n' +
  noSubleaves('               LEAF 9 HAS NO SUBLEAVES               ') +
  `  IA32_PLATFORM_DCA_CAP (EAX, mirrors MSR 1F8H) = 0x${hex8(a.EAX)}\n` +
  `  Reserved (EBX) = 0x${hex8(a.EBX)}\n` +
  `  Reserved (ECX) = 0x${hex8(a.ECX)}\n` +
  `  Reserved (EDX) = 0x${hex8(a.EDX)}\n\n`;

const PERFMON_EVENTS = [
  'CoreCycleEventNotAvailable               ',
  'InstructionRetiredEventNotAvailable      ',
  'ReferenceCyclesEventNotAvailable         ',
  'LastLevelCacheReferenceEventNotAvailable ',
  'LastLevelCacheMissesEventNotAvailable    ',
  'BranchInstructionRetiredEventNotAvailable',
  'BranchMispredictRetiredEventNotAvailable ',
];

function leafA(a: CpuidAnswer): string {
  const version = field(a.EAX, 0, 8);
  const vectorLength = field(a.EAX, 24, 8);
  let out =
    '==== CPUID.(EAX=0AH) Architectural Performance Monitoring Leaf ====\n\n' +
    noSubleaves('               LEAF 10 HAS NO SUBLEAVES              ');
  if (version === 0)
    return (
      out +
      '  VersionId = 0 -> architectural performance monitoring not supported;\n' +
      '  remaining fields in this leaf are not architecturally defined.\n\n'
    );
  out +=
    '-- EAX --\n\n' +
    `  VersionId                               = ${version}\n` +
    `  NumberOfCountersPerLogicalProcessor     = ${field(a.EAX, 8, 8)}\n` +
    `  BitWidthOfPerformanceMonitoringCounter  = ${field(a.EAX, 16, 8)}\n` +
    `  EbxBitVectorLength                      = ${vectorLength}\n\n` +
    '-- EBX (bit = 1 means the event is NOT available) --\n\n' +
    PERFMON_EVENTS.map((label, i) => `  ${label} = ${bit(a.EBX, i) ? 1 : 0}\n`).join('') +
    '\n';
  if (vectorLength < 7)
    out +=
      `  NOTE: EbxBitVectorLength=${vectorLength} (<7): bits at/after this length are not\n` +
      '        architecturally defined on this CPU; treat them as unreliable.\n';
  const fixedCount = field(a.EDX, 0, 5);
  const fixedWidth = field(a.EDX, 5, 8);
  out +=
    '-- ECX --\n\n' +
    `  Reserved                                   = 0x${hex8(a.ECX)}\n\n` +
    '-- EDX --\n\n' +
    (version > 1
      ? `  NumberOfFixedFunctionPerformanceCounters   = ${fixedCount}\n` +
        `  BitWidthOfFixedFunctionPerformanceCounters = ${fixedWidth}\n\n`
      : `  NOTE: VersionId=${version} (<=1): fixed-function counter fields are not\n` +
        '        architecturally defined; showing raw macro output anyway:\n' +
        `  NumberOfFixedFunctionPerformanceCounters   = ${fixedCount} (undefined)\n` +
        `  BitWidthOfFixedFunctionPerformanceCounters = ${fixedWidth} (undefined)\n`) +
    `  AnyThreadDeprecation                       = ${trueFalse(bit(a.EDX, 15))}\n\n`;
  return out;
}

const TOPOLOGY_LEVELS = ['Invalid', 'SMT (Hyper-Threading)', 'Core'];

function leafB(a: CpuidAnswer): string {
  if (!a.LeafBSupported)
    return (
      '==== CPUID.(EAX=0BH) Extended Topology Enumeration ====\n' +
      '  Leaf presence check failed: CPUID.0BH:EBX[15:0] == 0 at sub-leaf 0.\n' +
      '  This processor does not implement leaf 0BH (consider leaf 1FH instead).\n\n'
    );
  const levelType = field(a.ECX, 8, 8);
  return (
    '==== CPUID.(EAX=0BH) Extended Topology Enumeration ====\n\n' +
    maxSubleaves(a.LeafBMaxSubleaf >>> 0) +
    `---- CPUID.(EAX=0BH, ECX=${a.SubFunctionId >>> 0}) ----\n\n` +
    '-- ECX --\n\n' +
    `  LevelNumber (echoes ECX input) = ${field(a.ECX, 0, 8)}\n` +
    `  LevelType                      = ${levelType} (${TOPOLOGY_LEVELS[levelType] ?? 'Reserved'})\n\n` +
    '-- EAX --\n\n' +
    `  X2ApicIdToUniqueTopologyIdShift = ${field(a.EAX, 0, 5)}\n\n` +
    '-- EBX --\n\n' +
    `  NumberOfLogicalProcessorsAtThisLevelType = ${field(a.EBX, 0, 16)} (DIAGNOSTIC ONLY - do not use for topology enumeration)\n\n` +
    '-- EDX --\n\n' +
    `  X2ApicId (current logical processor) = ${a.EDX >>> 0}\n\n`
  );
}

const XSS_COMPONENTS: readonly (readonly [string, number])[] = [
  ['PtState (bit 8)                     ', 8],
  ['UsedForXcr02 (bit 9)                ', 9],
  ['CetUserState (bit 11)               ', 11],
  ['CetSupervisorState (bit 12)         ', 12],
  ['HdcState (bit 13)                   ', 13],
  ['LbrState (bit 15)                   ', 15],
  ['HwpState (bit 16)                   ', 16],
];

function leafD(a: CpuidAnswer): string {
  const sub = a.SubFunctionId >>> 0;
  const out =
    '==== CPUID.(EAX=0DH) Processor Extended State Enumeration ====\n' +
    '  *******************************************************\n' +
    '  *             Max NumberOfSubLeaves = 62              *\n' +
    '  *******************************************************\n\n';
  if (sub === 0)
    return (
      out +
      '-- EAX (XCR0 lower 32 bits) --\n\n' +
      `  X87State (bit 0)               = ${trueFalse(bit(a.EAX, 0))}\n` +
      `  SSEState (bit 1)               = ${trueFalse(bit(a.EAX, 1))}\n` +
      `  AVXState (bit 2)               = ${trueFalse(bit(a.EAX, 2))}\n` +
      `  MPXState (bits 4:3)            = ${field(a.EAX, 3, 2)}\n` +
      `  AVX512State (bits 7:5)         = ${field(a.EAX, 5, 3)}\n` +
      `  UsedForIa32Xss1 (bit 8)        = ${trueFalse(bit(a.EAX, 8))}\n` +
      `  PKRUState (bit 9)              = ${trueFalse(bit(a.EAX, 9))}\n` +
      `  UsedForIa32Xss2 (bit 13)       = ${trueFalse(bit(a.EAX, 13))}\n\n` +
      '-- EBX --\n\n' +
      `  MaxSizeRequiredByEnabledFeaturesInXcr0 = ${a.EBX >>> 0} bytes\n\n` +
      '-- ECX --\n\n' +
      `  MaxSizeOfXsaveXrstorSaveArea           = ${a.ECX >>> 0} bytes\n\n` +
      '-- EDX (XCR0 upper 32 bits) --\n\n' +
      `  Xcr0SupportedBits (bits 63:32 of XCR0) = 0x${hex8(a.EDX)}\n\n`
    );
  if (sub === 1)
    return (
      out +
      '-- EAX --\n\n' +
      `  SupportsXsavecAndCompactedXrstor (XSAVEC) = ${trueFalse(bit(a.EAX, 1))}\n` +
      `  SupportsXgetbvWithEcx1                     = ${trueFalse(bit(a.EAX, 2))}\n` +
      `  SupportsXsaveXrstorAndIa32Xss (XSAVES)     = ${trueFalse(bit(a.EAX, 3))}\n\n` +
      '-- EBX --\n\n' +
      `  SizeOfXsaveArea (XCR0 | IA32_XSS enabled) = ${a.EBX >>> 0} bytes\n` +
      '-- ECX (IA32_XSS lower 32 bits) --\n\n' +
      `  UsedForXcr01 (bits 7:0)              = 0x${hexUpper(field(a.ECX, 0, 8), 2)}\n` +
      XSS_COMPONENTS.map(([label, index]) => `  ${label} = ${trueFalse(bit(a.ECX, index))}\n`).join('') +
      '\n' +
      '-- EDX (IA32_XSS upper 32 bits) --\n\n' +
      `  SupportedUpperIa32XssBits (bits 63:32) = 0x${hex8(a.EDX)}\n\n`
    );
  const combined = BigInt.asUintN(64, a.XCR0Vector | a.IA32_XSS_Vector);
  const hex16 = (v: bigint) => v.toString(16).toUpperCase().padStart(16, '0');
  // a 64-bit shift by 64 or more uses the count modulo 64 on x64, as v0.23's compiled code does
  if (((combined >> BigInt(sub % 64)) & 1n) === 0n)
    return (
      out +
      `  Sub-leaf ${sub} is NOT supported on this CPU\n` +
      '  Valid sub-leaves are those with bits set in:\n' +
      `    XCR0 vector:     0x${hex16(BigInt.asUintN(64, a.XCR0Vector))}\n` +
      `    IA32_XSS vector: 0x${hex16(BigInt.asUintN(64, a.IA32_XSS_Vector))}\n` +
      `    Combined vector: 0x${hex16(combined)}\n\n`
    );
  const managedByXss = bit(a.ECX, 0);
  const aligned = bit(a.ECX, 1);
  return (
    out +
    '-- State Component Information --\n\n' +
    `  SaveAreaSize (EAX)   = ${a.EAX >>> 0} bytes\n` +
    `  SaveAreaOffset (EBX) = ${a.EBX >>> 0} bytes\n` +
    `  ManagedViaIa32Xss (ECX bit 0) = ${managedByXss ? 1 : 0} (${managedByXss ? 'IA32_XSS' : 'XCR0'})\n` +
    `  Aligned64ByteBoundary (ECX bit 1) = ${aligned ? 1 : 0}${aligned ? ' (next 64-byte boundary)' : ' (immediately following)'}\n` +
    `  Reserved (EDX) = 0x${hex8(a.EDX)}\n\n`
  );
}

const cosLine = (edx: number): string => {
  const highest = field(edx, 0, 16);
  return `  HighestCosNumberSupported = ${highest} (actual = ${highest + 1} COS)\n\n`;
};

function capacityMask(a: CpuidAnswer): string {
  const length = field(a.EAX, 0, 5);
  return (
    '-- EAX --\n\n' +
    `  LengthOfCapacityBitMask (minus-one) = ${length} (actual = ${length + 1} bits)\n\n` +
    '-- EBX --\n\n' +
    `  Bit-granular map = 0x${hex8(a.EBX)}\n\n`
  );
}

function leaf10(a: CpuidAnswer): string {
  const sub = a.SubFunctionId >>> 0;
  const out =
    `==== CPUID.(EAX=10H, ECX=${sub}) Intel RDT Allocation Information ====\n\n` +
    '  *******************************************************\n' +
    '  *             Max NumberOfSubLeaves = 3               *\n' +
    '  *******************************************************\n\n';
  switch (sub) {
    case 0:
      return (
        out +
        '-- EAX --\n\n' +
        `  Ia32PlatformDcaCap = 0x${hex8(a.EAX)}\n\n` +
        '-- EBX (Supported Allocation Types) --\n\n' +
        `  Raw value = 0x${hex8(a.EBX)}\n` +
        `  L3 Cache Allocation (bit 1) = ${trueFalse(bit(a.EBX, 1))}\n` +
        `  L2 Cache Allocation (bit 2) = ${trueFalse(bit(a.EBX, 2))}\n` +
        `  Memory Bandwidth Allocation (bit 3) = ${trueFalse(bit(a.EBX, 3))}\n\n` +
        `-- ECX --\n\n  Reserved = 0x${hex8(a.ECX)}\n\n` +
        `-- EDX --\n\n  Reserved = 0x${hex8(a.EDX)}\n\n`
      );
    case 1:
      return (
        out +
        capacityMask(a) +
        '-- ECX --\n\n' +
        `  CodeAndDataPriorizationTechnologySupported = ${trueFalse(bit(a.ECX, 2))}${bit(a.ECX, 2) ? ' (CDP supported)' : ''}\n\n` +
        '-- EDX --\n\n' +
        cosLine(a.EDX)
      );
    case 2:
      return (
        out +
        capacityMask(a) +
        `-- ECX --\n\n  Reserved = 0x${hex8(a.ECX)}\n\n` +
        '-- EDX --\n\n' +
        cosLine(a.EDX)
      );
    case 3: {
      const throttling = field(a.EAX, 0, 12);
      return (
        out +
        '-- EAX --\n\n' +
        `  MaxMbaThrottlingValue (minus-one) = ${throttling} (actual = ${throttling + 1})\n\n` +
        `-- EBX --\n\n  Reserved = 0x${hex8(a.EBX)}\n\n` +
        '-- ECX --\n\n' +
        `  ResponseOfDelayIsLinear = ${trueFalse(bit(a.ECX, 2))}${bit(a.ECX, 2) ? ' (linear response)' : ' (non-linear)\n\n'}\n` +
        '-- EDX --\n\n' +
        cosLine(a.EDX)
      );
    }
    default:
      return (
        out +
        `  Sub-leaf ${sub} is NOT supported on this CPU\n` +
        `  raw bytes: EAX = ${a.EAX >>> 0}\n  EBX = ${a.EBX >>> 0}\n  ECX = ${a.ECX >>> 0}\n  EDX = ${a.EDX >>> 0}\n\n`
      );
  }
}

const EPC_PROPERTIES = ['No confidentiality/integrity', 'Confidentiality and integrity protection'];

function epcSection(a: CpuidAnswer): string {
  const sub = a.SubFunctionId >>> 0;
  const type = field(a.EAX, 0, 4);
  if (type === 0)
    return (
      '-- EAX --\n\n' +
      `  SubLeafType = ${type} (Invalid - no EPC section)\n` +
      `\n-- EBX --\n  Zero = 0x${hex8(a.EBX)}\n` +
      `\n-- ECX --\n  Zero = 0x${hex8(a.ECX)}\n` +
      `\n-- EDX --\n  Zero = 0x${hex8(a.EDX)}\n`
    );
  if (type !== 1)
    return (
      `-- Raw Data for Sub-leaf ${sub} (Type ${type}) --\n\n` +
      rawRegisters(a, '  ', ' = ') +
      '\n  Note: Reserved sub-leaf type. Please refer to the latest Intel SDM.\n\n'
    );
  const baseLow = field(a.EAX, 12, 20);
  const baseHigh = field(a.EBX, 0, 20);
  const sizeLow = field(a.ECX, 12, 20);
  const sizeHigh = field(a.EDX, 0, 20);
  const base = (BigInt(baseHigh) << 32n) | (BigInt(baseLow) << 12n);
  const size = (BigInt(sizeHigh) << 32n) | (BigInt(sizeLow) << 12n);
  const property = field(a.ECX, 0, 4);
  const hex16 = (v: bigint) => v.toString(16).toUpperCase().padStart(16, '0');
  return (
    '-- EAX --\n\n' +
    `  SubLeafType = ${type} (EPC Section)\n` +
    `  EpcBasePhysicalAddress1 (bits 31:12) = 0x${hexUpper(baseLow, 5)}\n\n` +
    '-- EBX --\n\n' +
    `  EpcBasePhysicalAddress2 (bits 51:32) = 0x${hexUpper(baseHigh, 5)}\n\n` +
    '-- ECX --\n\n' +
    `  EpcSectionProperty = ${property} (${EPC_PROPERTIES[property] ?? 'Reserved'})\n\n` +
    `  EpcSize1 (bits 31:12) = 0x${hexUpper(sizeLow, 5)}\n\n` +
    '-- EDX --\n\n' +
    `  EpcSize2 (bits 51:32) = 0x${hexUpper(sizeHigh, 5)}\n\n` +
    '-- EPC Section Information --\n\n' +
    `  Base Address = 0x${hex16(base)}\n` +
    `  Size         = 0x${hex16(size)} bytes (${size / (1024n * 1024n)} MB)\n\n`
  );
}

function leaf12(a: CpuidAnswer): string {
  const out = '==== CPUID.(EAX=12H) Intel SGX Information ====\n\n';
  if (!a.Leaf12Supported) return out + '  SGX is not supported on this CPU (CPUID.7H:EBX[2] = 0).\n\n';
  const sub = a.SubFunctionId >>> 0;
  const banner = out + maxSubleaves(a.Leaf12MaxSubLeaf >>> 0);
  if (sub === 0) {
    const not64 = field(a.EDX, 0, 8);
    const is64 = field(a.EDX, 8, 8);
    // `1ULL << n` with n of 64 or more uses n modulo 64 on x64
    const power = (n: number) => 1n << BigInt(n % 64);
    return (
      banner +
      '-- EAX (SGX Capabilities) --\n\n' +
      `  SGX1 Support (bit 0)           = ${trueFalse(bit(a.EAX, 0))}\n` +
      `  SGX2 Support (bit 1)           = ${trueFalse(bit(a.EAX, 1))}\n` +
      `  ENCLV Advanced (bit 5)         = ${trueFalse(bit(a.EAX, 5))}\n` +
      `  ENCLS Advanced (bit 6)         = ${trueFalse(bit(a.EAX, 6))}\n\n` +
      '-- EBX (MISCSELECT - Extended SGX Features) --\n\n' +
      `  Miscselect = 0x${hex8(a.EBX)}\n\n` +
      `-- ECX --\n\n  Reserved = 0x${hex8(a.ECX)}\n\n` +
      '-- EDX (Maximum Enclave Sizes) --\n\n' +
      `  MaxEnclaveSizeNot64 = ${not64} (2^${not64} = ${power(not64)} bytes)\n` +
      `  MaxEnclaveSize64     = ${is64} (2^${is64} = ${power(is64)} bytes)\n\n`
    );
  }
  if (sub === 1)
    return (
      banner +
      `-- EAX (SECS.ATTRIBUTES[31:0]) --\n\n  ValidSecsAttributes0 = 0x${hex8(a.EAX)}\n\n` +
      `-- EBX (SECS.ATTRIBUTES[63:32]) --\n\n  ValidSecsAttributes1 = 0x${hex8(a.EBX)}\n\n` +
      `-- ECX (SECS.ATTRIBUTES[95:64]) --\n\n  ValidSecsAttributes2 = 0x${hex8(a.ECX)}\n\n` +
      `-- EDX (SECS.ATTRIBUTES[127:96]) --\n\n  ValidSecsAttributes3 = 0x${hex8(a.EDX)}\n\n`
    );
  return banner + epcSection(a);
}

const PT_FEATURES = [
  'CR3Filter support (bit 0)                   ',
  'Configurable PSB & Cycle-Accurate (bit 1)   ',
  'IP Filtering & TraceStop (bit 2)            ',
  'MTC & COFI suppression (bit 3)              ',
  'PTWRITE support (bit 4)                     ',
  'Power Event Trace (bit 5)                   ',
  'PSB/PMI preservation (bit 6)                ',
  'Event Trace (bit 7)                         ',
  'Disable TNT (bit 8)                         ',
];
const PT_OUTPUTS: readonly (readonly [string, number])[] = [
  ['ToPA output scheme (bit 0)                  ', 0],
  ['ToPA tables with any entries (bit 1)        ', 1],
  ['Single-Range Output scheme (bit 2)          ', 2],
  ['Trace Transport subsystem (bit 3)           ', 3],
  ['LIP values include CS base (bit 31)         ', 31],
];

/** The title, the subleaf-count banner, and the title again with the subleaf (leaves 14h, 17h, 18h). */
const subleafHeading = (leaf: string, title: string, count: number, sub: number): string =>
  `==== CPUID.(EAX=${leaf}H) ${title} ====\n\n` +
  maxSubleaves(count) +
  `==== CPUID.(EAX=${leaf}H, ECX=${sub}) ${title} ====\n\n`;

const flagBlock = (value: number, labels: readonly (readonly [string, number])[]): string =>
  labels.map(([label, index]) => `  ${label} = ${trueFalse(bit(value, index))}\n`).join('') + '\n';

function leaf14(a: CpuidAnswer): string {
  const sub = a.SubFunctionId >>> 0;
  const out = subleafHeading('14', 'Intel Processor Trace Information', a.LeafEaxMaxSubleaf >>> 0, sub);
  if (sub === 0)
    return (
      out +
      `-- EAX --\n\n  MaxSubLeaf = ${a.EAX >>> 0}\n\n` +
      '-- EBX (Supported Features) --\n\n' +
      flagBlock(
        a.EBX,
        PT_FEATURES.map((label, i) => [label, i] as const),
      ) +
      '-- ECX (Output Schemes) --\n\n' +
      flagBlock(a.ECX, PT_OUTPUTS) +
      `-- EDX --\n\n  Reserved = 0x${hex8(a.EDX)}\n\n`
    );
  if (sub === 1)
    return (
      out +
      '-- EAX --\n\n' +
      `  NumberOfConfigurableAddressRangesForFiltering = ${field(a.EAX, 0, 3)}\n` +
      `  BitmapOfSupportedMtcPeriodEncodings          = 0x${hexUpper(field(a.EAX, 16, 16), 4)}\n\n` +
      '-- EBX --\n\n' +
      `  BitmapOfSupportedCycleThresholdValueEncodings = 0x${hexUpper(field(a.EBX, 0, 16), 4)}\n` +
      `  BitmapOfSupportedConfigurablePsbFrequencyEncodings = 0x${hexUpper(field(a.EBX, 16, 16), 4)}\n\n` +
      `-- ECX --\n\n  Reserved = 0x${hex8(a.ECX)}\n\n` +
      `-- EDX --\n\n  Reserved = 0x${hex8(a.EDX)}\n\n`
    );
  return (
    out +
    `-- Raw Data for Sub-leaf ${sub} --\n\n` +
    rawRegisters(a, '  ', ' = ') +
    '\n  Note: This sub-leaf may be for future Intel PT features.\n' +
    '  Please refer to the latest Intel SDM for interpretation.\n\n'
  );
}

function leaf15(a: CpuidAnswer): string {
  const denominator = a.EAX >>> 0;
  const numerator = a.EBX >>> 0;
  const nominal = a.ECX >>> 0;
  let out =
    '==== CPUID.(EAX=15H) TSC and Core Crystal Clock Information ====\n\n' +
    noSubleaves('               LEAF 15h HAS NO SUBLEAVES             ') +
    `-- EAX --\n\n  Denominator = ${denominator}\n\n` +
    `-- EBX --\n\n  Numerator = ${numerator}\n\n` +
    `-- ECX --\n\n  NominalFrequency = ${nominal} Hz` +
    (nominal > 0
      ? ` (${Math.floor(nominal / 1_000_000)} MHz, ${Math.floor(nominal / 1_000_000_000)} GHz)\n`
      : '  (not enumerated)\n\n') +
    `\n-- EDX --\n  Reserved = 0x${hex8(a.EDX)}\n` +
    '-- TSC Frequency Information --\n\n';
  if (denominator === 0 || numerator === 0)
    return out + '  TSC ratio not enumerated (denominator or numerator is 0)\n\n';
  out +=
    `  TSC / Core Crystal Clock ratio = ${numerator} / ${denominator}\n` +
    `  TSC frequency = Core Crystal Clock * (${numerator}/${denominator})\n`;
  if (nominal === 0)
    return out + '  TSC frequency cannot be calculated (nominal frequency not enumerated)\n\n';
  const hz = BigInt.asUintN(64, BigInt(nominal) * BigInt(numerator)) / BigInt(denominator);
  return out + `  TSC frequency = ${hz} Hz (${hz / 1_000_000n} MHz, ${hz / 1_000_000_000n} GHz)\n\n`;
}

/** printf `%c` of each byte, low first (a zero byte is written as a NUL character, as printf does). */
const fourChars = (value: number): string =>
  [0, 8, 16, 24].map((shift) => String.fromCharCode((value >>> shift) & 0xff)).join('');

function leaf17(a: CpuidAnswer): string {
  const sub = a.SubFunctionId >>> 0;
  const out = subleafHeading('17', 'SoC Vendor Information', a.EAX >>> 0, sub);
  if (sub === 0)
    return (
      out +
      `-- EAX --\n\n  MaxSocIdIndex = ${a.EAX >>> 0}\n\n` +
      '-- EBX --\n\n' +
      `  SocVendorId = 0x${hexUpper(field(a.EBX, 0, 16), 4)}\n` +
      `  IsVendorScheme = ${bit(a.EBX, 16) ? 'TRUE (Industry Standard)' : 'FALSE (Intel Assigned)'}\n\n` +
      `-- ECX --\n\n  ProjectId = 0x${hex8(a.ECX)}\n\n` +
      `-- EDX --\n\n  SteppingId = 0x${hex8(a.EDX)}\n\n`
    );
  const registers = [
    ['EAX', a.EAX, '0..3'],
    ['EBX', a.EBX, '4..7'],
    ['ECX', a.ECX, '8..11'],
    ['EDX', a.EDX, '12..15'],
  ] as const;
  if (sub <= 3)
    return (
      out +
      registers
        .map(
          ([name, value, range]) =>
            `-- ${name} --\n\n  SocVendorBrandString[${range}] = 0x${hex8(value)} (${fourChars(value)})\n\n`,
        )
        .join('')
    );
  return (
    out + registers.map(([name, value]) => `-- ${name} --\n\n  Reserved = 0x${hex8(value)}\n\n`).join('')
  );
}

const TLB_TYPES = ['Null (sub-leaf not valid)', 'Data TLB', 'Instruction TLB', 'Unified TLB'];

function translationStructure(a: CpuidAnswer): string {
  const partitioning = field(a.EBX, 8, 3);
  const type = field(a.EDX, 0, 5);
  const ids = field(a.EDX, 14, 12);
  return (
    '-- EBX --\n\n' +
    `  PageEntries4KbSupported    = ${trueFalse(bit(a.EBX, 0))}\n` +
    `  PageEntries2MbSupported    = ${trueFalse(bit(a.EBX, 1))}\n` +
    `  PageEntries4MbSupported    = ${trueFalse(bit(a.EBX, 2))}\n` +
    `  PageEntries1GbSupported    = ${trueFalse(bit(a.EBX, 3))}\n` +
    `  Partitioning               = ${partitioning}${partitioning === 0 ? ' (soft partitioning)' : ''}\n` +
    `  WaysOfAssociativity (W)    = ${field(a.EBX, 16, 16)}\n\n` +
    `-- ECX --\n\n  NumberOfSets               = ${a.ECX >>> 0}\n\n` +
    '-- EDX --\n\n' +
    `  TranslationCacheTypeField  = ${type} (${TLB_TYPES[type] ?? 'Reserved'})\n` +
    `  TranslationCacheLevel      = ${field(a.EDX, 5, 3)}\n` +
    `  FullyAssociativeStructure  = ${trueFalse(bit(a.EDX, 8))}${bit(a.EDX, 8) ? ' (fully associative)' : ''}\n` +
    `  MaxAddressableIdsForLogicalProcessors (raw) = ${ids} -> actual = ${ids + 1} (raw + 1)\n`
  );
}

function leaf18(a: CpuidAnswer): string {
  const sub = a.SubFunctionId >>> 0;
  const out = subleafHeading(
    '18',
    'Deterministic Address Translation Parameters',
    a.LeafEaxMaxSubleaf >>> 0,
    sub,
  );
  if (sub === 0) return out + `-- EAX --\n\n  MaxSubLeaf = ${a.EAX >>> 0}\n\n` + translationStructure(a);
  if (field(a.EDX, 0, 5) === 0)
    return (
      out +
      `  Sub-leaf ${sub} is invalid (TranslationCacheTypeField = 0)\n` +
      '  All registers should be zero according to spec:\n' +
      rawRegisters(a, '  ', ' = ')
    );
  return out + `-- EAX --\n\n  Reserved = 0x${hex8(a.EAX)}\n\n` + translationStructure(a);
}

/** The basic leaves decoded here, by leaf number. */
const BASIC_LEAVES: Readonly<Record<number, (a: CpuidAnswer) => string>> = {
  0x2: (a) =>
    '==== CPUID.(EAX=02H) Legacy Cache Descriptor ====\n\n' +
    '  This leaf is deprecated and returns legacy cache information.\n' +
    '  Use CPUID.(EAX=04H) for deterministic cache parameters instead.\n\n' +
    `  Raw data:\n${rawRegisters(a)}\n`,
  0x3: reserved(
    '03H)',
    '  This leaf is reserved/not implemented on modern processors.\n' +
      '  (Was previously used for Processor Serial Number on older CPUs)\n\n',
  ),
  0x4: leaf4,
  0x5: leaf5,
  0x8: reserved(
    '08H)',
    '  This leaf is reserved/not implemented on modern processors.\n' +
      '  (Was previously used for Processor Serial Number on some CPUs)\n\n',
    false,
  ),
  0x9: leaf9,
  0xa: leafA,
  0xb: leafB,
  0xc: reserved('0CH)'),
  0xd: leafD,
  0xe: reserved('0EH)'),
  0xf: reserved(
    '0FH) Intel RDT Monitoring',
    '  This leaf is not yet implemented in HyperDbg.\n' +
      '  (Intel Resource Director Technology - Monitoring)\n\n',
  ),
  0x10: leaf10,
  0x11: reserved('11H)'),
  0x12: leaf12,
  0x13: reserved('13H)'),
  0x14: leaf14,
  0x15: leaf15,
  0x17: leaf17,
  0x18: leaf18,
};

/** The text of basic leaf `functionId` when it is one of the leaves here; undefined otherwise. */
export function formatBasicLeaf(functionId: number, a: CpuidAnswer): string | undefined {
  return BASIC_LEAVES[functionId]?.(a);
}
