/**
 * HyperDbg's script floats: f32 / f64 values carried as raw IEEE bits in a symbol's Value, with
 * the symbol's Len giving the kind (1 = f32, 2 = f64). The engine's soft-float code rounds to
 * nearest-even once, refuses NaN / infinity operands, and fails (script error) on overflow and
 * on division by zero. Native double arithmetic is correctly rounded too, and f32 results
 * computed through f64 and rounded once more are exact for + - * / (53 >= 2*24 + 2), so these
 * helpers only add HyperDbg's refusals around it.
 */
import { compare } from './compare';

export const VALUE_KIND_INTEGER = 0;
export const VALUE_KIND_F32 = 1;
export const VALUE_KIND_F64 = 2;

const scratch = new DataView(new ArrayBuffer(8));

/** The number encoded by `bits` of `kind`, or undefined for NaN / infinity (HyperDbg refuses them). */
export function decodeFloat(kind: number, bits: bigint): number | undefined {
  let value: number;
  if (kind === VALUE_KIND_F32) {
    scratch.setUint32(0, Number(bits & 0xffff_ffffn));
    value = scratch.getFloat32(0);
  } else if (kind === VALUE_KIND_F64) {
    scratch.setBigUint64(0, BigInt.asUintN(64, bits));
    value = scratch.getFloat64(0);
  } else {
    return undefined;
  }
  return Number.isFinite(value) ? value : undefined;
}

/** Raw bits of `value` rounded to `kind`, or undefined when it overflows (HyperDbg's pack fails). */
export function encodeFloat(kind: number, value: number): bigint | undefined {
  if (kind === VALUE_KIND_F32) {
    const rounded = Math.fround(value);
    if (!Number.isFinite(rounded)) return undefined;
    scratch.setFloat32(0, rounded);
    return BigInt(scratch.getUint32(0));
  }
  if (kind === VALUE_KIND_F64) {
    if (!Number.isFinite(value)) return undefined;
    scratch.setFloat64(0, value);
    return scratch.getBigUint64(0);
  }
  return undefined;
}

export type FloatBinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'gt' | 'lt' | 'ge' | 'le' | 'eq' | 'ne';

/**
 * `left op right`; arithmetic yields bits of `resultKind`, comparisons yield 0n / 1n. Undefined
 * means the engine reports an error (bad operand, overflow, division by zero).
 */
export function floatBinary(
  op: FloatBinaryOp,
  leftKind: number,
  leftBits: bigint,
  rightKind: number,
  rightBits: bigint,
  resultKind: number,
): bigint | undefined {
  const left = decodeFloat(leftKind, leftBits);
  const right = decodeFloat(rightKind, rightBits);
  if (left === undefined || right === undefined) return undefined;
  switch (op) {
    case 'add':
      return encodeFloat(resultKind, left + right);
    case 'sub':
      return encodeFloat(resultKind, left - right);
    case 'mul':
      return encodeFloat(resultKind, left * right);
    case 'div':
      return right === 0 ? undefined : encodeFloat(resultKind, left / right);
    default:
      return compare(op, left, right);
  }
}

/** Integer (already normalised to its type, `signed` per that type) to float bits, one rounding. */
export function integerToFloat(value: bigint, signed: boolean, kind: number): bigint | undefined {
  const integer = signed ? BigInt.asIntN(64, value) : BigInt.asUintN(64, value);
  const negative = integer < 0n;
  const magnitude = negative ? -integer : integer;
  const precision = kind === VALUE_KIND_F32 ? 24 : 53;
  const rounded = roundToPrecision(magnitude, precision);
  return encodeFloat(kind, negative ? -Number(rounded) : Number(rounded));
}

/** Rounds a non-negative integer to `precision` significant bits, ties to even. */
function roundToPrecision(magnitude: bigint, precision: number): bigint {
  const bits = magnitude.toString(2).length;
  if (magnitude === 0n || bits <= precision) return magnitude;
  const drop = BigInt(bits - precision);
  const kept = magnitude >> drop;
  const remainder = magnitude - (kept << drop);
  const half = 1n << (drop - 1n);
  const roundUp = remainder > half || (remainder === half && (kept & 1n) === 1n);
  return (roundUp ? kept + 1n : kept) << drop;
}

/**
 * Float bits to an integer of `width` bits, truncating toward zero. Undefined when the value
 * does not fit the destination (HyperDbg fails the cast).
 */
export function floatToInteger(
  kind: number,
  bits: bigint,
  signed: boolean,
  width: number,
): bigint | undefined {
  const value = decodeFloat(kind, bits);
  if (value === undefined) return undefined;
  const truncated = BigInt(Math.trunc(value));
  const magnitude = truncated < 0n ? -truncated : truncated;
  if (magnitude >= 1n << 64n) return undefined;
  if (signed) {
    const maximum = (1n << BigInt(width - 1)) - 1n;
    if (truncated > maximum || truncated < -maximum - 1n) return undefined;
  } else if (value < 0 && truncated !== 0n) {
    return undefined;
  } else if (truncated > (1n << BigInt(width)) - 1n) {
    return undefined;
  }
  return BigInt.asUintN(64, truncated);
}

/**
 * printf's `%f`: the exact value times 10^6 rounded half-even, printed with six decimals; a set
 * sign bit prints '-' even for zero. Undefined for NaN / infinity (printf then fails).
 */
export function formatFixedFloat(kind: number, bits: bigint): string | undefined {
  let negative: boolean;
  let significand: bigint;
  let exponent: number;
  if (kind === VALUE_KIND_F32) {
    const raw = Number(bits & 0xffff_ffffn);
    const biased = (raw >>> 23) & 0xff;
    if (biased === 0xff) return undefined;
    negative = raw >>> 31 === 1;
    significand = BigInt(raw & 0x7fffff) | (biased ? 1n << 23n : 0n);
    exponent = biased ? biased - 127 - 23 : -126 - 23;
  } else if (kind === VALUE_KIND_F64) {
    const raw = BigInt.asUintN(64, bits);
    const biased = Number((raw >> 52n) & 0x7ffn);
    if (biased === 0x7ff) return undefined;
    negative = raw >> 63n === 1n;
    significand = (raw & 0xf_ffff_ffff_ffffn) | (biased ? 1n << 52n : 0n);
    exponent = biased ? biased - 1023 - 52 : -1022 - 52;
  } else {
    return undefined;
  }
  let scaled = significand * 1_000_000n;
  if (exponent > 0) {
    scaled <<= BigInt(exponent);
  } else if (exponent < 0) {
    const shift = BigInt(-exponent);
    const kept = scaled >> shift;
    const remainder = scaled - (kept << shift);
    const half = 1n << (shift - 1n);
    scaled = remainder > half || (remainder === half && (kept & 1n) === 1n) ? kept + 1n : kept;
  }
  const digits = scaled.toString().padStart(7, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
