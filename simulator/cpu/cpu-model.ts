/**
 * The modelled processor: an Intel Core i7-10700K (Comet Lake, family 6 model 0xA5 stepping 5)
 * inside a VMware VM, seen by the guest through HyperDbg's hypervisor (which sets the
 * hypervisor-present bit and answers the hypervisor leaves with its own vendor). CPUID leaves,
 * the MSRs Windows and HyperDbg read, and the I/O ports the simulated code touches.
 */

export type CpuidResult = [eax: number, ebx: number, ecx: number, edx: number];

const BRAND = 'Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz';
/** "GenuineIntel" in EBX, EDX, ECX order */
const VENDOR: CpuidResult = [0x16, 0x756e6547, 0x6c65746e, 0x49656e69];
const HYPERVISOR_PRESENT = 0x80000000;
/** HYPERV_CPUID_INTERFACE: the leaf HyperDbg's vendor leaf names as its maximum */
const HYPERV_CPUID_INTERFACE = 0x40000001;
/** "HyperDbg" as HvHandleCpuid returns it ('epyH', 'gbDr' as little-endian multi-char constants) */
const HYPERDBG_VENDOR: CpuidResult = [HYPERV_CPUID_INTERFACE, 0x65707948, 0x67624472, 0];
/** "Hv#0" */
const HYPERDBG_INTERFACE: CpuidResult = [0x30237648, 0, 0, 0];
/** "VMwareVMware": what the host hypervisor answers underneath HyperDbg */
const VMWARE_VENDOR: CpuidResult = [0x40000010, 0x61774d56, 0x4d566572, 0x65726177];

/** XCR0 the guest enables: x87, SSE, AVX, MPX BNDREGS and BNDCSR */
export const XCR0 = 0x1fn;

/** Four bytes of the brand string as CPUID 0x80000002..4 return them. */
function brandDword(index: number): number {
  let value = 0;
  for (let i = 3; i >= 0; i--) value = (value << 8) | (BRAND.charCodeAt(index * 4 + i) || 0);
  return value >>> 0;
}

const ceilLog2 = (n: number): number => (n <= 1 ? 0 : 32 - Math.clz32(n - 1));

export class CpuModel {
  constructor(readonly coreCount: number) {}

  /**
   * CPUID as the guest sees it. `underHyperDbg` false gives the processor without HyperDbg's
   * changes (what VMX-root code such as the `cpu` command's request reads).
   */
  cpuid(leaf: number, subLeaf: number, core: number, underHyperDbg = true): CpuidResult {
    const cores = this.coreCount;
    switch (leaf >>> 0) {
      case 0:
        return VENDOR;
      case 1:
        return [
          0xa0655,
          ((core << 24) | (cores << 16) | 0x800) >>> 0,
          (0x7ffafbff | HYPERVISOR_PRESENT) >>> 0,
          0x1f8bfbff,
        ];
      case 2:
        return [0x00feff01, 0xf0, 0, 0];
      case 4:
        return this.cacheParameters(subLeaf);
      case 5:
        return [0x40, 0x40, 3, 0x11142120];
      case 6:
        return [0x27f7, 2, 9, 0];
      case 7:
        return subLeaf === 0 ? [0, 0x029c67af, 0x40000000, 0xbc002e00] : [0, 0, 0, 0];
      case 0xa:
        return [0x07300404, 0, 0, 0x603];
      case 0xb:
        return this.topology(subLeaf, core);
      case 0xd:
        return this.xsave(subLeaf);
      case 0x14:
        return subLeaf === 0 ? [1, 0xf, 7, 0] : subLeaf === 1 ? [0x02490002, 0x003f3fff, 0, 0] : [0, 0, 0, 0];
      case 0x16:
        return [3800, 5100, 100, 0];
      case 0x40000000:
        return underHyperDbg ? HYPERDBG_VENDOR : VMWARE_VENDOR;
      case HYPERV_CPUID_INTERFACE:
        return underHyperDbg ? HYPERDBG_INTERFACE : [0, 0, 0, 0];
      case 0x80000000:
        return [0x80000008, 0, 0, 0];
      case 0x80000001:
        return [0, 0, 0x121, 0x2c100800];
      case 0x80000002:
      case 0x80000003:
      case 0x80000004: {
        const base = (leaf - 0x80000002) * 4;
        return [brandDword(base), brandDword(base + 1), brandDword(base + 2), brandDword(base + 3)];
      }
      case 0x80000006:
        return [0, 0, 0x01006040, 0];
      case 0x80000007:
        return [0, 0, 0, 0x100];
      case 0x80000008:
        return [0x3027, 0, 0, 0];
      default:
        // above the maximum basic leaf Intel returns the highest basic leaf's data; below it,
        // reserved leaves are zero
        return leaf >>> 0 > 0x16 && leaf >>> 0 < 0x40000000 ? this.cpuid(0x16, 0, core) : [0, 0, 0, 0];
    }
  }

