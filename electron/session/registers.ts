import {
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  decodeReadRegistersResponse,
  REGISTER_ID_ALL,
  REGS_ENUM,
} from '../../shared/protocol';
import type { RegisterSnapshot } from './link';
import { STATUS_SUCCESS } from './packets';

/** REGS_ENUM names as HyperDbg's `r` spells them ("rax", "r8d", "rflags", ...) → register id. */
export const REGISTER_IDS: ReadonlyMap<string, number> = new Map(
  Object.entries(REGS_ENUM).map(([key, id]) => [key.replace(/^REGISTER_/, '').toLowerCase(), id]),
);

/** RegisterId 0xFFFFFFFF = read all (protocol reference A.9). */
export const ALL_REGISTERS = REGISTER_ID_ALL;

export function encodeReadRegister(registerId: number): Uint8Array {
  return DEBUGGEE_REGISTER_READ_DESCRIPTION.encode({ RegisterId: registerId });
}

export function encodeReadAllRegisters(): Uint8Array {
  return encodeReadRegister(ALL_REGISTERS);
}

/** Value and status of a single-register response (a56). */
export function decodeRegisterResponse(payload: Uint8Array): { value: bigint; status: number } {
  const description = DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(payload);
  return { value: description.Value, status: description.KernelStatus };
}

/**
 * The "all registers" response: descriptor + GUEST_REGS + GUEST_EXTRA_REGISTERS, keyed by the
 * lower-case register names (`rax`, `cs`, `rflags`, `rip`). Returns undefined when the debuggee
 * reported an error.
 */
export function decodeAllRegisters(payload: Uint8Array): RegisterSnapshot | undefined {
  const { description, all } = decodeReadRegistersResponse(payload);
  if (description.KernelStatus !== STATUS_SUCCESS || !all) return undefined;
  const values: Record<string, bigint> = { ...all.regs };
  for (const [name, value] of Object.entries(all.extra)) values[name.toLowerCase()] = BigInt(value);
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
