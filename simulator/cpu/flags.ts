import { ConditionCode } from 'iced-x86';

/**
 * RFLAGS arithmetic as the Intel SDM defines it for the integer instructions the simulator
 * executes: the six status flags of add/sub/logic/inc/dec/neg/shifts, and the condition codes
 * jcc, setcc and cmovcc test.
 */

export const CF = 1n << 0n;
export const PF = 1n << 2n;
export const AF = 1n << 4n;
export const ZF = 1n << 6n;
export const SF = 1n << 7n;
/** @public (the complete RFLAGS bit set; stepping code reads it) */
export const TF = 1n << 8n;
export const IF = 1n << 9n;
/** @public */
export const DF = 1n << 10n;
export const OF = 1n << 11n;
/** bit 1 always reads as one */
export const RESERVED_ONE = 1n << 1n;
export const STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;

export const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const signBit = (bits: number): bigint => 1n << BigInt(bits - 1);

function parity(value: bigint): bigint {
  let byte = Number(value & 0xffn);
  byte ^= byte >> 4;
  byte ^= byte >> 2;
  byte ^= byte >> 1;
  return (byte & 1) === 0 ? PF : 0n;
}

/** ZF, SF and PF of a result of `bits` width. */
function resultFlags(result: bigint, bits: number): bigint {
  let flags = parity(result);
  if (result === 0n) flags |= ZF;
  if (result & signBit(bits)) flags |= SF;
  return flags;
}

export interface FlagResult {
  result: bigint;
  /** the status flags (CF/PF/AF/ZF/SF/OF) the instruction defines */
  flags: bigint;
}

/** `a + b + carry` of `bits` width (add, adc, inc without its CF rule). */
export function addWithFlags(a: bigint, b: bigint, bits: number, carryIn = 0n): FlagResult {
  const m = mask(bits);
  const full = (a & m) + (b & m) + carryIn;
  const result = full & m;
  let flags = resultFlags(result, bits);
  if (full > m) flags |= CF;
  if (((a ^ b ^ result) & 0x10n) !== 0n) flags |= AF;
  if ((~(a ^ b) & (a ^ result) & signBit(bits)) !== 0n) flags |= OF;
  return { result, flags };
}

/** `a - b - borrow` of `bits` width (sub, sbb, cmp, dec without its CF rule, neg as 0 - b). */
export function subWithFlags(a: bigint, b: bigint, bits: number, borrowIn = 0n): FlagResult {
  const m = mask(bits);
  const result = ((a & m) - (b & m) - borrowIn) & m;
  let flags = resultFlags(result, bits);
  if ((a & m) < (b & m) + borrowIn) flags |= CF;
  if (((a ^ b ^ result) & 0x10n) !== 0n) flags |= AF;
  if (((a ^ b) & (a ^ result) & signBit(bits)) !== 0n) flags |= OF;
  return { result, flags };
}

/** and/or/xor/test: CF and OF cleared, AF undefined (left clear as current CPUs do). */
export function logicFlags(result: bigint, bits: number): FlagResult {
  const r = result & mask(bits);
  return { result: r, flags: resultFlags(r, bits) };
}

/** shl/shr/sar by a masked count of at least one (a zero count changes no flag). */
export function shiftWithFlags(
  kind: 'shl' | 'shr' | 'sar',
  value: bigint,
  count: number,
  bits: number,
): FlagResult {
  const m = mask(bits);
  const v = value & m;
  const n = BigInt(count);
  let result: bigint;
  let carry: bigint;
  if (kind === 'shl') {
    result = (v << n) & m;
    carry = (v >> (BigInt(bits) - n)) & 1n;
  } else if (kind === 'shr') {
    result = v >> n;
    carry = (v >> (n - 1n)) & 1n;
  } else {
    const signed = v & signBit(bits) ? v - (1n << BigInt(bits)) : v;
    result = (signed >> n) & m;
    carry = (signed >> (n - 1n)) & 1n;
  }
  let flags = resultFlags(result, bits);
  if (carry) flags |= CF;
  // OF is defined for one-bit shifts only; the SDM's rule is used for every count
  const overflow =
    kind === 'shl'
      ? ((result & signBit(bits)) !== 0n) !== (carry === 1n)
      : kind === 'shr'
        ? (v & signBit(bits)) !== 0n
        : false;
  if (overflow) flags |= OF;
  return { result, flags };
}

/** Replaces the status flags in `rflags` by `flags`, keeping the ones listed in `keep`. */
export function mergeStatusFlags(rflags: bigint, flags: bigint, keep = 0n): bigint {
  const replaced = STATUS_FLAGS & ~keep;
  return (rflags & ~replaced) | (flags & replaced);
}

/** Whether the condition of a jcc/setcc/cmovcc holds. */
export function conditionHolds(condition: ConditionCode, rflags: bigint): boolean {
  const cf = (rflags & CF) !== 0n;
  const zf = (rflags & ZF) !== 0n;
  const sf = (rflags & SF) !== 0n;
  const of = (rflags & OF) !== 0n;
  const pf = (rflags & PF) !== 0n;
  switch (condition) {
    case ConditionCode.o:
      return of;
    case ConditionCode.no:
      return !of;
    case ConditionCode.b:
      return cf;
    case ConditionCode.ae:
      return !cf;
    case ConditionCode.e:
      return zf;
    case ConditionCode.ne:
      return !zf;
    case ConditionCode.be:
      return cf || zf;
    case ConditionCode.a:
      return !cf && !zf;
    case ConditionCode.s:
      return sf;
    case ConditionCode.ns:
      return !sf;
    case ConditionCode.p:
      return pf;
    case ConditionCode.np:
      return !pf;
    case ConditionCode.l:
      return sf !== of;
    case ConditionCode.ge:
      return sf === of;
    case ConditionCode.le:
      return zf || sf !== of;
    case ConditionCode.g:
      return !zf && sf === of;
    default:
      return true;
  }
}
