/**
 * `cpuid` / `ucpuid Function [SubFunction]` (a10 USER_CPUID_REQUEST with
 * DEBUGGER_CPUID_REQUEST_RESPONSE; a49 echoes it filled): runs CPUID on the halted core and
 * prints what HyperDbg v0.23's CommandShowUserCpuidMessage prints: leaves 0, 1, 6, 7, 0x16 and
 * 0x80000000..0x80000008 here, the other basic leaves up to 0x18 in cpuid-leaves.ts (the fields
 * at ia32.h's bit positions), and any other leaf as its four raw registers.
 */
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../../shared/protocol/generated/enums';
import { DEBUGGER_CPUID_REQUEST_RESPONSE } from '../../../shared/protocol/structs';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { formatBasicLeaf } from './cpuid-leaves';
import { bit, field, hex8, maxSubleaves, noSubleaves, rawRegisters, type CpuidAnswer } from './cpuid-text';

const CPUID_HELP =
  'ucpuid : reads CPUID information on the target debuggee.\n\n' +
  'syntax : \tucpuid [Function (hex)] [SubFunction (hex)]\n\n' +
  '\n' +
  '\t\te.g : ucpuid 1\n' +
  '\t\te.g : ucpuid 4 2\n' +
  '\t\te.g : ucpuid D 0\n' +
  '\t\te.g : ucpuid 0x80000008 0\n\n' +
  '\n' +
  'note 1: use `ucpuid 0` to see the maximum supported CPUID leaf\n' +
  'note 2: use `ucpuid 0x80000000` to see the maximum supported extended leaf\n';

const reserved = (register: string, value: number): string =>
  `-- ${register} --\n\n  Reserved = 0x${hex8(value)}\n\n`;

function reservedRegisters(a: CpuidAnswer, skipEax: boolean): string {
  return (
    (skipEax ? '' : reserved('EAX', a.EAX)) +
    reserved('EBX', a.EBX) +
    reserved('ECX', a.ECX) +
    reserved('EDX', a.EDX)
  );
}

function ascii(...registers: number[]): string {
  let out = '';
  for (const value of registers)
    for (let i = 0; i < 4; i++) out += String.fromCharCode((value >>> (8 * i)) & 0xff);
  return out;
}

/** One feature flag per line: HyperDbg's label padded to its column, then TRUE/FALSE (or True/False). */
type Flag = readonly [label: string, bit: number];

function flagLines(
  value: number,
  flags: readonly Flag[],
  column: number,
  truth: readonly [string, string],
): string {
  return flags
    .map(([label, index]) => `  ${label.padEnd(column)}= ${bit(value, index) ? truth[0] : truth[1]}\n`)
    .join('');
}

const UPPER: readonly [string, string] = ['TRUE', 'FALSE'];
const TITLE: readonly [string, string] = ['True', 'False'];

const LEAF1_ECX: readonly Flag[] = [
  ['SSE3', 0], ['PCLMULQDQ', 1], ['DTES64', 2], ['MONITOR/MWAIT', 3], ['CPL Qualified DS', 4], ['VMX', 5],
  ['SMX', 6], ['EIST (SpeedStep)', 7], ['TM2', 8], ['SSSE3', 9], ['L1 Context ID', 10], ['Silicon Debug', 11],
  ['FMA', 12], ['CMPXCHG16B', 13], ['xTPR Update Control', 14], ['PDCM', 15], ['PCID', 17], ['DCA', 18],
  ['SSE4.1', 19], ['SSE4.2', 20], ['x2APIC', 21], ['MOVBE', 22], ['POPCNT', 23], ['TSC-Deadline', 24],
  ['AESNI', 25], ['XSAVE/XRSTOR', 26], ['OSXSAVE', 27], ['AVX', 28], ['F16C', 29], ['RDRAND', 30],
]; // prettier-ignore

const LEAF1_EDX: readonly Flag[] = [
  ['FPU', 0], ['VME', 1], ['DE', 2], ['PSE', 3], ['TSC', 4], ['MSR (RDMSR/WRMSR)', 5], ['PAE', 6], ['MCE', 7],
  ['CX8 (CMPXCHG8B)', 8], ['APIC On-Chip', 9], ['SEP (SYSENTER/EXIT)', 11], ['MTRR', 12], ['PGE', 13],
  ['MCA', 14], ['CMOV', 15], ['PAT', 16], ['PSE-36', 17], ['PSN', 18], ['CLFSH', 19], ['DS (Debug Store)', 21],
  ['ACPI (Thermal/Clock)', 22], ['MMX', 23], ['FXSR (FXSAVE/FXRSTOR)', 24], ['SSE', 25], ['SSE2', 26],
  ['SS (Self Snoop)', 27], ['HTT', 28], ['TM (Thermal Monitor)', 29], ['PBE', 31],
]; // prettier-ignore

