/**
 * The typed (C-like) integer operations HyperDbg v0.23 added for declared scalar types: values
 * are kept in 64 bits, normalised to their type (truncated, then sign-extended for signed types;
 * bool becomes 0/1), and the operations refuse what C leaves undefined (division by zero,
 * INT_MIN / -1, shifts by the width or more), which makes the script stop with an error.
 */
import { ScalarType } from '../generated/tables';
import { compare, isComparison } from './compare';
import {
  VALUE_KIND_F32,
  VALUE_KIND_F64,
  encodeFloat,
  decodeFloat,
  floatToInteger,
  integerToFloat,
} from './floats';

const T = ScalarType;
const BOOL = BigInt(T.SCRIPT_SCALAR_TYPE_BOOL);
const I8 = BigInt(T.SCRIPT_SCALAR_TYPE_I8);
const I64 = BigInt(T.SCRIPT_SCALAR_TYPE_I64);
const U64 = BigInt(T.SCRIPT_SCALAR_TYPE_U64);
const F32 = BigInt(T.SCRIPT_SCALAR_TYPE_F32);
const F64 = BigInt(T.SCRIPT_SCALAR_TYPE_F64);
const POINTER = BigInt(T.SCRIPT_SCALAR_TYPE_POINTER);

export function isIntegerType(type: bigint): boolean {
  return type >= BOOL && type <= U64;
}

export function isFloatType(type: bigint): boolean {
  return type === F32 || type === F64;
}

export function isSignedType(type: bigint): boolean {
  return type >= I8 && type <= I64;
}

/** Bit width by SCRIPT_SCALAR_TYPE_* id (bool, i8..i64, u8..u64, f32, f64, pointer; f80 and invalid 0). */
const WIDTH_BY_TYPE = [0, 8, 8, 16, 32, 64, 8, 16, 32, 64, 32, 64, 64, 0];
const LAST_TYPE = BigInt(WIDTH_BY_TYPE.length - 1);

export function typeWidth(type: bigint): number {
  return type > LAST_TYPE ? 0 : WIDTH_BY_TYPE[Number(type)]!;
}

export function normalizeInteger(value: bigint, type: bigint): bigint {
  if (type === BOOL) return value !== 0n ? 1n : 0n;
  const width = typeWidth(type);
  if (width === 64) return BigInt.asUintN(64, value);
  if (width === 0) return 0n; // the engine's mask for an unknown type is empty
  return isSignedType(type) ? BigInt.asUintN(64, BigInt.asIntN(width, value)) : BigInt.asUintN(width, value);
}

function floatKindOf(type: bigint): number {
  return type === F32 ? VALUE_KIND_F32 : VALUE_KIND_F64;
}

/** FUNC_CAST_SCALAR's conversion; undefined = the engine fails the cast. */
export function castScalar(value: bigint, from: bigint, to: bigint): bigint | undefined {
  const fromInteger = isIntegerType(from) || from === POINTER;
  const toInteger = isIntegerType(to) || to === POINTER;
  if (fromInteger && toInteger) return to === POINTER ? value : normalizeInteger(value, to);
  if (isFloatType(from) && isFloatType(to)) {
    const decoded = decodeFloat(floatKindOf(from), value);
    return decoded === undefined ? undefined : encodeFloat(floatKindOf(to), decoded);
  }
  if (isIntegerType(from) && isFloatType(to)) {
    return integerToFloat(normalizeInteger(value, from), isSignedType(from), floatKindOf(to));
  }
  if (isFloatType(from) && isIntegerType(to)) {
    if (to === BOOL) {
      // Bool is an 8-bit unsigned destination for the range check, then normalised to 0/1.
      const raw = floatToInteger(floatKindOf(from), value, false, 8);
      return raw === undefined ? undefined : normalizeInteger(raw, to);
    }
    const raw = floatToInteger(floatKindOf(from), value, isSignedType(to), typeWidth(to));
    return raw === undefined ? undefined : normalizeInteger(raw, to);
  }
  return undefined;
}

export type TypedBinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'mod'
  | 'and'
  | 'or'
  | 'xor'
  | 'shl'
  | 'shr'
  | 'gt'
  | 'lt'
  | 'ge'
  | 'le'
  | 'eq'
  | 'ne';

/** `left op right` in `type` (operands are unsigned 64-bit values); undefined = the engine reports an error. */
export function typedBinary(
  op: TypedBinaryOp,
  left: bigint,
  right: bigint,
  type: bigint,
): bigint | undefined {
  if (type === POINTER) return isComparison(op) ? compare(op, left, right) : undefined;
  if (!isIntegerType(type)) return undefined;
  const width = typeWidth(type);
  const signed = isSignedType(type);
  // Operands arrive as canonical unsigned 64-bit values, already normalised for 64-bit types.
  const l = width === 64 ? left : normalizeInteger(left, type);
  const r = width === 64 ? right : normalizeInteger(right, type);
  // Signed views are only needed by signed division, shifts and comparisons.
  const ls = signed ? BigInt.asIntN(64, l) : l;
  const rs = signed ? BigInt.asIntN(64, r) : r;
  let result: bigint;
  switch (op) {
    case 'add':
      result = l + r;
      break;
    case 'sub':
      result = l - r;
      break;
    case 'mul':
      result = l * r;
      break;
    case 'div':
    case 'mod': {
      if (r === 0n) return undefined;
      if (signed) {
        const minimum = normalizeInteger(1n << BigInt(width - 1), type);
        if (l === minimum && r === 0xffff_ffff_ffff_ffffn) return undefined;
        result = op === 'div' ? ls / rs : ls % rs;
      } else {
        result = op === 'div' ? l / r : l % r;
      }
      break;
    }
    case 'and':
      result = l & r;
      break;
    case 'or':
      result = l | r;
      break;
    case 'xor':
      result = l ^ r;
      break;
    case 'shl':
      if (r >= BigInt(width)) return undefined;
      result = l << r;
      break;
    case 'shr':
      if (r >= BigInt(width)) return undefined;
      result = signed ? ls >> r : l >> r;
      break;
    default:
      // Equality is the same in both views; order needs the signed one for signed types.
      return compare(op, ls, rs);
  }
  return normalizeInteger(result, type);
}
