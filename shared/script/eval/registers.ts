/**
 * A guest register file with HyperDbg's script semantics (script-eval Regs.c, kernel build), for
 * hosts that keep full 64-bit registers: sub-registers read masked slices and writes replace
 * only their slice (`@eax = 1` keeps the upper half of rax, unlike x86), flag names read and
 * write single RFLAGS bits, segment registers hold 16-bit selectors. Ids are REGS_ENUM indexes.
 * One quirk is kept: writing `@iopl` sets bit 12 from bit 0 of the value and bit 13 from bit 4.
 */
import { GUEST_REGS_NAMES } from '../../protocol/structs';
import { REGISTER_NAMES } from '../generated/tables';

/** The storage behind the 120 script register names. */
export const REGISTER_FILE_FIELDS = [
  ...GUEST_REGS_NAMES,
  'ds',
  'es',
  'fs',
  'gs',
  'cs',
  'ss',
  'rflags',
  'rip',
  'idtr',
  'ldtr',
  'gdtr',
  'tr',
  'cr0',
  'cr2',
  'cr3',
  'cr4',
  'cr8',
  'dr0',
  'dr1',
  'dr2',
  'dr3',
  'dr6',
  'dr7',
] as const;
export type RegisterField = (typeof REGISTER_FILE_FIELDS)[number];

/** How a script register name maps onto a field: a bit slice (shift, width). */
interface Slice {
  field: RegisterField;
  shift: number;
  width: number;
}

const FLAG_BITS: Record<string, number> = {
  cf: 0,
  pf: 2,
  af: 4,
  zf: 6,
  sf: 7,
  tf: 8,
  if: 9,
  df: 10,
  of: 11,
  nt: 14,
  rf: 16,
  vm: 17,
  ac: 18,
  vif: 19,
  vip: 20,
  id: 21,
};

function sliceOf(name: string): Slice | undefined {
  const legacy = /^([abcd])([xhl]|)$/.exec(name);
  const families: Record<string, RegisterField> = { a: 'rax', b: 'rbx', c: 'rcx', d: 'rdx' };
  if (/^r[abcd]x$/.test(name)) return { field: name as RegisterField, shift: 0, width: 64 };
  if (/^e[abcd]x$/.test(name)) return { field: families[name[1]!]!, shift: 0, width: 32 };
  if (legacy && legacy[2]) {
    const field = families[legacy[1]!]!;
    return legacy[2] === 'x'
      ? { field, shift: 0, width: 16 }
      : legacy[2] === 'h'
        ? { field, shift: 8, width: 8 }
        : { field, shift: 0, width: 8 };
  }
  const pointer = /^(r|e|)(sp|bp|si|di)(l?)$/.exec(name);
  if (pointer) {
    const field = `r${pointer[2]}` as RegisterField;
    if (pointer[3]) return pointer[1] === '' ? { field, shift: 0, width: 8 } : undefined;
    return { field, shift: 0, width: pointer[1] === 'r' ? 64 : pointer[1] === 'e' ? 32 : 16 };
  }
  const numbered = /^(r\d+)([dwhl]?)$/.exec(name);
  if (numbered) {
    const field = numbered[1] as RegisterField;
    const suffix = numbered[2];
    if (suffix === 'd') return { field, shift: 0, width: 32 };
    if (suffix === 'w') return { field, shift: 0, width: 16 };
    if (suffix === 'h') return { field, shift: 8, width: 8 };
    if (suffix === 'l') return { field, shift: 0, width: 8 };
    return { field, shift: 0, width: 64 };
  }
  if (['ds', 'es', 'fs', 'gs', 'cs', 'ss'].includes(name))
    return { field: name as RegisterField, shift: 0, width: 16 };
  if (name === 'rflags' || name === 'rip') return { field: name, shift: 0, width: 64 };
  if (name === 'eflags') return { field: 'rflags', shift: 0, width: 32 };
  if (name === 'flags') return { field: 'rflags', shift: 0, width: 16 };
  if (name === 'eip') return { field: 'rip', shift: 0, width: 32 };
  if (name === 'ip') return { field: 'rip', shift: 0, width: 16 };
  if (name === 'iopl') return { field: 'rflags', shift: 12, width: 2 };
  if (FLAG_BITS[name] !== undefined) return { field: 'rflags', shift: FLAG_BITS[name]!, width: 1 };
  if ((REGISTER_FILE_FIELDS as readonly string[]).includes(name))
    return { field: name as RegisterField, shift: 0, width: 64 };
  return undefined;
}

const SLICES: (Slice | undefined)[] = REGISTER_NAMES.map(sliceOf);
const INVALID = 0x8000_0000n;

export class RegisterFile {
  readonly fields = new Map<RegisterField, bigint>(REGISTER_FILE_FIELDS.map((f) => [f, 0n]));

  constructor(initial: Partial<Record<RegisterField, bigint>> = {}) {
    for (const [field, value] of Object.entries(initial)) this.set(field as RegisterField, value);
  }

  get(field: RegisterField): bigint {
    return this.fields.get(field) ?? 0n;
  }

  set(field: RegisterField, value: bigint): void {
    this.fields.set(field, BigInt.asUintN(64, value));
  }

  /** GetRegValue: an unknown id reads INVALID (0x80000000). */
  readRegister(id: number): bigint {
    const slice = SLICES[id];
    if (!slice) return INVALID;
    const mask = (1n << BigInt(slice.width)) - 1n;
    const value = (this.get(slice.field) >> BigInt(slice.shift)) & mask;
    return slice.width === 1 ? (value !== 0n ? 1n : 0n) : value;
  }

  /** SetRegValue: returns false for an unknown id (nothing changes). */
  writeRegister(id: number, value: bigint): boolean {
    const slice = SLICES[id];
    if (!slice) return false;
    if (REGISTER_NAMES[id] === 'iopl') {
      let flags = this.get('rflags');
      flags = value & 1n ? flags | (1n << 12n) : flags & ~(1n << 12n);
      flags = (value >> 4n) & 1n ? flags | (1n << 13n) : flags & ~(1n << 13n);
      this.set('rflags', flags);
      return true;
    }
    const mask = ((1n << BigInt(slice.width)) - 1n) << BigInt(slice.shift);
    const bits =
      slice.width === 1 ? (value & 1n) << BigInt(slice.shift) : (value << BigInt(slice.shift)) & mask;
    this.set(slice.field, (this.get(slice.field) & ~mask) | bits);
    return true;
  }
}