const LEAF7_EBX: readonly Flag[] = [
  ['FSGSBASE', 0], ['IA32_TSC_ADJUST MSR', 1], ['SGX', 2], ['BMI1', 3], ['HLE', 4], ['AVX2', 5],
  ['FDP_EXCPTN_ONLY', 6], ['SMEP', 7], ['BMI2', 8], ['Enhanced REP MOVSB/STOSB', 9], ['INVPCID', 10],
  ['RTM', 11], ['RDT-M (Monitoring)', 12], ['Deprecates FPU CS/DS', 13], ['MPX', 14], ['RDT-A (Allocation)', 15],
  ['AVX512F', 16], ['AVX512DQ', 17], ['RDSEED', 18], ['ADX', 19], ['SMAP', 20], ['AVX512_IFMA', 21],
  ['CLFLUSHOPT', 23], ['CLWB', 24], ['Intel Processor Trace', 25], ['AVX512PF (Xeon Phi only)', 26],
  ['AVX512ER (Xeon Phi only)', 27], ['AVX512CD', 28], ['SHA', 29], ['AVX512BW', 30], ['AVX512VL', 31],
]; // prettier-ignore

const LEAF7_ECX_BEFORE_MAWAU: readonly Flag[] = [
  ['PREFETCHWT1 (Xeon Phi only)', 0], ['AVX512_VBMI', 1], ['UMIP', 2], ['PKU', 3], ['OSPKE', 4], ['WAITPKG', 5],
  ['AVX512_VBMI2', 6], ['CET_SS (shadow stack)', 7], ['GFNI', 8], ['VAES', 9], ['VPCLMULQDQ', 10],
  ['AVX512_VNNI', 11], ['AVX512_BITALG', 12], ['TME_EN', 13], ['AVX512_VPOPCNTDQ', 14], ['LA57 (5-level paging)', 16],
]; // prettier-ignore

const LEAF7_ECX_AFTER_MAWAU: readonly Flag[] = [
  ['RDPID', 22], ['KL (Key Locker)', 23], ['CLDEMOTE', 25], ['MOVDIRI', 27], ['MOVDIR64B', 28],
  ['SGX_LC (Launch Config)', 30], ['PKS', 31],
]; // prettier-ignore

const LEAF7_EDX: readonly Flag[] = [
  ['AVX512_4VNNIW (Xeon Phi only)', 2], ['AVX512_4FMAPS (Xeon Phi only)', 3], ['Fast Short REP MOV', 4],
  ['AVX512_VP2INTERSECT', 8], ['MD_CLEAR', 10], ['SERIALIZE', 14], ['Hybrid part', 15], ['PCONFIG', 18],
  ['CET_IBT (branch tracking)', 20], ['IBRS/IBPB', 26], ['STIBP', 27], ['L1D_FLUSH', 28],
  ['IA32_ARCH_CAPABILITIES MSR', 29], ['IA32_CORE_CAPABILITIES MSR', 30], ['SSBD', 31],
]; // prettier-ignore

const LEAF6_EAX: readonly Flag[] = [
  ['IntelTurboBoostTechnologyAvailable', 1], ['ARAT (ApicTimerAlwaysRunning)', 2],
  ['PLN (PowerLimitNotification)', 4], ['ECMD (ClockModulationDuty)', 5], ['PTM (PackageThermalManagement)', 6],
  ['HWP Base Registers', 7], ['HWP_Notification', 8], ['HWP_Activity_Window', 9],
  ['HWP_Energy_Performance_Preference', 10], ['HWP_Package_Level_Request', 11], ['HDC', 13],
  ['Intel Turbo Boost Max Technology 3.0', 14], ['HWP Capabilities', 15], ['HWP PECI Override', 16],
  ['Flexible HWP', 17], ['Fast Access Mode for HWP Request MSR', 18], ['Ignoring Idle Logical Proc HWP Request', 20],
  ['Intel Thread Director', 23],
]; // prettier-ignore

/** A flag list's last line ends its register's block with a blank line, as HyperDbg prints it. */
const block = (lines: string): string => `${lines}\n`;

