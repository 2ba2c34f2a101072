/**
 * Integer operators against a direct model of the C they come from: UINT64 arithmetic for the
 * untyped opcodes (signed comparisons, x86 shift counts modulo 64), and C integer types for the
 * *_TYPED opcodes (results truncated then sign-extended, undefined cases refused).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScalarType, ScriptFunc as F, SymbolType as S } from '../generated/tables';
import type { ScriptSymbol } from '../wire';
import { createMemoryHost, evaluateScript } from './index';

const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.constantFrom(0n, 1n, 63n, 64n, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, (1n << 64n) - 1n),
);
const wrap = (x: bigint) => BigInt.asUintN(64, x);
const signed = (x: bigint) => BigInt.asIntN(64, x);

const symbol = (type: number, value: bigint, len = 0): ScriptSymbol => ({ type, len, value });
const op = (func: number) => symbol(S.SYMBOL_SEMANTIC_RULE_TYPE, BigInt(func));
const num = (value: bigint) => symbol(S.SYMBOL_NUM_TYPE, wrap(value));
const temp = (index: number) => symbol(S.SYMBOL_TEMP_TYPE, BigInt(index));

function evaluate(code: ScriptSymbol[]): bigint | undefined {
  const result = evaluateScript([...code, op(F.FUNC_TEST_STATEMENT), temp(0)], createMemoryHost());
  return result.ok ? result.testStatementValue : undefined;
}

const UNTYPED: [number, (l: bigint, r: bigint) => bigint | undefined][] = [
  [F.FUNC_ADD, (l, r) => wrap(l + r)],
  [F.FUNC_SUB, (l, r) => wrap(l - r)],
  [F.FUNC_MUL, (l, r) => wrap(l * r)],
  [F.FUNC_DIV, (l, r) => (r === 0n ? undefined : l / r)],
  [F.FUNC_MOD, (l, r) => (r === 0n ? undefined : l % r)],
  [F.FUNC_AND, (l, r) => l & r],
  [F.FUNC_OR, (l, r) => l | r],
  [F.FUNC_XOR, (l, r) => l ^ r],
  [F.FUNC_ASL, (l, r) => wrap(l << (r % 64n))],
  [F.FUNC_ASR, (l, r) => l >> (r % 64n)],
  [F.FUNC_GT, (l, r) => (signed(l) > signed(r) ? 1n : 0n)],
  [F.FUNC_LT, (l, r) => (signed(l) < signed(r) ? 1n : 0n)],
  [F.FUNC_EGT, (l, r) => (signed(l) >= signed(r) ? 1n : 0n)],
  [F.FUNC_ELT, (l, r) => (signed(l) <= signed(r) ? 1n : 0n)],
  [F.FUNC_EQUAL, (l, r) => (l === r ? 1n : 0n)],
  [F.FUNC_NEQ, (l, r) => (l !== r ? 1n : 0n)],
];

/** C integer types: [id, bits, signed]. */
const TYPES: [number, number, boolean][] = [
  [ScalarType.SCRIPT_SCALAR_TYPE_I8, 8, true],
  [ScalarType.SCRIPT_SCALAR_TYPE_I16, 16, true],
  [ScalarType.SCRIPT_SCALAR_TYPE_I32, 32, true],
  [ScalarType.SCRIPT_SCALAR_TYPE_I64, 64, true],
  [ScalarType.SCRIPT_SCALAR_TYPE_U8, 8, false],
  [ScalarType.SCRIPT_SCALAR_TYPE_U16, 16, false],
  [ScalarType.SCRIPT_SCALAR_TYPE_U32, 32, false],
  [ScalarType.SCRIPT_SCALAR_TYPE_U64, 64, false],
];

function typedModel(func: number, l: bigint, r: bigint, bits: number, isSigned: boolean): bigint | undefined {
  const norm = (x: bigint) => (isSigned ? BigInt.asIntN(bits, x) : BigInt.asUintN(bits, x));
  const a = norm(l);
  const b = norm(r);
  const out = (x: bigint) => wrap(norm(x));
  switch (func) {
    case F.FUNC_ADD_TYPED:
      return out(a + b);
    case F.FUNC_SUB_TYPED:
      return out(a - b);
    case F.FUNC_MUL_TYPED:
      return out(a * b);
    case F.FUNC_DIV_TYPED:
    case F.FUNC_MOD_TYPED:
      if (b === 0n || (isSigned && a === -(1n << BigInt(bits - 1)) && b === -1n)) return undefined;
      return out(func === F.FUNC_DIV_TYPED ? a / b : a % b);
    case F.FUNC_SHIFT_LEFT_TYPED:
      return wrap(b) >= BigInt(bits) ? undefined : out(a << b);
    case F.FUNC_SHIFT_RIGHT_TYPED:
      return wrap(b) >= BigInt(bits) ? undefined : out(a >> b);
    case F.FUNC_LT_TYPED:
      return a < b ? 1n : 0n;
    default:
      return a === b ? 1n : 0n;
  }
}

describe('integer operators match their C model', () => {
  it('untyped opcodes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNTYPED), u64, u64, ([func, model], left, right) => {
        expect(evaluate([op(func), num(right), num(left), temp(0)])).toBe(model(left, right));
      }),
      { numRuns: 600 },
    );
  });

  it('typed opcodes for every C integer type', () => {
    const funcs = [
      F.FUNC_ADD_TYPED,
      F.FUNC_SUB_TYPED,
      F.FUNC_MUL_TYPED,
      F.FUNC_DIV_TYPED,
      F.FUNC_MOD_TYPED,
      F.FUNC_SHIFT_LEFT_TYPED,
      F.FUNC_SHIFT_RIGHT_TYPED,
      F.FUNC_LT_TYPED,
      F.FUNC_EQUAL_TYPED,
    ];
    const small = fc.oneof(
      u64,
      fc.bigInt({ min: 0n, max: 70n }),
      fc.bigInt({ min: -70n, max: -1n }).map(wrap),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...funcs),
        fc.constantFrom(...TYPES),
        small,
        small,
        (func, [type, bits, isSigned], l, r) => {
          const got = evaluate([op(func), num(r), num(l), temp(0), num(BigInt(type))]);
          expect(got).toBe(typedModel(func, l, r, bits, isSigned));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
