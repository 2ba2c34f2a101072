import { REGS_ENUM } from '../shared/protocol/generated/enums';
import { GUEST_REGS_NAMES, type GuestRegName } from '../shared/protocol/structs';

/**
 * One core's register file and HyperDbg's REGS_ENUM access rules (GetRegValue/SetRegValue):
 * 64-bit registers with their 32/16/8-bit views, segment selectors, RFLAGS and its flag bits,
 * RIP/EIP/IP, control and debug registers.
 */

/** The general-purpose registers in GUEST_REGS order (the all-registers response's order). */
export const GPR_NAMES = GUEST_REGS_NAMES;
export type GprName = GuestRegName;

export interface CoreRegisters {
  gpr: Record<GprName, bigint>;
  rip: bigint;
  rflags: bigint;
  cs: number;
  ds: number;
  es: number;
  fs: number;
  gs: number;
  ss: number;
  cr0: bigint;
  cr2: bigint;
  cr3: bigint;
  cr4: bigint;
  cr8: bigint;
  dr: bigint[]; // dr0..dr3, dr6 at [4], dr7 at [5]
  idtr: bigint;
  gdtr: bigint;
  ldtr: number;
  tr: number;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * The 64-bit register and (shift, width) view of every GPR id. REGS_ENUM lists each register
 * followed by its narrower views: R/E/X/H/L for rax..rbx and r8..r15 (HyperDbg calls the r8–r15
 * views D/W/H/L, H being bits 8..15), and R/E/X/L for rsp, rbp, rsi and rdi (spl, bpl, sil, dil).
 */
const GPR_VIEWS = new Map<number, [GprName, bigint, bigint]>();
{
  const fiveViews: [bigint, bigint][] = [
    [0n, 64n],
    [0n, 32n],
    [0n, 16n],
    [8n, 8n],
    [0n, 8n],
  ];
  const fourViews: [bigint, bigint][] = [
    [0n, 64n],
    [0n, 32n],
    [0n, 16n],
    [0n, 8n],
  ];
  const bases: [GprName, number][] = [
    ['rax', REGS_ENUM.REGISTER_RAX],
    ['rcx', REGS_ENUM.REGISTER_RCX],
    ['rdx', REGS_ENUM.REGISTER_RDX],
    ['rbx', REGS_ENUM.REGISTER_RBX],
    ['rsp', REGS_ENUM.REGISTER_RSP],
    ['rbp', REGS_ENUM.REGISTER_RBP],
    ['rsi', REGS_ENUM.REGISTER_RSI],
    ['rdi', REGS_ENUM.REGISTER_RDI],
    ['r8', REGS_ENUM.REGISTER_R8],
    ['r9', REGS_ENUM.REGISTER_R9],
    ['r10', REGS_ENUM.REGISTER_R10],
    ['r11', REGS_ENUM.REGISTER_R11],
    ['r12', REGS_ENUM.REGISTER_R12],
    ['r13', REGS_ENUM.REGISTER_R13],
    ['r14', REGS_ENUM.REGISTER_R14],
    ['r15', REGS_ENUM.REGISTER_R15],
  ];
  for (const [name, id] of bases) {
    const views = ['rsp', 'rbp', 'rsi', 'rdi'].includes(name) ? fourViews : fiveViews;
    views.forEach(([shift, width], i) => GPR_VIEWS.set(id + i, [name, shift, width]));
  }
}

/** Bit position and width of each flag id (REGISTER_CF … REGISTER_ID). */
const FLAG_BITS: Record<number, [bigint, bigint]> = {
  [REGS_ENUM.REGISTER_CF]: [0n, 1n],
  [REGS_ENUM.REGISTER_PF]: [2n, 1n],
  [REGS_ENUM.REGISTER_AF]: [4n, 1n],
  [REGS_ENUM.REGISTER_ZF]: [6n, 1n],
  [REGS_ENUM.REGISTER_SF]: [7n, 1n],
  [REGS_ENUM.REGISTER_TF]: [8n, 1n],
  [REGS_ENUM.REGISTER_IF]: [9n, 1n],
  [REGS_ENUM.REGISTER_DF]: [10n, 1n],
  [REGS_ENUM.REGISTER_OF]: [11n, 1n],
  [REGS_ENUM.REGISTER_IOPL]: [12n, 2n],
  [REGS_ENUM.REGISTER_NT]: [14n, 1n],
  [REGS_ENUM.REGISTER_RF]: [16n, 1n],
  [REGS_ENUM.REGISTER_VM]: [17n, 1n],
  [REGS_ENUM.REGISTER_AC]: [18n, 1n],
  [REGS_ENUM.REGISTER_VIF]: [19n, 1n],
  [REGS_ENUM.REGISTER_VIP]: [20n, 1n],
  [REGS_ENUM.REGISTER_ID]: [21n, 1n],
};

const bits = (value: bigint, shift: bigint, width: bigint): bigint => (value >> shift) & ((1n << width) - 1n);
const withBits = (value: bigint, shift: bigint, width: bigint, field: bigint): bigint => {
  const mask = ((1n << width) - 1n) << shift;
  return ((value & ~mask) | ((field << shift) & mask)) & MASK64;
};

interface Accessor {
  get(r: CoreRegisters): bigint;
  set(r: CoreRegisters, v: bigint): void;
}

function accessor(id: number): Accessor | undefined {
  const gpr = GPR_VIEWS.get(id);
  if (gpr) {
    const [name, shift, width] = gpr;
    return {
      get: (r) => bits(r.gpr[name], shift, width),
      // 32-bit writes zero-extend as on x86-64; the narrower ones keep the other bits
      set: (r, v) => {
        r.gpr[name] = width === 32n ? v & 0xffffffffn : withBits(r.gpr[name], shift, width, v);
      },
    };
  }
  const segment = (key: 'ds' | 'es' | 'fs' | 'gs' | 'cs' | 'ss'): Accessor => ({
    get: (r) => BigInt(r[key]),
    set: (r, v) => {
      r[key] = Number(v & 0xffffn);
    },
  });
  const wide = (key: 'cr0' | 'cr2' | 'cr3' | 'cr4' | 'cr8' | 'idtr' | 'gdtr'): Accessor => ({
    get: (r) => r[key],
    set: (r, v) => {
      r[key] = v & MASK64;
    },
  });
  const debug = (index: number): Accessor => ({
    get: (r) => r.dr[index],
    set: (r, v) => {
      r.dr[index] = v & MASK64;
    },
  });
  if (FLAG_BITS[id]) {
    const [shift, width] = FLAG_BITS[id];
    return {
      get: (r) => bits(r.rflags, shift, width),
      set: (r, v) => (r.rflags = withBits(r.rflags, shift, width, v)),
    };
  }
  switch (id) {
    case REGS_ENUM.REGISTER_DS:
      return segment('ds');
    case REGS_ENUM.REGISTER_ES:
      return segment('es');
    case REGS_ENUM.REGISTER_FS:
      return segment('fs');
    case REGS_ENUM.REGISTER_GS:
      return segment('gs');
    case REGS_ENUM.REGISTER_CS:
      return segment('cs');
    case REGS_ENUM.REGISTER_SS:
      return segment('ss');
    case REGS_ENUM.REGISTER_RFLAGS:
      return { get: (r) => r.rflags, set: (r, v) => (r.rflags = v & MASK64) };
    case REGS_ENUM.REGISTER_EFLAGS:
      return {
        get: (r) => bits(r.rflags, 0n, 32n),
        set: (r, v) => (r.rflags = withBits(r.rflags, 0n, 32n, v)),
      };
    case REGS_ENUM.REGISTER_FLAGS:
      return {
        get: (r) => bits(r.rflags, 0n, 16n),
        set: (r, v) => (r.rflags = withBits(r.rflags, 0n, 16n, v)),
      };
    case REGS_ENUM.REGISTER_RIP:
      return { get: (r) => r.rip, set: (r, v) => (r.rip = v & MASK64) };
    case REGS_ENUM.REGISTER_EIP:
      return { get: (r) => bits(r.rip, 0n, 32n), set: (r, v) => (r.rip = withBits(r.rip, 0n, 32n, v)) };
    case REGS_ENUM.REGISTER_IP:
      return { get: (r) => bits(r.rip, 0n, 16n), set: (r, v) => (r.rip = withBits(r.rip, 0n, 16n, v)) };
    case REGS_ENUM.REGISTER_IDTR:
      return wide('idtr');
    case REGS_ENUM.REGISTER_GDTR:
      return wide('gdtr');
    case REGS_ENUM.REGISTER_LDTR:
      return { get: (r) => BigInt(r.ldtr), set: (r, v) => (r.ldtr = Number(v & 0xffffn)) };
    case REGS_ENUM.REGISTER_TR:
      return { get: (r) => BigInt(r.tr), set: (r, v) => (r.tr = Number(v & 0xffffn)) };
    case REGS_ENUM.REGISTER_CR0:
      return wide('cr0');
    case REGS_ENUM.REGISTER_CR2:
      return wide('cr2');
    case REGS_ENUM.REGISTER_CR3:
      return wide('cr3');
    case REGS_ENUM.REGISTER_CR4:
      return wide('cr4');
    case REGS_ENUM.REGISTER_CR8:
      return wide('cr8');
    case REGS_ENUM.REGISTER_DR0:
      return debug(0);
    case REGS_ENUM.REGISTER_DR1:
      return debug(1);
    case REGS_ENUM.REGISTER_DR2:
      return debug(2);
    case REGS_ENUM.REGISTER_DR3:
      return debug(3);
    case REGS_ENUM.REGISTER_DR6:
      return debug(4);
    case REGS_ENUM.REGISTER_DR7:
      return debug(5);
    default:
      return undefined;
  }
}

/** Value of register `id`, or undefined for an id hyperkd does not know (→ 0xc0000017). */
export function readRegister(r: CoreRegisters, id: number): bigint | undefined {
  return accessor(id)?.get(r);
}

/** Writes register `id`; false for an unknown id. */
export function writeRegister(r: CoreRegisters, id: number, value: bigint): boolean {
  const a = accessor(id);
  if (!a) return false;
  a.set(r, BigInt.asUintN(64, value));
  return true;
}