function leaf1(a: CpuidAnswer): string {
  return (
    '==== CPUID.(EAX=01H) Version / Additional / Feature Information ====\n\n' +
    noSubleaves('               LEAF 1 HAS NO SUBLEAVES               ') +
    '-- EAX: Version Information --\n\n' +
    `  SteppingId       = ${field(a.EAX, 0, 4)}\n` +
    `  Model            = ${field(a.EAX, 4, 4)}\n` +
    `  FamilyId         = ${field(a.EAX, 8, 4)}\n` +
    `  ProcessorType    = ${field(a.EAX, 12, 2)}\n` +
    `  ExtendedModelId  = ${field(a.EAX, 16, 4)}\n` +
    `  ExtendedFamilyId = ${field(a.EAX, 20, 8)}\n\n` +
    '-- EBX: Additional Information --\n\n' +
    `  BrandIndex        = ${field(a.EBX, 0, 8)}\n` +
    `  ClflushLineSize   = ${field(a.EBX, 8, 8)} (cache line = ${field(a.EBX, 8, 8) * 8} bytes)\n` +
    `  MaxAddressableIds = ${field(a.EBX, 16, 8)}\n` +
    `  InitialApicId     = ${field(a.EBX, 24, 8)}\n\n` +
    '-- ECX: Feature Information --\n\n' +
    block(flagLines(a.ECX, LEAF1_ECX, 22, UPPER)) +
    '-- EDX: Feature Information --\n\n' +
    block(flagLines(a.EDX, LEAF1_EDX, 22, UPPER))
  );
}

/** Leaf 6: HyperDbg's first label sits one column left of the others. */
function leaf6(a: CpuidAnswer): string {
  const truth = (on: boolean): string => (on ? UPPER[0] : UPPER[1]);
  return (
    '==== CPUID.(EAX=06H) Thermal and Power Management Leaf ====\n\n' +
    noSubleaves('               LEAF 6 HAS NO SUBLEAVES               ') +
    '-- EAX --\n\n' +
    `  ${'TemperatureSensorSupported'.padEnd(40)}= ${truth(bit(a.EAX, 0))}\n` +
    block(flagLines(a.EAX, LEAF6_EAX, 41, UPPER)) +
    '-- EBX --\n\n' +
    `  NumberOfInterruptThresholdsInThermalSensor = ${field(a.EBX, 0, 4)}\n\n` +
    '-- ECX --\n\n' +
    `  ${'HardwareCoordinationFeedbackCapability'.padEnd(41)}= ${truth(bit(a.ECX, 0))}\n` +
    `  ${'NumberOfIntelThreadDirectorClasses (bit)'.padEnd(41)}= ${truth(bit(a.ECX, 3))}\n` +
    `  ${'PerformanceEnergyBiasPreference'.padEnd(41)}= ${field(a.ECX, 8, 8)}\n\n` +
    `-- EDX --\n\n  ${'Reserved'.padEnd(41)}= 0x${hex8(a.EDX)}\n\n`
  );
}

function leaf7(a: CpuidAnswer): string {
  let out =
    '==== CPUID.(EAX=07H) Structured Extended Feature Flags ====\n\n' +
    maxSubleaves(a.LeafEaxMaxSubleaf >>> 0);
  if (a.SubFunctionId !== 0) {
    return (
      out +
      '  No bitfield macros are defined for these in ia32.h, so their\n' +
      '  raw dwords are shown without decoding:\n' +
      `    ECX=${a.SubFunctionId >>> 0}: EAX=0x${hex8(a.EAX)} EBX=0x${hex8(a.EBX)} ECX=0x${hex8(a.ECX)} EDX=0x${hex8(a.EDX)}\n\n`
    );
  }
  out +=
    '---- CPUID.(EAX=07H, ECX=0) ----\n\n' +
    '-- EAX --\n\n' +
    `  NumberOfSubLeaves (max ECX input) = ${a.EAX >>> 0}\n\n` +
    '-- EBX --\n\n' +
    block(flagLines(a.EBX, LEAF7_EBX, 31, UPPER)) +
    '-- ECX --\n\n' +
    flagLines(a.ECX, LEAF7_ECX_BEFORE_MAWAU, 31, UPPER) +
    `  ${'MAWAU (BNDLDX/BNDSTX)'.padEnd(31)}= ${field(a.ECX, 17, 5)} (NOT BOOLEAN)\n` +
    block(flagLines(a.ECX, LEAF7_ECX_AFTER_MAWAU, 31, UPPER)) +
    '-- EDX --\n\n' +
    block(flagLines(a.EDX, LEAF7_EDX, 31, UPPER));
  return out;
}