  /** Leaf 4: deterministic cache parameters, one subleaf per cache, then the null subleaf. */
  private cacheParameters(subLeaf: number): CpuidResult {
    const coresField = (this.coreCount - 1) << 26;
    // [type, level, ways, line, sets, shared by all cores, edx]
    const caches: [number, number, number, number, number, boolean, number][] = [
      [1, 1, 8, 64, 64, false, 0], // L1 data, 32 KB
      [2, 1, 8, 64, 64, false, 0], // L1 instruction, 32 KB
      [3, 2, 4, 64, 1024, false, 0], // L2, 256 KB
      [3, 3, 16, 64, 16384, true, 6], // L3, 16 MB, inclusive
    ];
    const cache = caches[subLeaf];
    if (!cache) return [0, 0, 0, 0];
    const [type, level, ways, line, sets, shared, edx] = cache;
    const sharing = (shared ? this.coreCount - 1 : 0) << 14;
    const eax = (coresField | sharing | 0x100 | (level << 5) | type) >>> 0;
    return [eax, ((ways - 1) << 22) | (line - 1), sets - 1, edx];
  }

  /** Leaf 0xB: one thread per core, all cores in one package. */
  private topology(subLeaf: number, core: number): CpuidResult {
    if (subLeaf === 0) return [0, 1, 0x100, core];
    if (subLeaf === 1) return [ceilLog2(this.coreCount), this.coreCount, 0x201, core];
    return [0, 0, subLeaf & 0xff, core];
  }

  /** Leaf 0xD: XSAVE state components of XCR0 = x87|SSE|AVX|BNDREGS|BNDCSR and XSS = PT. */
  private xsave(subLeaf: number): CpuidResult {
    switch (subLeaf) {
      case 0:
        return [Number(XCR0), 0x440, 0x440, 0];
      case 1:
        return [0xf, 0x3c0, 0x100, 0];
      case 2:
        return [0x100, 0x240, 0, 0];
      case 3:
        return [0x40, 0x3c0, 0, 0];
      case 4:
        return [0x40, 0x400, 0, 0];
      case 8:
        return [0x80, 0, 1, 0];
      default:
        return [0, 0, 0, 0];
    }
  }
}

export const MSR = {
  TSC: 0x10,
  APIC_BASE: 0x1b,
  FEATURE_CONTROL: 0x3a,
  SYSENTER_CS: 0x174,
  SYSENTER_ESP: 0x175,
  SYSENTER_EIP: 0x176,
  MISC_ENABLE: 0x1a0,
  DEBUGCTL: 0x1d9,
  PAT: 0x277,
  EFER: 0xc0000080,
  STAR: 0xc0000081,
  LSTAR: 0xc0000082,
  CSTAR: 0xc0000083,
  FMASK: 0xc0000084,
  FS_BASE: 0xc0000100,
  GS_BASE: 0xc0000101,
  KERNEL_GS_BASE: 0xc0000102,
  TSC_AUX: 0xc0000103,
} as const;

/** One core's model-specific registers, initialised as Windows 10 leaves them. */
export class MsrFile {
  private readonly values = new Map<number, bigint>();

  constructor(core: number, init: { lstar: bigint; cstar: bigint; kpcr: bigint; userGsBase: bigint }) {
    const set = (msr: number, value: bigint) => this.values.set(msr, value);
    set(MSR.APIC_BASE, core === 0 ? 0xfee00900n : 0xfee00800n);
    set(MSR.FEATURE_CONTROL, 5n);
    set(MSR.SYSENTER_CS, 0n);
    set(MSR.SYSENTER_ESP, 0n);
    set(MSR.SYSENTER_EIP, 0n);
    set(MSR.MISC_ENABLE, 0x850089n);
    set(MSR.DEBUGCTL, 0n);
    set(MSR.PAT, 0x0007010600070106n);
    set(MSR.EFER, 0xd01n);
    set(MSR.STAR, 0x0023001000000000n);
    set(MSR.LSTAR, init.lstar);
    set(MSR.CSTAR, init.cstar);
    set(MSR.FMASK, 0x4700n);
    set(MSR.FS_BASE, 0n);
    set(MSR.GS_BASE, init.kpcr);
    set(MSR.KERNEL_GS_BASE, init.userGsBase);
    set(MSR.TSC_AUX, BigInt(core));
  }

  /** undefined for an MSR the processor does not implement (rdmsr raises #GP there). */
  read(msr: number, tsc: bigint): bigint | undefined {
    if (msr === MSR.TSC) return tsc;
    return this.values.get(msr >>> 0);
  }

  /** false for an MSR the processor does not implement. */
  write(msr: number, value: bigint): boolean {
    if (!this.values.has(msr >>> 0)) return false;
    this.values.set(msr >>> 0, value);
    return true;
  }

  /** swapgs: exchanges GS base with the kernel GS base. */
  swapGs(): void {
    const gs = this.values.get(MSR.GS_BASE) ?? 0n;
    this.values.set(MSR.GS_BASE, this.values.get(MSR.KERNEL_GS_BASE) ?? 0n);
    this.values.set(MSR.KERNEL_GS_BASE, gs);
  }
}

/** What `in` reads from the ports the simulated code polls (PS/2, CMOS, COM, PCI config). */
export function readPort(port: number, size: number): bigint {
  const all = (1n << BigInt(size * 8)) - 1n;
  switch (port & 0xffff) {
    case 0x64:
      return 0x1cn; // PS/2 status: system flag, command written, unlocked
    case 0x60:
      return 0n;
    case 0x71:
      return 0x26n; // CMOS data
    case 0x3fd:
    case 0x2fd:
      return 0x60n; // COM line status: transmitter empty
    default:
      return all;
  }
}
