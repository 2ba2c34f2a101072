import { REGS_ENUM } from '../../shared/protocol/generated/enums';
import { PayloadReader, PayloadWriter } from './bytes';
import type { RegisterSnapshot } from './link';
import { STATUS_SUCCESS } from './packets';

/** REGS_ENUM names as HyperDbg's `r` spells them ("rax", "r8d", "rflags", ...) → register id. */
export const REGISTER_IDS: ReadonlyMap<string, number> = new Map(
  Object.entries(REGS_ENUM).map(([key, id]) => [key.replace(/^REGISTER_/, '').toLowerCase(), id]),
);

export const REGISTER_NAMES: ReadonlyMap<number, string> = new Map(
  [...REGISTER_IDS.entries()].map(([name, id]) => [id, name]),
);

/** RegisterId 0xFFFFFFFF = read all (protocol reference A.9). */
export const ALL_REGISTERS = 0xffffffff;

export function encodeReadRegister(registerId: number): Uint8Array {
  return new PayloadWriter(24).u32(0, registerId).bytes;
}

export function encodeReadAllRegisters(): Uint8Array {
  return encodeReadRegister(ALL_REGISTERS);
}

/** Value and status of a single-register response (a56, 24 bytes). */
export function decodeRegisterResponse(payload: Uint8Array): { value: bigint; status: number } {
  const r = new PayloadReader(payload);
  return { value: r.u64(8), status: r.u32(16) };
}

const GUEST_REGS_ORDER = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
];

/**
 * The "all registers" response: descriptor (24) + GUEST_REGS (128) + GUEST_EXTRA_REGISTERS (32).
 * Returns undefined when the debuggee reported an error.
 */
export function decodeAllRegisters(payload: Uint8Array): RegisterSnapshot | undefined {
  const r = new PayloadReader(payload);
  if (r.u32(16) !== STATUS_SUCCESS) return undefined;
  const values: Record<string, bigint> = {};
  GUEST_REGS_ORDER.forEach((name, index) => {
    values[name] = r.u64(24 + index * 8);
  });
  const extra = 24 + 128;
  values.cs = BigInt(r.u16(extra));
  values.ds = BigInt(r.u16(extra + 2));
  values.fs = BigInt(r.u16(extra + 4));
  values.gs = BigInt(r.u16(extra + 6));
  values.es = BigInt(r.u16(extra + 8));
  values.ss = BigInt(r.u16(extra + 10));
  values.rflags = r.u64(extra + 16);
  values.rip = r.u64(extra + 24);
  return { values };
}

const q = (value: bigint | undefined): string => (value ?? 0n).toString(16).padStart(16, '0');
const w = (value: bigint | undefined): string => (value ?? 0n).toString(16).padStart(4, '0');

/** HyperDbg's `r` (all registers) text. */
export function formatAllRegisters(snapshot: RegisterSnapshot): string {
  const v = snapshot.values;
  const rflags = v.rflags ?? 0n;
  const bit = (n: number): number => Number((rflags >> BigInt(n)) & 1n);
  const iopl = Number((rflags >> 12n) & 3n);
  return (
    `RAX=${q(v.rax)} RBX=${q(v.rbx)} RCX=${q(v.rcx)}\n` +
    `RDX=${q(v.rdx)} RSI=${q(v.rsi)} RDI=${q(v.rdi)}\n` +
    `RIP=${q(v.rip)} RSP=${q(v.rsp)} RBP=${q(v.rbp)}\n` +
    `R8 =${q(v.r8)} R9 =${q(v.r9)} R10=${q(v.r10)}\n` +
    `R11=${q(v.r11)} R12=${q(v.r12)} R13=${q(v.r13)}\n` +
    `R14=${q(v.r14)} R15=${q(v.r15)} IOPL=${iopl.toString(16).padStart(2, '0')}\n` +
    `OF ${bit(11)}  DF ${bit(10)}  IF ${bit(9)}  SF  ${bit(7)}\n` +
    `ZF ${bit(6)}  PF ${bit(2)}  CF ${bit(0)}  AXF ${bit(4)}\n` +
    `CS ${w(v.cs)} SS ${w(v.ss)} DS ${w(v.ds)} ES ${w(v.es)} FS ${w(v.fs)} GS ${w(v.gs)}\n` +
    `RFLAGS=${q(rflags)}\n`
  );
}