/** Leaf 0x16: a frequency of 0 means "not supported"; HyperDbg ends only some lines with a blank line. */
function leaf16(a: CpuidAnswer): string {
  const base = field(a.EAX, 0, 16);
  const max = field(a.EBX, 0, 16);
  const bus = field(a.ECX, 0, 16);
  return (
    '==== CPUID.(EAX=16H) Processor Frequency Information ====\n\n' +
    noSubleaves('               LEAF 16h HAS NO SUBLEAVES             ') +
    '-- EAX --\n\n' +
    (base === 0
      ? '  ProcessorBaseFrequencyMhz = 0 (not supported)\n\n'
      : `  ProcessorBaseFrequencyMhz = ${base} MHz\n`) +
    '-- EBX --\n\n' +
    (max === 0
      ? '  ProcessorMaximumFrequencyMhz = 0 (not supported)\n\n'
      : `  ProcessorMaximumFrequencyMhz = ${max} MHz\n`) +
    '-- ECX --\n\n' +
    (bus === 0 ? '  BusFrequencyMhz = 0 (not supported)\n\n' : `  BusFrequencyMhz = ${bus} MHz\n\n`) +
    reserved('EDX', a.EDX)
  );
}

const EXT1_ECX: readonly Flag[] = [
  ['LAHF/SAHF Available in 64-bit Mode', 0], ['LZCNT', 5], ['PREFETCHW', 8],
]; // prettier-ignore

const EXT1_EDX: readonly Flag[] = [
  ['SYSCALL/SYSRET Available in 64-bit Mode', 11], ['Execute Disable Bit Available', 20],
  ['1-GByte Pages Available', 26], ['RDTSCP Available', 27], ['Intel 64 Architecture Available', 29],
]; // prettier-ignore

/** HyperDbg's column for these labels is not uniform ("Execute Disable Bit Available" sits one left). */
const EXT1_EDX_COLUMNS = [40, 41, 40, 40, 40];

function extended1(a: CpuidAnswer): string {
  const edx = EXT1_EDX.map(
    ([label, index], i) =>
      `  ${label.padEnd(EXT1_EDX_COLUMNS[i]!)}= ${bit(a.EDX, index) ? TITLE[0] : TITLE[1]}\n`,
  ).join('');
  return (
    '==== CPUID.(EAX=80000001H) Extended CPU Signature ====\n\n' +
    noSubleaves('           LEAF 0x80000001 HAS NO SUBLEAVES          ') +
    reserved('EAX', a.EAX) +
    reserved('EBX', a.EBX) +
    '-- ECX --\n\n' +
    block(flagLines(a.ECX, EXT1_ECX, 35, TITLE)) +
    '-- EDX --\n\n' +
    block(edx)
  );
}

const L2_ASSOCIATIVITY: Readonly<Record<number, string>> = {
  0x0: 'Disabled',
  0x1: 'Direct mapped',
  0x2: '2-way',
  0x4: '4-way',
  0x6: '8-way',
  0x8: '16-way',
  0xf: 'Fully associative',
};

function extended6(a: CpuidAnswer): string {
  const associativity = field(a.ECX, 12, 4);
  const size = field(a.ECX, 16, 16);
  return (
    '==== CPUID.(EAX=80000006H) Extended Cache Information ====\n\n' +
    noSubleaves('          LEAF 0x80000006 HAS NO SUBLEAVES           ') +
    reserved('EAX', a.EAX) +
    reserved('EBX', a.EBX) +
    '-- ECX (L2 Cache Information) --\n' +
    `  CacheLineSizeInBytes       = ${field(a.ECX, 0, 8)} bytes\n` +
    `  L2AssociativityField       = 0x${associativity.toString(16).toUpperCase().padStart(2, '0')} (${L2_ASSOCIATIVITY[associativity] ?? 'Reserved'})\n` +
    `  CacheSizeIn1KUnits         = ${size} KB (${Math.floor(size / 1024)} MB)\n` +
    reserved('EDX', a.EDX)
  );
}

function extended7(a: CpuidAnswer): string {
  const invariant = bit(a.EDX, 8);
  return (
    '==== CPUID.(EAX=80000007H) Extended Time Stamp Counter ====\n\n' +
    noSubleaves('          LEAF 0x80000007 HAS NO SUBLEAVES           ') +
    reserved('EAX', a.EAX) +
    reserved('EBX', a.EBX) +
    reserved('ECX', a.ECX) +
    `-- EDX --\n\n  InvariantTscAvailable = ${invariant ? 1 : 0}${invariant ? ' (TSC runs at constant rate)' : ''}\n\n`
  );
}

