/** v0.23's text for the branches of the basic leaves that the simulated CPU never takes. */
import { describe, expect, it } from 'vitest';
import { formatCpuidAnswer } from './cpuid';
import type { CpuidAnswer } from './cpuid-text';

const answer = (fields: Partial<CpuidAnswer>): CpuidAnswer => ({
  BrandString: '',
  EAX: 0,
  EBX: 0,
  ECX: 0,
  EDX: 0,
  FunctionId: 0,
  SubFunctionId: 0,
  Leaf4MaxSubLeaf: 0,
  LeafBMaxSubleaf: 0,
  Leaf12MaxSubLeaf: 0,
  LeafEaxMaxSubleaf: 0,
  LeafBSupported: false,
  Leaf12Supported: false,
  XCR0Vector: 0n,
  IA32_XSS_Vector: 0n,
  KernelStatus: 0,
  ...fields,
});

describe('cpuid basic leaves', () => {
  it('leaf 0Bh without topology enumeration and leaf 12h without SGX say so', () => {
    expect(formatCpuidAnswer(0xb, answer({}))).toBe(
      '==== CPUID.(EAX=0BH) Extended Topology Enumeration ====\n' +
        '  Leaf presence check failed: CPUID.0BH:EBX[15:0] == 0 at sub-leaf 0.\n' +
        '  This processor does not implement leaf 0BH (consider leaf 1FH instead).\n\n',
    );
    expect(formatCpuidAnswer(0x12, answer({}))).toBe(
      '==== CPUID.(EAX=12H) Intel SGX Information ====\n\n' +
        '  SGX is not supported on this CPU (CPUID.7H:EBX[2] = 0).\n\n',
    );
  });

  it('leaf 15h computes the TSC frequency in 64 bits', () => {
    const text = formatCpuidAnswer(0x15, answer({ EAX: 2, EBX: 188, ECX: 38_400_000 }));
    expect(text).toContain(
      '-- ECX --\n\n  NominalFrequency = 38400000 Hz (38 MHz, 0 GHz)\n\n-- EDX --\n  Reserved = 0x00000000\n' +
        '-- TSC Frequency Information --\n\n  TSC / Core Crystal Clock ratio = 188 / 2\n' +
        '  TSC frequency = Core Crystal Clock * (188/2)\n' +
        '  TSC frequency = 3609600000 Hz (3609 MHz, 3 GHz)\n\n',
    );
    expect(formatCpuidAnswer(0x15, answer({ EAX: 2, EBX: 188 }))).toContain(
      '  NominalFrequency = 0 Hz  (not enumerated)\n\n\n-- EDX --\n',
    );
  });

  it('leaf 10h subleaf 3 and leaf 0Ah version 1 keep v0.23’s line breaks', () => {
    expect(formatCpuidAnswer(0x10, answer({ SubFunctionId: 3 }))).toContain(
      '  ResponseOfDelayIsLinear = FALSE (non-linear)\n\n\n-- EDX --\n\n',
    );
    expect(formatCpuidAnswer(0xa, answer({ EAX: 0x00300801, EDX: 0x8000 }))).toContain(
      '  NOTE: EbxBitVectorLength=0 (<7): bits at/after this length are not\n' +
        '        architecturally defined on this CPU; treat them as unreliable.\n-- ECX --\n\n' +
        '  Reserved                                   = 0x00000000\n\n-- EDX --\n\n' +
        '  NOTE: VersionId=1 (<=1): fixed-function counter fields are not\n',
    );
  });

  it('leaf 12h EPC section and leaf 17h brand characters', () => {
    const epc = formatCpuidAnswer(
      0x12,
      answer({
        Leaf12Supported: true,
        Leaf12MaxSubLeaf: 2,
        SubFunctionId: 2,
        EAX: 0x70200001,
        EBX: 0,
        ECX: 0x05d80001,
        EDX: 0,
      }),
    );
    expect(epc).toContain(
      '  EpcSectionProperty = 1 (Confidentiality and integrity protection)\n\n' +
        '  EpcSize1 (bits 31:12) = 0x05D80\n\n',
    );
    expect(epc).toContain(
      '  Base Address = 0x0000000070200000\n  Size         = 0x0000000005D80000 bytes (93 MB)\n\n',
    );
    expect(formatCpuidAnswer(0x17, answer({ SubFunctionId: 1, EAX: 0x6c65746e }))).toContain(
      '  SocVendorBrandString[0..3] = 0x6C65746E (ntel)\n\n',
    );
  });

  it('leaves HyperDbg marks reserved print the raw registers under its note', () => {
    expect(formatCpuidAnswer(0x8, answer({ EAX: 0x1234 }))).toBe(
      '==== CPUID.(EAX=08H) ====\n\n' +
        '  This leaf is reserved/not implemented on modern processors.\n' +
        '  (Was previously used for Processor Serial Number on some CPUs)\n\n' +
        '  Raw data:\n  EAX: 0x00001234\n  EBX: 0x00000000\n  ECX: 0x00000000\n  EDX: 0x00000000\n',
    );
    expect(formatCpuidAnswer(0xf, answer({}))).toMatch(
      /^==== CPUID\.\(EAX=0FH\) Intel RDT Monitoring ====\n\n {2}This leaf is not yet implemented in HyperDbg\.\n/,
    );
  });
});
