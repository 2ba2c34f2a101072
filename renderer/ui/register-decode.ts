// What an x64 register's bits mean, for the Registers pane: RFLAGS flags and IOPL, segment
// selectors, the CR0/CR4 feature bits, CR3's table base and PCID, and the DR6/DR7 breakpoint
// fields. Pure functions over the values the debuggee reported.

export interface FlagBit {
  readonly name: string;
  readonly bit: number;
  readonly title: string;
}

/** RFLAGS bits in WinDbg's order of interest (status flags first), IOPL apart. */
export const RFLAGS_BITS: readonly FlagBit[] = [
  { name: 'CF', bit: 0, title: 'carry' },
  { name: 'PF', bit: 2, title: 'parity' },
  { name: 'AF', bit: 4, title: 'auxiliary carry' },
  { name: 'ZF', bit: 6, title: 'zero' },
  { name: 'SF', bit: 7, title: 'sign' },
  { name: 'TF', bit: 8, title: 'trap (single step)' },
  { name: 'IF', bit: 9, title: 'interrupts enabled' },
  { name: 'DF', bit: 10, title: 'direction' },
  { name: 'OF', bit: 11, title: 'overflow' },
  { name: 'NT', bit: 14, title: 'nested task' },
  { name: 'RF', bit: 16, title: 'resume' },
  { name: 'VM', bit: 17, title: 'virtual-8086 mode' },
  { name: 'AC', bit: 18, title: 'alignment check / access control' },
  { name: 'VIF', bit: 19, title: 'virtual interrupt' },
  { name: 'VIP', bit: 20, title: 'virtual interrupt pending' },
  { name: 'ID', bit: 21, title: 'CPUID available' },
];

export const isBitSet = (value: bigint, bit: number): boolean => ((value >> BigInt(bit)) & 1n) === 1n;

export const toggleBit = (value: bigint, bit: number): bigint => value ^ (1n << BigInt(bit));

export const iopl = (rflags: bigint): number => Number((rflags >> 12n) & 3n);

export function withIopl(rflags: bigint, level: number): bigint {
  return (rflags & ~(3n << 12n)) | (BigInt(level & 3) << 12n);
}

/** A segment selector: descriptor index, table (GDT or LDT) and requested privilege level. */
export function decodeSelector(selector: bigint): { index: number; table: 'GDT' | 'LDT'; rpl: number } {
  const s = Number(selector & 0xffffn);
  return { index: s >> 3, table: s & 4 ? 'LDT' : 'GDT', rpl: s & 3 };
}

const CR0_BITS: readonly (readonly [number, string])[] = [
  [0, 'PE'],
  [1, 'MP'],
  [2, 'EM'],
  [3, 'TS'],
  [4, 'ET'],
  [5, 'NE'],
  [16, 'WP'],
  [18, 'AM'],
  [29, 'NW'],
  [30, 'CD'],
  [31, 'PG'],
];

const CR4_BITS: readonly (readonly [number, string])[] = [
  [0, 'VME'],
  [1, 'PVI'],
  [2, 'TSD'],
  [3, 'DE'],
  [4, 'PSE'],
  [5, 'PAE'],
  [6, 'MCE'],
  [7, 'PGE'],
  [8, 'PCE'],
  [9, 'OSFXSR'],
  [10, 'OSXMMEXCPT'],
  [11, 'UMIP'],
  [12, 'LA57'],
  [13, 'VMXE'],
  [14, 'SMXE'],
  [16, 'FSGSBASE'],
  [17, 'PCIDE'],
  [18, 'OSXSAVE'],
  [20, 'SMEP'],
  [21, 'SMAP'],
  [22, 'PKE'],
  [23, 'CET'],
  [24, 'PKS'],
];

const DR6_BITS: readonly (readonly [number, string])[] = [
  [0, 'B0'],
  [1, 'B1'],
  [2, 'B2'],
  [3, 'B3'],
  [13, 'BD'],
  [14, 'BS'],
  [15, 'BT'],
];

const setNames = (value: bigint, bits: readonly (readonly [number, string])[]): string[] =>
  bits.filter(([bit]) => isBitSet(value, bit)).map(([, name]) => name);

const RW = ['exec', 'write', 'io', 'rw'] as const;
const LEN = ['1', '2', '8', '4'] as const;

/**
 * One line saying what a control or debug register holds: the set feature bits (cr0, cr4, dr6),
 * the page-table base and PCID (cr3), the enabled breakpoints with their kind and size (dr7).
 * Null for registers whose value is the whole story (cr2, cr8, dr0-dr3).
 */
export function describeRegister(name: string, value: bigint): string | null {
  switch (name) {
    case 'cr0':
      return setNames(value, CR0_BITS).join(' ') || 'no bits set';
    case 'cr4':
      return setNames(value, CR4_BITS).join(' ') || 'no bits set';
    case 'cr3':
      return `table ${(value & ~0xfffn).toString(16)} · pcid ${(value & 0xfffn).toString(16)}`;
    case 'dr6':
      return setNames(value, DR6_BITS).join(' ') || 'no condition';
    case 'dr7': {
      const parts: string[] = [];
      for (let n = 0; n < 4; n++) {
        const local = isBitSet(value, n * 2);
        const global = isBitSet(value, n * 2 + 1);
        if (!local && !global) continue;
        const rw = RW[Number((value >> BigInt(16 + n * 4)) & 3n)];
        const len = LEN[Number((value >> BigInt(18 + n * 4)) & 3n)];
        parts.push(`dr${n} ${local ? 'L' : ''}${global ? 'G' : ''} ${rw} ${len}B`);
      }
      return parts.join(' · ') || 'no breakpoint enabled';
    }
    default:
      return null;
  }
}