function extended8(a: CpuidAnswer): string {
  const physical = field(a.EAX, 0, 8);
  const linear = field(a.EAX, 8, 8);
  return (
    '==== CPUID.(EAX=80000008H) Virtual & Physical Address Sizes ====\n\n' +
    noSubleaves('          LEAF 0x80000008 HAS NO SUBLEAVES           ') +
    '-- EAX --\n\n' +
    `  NumberOfPhysicalAddressBits = ${physical} (max physical address = 2^${physical} = ${1n << BigInt(physical)} bytes)\n` +
    `  NumberOfLinearAddressBits  = ${linear} (max linear address = 2^${linear} = ${1n << BigInt(linear)} bytes)\n` +
    reservedRegisters(a, true)
  );
}

/** The text HyperDbg's CommandShowUserCpuidMessage prints for the leaves decoded here. */
export function formatCpuidAnswer(functionId: number, a: CpuidAnswer): string {
  switch (functionId >>> 0) {
    case 0x0:
      return (
        noSubleaves('               LEAF 0 HAS NO SUBLEAVES               ') +
        `  Vendor : ${ascii(a.EBX, a.EDX, a.ECX).replace(/\0.*$/s, '')}\n` +
        `  Maximum supported basic leaf : ${a.EAX >>> 0}\n`
      );
    case 0x1:
      return leaf1(a);
    case 0x6:
      return leaf6(a);
    case 0x7:
      return leaf7(a);
    case 0x16:
      return leaf16(a);
    case 0x80000000:
      return (
        '==== CPUID.(EAX=80000000H) Extended Function Information ====\n\n' +
        noSubleaves('           LEAF 0x80000000 HAS NO SUBLEAVES          ') +
        `-- EAX --\n\n  MaxExtendedFunctions = 0x${hex8(a.EAX)} (${a.EAX >>> 0})\n\n` +
        reservedRegisters(a, true)
      );
    case 0x80000002:
    case 0x80000003:
    case 0x80000004:
      return (
        '==== CPUID.(EAX=80000002H-80000004H) Processor Information ====\n\n' +
        noSubleaves('         LEAF 0x80000002-4 HAS NO SUBLEAVES          ') +
        `  Brand String = "${a.BrandString}"\n\n`
      );
    case 0x80000001:
      return extended1(a);
    case 0x80000005:
      return 'EAX = 0x80000005: not implemented.\n';
    case 0x80000006:
      return extended6(a);
    case 0x80000007:
      return extended7(a);
    case 0x80000008:
      return extended8(a);
    default:
      return (
        formatBasicLeaf(functionId >>> 0, a) ??
        `==== CPUID.(EAX=${hex8(functionId)}H) ====\n\n` +
          `  CPUID leaf 0x${hex8(functionId)} is not implemented in HyperDbg.\n` +
          '  You can decode the raw values yourself:\n' +
          `${rawRegisters(a, '    ')}\n`
      );
  }
}

export const cpuidCommand: CommandHandler = handler(
  ['ucpuid', 'cpuid'],
  'paused',
  CPUID_HELP,
  async (command, ctx, usage) => {
    if (command.args.length + 1 > 3) return usage();
    const [functionText, subFunctionText] = command.args.map((t) => t.text);
    if (functionText === undefined) return fail(`please specify a cpuid function id\n\n${CPUID_HELP}`);
    const functionId = parseHyperDbgNumber32(functionText);
    if (functionId === undefined)
      return fail(`please specify a correct hex value for function id\n\n${CPUID_HELP}`);
    const subFunctionId = subFunctionText === undefined ? 0 : parseHyperDbgNumber32(subFunctionText);
    if (subFunctionId === undefined)
      return fail(`please specify a correct hex value for sub-function id\n\n${CPUID_HELP}`);
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_USER_CPUID_REQUEST,
        payload: DEBUGGER_CPUID_REQUEST_RESPONSE.encode({
          FunctionId: functionId,
          SubFunctionId: subFunctionId,
        }),
      },
      {
        responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_USER_CPUID,
        idempotent: true,
      },
    );
    const answer = DEBUGGER_CPUID_REQUEST_RESPONSE.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    ctx.output(formatCpuidAnswer(answer.FunctionId, answer));
    return succeed();
  },
);
